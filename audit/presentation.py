"""The audit trail in the reader's words: a label per action code, the changes as field → before → after with the
fields' verbose names and the values' labels, and a link to the record only where the reader may see it.

Audit imports no domain app: a field's name and its choices come from the record's model (`target_type`), whether
the reader may see the record from that model's own scoped queryset (`visible_to(user)`) and its page from its
`get_absolute_url`. A model with either missing is never linked.
"""

from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist
from django.db.models import Value
from django.utils.formats import localize
from django.utils.text import capfirst
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

# Every action code the services write (grep "record(" in the apps), with what the actor did. A code not listed
# here (written by a newer service) is shown as it is.
ACTION_LABELS = {
    "nomination.created": _("created the draft"),
    "nomination.edited": _("edited the draft"),
    "nomination.submitted": _("submitted"),
    "nomination.returned": _("returned for revision"),
    "nomination.withdrawn": _("withdrew"),
    "nomination.locked": _("locked for curation"),
    "nomination.concluded": _("result published"),
    "nomination.reevaluation_started": _("started the re-evaluation of an earlier star"),
    "ikm.moved": _("moved the IKM to another regency/city"),
    "round.created": _("created the award round"),
    "round.edited": _("edited the award round"),
    "round.status": _("changed the round's status"),
    "round.reopened": _("reopened the round's curation"),
    "round.published": _("published the round's results"),
    "commodity.created": _("added a commodity type"),
    "commodity.edited": _("edited a commodity type"),
    "interest.registered": _("registered an IKM's interest"),
    "interest.accepted": _("accepted the interest"),
    "interest.declined": _("declined the interest"),
    "sample.recorded": _("recorded the product sample"),
    "samples.reminded": _("reminded the officers of missing samples"),
    "rubric.changed": _("changed the rubric"),
    "sheet.submitted": _("submitted a score sheet"),
    "sheet.conflict": _("declared a conflict of interest"),
    "shortlist.changed": _("changed the shortlist"),
    "shortlist.forwarded": _("forwarded the shortlist to the ministry"),
    "shortlist.reopened": _("reopened the shortlist"),
    "assessor.assigned": _("assigned a national assessor"),
    "assessor.unassigned": _("removed a national assessor"),
    "panel.named": _("named a Go Global panel member"),
    "panel.removed": _("removed a Go Global panel member"),
    "requirements.changed": _("changed the requirements"),
    "selection.checked": _("recorded the administrative selection"),
    "award_levels.seeded": _("set up the award levels"),
    "score_bands.seeded": _("set up the score bands"),
    "score_bands.changed": _("changed the score bands"),
    "award.decided": _("decided the award"),
    "cohort.promoted": _("promoted to the Go Global cohort"),
    "cohort.updated": _("updated the Go Global cohort membership"),
    "go_global.closed": _("closed the Go Global selection"),
    "outbox.edited": _("edited an e-mail before sending"),
    "user.created": _("created a user account"),
    "user.changed": _("changed a user account"),
    "user.password_set": _("set a user's password"),
}

# Keys of the audit snapshots that are not fields of the record's model.
KEY_LABELS = {
    "assessor": _("assessor"),
    "body": _("text"),
    "certifications": _("certifications"),
    "commodities": _("commodity types"),
    "commodity": _("commodity type"),
    "criteria": _("criteria"),
    "exhibitions": _("exhibitions"),
    "failed": _("requirements not met"),
    "files": _("files"),
    "level": _("award level"),
    "levels": _("award levels"),
    "missing_reevaluation": _("rule for a missing re-evaluation"),
    "nomination": _("nomination"),
    "nominations": _("nominations"),
    "not_selected": _("not selected"),
    "officers": _("officers"),
    "passed": _("passed"),
    "passed_over": _("passed over"),
    "reevaluates": _("re-evaluates nomination"),
    "regencies": _("regencies/cities"),
    "requirements": _("requirements"),
    "stage": _("stage"),
    "subject": _("subject"),
    "total": _("total score"),
    "value": _("value"),
}
EMPTY = "—"


def action_label(code):
    """What the actor did, in the reader's language; an unknown code as it is."""
    return ACTION_LABELS.get(code, code)


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Event:
    """One audit record ready for the page: `url` only where the reader may open the record."""

    record: object
    label: str
    record_name: str
    url: str | None
    changes: list


def events(records, user):
    """The audit records (with `target_type` selected) as `Event`s for this reader, with one query for the links."""
    records = list(records)
    openable = _openable(records, user)
    return [
        Event(
            record=event,
            label=action_label(event.action),
            record_name=_record_name(event),
            url=openable.get((event.target_type_id, event.target_id)),
            changes=changes(event),
        )
        for event in records
    ]


def changes(event):
    """The record's before/after as [Change(field, before, after)], keys in the order they were written."""
    before, after = _as_dict(event.before), _as_dict(event.after)
    model = event.target_type.model_class()
    keys = list(dict.fromkeys([*before, *after]))
    return [
        Change(
            field=field_label(model, key),
            before=value_label(model, key, before[key]) if key in before else EMPTY,
            after=value_label(model, key, after[key]) if key in after else EMPTY,
        )
        for key in keys
    ]


def field_label(model, key):
    field = _field(model, key)
    if field is not None and hasattr(field, "verbose_name"):
        return capfirst(field.verbose_name)
    return capfirst(KEY_LABELS.get(key, key.replace("_", " ")))


def value_label(model, key, value):
    """A stored value as a reader would say it: a choice's label, yes/no, lists joined, nested changes spelt out."""
    if value is None or value == "" or value == []:
        return EMPTY
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if isinstance(value, list):
        if all(isinstance(item, list) for item in value):  # rows, e.g. a rubric's [criterion, weight]
            return "; ".join(": ".join(value_label(None, key, part) for part in item) for item in value)
        return ", ".join(value_label(model, key, item) for item in value)
    if isinstance(value, dict):
        return "; ".join(f"{field_label(None, k)}: {value_label(None, k, v)}" for k, v in value.items())
    field = _field(model, key)
    choices = dict(field.flatchoices) if field is not None and getattr(field, "choices", None) else {}
    return str(choices.get(value, localize(value)))


def _field(model, key):
    if model is None:
        return None
    try:
        return model._meta.get_field(key)
    except FieldDoesNotExist:
        return None


def _as_dict(value):
    if value is None:
        return {}
    return value if isinstance(value, dict) else {"value": value}


def _record_name(event):
    model = event.target_type.model_class()
    kind = capfirst(model._meta.verbose_name) if model else event.target_type.model
    return f"{kind} #{event.target_id}"


def _openable(records, user):
    """{(content type id, object id): url} of the records this reader may open: those of a model with a scoped
    queryset and a page, found in that queryset. One query for every kind of record on the page together."""
    wanted = {}
    for event in records:
        wanted.setdefault(event.target_type, set()).add(event.target_id)
    found, models = None, {}
    for content_type, ids in wanted.items():
        model = content_type.model_class()
        visible_to = getattr(model and model._default_manager, "visible_to", None)
        if visible_to is None or not hasattr(model, "get_absolute_url"):
            continue
        models[content_type.pk] = model
        scoped = (
            visible_to(user)
            .filter(pk__in=[pk for pk in ids if pk.isdigit()])
            .order_by()
            .annotate(kind=Value(content_type.pk))
            .values_list("kind", "pk")
        )
        found = scoped if found is None else found.union(scoped, all=True)
    return {(kind, str(pk)): models[kind](pk=pk).get_absolute_url() for kind, pk in (found or [])}
