"""Decisions, publication of results and the Go Global cohort: the only code that changes them.

Each function checks actor and state, writes the audit record and queues e-mails, inside one transaction.
"""

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from audit.models import record
from core.exceptions import WorkflowError
from core.text import has_text
from curation import selectors as curation_selectors
from curation import services as curation_services
from curation.models import AdminCheck, Shortlist
from nominations import services as nomination_services
from nominations.models import AwardRound, MissingReevaluation, Nomination, NominationStatus
from notifications.services import notify

from . import rules, selectors
from .models import (
    DEFAULT_BANDS,
    DEFAULT_LEVELS,
    AwardLevel,
    CohortMembership,
    Decision,
    ScoreBand,
    band_order_problem,
    recommended_level,
)


@transaction.atomic
def set_up_round(award_round, *, by, commodity_types=None):
    """Create or edit a round (the admin's form instance) with its commodity types, and give a round without them
    the default rubric and award levels, and a new round the default score bands, in one transaction. It lives
    here, in the top domain app, because it changes all three: nominations' round, curation's rubric, awards'
    levels and bands (nominations imports neither).

    Only a new round gets the default bands: a round saved before bands existed, or whose admin removed them to
    decide without recommendations, keeps none when it is edited."""
    new = award_round.pk is None
    award_round = nomination_services.save_round(award_round, by=by, commodity_types=commodity_types)
    curation_services.seed_default_rubric(award_round, by=by)
    seed_default_levels(award_round, by=by)
    if new:
        seed_default_bands(award_round, by=by)
    return award_round


@transaction.atomic
def seed_default_levels(award_round, *, by=None):
    """Give a round without award levels the usual Bintang 3/4/3 (audited)."""
    if award_round.award_levels.exists():
        return
    AwardLevel.objects.bulk_create(
        [
            AwardLevel(round=award_round, name_id=i, name_en=e, rank=r, eligible_for_go_global=g)
            for i, e, r, g in DEFAULT_LEVELS
        ]
    )
    record(by, "award_levels.seeded", award_round, after={"levels": [level[0] for level in DEFAULT_LEVELS]})


def _bands_snapshot(bands):
    """{level: minimum score} of bands, highest level first, for the audit trail."""
    return {band.level.name_id: str(band.min_score) for band in sorted(bands, key=lambda band: band.level.rank)}


@transaction.atomic
def seed_default_bands(award_round, *, by=None):
    """Give a round without score bands the default ones (DEFAULT_BANDS: placeholders, the real thresholds were not
    found) for those of its levels that carry the default names, audited. Nothing if they would be out of order."""
    if award_round.score_bands.exists():
        return []
    levels = {level.name_id: level for level in award_round.award_levels.all()}
    bands = [
        ScoreBand(round=award_round, level=levels[name], min_score=score)
        for name, score in DEFAULT_BANDS
        if name in levels
    ]
    if not bands or band_order_problem([(band.level, band.min_score) for band in bands]):
        return []
    ScoreBand.objects.bulk_create(bands)
    record(by, "score_bands.seeded", award_round, after=_bands_snapshot(bands))
    return bands


@transaction.atomic
def add_default_bands(award_round, *, by):
    """A ministry admin's request for the default bands in a round that has none (a round set up before bands)."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_edit_bands(by, award_round).enforce()
    if award_round.score_bands.exists():
        raise WorkflowError(_("%(round)s already has score bands.") % {"round": award_round})
    if not seed_default_bands(award_round, by=by):
        raise WorkflowError(_("The round's award levels do not carry the default names: add the bands below."))
    return award_round


@transaction.atomic
def save_bands(award_round, formset, *, by):
    """Save the admin's validated formset of the round's score bands, checked on what is stored afterwards (every
    level of the round, one band each, strictly ordered), audited with before and after."""
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_edit_bands(by, award_round).enforce()
    stored = ScoreBand.objects.filter(round=award_round).select_related("level")
    before = _bands_snapshot(stored)
    for form in formset.forms:
        form.instance.round = award_round
        level = form.cleaned_data.get("level")
        if level is not None and level.round_id != award_round.pk:
            raise WorkflowError(_("That award level belongs to another round."))
    try:
        with transaction.atomic():
            formset.save()
    except IntegrityError as error:  # two bands swapping their levels in one save
        raise WorkflowError(_("Not saved: give each award one band.")) from error
    bands = list(stored.all())
    problem = band_order_problem([(band.level, band.min_score) for band in bands])
    if problem:
        raise WorkflowError(_("Not saved: %(problem)s") % {"problem": problem})
    after = _bands_snapshot(bands)
    if after != before:
        record(by, "score_bands.changed", award_round, before=before, after=after)
    return bands


def forwarded_nominations(award_round):
    """The nominations the provinces forwarded to the ministry in this round."""
    return curation_selectors.forwarded(award_round)


def _reason_required(nomination, level, recommended, has_recommendation):
    """The refusal of a decision without a reason: one is needed where there is no recommendation (no score bands,
    or no score) and where the decision differs from it."""
    if not has_recommendation:
        return WorkflowError(_("Give the reason for the decision."))
    if (level.pk if level else None) == (recommended.pk if recommended else None):
        return None
    if recommended is None:
        return WorkflowError(
            _("The decision on %(name)s differs from the recommendation (not awarded): give the reason.")
            % {"name": nomination}
        )
    return WorkflowError(
        _("The decision on %(name)s differs from the recommended %(level)s: give the reason.")
        % {"name": nomination, "level": recommended}
    )


@transaction.atomic
def decide(nomination, *, level, reason, by):
    """Record the award (or none) of a forwarded nomination, with the score it rests on and the level the round's
    bands recommend for it (a snapshot). A decision that differs from the recommendation needs a reason; one that
    follows it may leave the reason empty."""
    award_round = AwardRound.objects.select_for_update().get(pk=nomination.round_id)
    rules.may_decide(by, award_round).enforce()
    # A reopened shortlist: its nomination's award may still be taken back (so the chair can change it).
    taking_back = level is None and Decision.objects.filter(nomination=nomination).exists()
    if not taking_back and not forwarded_nominations(award_round).filter(pk=nomination.pk).exists():
        raise WorkflowError(_("Only nominations forwarded by a provincial team can receive an award."))
    if level is not None and level.round_id != award_round.pk:
        raise WorkflowError(_("That award level belongs to another round."))
    bands = selectors.round_bands(award_round)
    score = selectors.nomination_score(nomination, award_round)
    recommended = recommended_level(score, bands)
    if nomination.is_reevaluation and not has_text(reason):
        raise WorkflowError(
            _("Give the reason for the re-evaluation of %(name)s: it keeps, raises, lowers or withdraws its star.")
            % {"name": nomination}
        )
    if not has_text(reason):
        refusal = _reason_required(nomination, level, recommended, bool(bands) and score is not None)
        if refusal:
            raise refusal
        reason = ""
    existing = Decision.objects.filter(nomination=nomination).select_related("level").first()
    before = {"level": str(existing.level) if existing and existing.level else None} if existing else None
    decision, _created = Decision.objects.update_or_create(
        nomination=nomination,
        defaults={
            "level": level,
            "reason": reason,
            "decided_by": by,
            "recommended_level": recommended,
            "score": score,
        },
    )
    after = {
        "level": level.name_id if level else None,
        "recommended": recommended.name_id if recommended else None,
        "score": None if score is None else str(score),
    }
    record(by, "award.decided", nomination, before=before, after=after, reason=reason)
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
    # Awards go to forwarded nominations, and to re-evaluations the round's rule settled (settle_missing_reevaluation).
    awarded = {pk for pk, d in decisions.items() if d.is_awarded}
    # Settled re-evaluations that never reached curation (not submitted, withdrawn) are told too; those in curation
    # are concluded with the others.
    settled = list(
        Nomination.objects.filter(round=award_round, reevaluates__isnull=False, pk__in=list(decisions))
        .exclude(pk__in=forwarded)
        .exclude(status=NominationStatus.LOCKED)
    )
    for nomination in [*nomination_services.conclude_curated(award_round, awarded, by=by), *settled]:
        decision = decisions.get(nomination.pk)
        notify(
            User.objects.officers_of(nomination.regency_id),
            "results_published",
            {"nomination": nomination, "level": decision.level if decision else None},
            link=reverse("nominations:detail", args=[nomination.pk]),
            outbox=True,
        )
    return award_round


def level_like(award_round, level):
    """The round's award level matching an earlier round's `level`: the same name, else the same rank, else None."""
    levels = list(award_round.award_levels.all())
    return next((lv for lv in levels if lv.name_id == level.name_id), None) or next(
        (lv for lv in levels if lv.rank == level.rank), None
    )


# A re-evaluation in one of these after the deadline was not submitted: settled by the round's rule (a regency that
# withdraws its entry does not keep the star out of the rule).
UNSUBMITTED = (NominationStatus.DRAFT, NominationStatus.RETURNED, NominationStatus.WITHDRAWN)


def stopped_short(award_round, entries, now=None):
    """The ids of the re-evaluations (of `entries`, of this round) that no decision will reach through the stages:
    not submitted by the deadline, or submitted but not passing the administrative selection, or left off their
    province's forwarded shortlist (where the round does not let re-evaluations skip the provincial ranking). The
    round's rule settles them. Two queries, whatever the number of entries."""
    now = now or timezone.now()
    if now < award_round.nomination_closes:
        return set()
    stopped = {entry.pk for entry in entries if entry.status in UNSUBMITTED}
    locked = [entry for entry in entries if entry.status == NominationStatus.LOCKED]
    if not locked:
        return stopped
    if award_round.admin_selection:
        failed = set(
            AdminCheck.objects.filter(nomination__in=locked, passed=False).values_list("nomination_id", flat=True)
        )
        stopped |= failed
    if not award_round.reevaluation_skips_province:
        forwarded = Shortlist.objects.filter(round=award_round, forwarded_at__isnull=False)
        provinces = set(forwarded.values_list("province_id", flat=True))
        shortlisted = set(forwarded.values_list("nominations", flat=True))
        stopped |= {
            entry.pk for entry in locked if entry.regency.province_id in provinces and entry.pk not in shortlisted
        }
    return stopped


@transaction.atomic
def settle_missing_reevaluation(entry, *, by, level=None, reason="", now=None):
    """Decide a re-evaluation whose regency did not submit it by the deadline, by the round's rule: keep the star
    (the round's level like the earlier one), withdraw it, or, where the admin decides each, the `level` given
    (None withdraws) with a reason. Audited as a decision; shown like the others once published."""
    now = now or timezone.now()
    award_round = AwardRound.objects.select_for_update().get(pk=entry.round_id)
    rules.may_decide(by, award_round).enforce()
    entry = Nomination.objects.select_related(
        "round", "regency", "reevaluates__decision__level", "reevaluates__round"
    ).get(pk=entry.pk)
    if not entry.is_reevaluation:
        raise WorkflowError(_("%(name)s is not a re-evaluation.") % {"name": entry})
    if entry.pk not in stopped_short(award_round, [entry], now):
        raise WorkflowError(
            _("%(name)s is not a re-evaluation left unsubmitted after the nominations closed.") % {"name": entry}
        )
    earlier = entry.reevaluates.decision.level
    rule = award_round.reevaluation_missing_rule
    if rule == MissingReevaluation.KEEP:
        level = level_like(award_round, earlier)
        if level is None:
            raise WorkflowError(
                _("%(round)s has no award level like %(level)s: decide this one yourself.")
                % {"round": award_round, "level": earlier}
            )
        reason = _("Not submitted by the deadline; the star is kept by the rule of the round.")
    elif rule == MissingReevaluation.WITHDRAW:
        level, reason = None, _("Not submitted by the deadline; the star is withdrawn by the rule of the round.")
    else:
        if level is not None and level.round_id != award_round.pk:
            raise WorkflowError(_("That award level belongs to another round."))
        if not has_text(reason):
            raise WorkflowError(
                _("Give the reason for the re-evaluation of %(name)s: it keeps, raises, lowers or withdraws its star.")
                % {"name": entry}
            )
    existing = Decision.objects.filter(nomination=entry).select_related("level").first()
    before = {"level": str(existing.level) if existing and existing.level else None} if existing else None
    decision, _created = Decision.objects.update_or_create(
        nomination=entry, defaults={"level": level, "reason": reason, "decided_by": by}
    )
    record(
        by,
        "award.decided",
        entry,
        before=before,
        after={"level": level.name_id if level else None, "missing_reevaluation": str(rule)},
        reason=reason,
    )
    return decision


def skipped_candidates(nomination):
    """The candidates of the Go Global ranking placed above `nomination` and not in the cohort: promoting it passes
    them over. A candidate without a Go Global score is below every scored one; nothing is passed over while no
    candidate has a score (the ranking does not exist yet)."""
    rows = curation_selectors.go_global_ranking(nomination.round)
    ranks = {row.pk: row.rank for row in rows}
    if all(rank is None for rank in ranks.values()):
        return []
    own = ranks.get(nomination.pk)
    return [
        row
        for row in rows
        if row.pk != nomination.pk and not row.in_cohort and row.rank is not None and (own is None or row.rank < own)
    ]


@transaction.atomic
def promote(nomination, *, by, reason=""):
    """Put an awarded IKM into its round's Go Global cohort, refusing past the cohort size. Promoting a candidate
    while one ranked above it in the Go Global ranking is not promoted needs the reason for passing it over
    (audited with the candidates passed over)."""
    nomination.round = AwardRound.objects.select_for_update().get(pk=nomination.round_id)
    rules.may_promote(by, nomination).enforce()
    skipped = skipped_candidates(nomination)
    if skipped and not has_text(reason):
        raise WorkflowError(
            _(
                "%(names)s ranks above %(name)s in the Go Global ranking and is not in the cohort: give the reason "
                "for passing over it."
            )
            % {"names": ", ".join(str(row) for row in skipped), "name": nomination}
        )
    members = CohortMembership.objects.filter(nomination__round=nomination.round).count()
    membership = CohortMembership.objects.create(nomination=nomination, promoted_by=by)
    after = {"cohort": str(nomination.round), "place": members + 1}
    if skipped:
        after["passed_over"] = sorted(row.pk for row in skipped)
    record(by, "cohort.promoted", nomination, after=after, reason=reason.strip() if skipped else "")
    notify(
        User.objects.officers_of(nomination.regency_id),
        "promoted",
        {"nomination": nomination},
        link=reverse("awards:cohort_detail", args=[membership.pk]),
    )
    return membership


@transaction.atomic
def close_go_global(award_round, *, by, now=None):
    """Close the round's Go Global selection: the panel's sheets and the promotions freeze, and the officers of each
    candidate not promoted are told it was not selected (those promoted were told on promotion). Returns how many
    candidates were not selected."""
    now = now or timezone.now()
    award_round = AwardRound.objects.select_for_update().get(pk=award_round.pk)
    rules.may_close_go_global(by, award_round).enforce()
    award_round.go_global_closed_at = now
    award_round.save(update_fields=["go_global_closed_at"])
    not_selected = [row for row in curation_selectors.go_global_ranking(award_round) if not row.in_cohort]
    record(
        by,
        "go_global.closed",
        award_round,
        before={"go_global_closed_at": None},
        after={"go_global_closed_at": now.isoformat(), "not_selected": sorted(row.pk for row in not_selected)},
    )
    for nomination in not_selected:
        notify(
            User.objects.officers_of(nomination.regency_id),
            "go_global_not_selected",
            {"nomination": nomination, "round": award_round},
            link=reverse("nominations:detail", args=[nomination.pk]),
        )
    return len(not_selected)


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
