"""The control layer: shading by holder at a day, histories in tooltips, data text escaped."""

import json
from datetime import date
from pathlib import Path

import folium
import geopandas as gpd
import pytest
import shapely

from geo.alliance.control import Area, Control, ControlTable, Period, load_control
from geo.dates import parse_fuzzy
from geo.render.control_layers import control_layer, control_legend_html, control_shapes_json
from geo.render.palette import CONTROL_COLOURS
from geo.render.script import fetched
from tests.conftest import HOSTILE

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def table():
    return load_control(ROOT / "data")


def _areas(group: folium.FeatureGroup) -> dict[str, dict]:
    """Area id -> {style, label}: the JSON the layer's script hands Leaflet, read from the rendered page."""
    page = folium.Map(tiles=None).add_child(group).get_root().render()
    return json.loads(page.split("(function (areas, group) {", 1)[1].split("})(", 1)[1].split(", feature_group", 1)[0])


def _shading(group: folium.FeatureGroup) -> dict[str, tuple[str, float]]:
    """Area name (from its label) -> (outline colour, fill opacity), as Leaflet receives them."""
    return {
        area["label"].split(",")[0]: (area["style"]["color"], area["style"].get("fillOpacity", 0))
        for area in _areas(group).values()
    }


def test_shading_differs_between_2019_2021_and_2024(table):
    by_year = {year: _shading(control_layer(table, date(year, 12, 31))) for year in (2019, 2021, 2024)}
    armenian, azerbaijan = CONTROL_COLOURS[Control.ARMENIAN], CONTROL_COLOURS[Control.AZERBAIJAN]
    kalbajar, agdam, oblast = "Kalbajar (Kəlbəcər)", "Agdam (Ağdam)", "Nagorno-Karabakh (the 1991 oblast)"
    assert by_year[2019][kalbajar] == (armenian, 0.6)
    assert by_year[2019][agdam] == (armenian, 0.25)  # held only in part: pale
    assert by_year[2021][kalbajar] == (azerbaijan, 0.6)
    assert by_year[2021][oblast] == (armenian, 0.25)
    assert by_year[2021]["Russian peacekeeping zone"] == (CONTROL_COLOURS[Control.PEACEKEEPERS], 0)
    assert "Russian peacekeeping zone" not in by_year[2019] and "Russian peacekeeping zone" not in by_year[2024]
    assert {colour for colour, _ in by_year[2024].values()} == {azerbaijan}
    assert len({tuple(sorted(shading.items())) for shading in by_year.values()}) == 3


def test_a_dates_range_shows_the_holder_on_its_last_day(table):
    blockade = _shading(control_layer(table, date(2023, 6, 30)))
    assert blockade["Lachin corridor"][0] == CONTROL_COLOURS[Control.BLOCKADED]


def test_tooltip_tells_the_history(table):
    group = control_layer(table, date(2019, 12, 31))
    html = folium.Map().add_child(group).get_root().render()
    assert (
        "Lachin (Laçın), 31 Dec 2019: Armenian forces, 18 May 1992 – 1 Dec 2020. History: Azerbaijan, "
        "2 Sep 1991 – 18 May 1992; Armenian forces, 18 May 1992 – 1 Dec 2020; Azerbaijan, 1 Dec 2020 – today."
    ) in html


@pytest.mark.parametrize("hostile", HOSTILE)
def test_data_text_is_escaped(hostile):
    area = Area("x", f"Area {hostile}", "district", True, f"note {hostile}")
    period = Period(
        "x", Control.CONTESTED, "whole", parse_fuzzy("2000"), None, "high", ("https://example.org",), hostile, 2
    )
    shapes = gpd.GeoDataFrame({"id": ["x"]}, geometry=[shapely.box(46, 39, 47, 40)], crs="EPSG:4326")
    text = _areas(control_layer(ControlTable({"x": area}, (period,), shapes), date(2001, 1, 1)))["x"]["label"]
    assert text.startswith("Area ") and "1 Jan 2001: contested (war)" in text
    assert hostile not in text


def test_shapes_are_fetched_once_and_only_styles_travel_with_a_year(table):
    """The app's layer names a static file for the shapes; what changes with the year is a few styles and labels."""
    source = fetched("/app/static/data/control-areas-x.json")
    scripts = {
        year: folium.Map(tiles=None).add_child(control_layer(table, date(year, 12, 31), source)).get_root().render()
        for year in (2019, 2024)
    }
    assert all(source in page and '"coordinates"' not in page for page in scripts.values())
    assert set(json.loads(control_shapes_json(table))["features"][0]["properties"]) == {"id"}
    assert {f["properties"]["id"] for f in json.loads(control_shapes_json(table))["features"]} == set(table.areas)
    assert _areas(control_layer(table, date(2019, 12, 31), source)).keys() <= set(table.areas)


def test_legend_names_every_holder():
    legend = control_legend_html()
    for control, colour in CONTROL_COLOURS.items():
        assert control.label in legend and colour in legend
    assert "held in part" in legend and "approximate shape" in legend
