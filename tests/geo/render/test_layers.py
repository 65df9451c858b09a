import json
import re

import folium
import geopandas as gpd
import pytest
from shapely.geometry import LineString, box

from geo.alliance.events import Category, Event, Source
from geo.alliance.membership import Interval, Memberships, Organisation, Status
from geo.alliance.view import View
from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place
from geo.render import layers
from geo.render.script import fetched
from tests.conftest import HOSTILE

COUNTRIES = gpd.GeoDataFrame(
    {"iso3": ["ARM", "AZE", "FRA"], "name": ["Armenia", "<b>Azerbaijan</b>", "France"]},
    geometry=[box(43, 38, 46, 41), box(46, 38, 50, 42), box(0, 43, 7, 50)],
    crs="EPSG:4326",
)
VIEW = View(35, 25, 57, 84)
CATEGORY = Category("summit", "Summit", "#56B4E9", "")
YEREVAN = Place("gn:616052", "Yerevan", "city", 40.18, 44.51, "ARM", "616052")
KARABAKH = Place("feature:nagorno-karabakh", "Nagorno-Karabakh", "region", 39.8, 46.7, "AZE", "nagorno-karabakh")


def _memberships():
    org = Organisation("CSTO", "Collective Security Treaty Organization", "CSTO", None, None, "", "")
    src = ("https://x.org",)
    intervals = [
        Interval(
            "CSTO", "ARM", Status.MEMBER, parse_fuzzy("2002-10-07"), parse_fuzzy("2024-02-22"), "high", src, "", 2
        ),
        Interval("CSTO", "ARM", Status.SUSPENDED, parse_fuzzy("2024-02-22"), None, "high", src, "", 3),
        Interval("CSTO", "AZE", Status.WITHDRAWN, parse_fuzzy("1999-04-20"), None, "high", src, "", 4),
    ]
    return Memberships([org], intervals)


def _event(title, place=YEREVAN, id_="E1"):
    return Event(
        id_,
        parse_fuzzy("2022-11-23"),
        None,
        title,
        "summary ${x}",
        "summit",
        (place.name,),
        (place,),
        None,
        ("ARM",),
        "dates differ",
        "high",
        (Source("TASS", "t", None, "javascript:alert(1)"), Source("TASS", "ok", None, "https://tass.com/1")),
    )


def _html(fmap: folium.Map, groups=()) -> str:
    for group in groups:
        group.add_to(fmap)
    return fmap.get_root().render()


@pytest.mark.parametrize("title", HOSTILE)
def test_event_text_is_escaped_in_popup_and_tooltip(title):
    page = _html(folium.Map(tiles=None), [layers.event_layer([_event(f"ZZ{title}ZZ")], {"summit": CATEGORY}, {})])
    assert f"ZZ{title}ZZ" not in page and page.count("ZZ") == 4  # tooltip and popup, each escaped
    assert "${x}" not in page and "javascript:alert" not in page
    assert '<a href="https://tass.com/1"' in page


def test_status_layer_shades_by_status_with_history():
    memberships = _memberships()
    names = {"ARM": "Armenia", "AZE": "Azerbaijan"}
    page_2023 = _html(folium.Map(tiles=None), [layers.status_layer("CSTO", 2023, memberships, names)])
    page_2024 = _html(folium.Map(tiles=None), [layers.status_layer("CSTO", 2024, memberships, names)])
    member, frozen = layers.STATUS_COLOURS[Status.MEMBER], layers.STATUS_COLOURS[Status.SUSPENDED]
    assert member in page_2023 and frozen not in page_2023
    assert frozen in page_2024 and "participation frozen at the end of 2024 (changed during the year)" in page_2024
    assert "France" not in page_2024 and "46.0" not in page_2024  # labels and colours only: no shapes


def test_events_at_one_place_get_distinct_anchors():
    events = [_event(f"e{i}", id_=f"E{i}") for i in range(4)]
    page = _html(folium.Map(tiles=None), [layers.event_layer(events, {"summit": CATEGORY}, {})])
    anchors = set(re.findall(r'"iconAnchor": \[(-?\d+), (-?\d+)\]', page))
    assert len(anchors) == 4


def test_region_markers_are_hollow_and_regions_flag_approximate():
    page = _html(folium.Map(tiles=None), [layers.event_layer([_event("t", KARABAKH)], {"summit": CATEGORY}, {})])
    assert "background:#ffffff;border-color:#56B4E9" in page
    features = gpd.GeoDataFrame(
        {
            "id": ["lachin-corridor"],
            "name": ["Lachin corridor"],
            "kind": ["corridor"],
            "approximate": [True],
            "note": ["drawn through towns"],
            "source": ["x"],
        },
        geometry=[LineString([(46.4, 39.5), (46.7, 39.8)])],
        crs="EPSG:4326",
    )
    page = _html(folium.Map(tiles=None), [layers.regions_layer(features)])
    assert "Lachin corridor (corridor, approximate)" in page and '"dashArray":"6 5"' in page


def test_legend_lists_every_status_and_category():
    legend = layers.atlas_legend_html("CSTO", [CATEGORY, Category("x", "<i>Bad</i>", "#000000", "")])
    for label in ("member", "participation frozen", "former member", "observer", "non-member", "Summit"):
        assert label in legend
    assert "<i>Bad</i>" not in legend


def test_unchanged_layers_render_the_same_script_twice():
    """What st_folium compares between reruns: an unchanged layer must not be redrawn (its popup would close)."""
    from streamlit_folium import _get_feature_group_string

    def script(stable: bool) -> str:
        group = layers.event_layer([_event("t")], {"summit": CATEGORY}, {})
        if stable:
            layers.with_stable_ids([group])
        return _get_feature_group_string(group, folium.Map(tiles=None))

    assert script(True) == script(True)
    assert script(False) != script(False)


def test_places_layer_shows_other_towns_of_an_event():
    goris = Place("gn:174895", "Goris", "city", 39.51, 46.34, "ARM", "174895")
    event = Event(
        "E17",
        parse_fuzzy("2022-09-13"),
        None,
        "Assault",
        "s",
        "summit",
        ("Jermuk", "Goris"),
        (YEREVAN, goris),
        None,
        ("ARM",),
        None,
        "high",
        (),
    )
    page = _html(folium.Map(tiles=None), [layers.places_layer([], [event], 2022)])
    assert "Goris: also named in Assault" in page and "Yerevan:" not in page


def test_regions_shapes_come_from_a_static_file_in_the_app():
    """A year change resends the layer's script: with the shapes fetched once it names the file, not the shapes."""
    features = gpd.GeoDataFrame(
        {"id": ["a", "b"], "name": ["Syunik", "<b>x</b>"], "kind": ["region", "border"], "approximate": [False, True]}
        | {"note": ["n", "n"], "source": ["s", "s"]},
        geometry=[box(45, 39, 46, 40), LineString([(46.4, 39.5), (46.7, 39.8)])],
        crs="EPSG:4326",
    )
    page = _html(folium.Map(tiles=None), [layers.regions_layer(features, fetched("/app/static/data/r-x.json"))])
    assert '"/app/static/data/r-x.json"' in page and '"coordinates"' not in page
    collection = json.loads(layers.regions_json(features))
    assert [f["properties"]["label"] for f in collection["features"]] == [
        "Syunik (region): n",
        "&lt;b&gt;x&lt;/b&gt; (border, approximate): n",
    ]
    assert [f["properties"]["style"]["dashArray"] for f in collection["features"]] == [None, "6 5"]
