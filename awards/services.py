"""Decisions, publication of results and the Go Global cohort: the only code that changes them.

Each function checks actor and state, writes the audit record and queues e-mails, inside one transaction.
"""

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import record
from core.exceptions import WorkflowError
from core.text import has_text
from curation import selectors as curation_selectors
from curation import services as curation_services
from nominations import services as nomination_services
from nominations.models import AwardRound
from notifications.services import notify

from . import rules
from .models import DEFAULT_LEVELS, AwardLevel, CohortMembership, Decision


@transaction.atomic
def set_up_round(award_round, *, by, commodity_types=None):
    """Create or edit a round (the admin's form instance) with its commodity types, and give a round without them
    the default rubric and award levels, in one transaction. It lives here, in the top domain app, because it
    changes all three: nominations' round, curation's rubric, awards' levels (nominations imports neither)."""
    award_round = nomination_services.save_round(award_round, by=by, commodity_types=commodity_types)
    curation_services.seed_default_rubric(award_round, by=by)
    seed_default_levels(award_round, by=by)
    return award_round


@transaction.atomic
def seed_default_levels(award_round, *, by=None):
    """Give a round without award levels the usual Bintang 3/4/3 (audited)."""
    if award_round.award_levels.exists():
        return
    AwardLevel.objects.bulk_create(
        [AwardLevel(round=award_round, name_id=i, name_en=e, rank=r) for i, e, r in DEFAULT_LEVELS]
    )
    record(by, "award_levels.seeded", award_round, after={"levels": [i for i, _e, _r in DEFAULT_LEVELS]})


def forwarded_nominations(award_round):
    """The nominations the provinces forwarded to the ministry in this round."""
    return curation_selectors.forwarded(award_round)


@transaction.atomic
def decide(nomination, *, level, reason, by):
    award_round = AwardRound.objects.select_for_update().get(pk=nomination.round_id)
    rules.may_decide(by, award_round).enforce()
    # A reopened shortlist: its nomination's award may still be taken back (so the chair can change it).
    taking_back = level is None and Decision.objects.filter(nomination=nomination).exists()
    if not taking_back and not forwarded_nominations(award_round).filter(pk=nomination.pk).exists():
        raise WorkflowError(_("Only nominations forwarded by a provincial team can receive an award."))
    if level is not None and level.round_id != award_round.pk:
        raise WorkflowError(_("That award level belongs to another round."))
    if not has_text(reason):
        raise WorkflowError(_("Give the reason for the decision."))
    existing = Decision.objects.filter(nomination=nomination).select_related("level").first()
    before = {"level": str(existing.level) if existing and existing.level else None} if existing else None
    decision, _created = Decision.objects.update_or_create(
        nomination=nomination, defaults={"level": level, "reason": reason, "decided_by": by}
    )
    record(
        by, "award.decided", nomination, before=before, after={"level": level.name_id if level else None}, reason=reason
    )
    return decision


@transaction.atomic
def publish_results(award_round, *, by, now=None):
    """Publish every decision of the round in one step; the result e-mails wait in the outbox for review."""
    now = now or timezone.now()
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_publish(by, award_round, now).enforce()
    undecided = forwarded_nominations(award_round).filter(decision__isnull=True).count()
    if undecided:
        raise WorkflowError(_("%(count)s forwarded nominations have no decision yet.") % {"count": undecided})
    if not Decision.objects.filter(nomination__round=award_round).exists():
        raise WorkflowError(_("No decision has been recorded for this round."))
    award_round.results_published_at = now
    award_round.save(update_fields=["results_published_at"])
    record(
        by,
        "round.published",
        award_round,
        before={"results_published_at": None},
        after={"results_published_at": now.isoformat()},
    )
    decisions = {
        d.nomination_id: d for d in Decision.objects.filter(nomination__round=award_round).select_related("level")
    }
    forwarded = set(forwarded_nominations(award_round).values_list("pk", flat=True))
    awarded = {pk for pk, d in decisions.items() if d.is_awarded and pk in forwarded}
    for nomination in nomination_services.conclude_curated(award_round, awarded, by=by):
        decision = decisions.get(nomination.pk)
        notify(
            User.objects.officers_of(nomination.regency_id),
            "results_published",
            {"nomination": nomination, "level": decision.level if decision else None},
            link=reverse("nominations:detail", args=[nomination.pk]),
            outbox=True,
        )
    return award_round


@transaction.atomic
def promote(nomination, *, by):
    """Put an awarded IKM into its round's Go Global cohort, refusing past the cohort size."""
    nomination.round = AwardRound.objects.select_for_update().get(pk=nomination.round_id)
    rules.may_promote(by, nomination).enforce()
    members = CohortMembership.objects.filter(nomination__round=nomination.round).count()
    membership = CohortMembership.objects.create(nomination=nomination, promoted_by=by)
    record(by, "cohort.promoted", nomination, after={"cohort": str(nomination.round), "place": members + 1})
    notify(
        User.objects.officers_of(nomination.regency_id),
        "promoted",
        {"nomination": nomination},
        link=reverse("awards:cohort_detail", args=[membership.pk]),
    )
    return membership


@transaction.atomic
def update_programme(membership, form, *, by, exhibitions=None):
    """Save the admin's update of a participant's programme (the form, and the formset of exhibitions, both
    validated), audited field by field."""
    rules.may_update_programme(by).enforce()
    CohortMembership.objects.select_for_update().get(pk=membership.pk)
    before = {name: str(form.initial.get(name, "")) for name in form.changed_data}
    after = {name: str(form.cleaned_data.get(name)) for name in form.changed_data}
    form.save()
    if exhibitions is not None and exhibitions.has_changed():
        before["exhibitions"] = [str(e) for e in membership.exhibitions.all()]
        exhibitions.instance = membership
        exhibitions.save()
        after["exhibitions"] = [str(e) for e in membership.exhibitions.all()]
    if after:
        record(by, "cohort.updated", membership, before=before, after=after)
    return membership
