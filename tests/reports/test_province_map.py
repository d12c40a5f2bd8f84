"""The map of participation on the statistics page (reports.statistics.province_map): every province a tile,
shaded by its nominations as the viewer may see them, the same figures in the table beside it."""

import re

import pytest
from django.urls import reverse

from reports.statistics import SHADES, TILES, province_map

pytestmark = pytest.mark.django_db

TILE = re.compile(
    r'<g class="tile" data-province="(\d+)" data-count="(\d+)"[^>]*>\s*<title>([^<]*)</title>\s*'
    r'<rect [^>]*fill="(#\w+)"[^>]*></rect>\s*<text [^>]*fill="(#\w+)">(\w+)</text>'
)


def tiles(client, award_round):
    page = client.get(reverse("reports:statistics"), {"round": award_round.pk}).content.decode()
    return {code: (int(n), title, fill, short) for code, n, title, fill, _ink, short in TILE.findall(page)}, page


def table_rows(page):
    table = page[page.index('id="province-map-table"') :]
    table = table[: table.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)
    return [re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip() for row in rows]


def test_map_has_a_tile_per_province_shaded_by_nominations_with_the_table_beside(client, two_provinces, admin_user):
    client.force_login(admin_user)
    shown, page = tiles(client, two_provinces)
    assert len(shown) == 38 == len(TILES)
    assert shown["34"][:2] == (2, "Daerah Istimewa Yogyakarta: 2") and shown["34"][3] == "YO"
    assert shown["32"][0] == 1
    # Shading follows the figures: the most darkest, fewer lighter, none the empty shade.
    assert shown["34"][2] == SHADES[-1][0]
    assert shown["32"][2] not in (SHADES[0][0], SHADES[-1][0])
    assert {fill for code, (n, _t, fill, _s) in shown.items() if n == 0} == {SHADES[0][0]}
    assert table_rows(page)[1:3] == ["YO Daerah Istimewa Yogyakarta 2", "JB Jawa Barat 1"]
    assert re.fullmatch(r"36 \w+ \w+ 0", table_rows(page)[3])  # the other provinces (Indonesian by default)
    assert 'id="province-map-legend"' in page


def test_map_is_scoped_like_the_page(client, two_provinces, officer, team_member):
    """An officer's map counts their regency's nominations only; a team member's their province's."""
    client.force_login(officer)
    shown, _page = tiles(client, two_provinces)
    assert shown["34"][0] == 1 and shown["32"][0] == 0
    client.force_login(team_member)
    shown, _page = tiles(client, two_provinces)
    assert shown["34"][0] == 2 and shown["32"][0] == 0
    assert sum(n for n, *_rest in shown.values()) == 2


def test_map_shades_in_equal_steps_up_to_the_largest_count():
    provinces = [("11", "Aceh"), ("12", "Sumatera Utara"), ("13", "Sumatera Barat"), ("14", "Riau")]
    chart = province_map(provinces, {"11": 8, "12": 1, "13": 5})  # steps of two
    fills = {tile[0]: tile[6] for tile in chart.tiles}
    assert fills == {"11": SHADES[4][0], "12": SHADES[1][0], "13": SHADES[3][0], "14": SHADES[0][0]}
    assert [label for label, *_colours in chart.legend] == ["0", "1–2", "3–4", "5–6", "7–8"]
    assert chart.rows == [("AC", "Aceh", 8), ("SB", "Sumatera Barat", 5), ("SU", "Sumatera Utara", 1)]
    assert chart.others == 1
    two = province_map(provinces, {"11": 2, "12": 1})  # two steps: the darker two shades
    assert [tile[6] for tile in two.tiles] == [SHADES[4][0], SHADES[3][0], SHADES[0][0], SHADES[0][0]]
