import json
import re
from datetime import date

import folium
import h3.api.basic_int as h3
import pytest

from geo.render import bulk_layers
from geo.render.palette import ACLED_TYPE_COLOURS
from geo.store.bins import Bin, EventPoint, ViewFeatures
from tests.conftest import HOSTILE

DAY = date(2022, 9, 13)


def point(key="A", geo_precision=1, date_precision="day", lat=40.0, lon=44.0, **fields) -> EventPoint:
    values = {
        "title": "Armed clash",
        "location": "Jermuk",
        "actor1": "Military Forces of Armenia",
        "actor2": None,
        "fatalities": 2,
        "event_type": "Battles",
    } | fields
    return EventPoint(
        key,
        lat,
        lon,
        DAY,
        DAY,
        date_precision,
        geo_precision,
        values["event_type"],
        values["title"],
        values["location"],
        values["actor1"],
        values["actor2"],
        values["fatalities"],
    )


def rendered(view: ViewFeatures) -> str:
    fmap = folium.Map(tiles=None)
    bulk_layers.imported_layer(view).add_to(fmap)
    return fmap.get_root().render()


def geojson_data(page: str) -> list[dict]:
    """The FeatureCollections folium embeds, in order."""
    return [json.loads(m) for m in re.findall(r"^\s*geo_json_[0-9a-f]+_add\((\{.*\})\);$", page, flags=re.M)]


def styles(page: str, layer: int) -> dict[str, dict]:
    """feature id → style, read back from the styler switch folium writes for one layer (-1: the last)."""
    page = page.split("_styler(feature) {")[1:][layer].split("}\n")[0]
    found = {}
    for ids, style in re.findall(r"((?:case \"[a-z]\d+\": )+)\s*return (\{.*?\});", page):
        for feature_id in re.findall(r"\"([a-z]\d+)\"", ids):
            found[feature_id] = json.loads(style)
    for default in re.findall(r"default:\s*return (\{.*?\});", page):
        found.setdefault("default", json.loads(default))
    return found


def style_of(page: str, feature_id: str, layer: int = -1) -> dict:
    table = styles(page, layer)
    return table.get(feature_id, table["default"])


@pytest.mark.parametrize("text", HOSTILE)
def test_data_text_reaches_the_page_escaped(text):
    view = ViewFeatures(1, points=(point(title=text, location=text, actor1=text, event_type=text, key=text),))
    page = rendered(view)
    assert "<img src=x" not in page and "${1}" not in page and "</script><script>alert" not in page
    [collection] = geojson_data(page)
    label = collection["features"][0]["properties"]["label"]
    assert (
        "&lt;img" in label
        or "&#36;&#123;1&#125;" in label
        or "&#96;" in label
        or "&#92;" in label
        or "&lt;/script" in label
    )


@pytest.mark.parametrize("geo_precision, hollow, halo", [(1, False, False), (2, True, False), (3, True, True)])
def test_location_precision_is_drawn(geo_precision, hollow, halo):
    page = rendered(ViewFeatures(1, points=(point(geo_precision=geo_precision),)))
    collections = geojson_data(page)
    assert len(collections) == (2 if halo else 1)
    style = style_of(page, "p0")
    assert (style["fillColor"] == "#ffffff") is hollow
    assert style["color"] == ACLED_TYPE_COLOURS["Battles"]


@pytest.mark.parametrize("date_precision, dashed", [("day", False), ("week", True), ("month", True)])
def test_a_date_known_only_to_the_week_or_month_has_a_dashed_ring(date_precision, dashed):
    page = rendered(ViewFeatures(1, points=(point(date_precision=date_precision),)))
    assert (style_of(page, "p0")["dashArray"] is not None) is dashed


def test_the_tooltip_says_what_where_when_and_how_precisely():
    assert bulk_layers.point_label(point(geo_precision=3, actor2="Civilians (Armenia)")) == (
        "13 Sep 2022: Battles – Armed clash in Jermuk (located only to a province or country). "
        "Military Forces of Armenia vs Civilians (Armenia); 2 killed"
    )


def test_bins_become_hexagons_with_their_counts():
    cells = [h3.latlng_to_cell(40.0, 44.0, 4), h3.latlng_to_cell(41.0, 45.0, 4)]
    view = ViewFeatures(
        13_500,
        bins=(
            Bin(cells[0], 13_000, 7_000, 40.0, 44.0, DAY, DAY),
            Bin(cells[1], 500, 0, 41.0, 45.0, date(2001, 1, 1), DAY),
        ),
        resolution=4,
    )
    page = rendered(view)
    hexagons, labels = geojson_data(page)
    assert [len(f["geometry"]["coordinates"][0]) for f in hexagons["features"]] == [7, 7]
    assert [f["properties"]["label"] for f in hexagons["features"]] == [
        "13,000 events (2022), 7,000 of them located only to a district or region. Zoom in for details.",
        "500 events (2001–2022). Zoom in for details.",
    ]
    assert "13k" in page and ">500<" in page and len(labels["features"]) == 2
    assert style_of(page, "b0", 0)["dashArray"] and style_of(page, "b1", 0)["dashArray"] is None  # mostly imprecise


def test_a_hexagon_on_the_antimeridian_stays_in_one_piece():
    cell = h3.latlng_to_cell(-17.0, 179.99, 3)
    ring = bulk_layers._hexagon(Bin(cell, 3, 0, -17.0, 180.2, DAY, DAY))
    assert max(lon for lon, _ in ring) - min(lon for lon, _ in ring) < 5


def test_a_full_view_of_hexagons_stays_far_below_a_megabyte():
    cells = sorted(h3.grid_disk(h3.latlng_to_cell(45.0, 60.0, 4), 14))[:600]
    view = ViewFeatures(
        600_000, bins=tuple(Bin(c, 1000 + i, i, 45.0, 60.0, DAY, DAY) for i, c in enumerate(cells)), resolution=4
    )
    assert len(rendered(view).encode()) < 400_000


def test_the_legend_explains_precision_and_escapes_types():
    legend = bulk_layers.imported_legend_html(["Battles", "<b>x</b>"])
    assert "&lt;b&gt;x&lt;/b&gt;" in legend and "<b>x</b>" not in legend
    for words in ("hollow", "halo", "dashed", "hexagon"):
        assert words in legend


def test_an_empty_view_is_an_empty_layer():
    assert geojson_data(rendered(ViewFeatures(0))) == []
