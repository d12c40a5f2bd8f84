"""State changes of award rounds and nominations: the only code that assigns `status`.

Each function checks the actor, the current state and the window, changes the state and writes the
audit record, all inside one transaction. A refused change raises WorkflowError with a message that
says why, for the view to show.
"""

from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from accounts.models import Regency, User
from audit.models import record
from core.exceptions import StaleEdit, WorkflowError
from core.text import has_text
from notifications.services import mail_address, notify

from .models import (
    AwardRound,
    Ikm,
    Interest,
    InterestStatus,
    Nomination,
    NominationStatus,
    ProductSample,
    RoundStatus,
    SampleStatus,
)
from .models.ikm import REGISTERED_ELSEWHERE
from .models.nomination import QUOTA_STATUSES


def _when(value):
    return formats.date_format(timezone.localtime(value), "DATETIME_FORMAT")


def _set_status(nomination, to_status, *, by, action, reason="", **fields):
    before = nomination.status
    nomination.status = to_status
    for name, value in fields.items():
        setattr(nomination, name, value)
    nomination.version = F("version") + 1
    nomination.save(update_fields=["status", "version", "updated_at", *fields])
    nomination.refresh_from_db(fields=["version"])
    record(by, action, nomination, before={"status": before}, after={"status": to_status}, reason=reason)


def _locked(nomination):
    return Nomination.objects.select_for_update().select_related("round", "regency").get(pk=nomination.pk)


def check_round_not_closed(award_round):
    """Refuse any change to a closed round: only a ministry admin's audited reopening (`reopen_round`) allows one."""
    if award_round.status == RoundStatus.CLOSED:
        raise WorkflowError(
            _(
                "%(round)s is closed: nothing in it can change any more. A ministry admin can reopen the round, "
                "with a reason, first."
            )
            % {"round": award_round}
        )


# Nominations ---------------------------------------------------------------------------------------


@transaction.atomic
def save_nomination(nomination, *, by, expected_version=None):
    """Save a draft (new or edited). Refuses a save based on an older version of the nomination."""
    is_new = nomination.pk is None
    check_round_not_closed(AwardRound.objects.get(pk=nomination.round_id))
    if not is_new:
        if not nomination.is_editable:
            raise WorkflowError(
                _("This nomination is %(status)s and can no longer be edited.")
                % {"status": nomination.get_status_display().lower()}
            )
        updated = Nomination.objects.filter(pk=nomination.pk, version=expected_version).update(version=F("version") + 1)
        if not updated:
            raise StaleEdit(
                _(
                    "Someone saved this nomination after you opened it. Your input is still on this page: "
                    "copy what you need, reload the page to see the latest version, and enter your changes again."
                )
            )
        nomination.version = expected_version + 1
    else:
        nomination.created_by = by
    nomination.ikm = _ikm_for(nomination)
    try:
        with transaction.atomic():
            nomination.save()
    except IntegrityError as error:
        raise WorkflowError(_("This IKM already has a nomination in this round.")) from error
    if is_new:
        record(by, "nomination.created", nomination, after={"status": nomination.status})
    return nomination


def _ikm_for(nomination):
    """The IKM record of the nomination's NIB, created on first sight. Refused when another regency holds the IKM
    (models/ikm.py says when), without saying which."""
    if not nomination.nib:
        return None
    ikm, created = Ikm.objects.select_for_update().get_or_create(
        nib=nomination.nib,
        defaults={"business_name": nomination.business_name or nomination.nib, "regency": nomination.regency},
    )
    if not ikm.may_be_nominated_by(nomination.regency_id):
        raise WorkflowError(str(REGISTERED_ELSEWHERE))
    # The record's name follows the regency that holds the IKM; a draft elsewhere must not rename it for them.
    if (
        not created
        and nomination.business_name
        and ikm.business_name != nomination.business_name
        and ikm.holder_id() == nomination.regency_id
    ):
        ikm.business_name = nomination.business_name
        ikm.save(update_fields=["business_name"])
    return ikm


@transaction.atomic
def move_ikm(ikm, regency, *, by, reason):
    """A ministry admin's audited move of an IKM to another regency/city, which then holds it (models/ikm.py)."""
    ikm = Ikm.objects.select_for_update().get(pk=ikm.pk)
    if not by.is_ministry_admin:
        raise WorkflowError(_("Only a ministry admin can move an IKM to another regency/city."))
    if not has_text(reason):
        raise WorkflowError(_("Give the reason for the move: it goes into the audit trail."))
    before = Regency.objects.filter(pk=ikm.holder_id()).first()
    ikm.regency = regency
    ikm.moved_at = timezone.now()
    ikm.save(update_fields=["regency", "moved_at"])
    record(
        by,
        "ikm.moved",
        ikm,
        before={"regency": str(before) if before else None},
        after={"regency": str(regency)},
        reason=reason,
    )
    return ikm


@transaction.atomic
def submit_nomination(nomination, *, by, now=None):
    now = now or timezone.now()
    nomination = _locked(nomination)
    award_round = AwardRound.objects.select_for_update().get(pk=nomination.round_id)
    if not (by.is_officer and by.regency_id == nomination.regency_id):
        raise WorkflowError(
            _("Only an officer of %(regency)s can submit this nomination.") % {"regency": nomination.regency}
        )
    if nomination.status not in (NominationStatus.DRAFT, NominationStatus.RETURNED):
        raise WorkflowError(
            _("This nomination is already %(status)s.") % {"status": nomination.get_status_display().lower()}
        )
    if not award_round.nomination_window_open(now):
        if award_round.status == RoundStatus.NOMINATION and now < award_round.nomination_opens:
            raise WorkflowError(
                _("Nominations for %(round)s open on %(when)s.")
                % {"round": award_round, "when": _when(award_round.nomination_opens)}
            )
        raise WorkflowError(
            _("The nomination window of %(round)s closed on %(when)s: nominations can no longer be submitted.")
            % {"round": award_round, "when": _when(award_round.nomination_closes)}
        )
    missing = nomination.missing_for_submit()
    if missing:
        raise WorkflowError(
            _("Not submitted yet: still missing %(fields)s. Your draft is saved.") % {"fields": ", ".join(missing)}
        )
    if nomination.status == NominationStatus.DRAFT:
        used = award_round.nominations.filter(regency_id=nomination.regency_id, status__in=QUOTA_STATUSES).count()
        if used >= award_round.regency_quota:
            raise WorkflowError(
                _(
                    "%(regency)s has already submitted %(used)s of its %(quota)s nominations in %(round)s. "
                    "Withdraw one to submit this one."
                )
                % {
                    "regency": nomination.regency,
                    "used": used,
                    "quota": award_round.regency_quota,
                    "round": award_round,
                }
            )
        to_status = NominationStatus.SUBMITTED
    else:
        to_status = NominationStatus.RESUBMITTED
    _set_status(nomination, to_status, by=by, action="nomination.submitted", submitted_at=now)
    recipients = [
        *User.objects.officers_of(nomination.regency_id),
        *User.objects.team_of(nomination.regency.province_id),
    ]
    notify(
        recipients,
        "nomination_submitted",
        {"nomination": nomination},
        link=reverse("nominations:detail", args=[nomination.pk]),
    )
    return nomination


@transaction.atomic
def withdraw_nomination(nomination, *, by, reason=""):
    nomination = _locked(nomination)
    if not (by.is_officer and by.regency_id == nomination.regency_id):
        raise WorkflowError(
            _("Only an officer of %(regency)s can withdraw this nomination.") % {"regency": nomination.regency}
        )
    if nomination.round.status not in (RoundStatus.DRAFT, RoundStatus.NOMINATION):
        raise WorkflowError(_("Curation has started: the nomination can no longer be withdrawn."))
    if nomination.status == NominationStatus.WITHDRAWN:
        raise WorkflowError(_("This nomination is already withdrawn."))
    _set_status(nomination, NominationStatus.WITHDRAWN, by=by, action="nomination.withdrawn", reason=reason)
    return nomination


@transaction.atomic
def return_for_revision(nomination, *, by, reason):
    nomination = _locked(nomination)
    if not (by.is_team_member and by.province_id == nomination.regency.province_id):
        raise WorkflowError(_("Only the selection team of the nomination's province can return it."))
    if not has_text(reason):
        raise WorkflowError(_("Say what must be revised: the officer sees this reason."))
    if nomination.status not in (NominationStatus.SUBMITTED, NominationStatus.RESUBMITTED):
        raise WorkflowError(
            _("Only a submitted nomination can be returned (this one is %(status)s).")
            % {"status": nomination.get_status_display().lower()}
        )
    if nomination.round.status != RoundStatus.NOMINATION:
        raise WorkflowError(_("Curation has started: nominations can no longer be returned for revision."))
    _set_status(
        nomination, NominationStatus.RETURNED, by=by, action="nomination.returned", reason=reason, return_reason=reason
    )
    notify(
        User.objects.officers_of(nomination.regency_id),
        "nomination_returned",
        {"nomination": nomination, "reason": reason},
        link=reverse("nominations:edit", args=[nomination.pk]),
    )
    return nomination


# Award rounds --------------------------------------------------------------------------------------


def _set_round_status(award_round, to_status, *, by, action="round.status", reason=""):
    before = award_round.status
    award_round.status = to_status
    award_round.save(update_fields=["status"])
    record(by, action, award_round, before={"status": before}, after={"status": to_status}, reason=reason)


@transaction.atomic
def open_round_for_nominations(award_round, *, by):
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if award_round.status != RoundStatus.DRAFT:
        raise WorkflowError(_("Only a draft round can be opened for nominations."))
    if not award_round.commodity_types.exists():
        raise WorkflowError(_("Choose the commodity types open in this round first."))
    other = AwardRound.objects.filter(status=RoundStatus.NOMINATION).exclude(pk=award_round.pk).first()
    if other:
        raise WorkflowError(
            _("%(other)s is still taking nominations: start its curation before opening another round.")
            % {"other": other}
        )
    try:
        with transaction.atomic():
            _set_round_status(award_round, RoundStatus.NOMINATION, by=by)
    except IntegrityError as error:
        raise WorkflowError(_("Another round is already taking nominations.")) from error
    return award_round


@transaction.atomic
def start_curation(award_round, *, by, now=None):
    """Close the nomination phase and lock every submitted nomination for the selection teams."""
    now = now or timezone.now()
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if award_round.status != RoundStatus.NOMINATION:
        raise WorkflowError(_("Only a round taking nominations can move to curation."))
    if now < award_round.nomination_closes:
        raise WorkflowError(
            _("Nominations are open until %(when)s: curation can start after that.")
            % {"when": _when(award_round.nomination_closes)}
        )
    _set_round_status(award_round, RoundStatus.CURATION, by=by)
    to_lock = list(
        award_round.nominations.select_for_update()
        .select_related("regency")
        .filter(status__in=[NominationStatus.SUBMITTED, NominationStatus.RESUBMITTED])
    )
    for nomination in to_lock:
        _set_status(nomination, NominationStatus.LOCKED, by=by, action="nomination.locked")
    provinces = {n.regency.province_id for n in to_lock}
    notify(
        User.objects.filter(role=User.Role.TEAM_MEMBER, province_id__in=provinces, is_active=True),
        "scoring_open",
        {"round": award_round},
        link=reverse("curation:worklist"),
    )
    return award_round


@transaction.atomic
def save_round(award_round, *, by):
    """Save a new round or the admin's edit of one (the form's instance), audited; a closed round is not edited."""
    if award_round.pk is not None:
        stored = AwardRound.objects.select_for_update().get(pk=award_round.pk)
        check_round_not_closed(stored)
    is_new = award_round.pk is None
    award_round.save()
    record(
        by,
        "round.created" if is_new else "round.edited",
        award_round,
        after={"name": award_round.name, "year": award_round.year},
    )
    return award_round


@transaction.atomic
def conclude_curated(award_round, awarded_ids, *, by):
    """At publication of the results: each nomination in curation becomes awarded or not awarded, so that its
    shown status follows its round to the end. Called only by awards.services.publish_results; returns them."""
    concluded = list(
        award_round.nominations.select_for_update(of=("self",))
        .select_related("regency")
        .filter(status=NominationStatus.LOCKED)
        .order_by("pk")
    )
    for nomination in concluded:
        to_status = NominationStatus.AWARDED if nomination.pk in awarded_ids else NominationStatus.NOT_AWARDED
        _set_status(nomination, to_status, by=by, action="nomination.concluded")
    return concluded


@transaction.atomic
def reopen_round(award_round, *, by, reason):
    """A ministry admin's explicit, audited reopening of a closed round: it goes back to curation."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if not by.is_ministry_admin:
        raise WorkflowError(_("Only a ministry admin can reopen a round."))
    if award_round.status != RoundStatus.CLOSED:
        raise WorkflowError(_("Only a closed round can be reopened."))
    if not has_text(reason):
        raise WorkflowError(_("Give the reason for reopening the round: it goes into the audit trail."))
    _set_round_status(award_round, RoundStatus.CURATION, by=by, action="round.reopened", reason=reason)
    return award_round


@transaction.atomic
def close_round(award_round, *, by):
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    if award_round.status != RoundStatus.CURATION:
        raise WorkflowError(_("Only a round in curation can be closed."))
    _set_round_status(award_round, RoundStatus.CLOSED, by=by)
    return award_round


# IKM interests (the public page) ----------------------------------------------------------------------


def _check_interest_officer(interest, by):
    if not (by.is_officer and by.regency_id == interest.regency_id):
        raise WorkflowError(_("Only an officer of the IKM's regency/city can answer its interest."))
    if interest.status != InterestStatus.NEW:
        raise WorkflowError(
            _("This interest was already answered (%(status)s).") % {"status": interest.get_status_display().lower()}
        )


@transaction.atomic
def register_interest(interest, *, language):
    """Keep an IKM's interest typed on the public page, confirm it to the IKM, tell the regency's officers."""
    interest.language = language
    interest.save()
    record(None, "interest.registered", interest, after={"status": interest.status})
    mail_address(interest.email, "interest_received", {"interest": interest}, language=language)
    officers = User.objects.filter(role=User.Role.OFFICER, regency_id=interest.regency_id, is_active=True)
    notify(
        officers,
        "interest_registered",
        {"interest": interest},
        link=reverse("nominations:interest", args=[interest.pk]),
    )
    return interest


@transaction.atomic
def accept_interest(interest, *, by):
    """Start a draft nomination in the round taking nominations from the IKM's interest."""
    interest = Interest.objects.select_for_update().get(pk=interest.pk)
    _check_interest_officer(interest, by)
    award_round = AwardRound.objects.taking_nominations()
    if award_round is None:
        raise WorkflowError(_("No round is taking nominations now: accept the interest once nominations open."))
    nomination = Nomination(
        round=award_round,
        regency=interest.regency,
        nib=interest.nib,
        business_name=interest.business_name,
        owner_name=interest.contact_name,
        product_name=interest.product_name,
        commodity=interest.commodity if award_round.commodity_types.filter(pk=interest.commodity_id).exists() else None,
        email=interest.email,
        phone=interest.phone,
    )
    nomination = save_nomination(nomination, by=by)
    interest.status = InterestStatus.ACCEPTED
    interest.nomination = nomination
    interest.decided_by, interest.decided_at = by, timezone.now()
    interest.save(update_fields=["status", "nomination", "decided_by", "decided_at"])
    record(by, "interest.accepted", interest, after={"status": interest.status, "nomination": nomination.pk})
    return nomination


@transaction.atomic
def decline_interest(interest, *, by, reason):
    """Decline an IKM's interest; the IKM receives the reason by e-mail."""
    interest = Interest.objects.select_for_update().select_related("regency").get(pk=interest.pk)
    _check_interest_officer(interest, by)
    if not has_text(reason):
        raise WorkflowError(_("Give the reason: the IKM receives it by e-mail."))
    interest.status = InterestStatus.DECLINED
    interest.decline_reason = reason
    interest.decided_by, interest.decided_at = by, timezone.now()
    interest.save(update_fields=["status", "decline_reason", "decided_by", "decided_at"])
    record(by, "interest.declined", interest, after={"status": interest.status}, reason=reason)
    mail_address(
        interest.email, "interest_declined", {"interest": interest, "reason": reason}, language=interest.language
    )
    return interest


# Product samples (contoh produk) ------------------------------------------------------------------------

SAMPLE_FIELDS = ["status", "received_on", "received_by", "condition", "kept_at", "returned_on", "note"]


@transaction.atomic
def record_sample(nomination, sample, *, by):
    """A ministry admin records what happened to a submitted nomination's product sample (audited)."""
    nomination = _locked(nomination)
    if not by.is_ministry_admin:
        raise WorkflowError(_("Only a ministry admin records product samples."))
    if nomination.status not in QUOTA_STATUSES:
        raise WorkflowError(_("Only a submitted nomination has a product sample to record."))
    check_round_not_closed(nomination.round)
    if sample.status != SampleStatus.EXPECTED and not sample.received_on:
        raise WorkflowError(_("Give the date the sample arrived."))
    if sample.status == SampleStatus.RETURNED and not sample.returned_on:
        raise WorkflowError(_("Give the date the sample was returned to the IKM."))
    stored = ProductSample.objects.filter(nomination=nomination).first()
    before = {name: str(getattr(stored, name) or "") for name in SAMPLE_FIELDS} if stored else None
    sample.pk = stored.pk if stored else None
    sample.nomination = nomination
    sample.recorded_by = by
    sample.save()
    after = {name: str(getattr(sample, name) or "") for name in SAMPLE_FIELDS}
    record(by, "sample.recorded", nomination, before=before, after=after)
    return sample


def nominations_missing_samples(award_round, province=None):
    """The round's submitted nominations whose product sample has not arrived."""
    queryset = Nomination.objects.filter(round=award_round, status__in=QUOTA_STATUSES).exclude(
        sample__status__in=[SampleStatus.RECEIVED, SampleStatus.RETURNED, SampleStatus.KEPT]
    )
    return queryset.filter(regency__province=province) if province is not None else queryset


@transaction.atomic
def remind_missing_samples(award_round, *, by, province=None):
    """Remind the officers of each regency/city whose product samples have not arrived; returns how many officers."""
    if not by.is_ministry_admin:
        raise WorkflowError(_("Only a ministry admin sends sample reminders."))
    check_round_not_closed(award_round)
    missing = {}
    for nomination in nominations_missing_samples(award_round, province).select_related("regency").order_by("pk"):
        missing.setdefault(nomination.regency_id, []).append(nomination)
    if not missing:
        raise WorkflowError(_("Every product sample of the round has arrived: nobody to remind."))
    officers = list(User.objects.filter(role=User.Role.OFFICER, regency_id__in=missing, is_active=True))
    for officer in officers:
        nominations = missing[officer.regency_id]
        notify(
            [officer],
            "samples_missing",
            {"award_round": award_round, "nominations": nominations},
            link=reverse("nominations:detail", args=[nominations[0].pk]),
        )
    record(
        by,
        "samples.reminded",
        award_round,
        after={"regencies": len(missing), "nominations": sum(map(len, missing.values())), "officers": len(officers)},
    )
    return len(officers)
