"""State changes of award rounds and nominations: the only code that assigns `status`.

Each function checks the actor, the current state and the window, changes the state and writes the
audit record, all inside one transaction. A refused change raises WorkflowError with a message that
says why, for the view to show.
"""

import contextlib
import logging
import os
import uuid
from functools import partial

from django.conf import settings
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import Regency, User
from audit.models import record
from core.exceptions import StaleEdit, WorkflowError
from core.text import has_text
from notifications.services import mail_address, notify

from . import rules
from .models import (
    AwardRound,
    CommodityType,
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
from .models.nomination import IKM_FIELDS, PRODUCT_FIELDS, QUOTA_STATUSES, NominationDocument, NominationPhoto
from .renditions import delete_renditions, rendition_file, write_rendition, write_renditions
from .selectors import current_star_nominations
from .uploads import MAX_PHOTOS

logger = logging.getLogger(__name__)


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
    """Refuse any change to a closed round (rules.round_open_for_changes says why)."""
    rules.round_open_for_changes(award_round).enforce()


# Nominations ---------------------------------------------------------------------------------------


@transaction.atomic
def save_nomination(nomination, *, by, expected_version=None, certifications=None, files=None):
    """Save a draft (new or edited) with its certification formset (validated) and its uploads (`files`, as
    NominationForm.file_changes() gives them), audited. Refuses a save based on an older version of the nomination,
    and whatever rules.may_edit refuses."""
    is_new = nomination.pk is None
    nomination.round = AwardRound.objects.get(pk=nomination.round_id)  # read afresh, not locked: officers save at once
    if not is_new:
        stored = Nomination.objects.only("status").get(pk=nomination.pk)
        nomination.status = stored.status
    rules.may_edit(by, nomination).enforce()
    if not is_new:
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
    changes = {}
    if certifications is not None:
        changes["certifications"] = _save_certifications(nomination, certifications)
    if files is not None:
        changes["files"] = _save_files(nomination, **files)
    if not is_new:
        record(
            by,
            "nomination.edited",
            nomination,
            after={name: change for name, change in changes.items() if any(change.values())},
        )
    return nomination


def _save_certifications(nomination, formset):
    """Save the nomination's certification formset (already validated); what changed, for the audit record."""
    formset.instance = nomination
    formset.save()
    return {
        "added": [str(c) for c in formset.new_objects],
        "changed": [str(c) for c, _fields in formset.changed_objects],
        "removed": [str(c) for c in formset.deleted_objects],
    }


def _save_files(
    nomination, *, new_photos=(), new_documents=(), document_kind=None, delete_photos=(), delete_documents=()
):
    """Store new uploads and remove the ticked ones; the names, for the audit record."""
    removed = []
    for photo in delete_photos:
        delete_renditions(photo)
    for item, stored in [(p, p.image) for p in delete_photos] + [(d, d.file) for d in delete_documents]:
        removed.append(item.original_name or stored.name)
        stored.delete(save=False)
        item.delete()
    for upload in new_photos:
        _store_photo(nomination, upload)
    for upload in new_documents:
        NominationDocument.objects.create(
            nomination=nomination,
            kind=document_kind or NominationDocument.Kind.OTHER,
            file=upload,
            original_name=upload.name[:255],
            size=upload.size,
        )
    return {"added": [upload.name[:255] for upload in [*new_photos, *new_documents]], "removed": removed}


def _store_photo(nomination, upload):
    """A new photo of the nomination (checked by the form: nominations.uploads.clean_photo), with its renditions."""
    photo = NominationPhoto.objects.create(
        nomination=nomination, image=upload, original_name=upload.name[:255], size=upload.size
    )
    if settings.CELERY_TASK_ALWAYS_EAGER:  # no worker: made now, for the page that shows the photo next
        store_renditions(photo)
    else:  # a worker makes them (nominations/tasks.py); until then each is made when first asked for
        transaction.on_commit(partial(_queue_renditions, photo.pk))
    return photo


def _queue_renditions(pk):
    from .tasks import make_renditions

    try:
        make_renditions.delay(pk)
    except Exception:  # the broker is down: the photo is saved, its renditions are made when first asked for
        logger.exception("Queueing the renditions of photo %s failed", pk)


def store_renditions(photo, *, replace=False):
    """Make the photo's smaller copies (again, with `replace`) and note their sizes (nominations/renditions.py).

    Stored by an update, not a save: no signal moves the page cache's data generations (core/page_cache.py), as a
    worker making renditions outside a request would otherwise empty every cached page. A page cached before the
    sizes were known names the same rendition URLs, only with the nominal widths in its srcset."""
    photo.renditions = write_renditions(photo, replace=replace)
    NominationPhoto.objects.filter(pk=photo.pk).update(renditions=photo.renditions)
    return photo


def rendition_of(photo, width, extension):
    """The photo's stored rendition, made first when missing: with all its others when the photo has none yet
    (stored before renditions existed) or one is lost; alone while a worker is to make them (a broker is set and
    the photo has none yet): the page that shows a photo just uploaded asks for its thumbnail at once, and the app
    server then decodes the photo at a reduced scale for that one file instead of doing the worker's work."""
    stored = rendition_file(photo, width, extension)
    present = stored.storage.exists(stored.name)  # one request to the bucket on S3, asked once
    if present and photo.renditions:
        return stored
    if not photo.renditions and not settings.CELERY_TASK_ALWAYS_EAGER:
        if not present:
            write_rendition(photo, width, extension)
        return stored
    store_renditions(photo)
    return stored


@transaction.atomic
def attach_photo(nomination, upload, *, by):
    """Add one photo to a nomination as the officer chooses it (before the form is saved, so that a form
    returned with errors does not lose it), audited. Refused as rules.may_edit refuses a save of the draft,
    and beyond MAX_PHOTOS. Leaves the nomination's version alone: the officer's open form stays current."""
    nomination = _locked(nomination)
    nomination.round = AwardRound.objects.get(pk=nomination.round_id)
    rules.may_edit(by, nomination).enforce()
    if nomination.photos.count() >= MAX_PHOTOS:
        raise WorkflowError(_("At most %(max)s photos per nomination.") % {"max": MAX_PHOTOS})
    photo = _store_photo(nomination, upload)
    record(by, "nomination.edited", nomination, after={"files": {"added": [photo.original_name], "removed": []}})
    return photo


# Photos chosen on the form of a nomination not yet saved, kept when the form came back with errors (the officer
# does not choose them again): stored under this folder, named in the session, attached once the draft is saved.
KEPT_PHOTOS_SESSION_KEY = "kept_photos"
KEPT_PHOTOS_FOLDER = "kept-photos"


def keep_chosen_photos(session, nomination, uploads, *, by):
    """Photos the form accepted although the rest of it had errors: attached to a saved draft at once (as the page
    attaches them with JavaScript), or, for a nomination not saved yet, kept for this session until it is. Returns
    how many are kept."""
    if nomination.pk:
        for upload in uploads:
            attach_photo(nomination, upload, by=by)
        return len(uploads)
    kept = session.get(KEPT_PHOTOS_SESSION_KEY, [])
    for upload in uploads[: max(0, MAX_PHOTOS - len(kept))]:
        extension = os.path.splitext(upload.name)[1].lower()[:5]
        name = default_storage.save(f"{KEPT_PHOTOS_FOLDER}/{by.pk}/{uuid.uuid4().hex}{extension}", upload)
        kept.append({"name": name, "original": upload.name[:255]})
    session[KEPT_PHOTOS_SESSION_KEY] = kept
    return len(kept)


def kept_photos(session):
    """The original names of the photos kept for the form of a nomination not saved yet."""
    return [entry["original"] for entry in session.get(KEPT_PHOTOS_SESSION_KEY, [])]


def attach_kept_photos(session, nomination, *, by):
    """Attach the photos kept for this session's unsaved form to the draft just saved; the kept files go."""
    for entry in session.pop(KEPT_PHOTOS_SESSION_KEY, []):
        if not default_storage.exists(entry["name"]):
            continue
        with default_storage.open(entry["name"], "rb") as stored:
            upload = File(stored, name=entry["original"])
            upload.size = default_storage.size(entry["name"])
            with contextlib.suppress(WorkflowError):  # beyond MAX_PHOTOS: the draft has its photos already
                attach_photo(nomination, upload, by=by)
        default_storage.delete(entry["name"])


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
    rules.may_move_ikm(by).enforce()
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
    award_round = nomination.round = AwardRound.objects.select_for_update().get(pk=nomination.round_id)
    rules.may_submit(by, nomination, now).enforce()
    missing = nomination.missing_for_submit()
    if missing:
        raise WorkflowError(
            _("Not submitted yet: still missing %(fields)s. Your draft is saved.") % {"fields": ", ".join(missing)}
        )
    if nomination.status == NominationStatus.DRAFT:
        used = award_round.nominations.filter(
            regency_id=nomination.regency_id, status__in=QUOTA_STATUSES, reevaluates__isnull=True
        ).count()
        if not nomination.is_reevaluation and used >= award_round.regency_quota:
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
    rules.may_withdraw(by, nomination).enforce()
    _set_status(nomination, NominationStatus.WITHDRAWN, by=by, action="nomination.withdrawn", reason=reason)
    return nomination


@transaction.atomic
def return_for_revision(nomination, *, by, reason):
    nomination = _locked(nomination)
    rules.may_return(by, nomination).enforce()
    if not has_text(reason):
        raise WorkflowError(_("Say what must be revised: the officer sees this reason."))
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
    rules.may_manage_rounds(by).enforce()
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
    rules.may_manage_rounds(by).enforce()
    if award_round.status != RoundStatus.NOMINATION:
        raise WorkflowError(_("Only a round taking nominations can move to curation."))
    if now < award_round.nomination_closes:
        raise WorkflowError(
            _("Nominations are open until %(when)s: curation can start after that.")
            % {"when": rules.when(award_round.nomination_closes)}
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
def save_round(award_round, *, by, commodity_types=None):
    """Save a new round or the admin's edit of one (the form's unsaved instance) with the commodity types open in
    it, audited; a closed round is not edited. A new round's rubric and award levels are seeded by
    awards.services.set_up_round, which calls this."""
    is_new = award_round.pk is None
    if not is_new:
        stored = AwardRound.objects.select_for_update().get(pk=award_round.pk)
        award_round.status = stored.status
    rules.may_edit_round(by, award_round).enforce()
    if (
        not is_new
        and stored.national_assessment
        and not award_round.national_assessment
        and Nomination.objects.filter(round=award_round, score_sheets__stage="national").exists()
    ):
        raise WorkflowError(_("National assessors have already scored in this round: its national assessment stays."))
    before = None if is_new else _round_snapshot(stored)
    award_round.save()
    if commodity_types is not None:
        award_round.commodity_types.set(commodity_types)
    record(
        by,
        "round.created" if is_new else "round.edited",
        award_round,
        before=before,
        after=_round_snapshot(award_round),
    )
    return award_round


def _round_snapshot(award_round):
    return {
        "name": award_round.name,
        "year": award_round.year,
        "national_assessment": award_round.national_assessment,
        "national_window": [
            award_round.national_opens.isoformat() if award_round.national_opens else None,
            award_round.national_closes.isoformat() if award_round.national_closes else None,
        ],
        "commodity_types": sorted(award_round.commodity_types.values_list("code", flat=True)),
    }


@transaction.atomic
def save_commodity_type(commodity, *, by):
    """Save a new commodity type or the admin's edit of one (the form's unsaved instance), audited."""
    rules.may_manage_rounds(by).enforce()
    is_new = commodity.pk is None
    before = None if is_new else _commodity_snapshot(CommodityType.objects.select_for_update().get(pk=commodity.pk))
    commodity.save()
    record(
        by,
        "commodity.created" if is_new else "commodity.edited",
        commodity,
        before=before,
        after=_commodity_snapshot(commodity),
    )
    return commodity


def _commodity_snapshot(commodity):
    return {
        "code": commodity.code,
        "name_id": commodity.name_id,
        "name_en": commodity.name_en,
        "is_active": commodity.is_active,
        "position": commodity.position,
    }


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
    rules.may_reopen_round(by, award_round).enforce()
    if not has_text(reason):
        raise WorkflowError(_("Give the reason for reopening the round: it goes into the audit trail."))
    _set_round_status(award_round, RoundStatus.CURATION, by=by, action="round.reopened", reason=reason)
    return award_round


@transaction.atomic
def close_round(award_round, *, by):
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_manage_rounds(by).enforce()
    if award_round.status != RoundStatus.CURATION:
        raise WorkflowError(_("Only a round in curation can be closed."))
    _set_round_status(award_round, RoundStatus.CLOSED, by=by)
    return award_round


# IKM interests (the public page) ----------------------------------------------------------------------


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
    rules.may_answer_interest(by, interest).enforce()
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
    rules.may_answer_interest(by, interest).enforce()
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
    rules.may_record_sample(by, nomination).enforce()
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
    rules.may_remind_samples(by, award_round).enforce()
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


# Re-evaluation of earlier star holders ---------------------------------------------------------------------


@transaction.atomic
def start_reevaluation(award_round, starred, *, by, now=None):
    """Start a re-evaluation entry in `award_round` for each of `starred` (nominations holding their IKM's current
    star, from earlier published rounds): a draft of the IKM's regency, started from that nomination's data (as
    "start from the last nomination" does), outside the regency's quota; its officers are told. An IKM that already
    has a nomination in the round is left out. Returns the entries made."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_start_reevaluation(by, award_round, now).enforce()
    holders = current_star_nominations().exclude(round=award_round).filter(pk__in=[n.pk for n in starred])
    taken = set(award_round.nominations.values_list("ikm_id", flat=True))
    made = []
    for earlier in holders.select_related("ikm").order_by("regency_id", "business_name", "pk"):
        if earlier.ikm_id in taken:
            continue
        regency_id = earlier.ikm.holder_id() or earlier.regency_id
        entry = Nomination(
            round=award_round,
            regency_id=regency_id,
            ikm=earlier.ikm,
            reevaluates=earlier,
            created_by=by,
            **{name: getattr(earlier, name) for name in IKM_FIELDS + PRODUCT_FIELDS},
        )
        entry.save()
        taken.add(earlier.ikm_id)
        record(by, "nomination.reevaluation_started", entry, after={"reevaluates": earlier.pk})
        made.append(entry)
    for entry in made:
        notify(
            User.objects.officers_of(entry.regency_id),
            "reevaluation_started",
            {"nomination": entry, "earlier": entry.reevaluates},
            link=reverse("nominations:detail", args=[entry.pk]),
        )
    return made
