"""Reads of curation: worklists, rankings and calibration, computed in the database where they rank."""

import statistics
from collections import defaultdict

from django.db.models import Avg, Count, Exists, F, Max, Min, OuterRef, Q, StdDev, Window
from django.db.models.functions import RowNumber

from core.page_cache import kept_apart
from nominations.models import Nomination
from nominations.models.nomination import CURATED_STATUSES

from .models import (
    Assignment,
    ScoreSheet,
    SheetStatus,
    Stage,
    go_global_candidates,
    national_nominations,
    passed_selection,
    provincial,
)
from .services import DISAGREEMENT_POINTS, weighted_total


def _submitted(stage):
    """The sheets that count in a ranking of the stage: the stage's submitted ones."""
    return Q(score_sheets__status=SheetStatus.SUBMITTED, score_sheets__stage=stage)


# Ranking order, stated on the page: higher mean first; ties go to more submitted sheets, then to the
# earlier submission, then to the lower nomination number.
RANKING_ORDER = [F("mean").desc(nulls_last=True), F("sheet_count").desc(), F("submitted_at").asc(nulls_last=True), "pk"]
SORTS = {
    "mean": RANKING_ORDER,
    "spread": [F("spread").desc(nulls_last=True), *RANKING_ORDER],
    "sheets": [F("sheet_count").desc(), *RANKING_ORDER],
}


def in_curation(award_round, province=None):
    """The round's nominations that went through curation (locked, then awarded or not once published), and
    passed its administrative selection where the round has one."""
    queryset = Nomination.objects.filter(round=award_round, status__in=CURATED_STATUSES)
    if province is not None:
        queryset = queryset.filter(regency__province=province)
    return provincial(passed_selection(queryset, award_round), award_round)


def forwarded(award_round):
    """The nominations the provinces forwarded to the ministry in this round.

    Filtered by an IN over the shortlists' link table rather than joins: PostgreSQL then plans the national
    ranking in a third of the time (4.5 ms instead of 12 ms measured on the benchmark database). No second
    condition on the nomination's round: a shortlist holds only nominations of its own round
    (services.set_shortlist), and with one PostgreSQL walked all 10,000 nominations of the round to keep
    the 380 forwarded ones (execution 14 ms, against 6 ms from the links alone; EXPLAIN ANALYZE on the
    benchmark database).
    """
    return national_nominations(award_round)


def _scores(queryset, stage=Stage.PROVINCE):
    submitted = _submitted(stage)
    return queryset.annotate(
        mean=Avg("score_sheets__total", filter=submitted),
        sheet_count=Count("score_sheets", filter=submitted),
        conflict_count=Count(
            "score_sheets", filter=Q(score_sheets__status=SheetStatus.CONFLICT, score_sheets__stage=stage)
        ),
        low=Min("score_sheets__total", filter=submitted),
        high=Max("score_sheets__total", filter=submitted),
        stddev=StdDev("score_sheets__total", filter=submitted),
    ).annotate(spread=F("high") - F("low"))


def with_scores(queryset, stage=Stage.PROVINCE):
    """Each nomination's mean, count, lowest, highest, spread and standard deviation of the stage's submitted
    totals."""
    return _scores(queryset.select_related("regency__province", "commodity"), stage)


def _in_order(scored, sort):
    """Scored nominations with their place in RANKING_ORDER (a window function), listed in the chosen sort."""
    return scored.annotate(position=Window(RowNumber(), order_by=RANKING_ORDER)).order_by(
        *SORTS.get(sort, RANKING_ORDER)
    )


def ranking(queryset, sort="mean", stage=Stage.PROVINCE):
    """The whole ranking of a stage as nominations with their figures, rank and flags (selection minutes, exports,
    decisions)."""
    return finish_rows(list(_in_order(with_scores(queryset, stage), sort)))


def national_ranking(award_round, commodity=None):
    """The national ranking (of one commodity type, or all), by national score, each row also carrying the
    provincial mean (`province_mean`) of the sheets its province's team submitted."""
    queryset = national_nominations(award_round, None if commodity is None else [commodity])
    rows = ranking(queryset, stage=Stage.NATIONAL)
    province_means = dict(
        queryset.annotate(m=Avg("score_sheets__total", filter=_submitted(Stage.PROVINCE))).values_list("pk", "m")
    )
    for row in rows:
        row.province_mean = province_means.get(row.pk)
    return rows


def go_global_ranking(award_round):
    """The Go Global ranking: the selection's candidates by their Go Global score, each row with its decision (its
    star level and `decision.score`, the score the award was decided on: national, or provincial in a round without
    a national assessment) and whether it is in the cohort (`in_cohort`)."""
    queryset = go_global_candidates(award_round).select_related("decision__level", "cohort_membership")
    rows = ranking(queryset, stage=Stage.GO_GLOBAL)
    for row in rows:
        row.in_cohort = hasattr(row, "cohort_membership")
    return rows


FIGURES = ("mean", "sheet_count", "conflict_count", "low", "high", "stddev", "spread", "position")


def ranked(queryset, sort="mean", stage=Stage.PROVINCE):
    """The ranking's figures (pk, FIGURES) as a queryset of dicts, the rank a window function in the database.

    Only the nominations' ids and figures are grouped and sorted: a page of it reads its 50 rows, and
    `ranked_rows` then reads those nominations by primary key. Grouping the whole rows with their regency,
    province and commodity took PostgreSQL more than twice as long (East Java: 12.5 ms against 5.0 ms, timed
    in-process on the benchmark database).
    """
    return _in_order(_scores(queryset, stage), sort).values("pk", *FIGURES)


def ranked_rows(figures):
    """The nominations of (a page of) `ranked`, in its order, carrying its figures, their rank and flags."""
    figures = list(figures)
    nominations = Nomination.objects.select_related("regency__province", "commodity").in_bulk(
        [f["pk"] for f in figures]
    )
    rows = []
    for found in figures:
        row = nominations[found["pk"]]
        for name in FIGURES:
            setattr(row, name, found[name])
        rows.append(row)
    return finish_rows(rows)


def finish_rows(rows):
    """Rank (none without a submitted sheet), the disagreement flag and `hidden` (a team member's view sets it)
    of ranked rows. Every flag the table reads is set: a missing attribute costs the template engine
    a failed lookup and a dir() of the model instance per row."""
    for row in rows:
        row.rank = row.position if row.mean is not None else None
        row.disagreement = row.spread is not None and row.spread > DISAGREEMENT_POINTS
        row.hidden = False
    return rows


def national_worklist(assessor, award_round):
    """What an assessor assesses in the round: the forwarded nominations of their commodity types."""
    assigned = Assignment.objects.filter(assessor=assessor, round=award_round, stage=Stage.NATIONAL).values(
        "commodity_id"
    )
    return national_nominations(award_round).filter(commodity_id__in=assigned)


def on_go_global_panel(assessor, award_round):
    return Assignment.objects.filter(assessor=assessor, round=award_round, stage=Stage.GO_GLOBAL).exists()


def go_global_worklist(assessor, award_round):
    """What a Go Global panel member scores in the round: every candidate of its selection."""
    if not on_go_global_panel(assessor, award_round):
        return Nomination.objects.none()
    return go_global_candidates(award_round)


def scoring_stage(user, award_round=None):
    """The stage a scorer scores in, in a round.

    Team members score in their province's stage. An assessor's stage follows the round: before its results are
    published, the national assessment (for the commodity types they are assigned); once they are published the
    national sheets are final and, for a member of the round's Go Global panel, the Go Global selection. So an
    assessor may assess nationally in one round and sit on the panel in another, or both in one round, one after
    the other; without a round (or on no panel of it) an assessor is a national assessor.
    """
    if not (user.is_authenticated and user.is_assessor):
        return Stage.PROVINCE
    if award_round is not None and award_round.results_published and on_go_global_panel(user, award_round):
        return Stage.GO_GLOBAL
    return Stage.NATIONAL


def stage_window_open(award_round, stage):
    """Whether the stage's scorers may score in the round now."""
    return {
        Stage.PROVINCE: award_round.scoring_window_open,
        Stage.NATIONAL: award_round.national_window_open,
        Stage.GO_GLOBAL: award_round.go_global_window_open,
    }[stage]()


def assessor_round(assessor, rounds, chosen=None):
    """The round of `rounds` (in curation, newest first) an assessor's worklist shows: `chosen` if they are assigned
    in it, else the newest whose stage (scoring_stage) is open for them, else the newest they are assigned in. So a
    Go Global panel member of a published round still reaches its candidates while a newer round in curation names
    them a national assessor."""
    assigned = list(rounds.filter(assignments__assessor=assessor).distinct())
    if chosen is not None and chosen in assigned:
        return chosen
    open_now = (r for r in assigned if stage_window_open(r, scoring_stage(assessor, r)))
    return next(open_now, assigned[0] if assigned else None)


def stage_worklist(member, award_round, stage):
    """The nominations a scorer scores in the stage of the round."""
    if stage == Stage.GO_GLOBAL:
        return go_global_worklist(member, award_round)
    if stage == Stage.NATIONAL:
        return national_worklist(member, award_round)
    return in_curation(award_round, member.province)


def worklist(member, award_round, stage=None):
    """The scorer's nominations of their stage in the round (a member's province in curation; an assessor's
    commodity types forwarded; a panel member's Go Global candidates) with the scorer's own sheet status."""
    stage = stage or scoring_stage(member, award_round)
    own = ScoreSheet.objects.filter(nomination=OuterRef("pk"), member=member, stage=stage)
    items = stage_worklist(member, award_round, stage)
    return (
        items.select_related("regency__province", "commodity")
        .annotate(
            own_submitted=Exists(own.filter(status=SheetStatus.SUBMITTED)),
            own_conflict=Exists(own.filter(status=SheetStatus.CONFLICT)),
            own_draft=Exists(own.filter(status=SheetStatus.DRAFT)),
        )
        .order_by("regency__name", "business_name", "pk")
    )


def progress(states):
    """Scored, declined for a conflict, still to do, of (own_submitted, own_conflict) pairs."""
    scored = sum(1 for submitted, _conflict in states if submitted)
    conflicts = sum(1 for submitted, conflict in states if conflict and not submitted)
    total = len(states)
    return {
        "scored": scored,
        "conflicts": conflicts,
        "todo": total - scored - conflicts,
        "total": total,
        "percent": round(100 * (scored + conflicts) / total) if total else 100,
    }


def own_sheet_submitted(member, nomination, stage=Stage.PROVINCE):
    return ScoreSheet.objects.filter(
        nomination=nomination, member=member, stage=stage, status=SheetStatus.SUBMITTED
    ).exists()


CALIBRATION_SECONDS = 60


def _submitted_sheets(award_round, province, stage=Stage.PROVINCE):
    sheets = ScoreSheet.objects.filter(nomination__round=award_round, stage=stage, status=SheetStatus.SUBMITTED)
    if province is not None:
        sheets = sheets.filter(nomination__regency__province=province)
    return sheets


def member_statistics(award_round, province=None, stage=Stage.PROVINCE):
    """Each scorer's mean, standard deviation and count of submitted totals of the stage in the round (or province).

    One grouped query over every sheet of the round, kept a minute in the cache (a page that shows them is kept in
    the page cache no longer: core.page_cache.kept_apart).
    """
    return kept_apart(
        f"member-calibration:{award_round.pk}:{stage}:{getattr(province, 'pk', 'all')}",
        lambda: {
            row["member_id"]: row
            for row in _submitted_sheets(award_round, province, stage)
            .values("member_id", "member__first_name", "member__last_name", "member__username")
            .annotate(mean=Avg("total"), sd=StdDev("total"), count=Count("id"))
        },
        CALIBRATION_SECONDS,
    )


def _z_scores(rows, stats):
    """Mean z-score by nomination of (member, nomination, total) rows, and the nominations each member scored.

    A member's z-score of a sheet is (sheet total − the member's mean) / the member's standard deviation,
    so a harsh and a lenient scorer rank nominations on the same footing.
    """
    z_by_nomination, scored_by_member = defaultdict(list), defaultdict(list)
    for member_id, nomination_id, total in rows:
        member = stats.get(member_id)
        if member is None:  # a sheet submitted after the cached statistics: counted on the next refresh
            continue
        sd = float(member["sd"] or 0)
        z_by_nomination[nomination_id].append(
            (float(total) - float(member["mean"])) / sd if sd and member["count"] > 1 else 0.0
        )
        scored_by_member[member_id].append(nomination_id)
    return {n: statistics.fmean(zs) for n, zs in z_by_nomination.items()}, scored_by_member


def z_scores(award_round, province, nominations):
    """The mean z-score of each of `nominations` (ids of this round and province), for a page of a ranking.

    Their sheets are read by the ids alone: joined back to the round and regencies, PostgreSQL read the
    whole round (East Java: 6.6 ms of execution by EXPLAIN ANALYZE, against under 1 ms in all by ids).
    """
    rows = (
        ScoreSheet.objects.filter(nomination__in=nominations, stage=Stage.PROVINCE, status=SheetStatus.SUBMITTED)
        .order_by()
        .values_list("member_id", "nomination_id", "total")
    )
    return _z_scores(rows, member_statistics(award_round, province))[0]


def calibration(award_round, province=None, stage=Stage.PROVINCE):
    """Per scorer: their mean total and the others' mean on the same nominations; and z-scores per nomination.

    Returns (members, mean z by nomination) over every submitted sheet of the stage in the round (or province).
    """
    stats = member_statistics(award_round, province, stage)
    rows = list(
        _submitted_sheets(award_round, province, stage).order_by().values_list("member_id", "nomination_id", "total")
    )
    by_nomination = defaultdict(list)
    for _member_id, nomination_id, total in rows:
        by_nomination[nomination_id].append(float(total))
    team_mean = {n: statistics.fmean(totals) for n, totals in by_nomination.items()}
    z_by_nomination, scored_by_member = _z_scores(rows, stats)
    members = []
    for member_id, member in stats.items():
        scored = scored_by_member.get(member_id)
        if not scored:
            continue
        team = statistics.fmean(team_mean[n] for n in scored)
        name = f"{member['member__first_name']} {member['member__last_name']}".strip() or member["member__username"]
        members.append(
            {
                "name": name,
                "sheets": member["count"],
                "mean": float(member["mean"]),
                "sd": float(member["sd"] or 0),
                "team_mean": team,
                "difference": float(member["mean"]) - team,
            }
        )
    members.sort(key=lambda m: m["name"])
    return members, z_by_nomination


def own_total(sheet):
    """A scorer's own weighted total of their saved scores (draft or submitted), shown to them alone on their score
    page: the stored total of a submitted sheet, else what submitting the saved scores would store."""
    if sheet is None:
        return None
    if sheet.total is not None:
        return sheet.total
    return weighted_total(sheet.scores.all())
