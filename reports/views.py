"""The statistics page and the export downloads."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import get_language, gettext

from accounts.forms import UserFilterForm
from accounts.models import Province, display_region_name
from accounts.selectors import users_for_list
from core.decorators import rule_required
from core.page_cache import cached_page, kept_apart
from core.views import object_from_query
from curation.views.common import results_hidden
from nominations.models import AwardRound
from nominations.models.commodity import in_english

from .exports import ACROSS_ROUNDS, CHUNK, DATASETS, USER_COLUMNS, Hidden, csv_response, headers_and_rows, xlsx_response
from .statistics import bars, province_map, round_statistics, stars_by_year


def _round(request):
    rounds = AwardRound.objects.exclude(status="draft")
    return object_from_query(request, "round", rounds) or rounds.first(), rounds


@rule_required("reports.statistics")
@cached_page(round_query="round")  # ?round= names the one round whose figures it shows
def statistics(request):
    award_round, rounds = _round(request)
    context = {"award_round": award_round, "rounds": rounds}
    if award_round is not None:
        user = request.user
        scope = (
            "nation"
            if user.is_ministry_admin
            else f"province-{user.province_id}"
            if user.is_team_member
            else f"regency-{user.regency_id}"
            if user.is_officer
            else f"user-{user.pk}"  # an assessor: what their assignments show
        )
        published = int(award_round.results_published_at.timestamp()) if award_round.results_published_at else 0
        key = f"round-statistics:{award_round.pk}:{published}:{scope}:{get_language()}"
        # The page says its figures are at most STATISTICS_SECONDS old: the page cache keeps it no longer.
        context.update(kept_apart(key, lambda: statistics_context(user, award_round), STATISTICS_SECONDS))
        context["statistics_seconds"] = STATISTICS_SECONDS
        context["star_chart"] = stars_by_year(user)
        context["downloads"] = downloads(user, award_round)
    return render(request, "reports/statistics.html", context)


def downloads(user, award_round):
    """The exports this user may download from the statistics page, each named by what it holds: [(label, url)]."""
    this_round = f"?round={award_round.pk}"
    datasets = [
        ("nominations", this_round, gettext("Nominations of this round")),
        ("nominations", "?round=all", gettext("Nominations of every round")),
    ]
    if not user.is_officer:
        datasets += [
            ("sheets", this_round, gettext("Score sheets")),
            ("ranking", this_round, gettext("Ranking")),
        ]
    if user.is_ministry_admin:
        datasets.append(("decisions", this_round, gettext("Award decisions")))
    datasets.append(("cohort", this_round, gettext("Go Global cohort")))
    return [
        (f"{label} ({fmt.upper()})", reverse("reports:export", args=[dataset, fmt]) + query)
        for dataset, query, label in datasets
        for fmt in ("xlsx", "csv")
    ]


# The statistics of a round are aggregates over all its nominations: they are kept in the cache (Redis when
# REDIS_URL is set) for a minute per round, scope and language; the page says how fresh they are.
STATISTICS_SECONDS = 60


def statistics_context(user, award_round):
    figures = round_statistics(user, award_round)
    english = in_english()
    selection = figures["selection"]
    if selection:
        for row in selection["by_province"]:
            row["name"] = display_region_name(row["regency__province__name"])
        for row in selection["by_commodity"]:
            row["name"] = (row["commodity__name_en"] if english else row["commodity__name_id"]) or "—"
    return {
        "selection": selection,
        "reevaluation": figures["reevaluation"],
        "selection_tables": [
            (gettext("By province"), selection["by_province"]),
            (gettext("By commodity type"), selection["by_commodity"]),
        ]
        if selection
        else [],
        "total": figures["total"],
        "provinces": figures["provinces"],
        "cohort": figures["cohort"],
        "go_global_candidates": figures["go_global_candidates"],
        "by_commodity": figures["by_commodity"],
        "commodity_bars": bars(
            [
                ((r["commodity__name_en"] if english else r["commodity__name_id"]) or "—", r["n"])
                for r in figures["by_commodity"]
            ]
        ),
        "province_map": province_map(
            [(province.code, str(province)) for province in Province.objects.all()],
            {row["regency__province__code"]: row["n"] for row in figures["by_province"]},
        ),
        "status_bars": bars([(str(label), n) for label, n in figures["status_counts"]]),
        "award_bars": bars([(str(level), n) for level, n in figures["awards"]]),
    }


@rule_required("reports.export")
def export(request, dataset, fmt):
    if dataset not in DATASETS or fmt not in ("csv", "xlsx"):
        raise Http404
    if dataset in ACROSS_ROUNDS or (request.GET.get("round") == "all" and dataset == "nominations"):
        award_round = None  # every round the user may see
    else:
        award_round, _rounds = _round(request)
        if award_round is None:
            raise Http404
    build, name = DATASETS[dataset]
    try:
        headers, rows = build(request.user, award_round)
    except Hidden as hidden:
        if hidden.args[0] is None:
            raise PermissionDenied from hidden
        return results_hidden(request, hidden.args[0])
    filename = f"{name}-{award_round.year if award_round else 'semua'}"
    if fmt == "csv":
        return csv_response(headers, rows, filename)
    return xlsx_response(headers, rows, filename, name)


@rule_required("accounts.manage_users")
def users_export(request, fmt):
    """The Users list as filtered on its page (accounts:user_list), every page of it."""
    if fmt not in ("csv", "xlsx"):
        raise Http404
    users = UserFilterForm(request.GET or None).filter(users_for_list())
    headers, rows = headers_and_rows(USER_COLUMNS, users.iterator(chunk_size=CHUNK))
    if fmt == "csv":
        return csv_response(headers, rows, "pengguna")
    return xlsx_response(headers, rows, "pengguna", "pengguna")
