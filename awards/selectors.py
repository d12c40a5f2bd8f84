"""Scoped reads of awards: the cohort (nothing reaches regencies before results are published; a nomination's own
decision is read by nominations.selectors.visible_decision), the register of starred IKM (the star rule itself is
nominations.selectors'), and the decision table the ministry decides on, with each nomination's score and the award
its round's score bands recommend."""

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Avg, Min, OuterRef
from django.utils.translation import gettext_lazy

from curation import selectors as curation_selectors
from curation.models import ScoreSheet, SheetStatus, Stage
from nominations.models import AwardRound, CommodityType, Nomination
from nominations.models.nomination import LONG_TEXTS
from nominations.selectors import current_star_nominations, latest_decided_of_ikm, published_decided

from .models import AwardLevel, CohortMembership, Decision, ScoreBand, recommended_level


def visible_cohort(user, award_round=None):
    memberships = CohortMembership.objects.select_related(
        "nomination__regency__province", "nomination__commodity", "nomination__round"
    ).prefetch_related("exhibitions")
    if award_round is not None:
        memberships = memberships.filter(nomination__round=award_round)
    if user.is_ministry_admin:
        return memberships
    visible = Nomination.objects.visible_to(user).filter(round__results_published_at__isnull=False)
    return memberships.filter(nomination__in=visible)


# Decisions ---------------------------------------------------------------------------------------------------


def round_bands(award_round):
    """The round's score bands with their levels, read once for a page (or a decision)."""
    return list(ScoreBand.objects.filter(round=award_round).select_related("level"))


def decision_stage(award_round):
    """The stage whose score a decision rests on: the national assessment where the round has one, else the
    provincial scoring."""
    return Stage.NATIONAL if award_round.national_assessment else Stage.PROVINCE


def decision_score(value):
    """A mean as shown and compared with the bands: two decimals, half up (84.995 is 85.00 and reaches 85)."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def nomination_score(nomination, award_round):
    """The nomination's score for the decision: the mean of the submitted sheets of the round's decision stage."""
    mean = ScoreSheet.objects.filter(
        nomination=nomination, stage=decision_stage(award_round), status=SheetStatus.SUBMITTED
    ).aggregate(mean=Avg("total"))["mean"]
    return decision_score(mean)


@dataclass
class CommodityGroup:
    """The rows of one commodity type (national rounds), or of the whole ranking (`commodity` None)."""

    commodity: CommodityType | None
    rows: list = field(default_factory=list)


def _by_commodity(rows):
    """Rows grouped per commodity type in the types' order, ranked again within each (same order as overall)."""
    groups = {}
    for row in rows:
        group = groups.setdefault(row.commodity_id, CommodityGroup(row.commodity))
        group.rows.append(row)
        row.rank = len(group.rows) if row.mean is not None else None
    return sorted(groups.values(), key=lambda g: (g.commodity.position, g.commodity.name_id))


def decision_table(award_round):
    """What the ministry decides on, for the decisions page and the national minutes: (groups, rows).

    With a national assessment, the national ranking grouped per commodity type (each row's `mean` the national
    score, `sheet_count` the national sheets, `province_mean` the provincial team's mean); otherwise the ranking of
    the forwarded nominations by provincial mean, in one group. Each row also carries `score` (the score a decision
    rests on), `recommended` (the level its round's bands recommend, or None), `has_recommendation` (bands and a
    score exist), `result` (its Decision or None), and the recommendation of record: `recommendation` and
    `recommendation_known`, what was recommended when the decision was made (the decision's snapshot), or now for
    a nomination not decided yet; `differs` says the decision is not what was recommended when it was made, and
    `recommendation_changed` that the bands or the score have changed the recommendation since. A fixed number of
    queries, whatever the number of rows.
    """
    bands = round_bands(award_round)
    if award_round.national_assessment:
        rows = curation_selectors.national_ranking(award_round)
    else:
        rows = curation_selectors.ranking(curation_selectors.forwarded(award_round))
        for row in rows:
            row.province_mean = row.mean
    decisions = {
        d.nomination_id: d
        for d in Decision.objects.filter(nomination__round=award_round).select_related("level", "recommended_level")
    }
    earlier = {
        n.pk: n
        for n in Nomination.objects.filter(pk__in=[r.reevaluates_id for r in rows if r.reevaluates_id]).select_related(
            "round", "decision__level"
        )
    }
    levels = list(award_round.award_levels.all()) if earlier else []  # compared with the earlier stars
    for row in rows:
        row.earlier = earlier.get(row.reevaluates_id)  # the star a re-evaluation re-evaluates, or None
        row.score = decision_score(row.mean)
        row.has_recommendation = bool(bands) and row.score is not None
        row.recommended = recommended_level(row.score, bands)
        row.result = decisions.get(row.pk)
        row.outcome = (
            reevaluation_outcome(row.earlier.decision.level, row.result.level, levels)
            if row.earlier is not None and row.result is not None
            else None
        )
        row.outcome_label = OUTCOME_LABELS.get(row.outcome, "")
        _recommendation_of_record(row, bool(bands))
    if not award_round.national_assessment:
        return ([CommodityGroup(None, rows)] if rows else []), rows
    return _by_commodity(rows), rows


def _recommendation_of_record(row, has_bands):
    """A decided row's recommendation is its decision's snapshot; an undecided row's the current one."""
    result = row.result
    if result is None:
        row.recommendation, row.recommendation_known = row.recommended, row.has_recommendation
        row.differs = row.recommendation_changed = False
        return
    row.recommendation = result.recommended_level
    row.recommendation_known = has_bands and result.score is not None
    row.differs = row.recommendation_known and result.level_id != result.recommended_level_id
    row.recommendation_changed = row.has_recommendation and (
        not row.recommendation_known or result.recommended_level_id != getattr(row.recommended, "pk", None)
    )


# The star register ---------------------------------------------------------------------------------------------


def star_register():
    """Every IKM with a current star (nominations.selectors states the rule), as the nomination that holds it, with
    its IKM, round, region, commodity and level: ministry admins' register and its export. Only published rounds
    count. One query, whatever the number of rows."""
    return (
        current_star_nominations()
        .select_related("ikm", "round", "regency__province", "commodity", "decision__level")
        .defer(*LONG_TEXTS)
        .order_by("-round__year", "decision__level__rank", "business_name", "pk")
    )


def attach_current_stars(nominations):
    """Set `current_star` on each of `nominations` (a page of them, read): the nomination holding its IKM's current
    star (itself, a later one, or None when its IKM's latest published decision is "not awarded"). A nomination
    without an IKM record is its own current star. One query for the page."""
    nominations = list(nominations)
    ikm_ids = {n.ikm_id for n in nominations if n.ikm_id}
    latest = {}
    if ikm_ids:
        latest = {
            n.ikm_id: n
            for n in published_decided()
            .filter(ikm_id__in=ikm_ids, pk=latest_decided_of_ikm(OuterRef("ikm_id")))
            .select_related("round", "decision__level")
        }
    for nomination in nominations:
        if not nomination.ikm_id:
            nomination.current_star = nomination
            continue
        found = latest.get(nomination.ikm_id)
        nomination.current_star = found if found is not None and found.decision.level_id is not None else None
    return nominations


def star_level_names():
    """The names (Indonesian, as stored) of the levels awarded in published rounds, highest first: the register's
    level filter. Levels are data of each round, so one name may be several rounds' levels."""
    levels = (
        AwardLevel.objects.filter(round__results_published_at__isnull=False)
        .values("name_id")
        .annotate(best=Min("rank"))
        .order_by("best", "name_id")
    )
    return [level["name_id"] for level in levels]


def star_years():
    """The years of published rounds, latest first."""
    return list(
        AwardRound.objects.filter(results_published_at__isnull=False)
        .order_by("-year")
        .values_list("year", flat=True)
        .distinct()
    )


# Re-evaluation of earlier star holders --------------------------------------------------------------------------


class Outcome:
    KEPT, RAISED, LOWERED, WITHDRAWN = "kept", "raised", "lowered", "withdrawn"


OUTCOME_LABELS = {  # lazily translated: shown in each user's language
    Outcome.KEPT: gettext_lazy("kept"),
    Outcome.RAISED: gettext_lazy("raised"),
    Outcome.LOWERED: gettext_lazy("lowered"),
    Outcome.WITHDRAWN: gettext_lazy("withdrawn"),
}


def reevaluation_outcome(earlier_level, level, levels=()):
    """What a re-evaluation's decision did to the star: withdrawn (not awarded), kept, raised or lowered (by rank, 1
    the highest). `levels` are the award levels of the re-evaluation's round: where one is named like the earlier
    level, the decision is compared with that one (a round of five stars ranks Bintang 3 third, an earlier round of
    three ranked it first); else with the earlier level's rank."""
    if level is None:
        return Outcome.WITHDRAWN
    if earlier_level is None:
        return Outcome.KEPT
    like = next((lv for lv in levels if lv.name_id == earlier_level.name_id), earlier_level)
    if level.name_id == earlier_level.name_id or level.rank == like.rank:
        return Outcome.KEPT
    return Outcome.RAISED if level.rank < like.rank else Outcome.LOWERED


def reevaluations(award_round):
    """The round's re-evaluation entries with the star they re-evaluate (`reevaluates.decision.level`, `.round`) and
    their decision (`result`, or None) and `outcome` (None while undecided)."""
    entries = list(
        Nomination.objects.filter(round=award_round, reevaluates__isnull=False)
        .select_related(
            "regency__province", "commodity", "reevaluates__round", "reevaluates__decision__level", "decision__level"
        )
        .order_by("regency__province_id", "regency_id", "business_name", "pk")
    )
    levels = list(award_round.award_levels.all()) if entries else []
    for entry in entries:
        entry.result = getattr(entry, "decision", None)
        entry.earlier_level = entry.reevaluates.decision.level
        entry.outcome = (
            reevaluation_outcome(entry.earlier_level, entry.result.level, levels) if entry.result is not None else None
        )
        entry.outcome_label = OUTCOME_LABELS.get(entry.outcome, "")
    return entries
