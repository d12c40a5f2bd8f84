"""Figures of a round as the user may see them: nominations by commodity and province, status counts,
the administrative selection (in, passed, not passed, per province and commodity), awards by level, provinces
taking part; and, across the published rounds, the stars awarded per year and level. Each is one aggregate query."""

from dataclasses import dataclass, field

from django.db.models import Count, Min, Q

from awards.models import AwardLevel, CohortMembership
from awards.selectors import OUTCOME_LABELS, reevaluation_outcome
from curation.models import go_global_candidates
from nominations.models import Nomination, NominationStatus
from nominations.models.commodity import in_english
from nominations.models.nomination import QUOTA_STATUSES


def round_statistics(user, award_round):
    seen = Nomination.objects.visible_to(user).filter(round=award_round)
    # The round's own nominations; re-evaluations of earlier stars are counted apart (`reevaluation`).
    visible = seen.filter(reevaluates__isnull=True)
    submitted = visible.filter(status__in=QUOTA_STATUSES)
    by_commodity = list(
        submitted.values("commodity__name_id", "commodity__name_en", "commodity__position")
        .annotate(n=Count("id"))
        .order_by("-n", "commodity__position")
    )
    by_province = list(
        submitted.values("regency__province__code", "regency__province__name")
        .annotate(n=Count("id"))
        .order_by("-n", "regency__province__code")
    )
    labels = dict(NominationStatus.choices)
    status_counts = [
        (labels[row["status"]], row["n"]) for row in visible.values("status").annotate(n=Count("id")).order_by("status")
    ]
    awards = []
    if user.is_ministry_admin or award_round.results_published:
        counts = (
            AwardLevel.objects.filter(round=award_round)
            .annotate(n=Count("decisions", filter=Q(decisions__nomination__in=visible)))
            .order_by("rank")
        )
        awards = [(level, level.n) for level in counts]
    cohort = (
        CohortMembership.objects.filter(nomination__in=visible).count()
        if (user.is_ministry_admin or award_round.results_published)
        else None
    )
    # The Go Global selection's candidates (holders of an eligible level, once published) among what the user sees.
    candidates = (
        go_global_candidates(award_round).filter(pk__in=visible.values("pk")).count()
        if award_round.results_published
        else None
    )
    selection = None
    if award_round.admin_selection:
        counts = {
            "n": Count("id"),
            "passed": Count("id", filter=Q(admin_check__passed=True)),
            "failed": Count("id", filter=Q(admin_check__passed=False)),
        }
        selection = {
            **submitted.aggregate(**counts),
            "by_province": list(
                submitted.values("regency__province__name").annotate(**counts).order_by("regency__province__name")
            ),
            "by_commodity": list(
                submitted.values("commodity__name_id", "commodity__name_en", "commodity__position")
                .annotate(**counts)
                .order_by("commodity__position")
            ),
        }
    return {
        "reevaluation": reevaluation_figures(user, award_round, seen.filter(reevaluates__isnull=False)),
        "selection": selection,
        "total": submitted.count(),
        "provinces": len(by_province),
        "by_commodity": by_commodity,
        "by_province": by_province,
        "status_counts": status_counts,
        "awards": awards,
        "cohort": cohort,
        "go_global_candidates": candidates,
    }


def reevaluation_figures(user, award_round, entries):
    """Re-evaluations of earlier stars in the round: how many, how many submitted, and, once decided (and published,
    for anyone but ministry admins), how many kept, raised, lowered and withdrawn their star. None without any."""
    rows = list(entries.select_related("reevaluates__decision__level", "decision__level"))
    if not rows:
        return None
    outcomes = None
    if user.is_ministry_admin or award_round.results_published:
        outcomes = dict.fromkeys(OUTCOME_LABELS, 0)
        levels = list(award_round.award_levels.all())
        for entry in rows:
            decision = getattr(entry, "decision", None)
            if decision is not None:
                outcomes[reevaluation_outcome(entry.reevaluates.decision.level, decision.level, levels)] += 1
    return {
        "n": len(rows),
        "submitted": sum(1 for entry in rows if entry.status in QUOTA_STATUSES),
        "outcomes": [(OUTCOME_LABELS[key], n) for key, n in outcomes.items()] if outcomes is not None else None,
    }


def bars(rows):
    """(label, value, percent of the largest) for a server-drawn bar chart."""
    top = max((value for _label, value in rows), default=0) or 1
    return [(label, value, round(100 * value / top, 1)) for label, value in rows]


# Stars by level over the years ----------------------------------------------------------------------------------

# Level colours, highest level darkest (the bar charts' blue first); more levels than colours reuse the last.
LEVEL_COLOURS = ["#0b4f6c", "#3a87ad", "#8cc0da", "#c9e1ee", "#e6f1f7"]
ROW, GAP = 22, 10  # a bar row's height and the space between years, in the SVG's units


@dataclass
class StarChart:
    """Stars awarded per year (published rounds only) and level: `levels` [(name, colour)], highest first;
    `years` [(year, [count per level], total)]; `groups` the SVG's years, each (year, y, [(name, value, percent,
    colour, y)]); `height` the SVG's height."""

    levels: list = field(default_factory=list)
    years: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    height: int = 0


def stars_by_year(user):
    """The stars (awarded decisions) of the published rounds among the nominations the user may see, counted per
    year and level. Levels are data of each round: a level is counted by its name, placed by its best rank. Decisions
    of a round not yet published are never counted, for ministry admins neither: this is a record of awards made."""
    english = in_english()
    counts = (
        Nomination.objects.visible_to(user)
        .filter(round__results_published_at__isnull=False, decision__level__isnull=False)
        .values("round__year", "decision__level__name_id", "decision__level__name_en")
        .annotate(n=Count("id"), rank=Min("decision__level__rank"))
        .order_by("round__year")
    )
    years, ranks, names, per_cell = [], {}, {}, {}
    for row in counts:
        key = row["decision__level__name_id"]
        names[key] = (row["decision__level__name_en"] if english else key) or key
        ranks[key] = min(ranks.get(key, row["rank"]), row["rank"])
        if row["round__year"] not in years:
            years.append(row["round__year"])
        cell = (row["round__year"], key)
        per_cell[cell] = per_cell.get(cell, 0) + row["n"]
    order = sorted(ranks, key=lambda k: (ranks[k], k))
    colours = {key: LEVEL_COLOURS[min(i, len(LEVEL_COLOURS) - 1)] for i, key in enumerate(order)}
    chart = StarChart(levels=[(names[k], colours[k]) for k in order])
    top = max(per_cell.values(), default=0) or 1
    y = 0
    for year in years:
        values = [per_cell.get((year, key), 0) for key in order]
        chart.years.append((year, values, sum(values)))
        bars_of_year = []
        for row_index, (key, value) in enumerate(zip(order, values, strict=True)):
            bars_of_year.append((names[key], value, round(100 * value / top, 1), colours[key], y + row_index * ROW))
        chart.groups.append((year, y, bars_of_year))
        y += len(order) * ROW + GAP
    chart.height = max(y - GAP, 0)
    return chart


# The map of participation --------------------------------------------------------------------------------------

# Each province as a tile (column, row) of a grid laid out roughly as Indonesia lies, west to east: Sumatra on the
# left from Aceh down to Lampung, Java in a row at the bottom with Bali and Nusa Tenggara after it, Kalimantan
# and Sulawesi above, Maluku and the Papua provinces on the right. Keyed by Kemendagri code, with the province's
# ISO 3166-2:ID short code as the tile's label.
TILES = {
    "11": (0, 0, "AC"),
    "12": (1, 1, "SU"),
    "14": (2, 1, "RI"),
    "21": (3, 1, "KR"),
    "13": (1, 2, "SB"),
    "15": (2, 2, "JA"),
    "19": (3, 2, "BB"),
    "17": (1, 3, "BE"),
    "16": (2, 3, "SS"),
    "18": (2, 4, "LA"),
    "36": (3, 5, "BT"),
    "31": (4, 5, "JK"),
    "32": (5, 5, "JB"),
    "33": (6, 5, "JT"),
    "34": (7, 5, "YO"),
    "35": (8, 5, "JI"),
    "51": (9, 5, "BA"),
    "52": (10, 5, "NB"),
    "53": (11, 5, "NT"),
    "61": (5, 2, "KB"),
    "62": (6, 2, "KT"),
    "64": (7, 2, "KI"),
    "65": (7, 1, "KU"),
    "63": (7, 3, "KS"),
    "76": (8, 2, "SR"),
    "72": (9, 2, "ST"),
    "75": (9, 1, "GO"),
    "71": (10, 1, "SA"),
    "73": (8, 3, "SN"),
    "74": (9, 3, "SG"),
    "82": (11, 1, "MU"),
    "81": (11, 3, "MA"),
    "96": (12, 2, "PD"),
    "92": (13, 2, "PB"),
    "91": (14, 2, "PA"),
    "94": (13, 3, "PT"),
    "95": (14, 3, "PE"),
    "93": (14, 4, "PS"),
}
TILE, TILE_GAP = 40, 4  # a tile's side and the space between tiles, in the SVG's units
# Shades from no nomination to the most, each with a text colour at 4.5:1 or more on it (the tile's label).
SHADES = [
    ("#f1f3f5", "#212529"),
    ("#c9e1ee", "#212529"),
    ("#6fb0d0", "#212529"),
    ("#2f7aa0", "#fff"),
    ("#0b4f6c", "#fff"),
]


@dataclass
class ProvinceMap:
    """The tile map: `tiles` [(code, short, name, n, x, y, fill, text colour)], `legend` [(label, fill, text
    colour)], `rows` the provinces with nominations [(short, name, n)] most first, `others` how many have none."""

    tiles: list
    legend: list
    rows: list
    others: int
    width: int = 15 * (TILE + TILE_GAP)
    height: int = 6 * (TILE + TILE_GAP)


def province_map(provinces, counts):
    """The tile map of `provinces` [(code, name)] shaded by `counts` {code: n}: no nomination, then up to four equal
    steps up to the largest count, the largest always in the darkest shade."""
    top = max(counts.values(), default=0)
    step = -(-top // 4) or 1  # ceil
    bounds = [(1 + i * step, min((i + 1) * step, top)) for i in range(4) if 1 + i * step <= top]
    first = len(SHADES) - len(bounds)  # fewer steps than shades: the darker ones
    legend = [("0", *SHADES[0])] + [
        (f"{low}" if low == high else f"{low}–{high}", *SHADES[first + i]) for i, (low, high) in enumerate(bounds)
    ]
    tiles, rows = [], []
    for code, name in provinces:
        if code not in TILES:
            continue
        column, row, short = TILES[code]
        n = counts.get(code, 0)
        shade = SHADES[0] if n == 0 else SHADES[first + (n - 1) // step]
        tiles.append((code, short, name, n, column * (TILE + TILE_GAP), row * (TILE + TILE_GAP), *shade))
        if n:
            rows.append((short, name, n))
    rows.sort(key=lambda row: (-row[2], row[1]))
    return ProvinceMap(tiles=tiles, legend=legend, rows=rows, others=len(tiles) - len(rows))
