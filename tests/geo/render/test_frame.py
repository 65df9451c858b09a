"""geo/render/frame.py: the frame every map sits in, alone or side by side with another year's."""

import json
import re

import folium

from geo.render import frame, layers, offline
from geo.render.script import fetched
from geo.render.selection import SELECTED_ZOOM
from tests.geo.render.test_layers import CATEGORY, COUNTRIES, VIEW, _event, _html


def test_offline_map_loads_nothing_from_the_internet():
    page = _html(
        frame.map_frame(VIEW, layers.atlas_legend_html("CSTO", [CATEGORY]), fetched("/app/static/x.json")),
        [layers.event_layer([_event("t")], {"summit": CATEGORY}, {})],
    )
    assert not re.findall(r"https?://(?!tass\.com)", page)
    assert f'src="{offline.STATIC_URL}/leaflet/leaflet.js"' in page and "jquery" in page


def test_tiles_are_only_there_when_asked_for():
    outlines = frame.inlined(COUNTRIES)
    with_tiles = _html(frame.map_frame(VIEW, "", outlines, tiles=True))
    assert "tile.openstreetmap.org" in with_tiles and '.once("tileerror"' in with_tiles  # falls back offline
    assert "tile" not in _html(frame.map_frame(VIEW, "", outlines)).lower().replace("tooltip", "")


def test_the_scale_is_metric_and_clear_of_the_legend():
    page = _html(frame.map_frame(VIEW, "", frame.inlined(COUNTRIES)))
    assert page.count("L.control.scale(") == 1
    assert 'L.control.scale({imperial: false, position: "bottomright"})' in page


def test_country_names_in_the_basemap_tooltip_are_escaped():
    page = _html(frame.map_frame(VIEW, "", frame.inlined(COUNTRIES)))
    assert "<b>Azerbaijan</b>" not in page and "&lt;b&gt;Azerbaijan&lt;/b&gt;" in page


def test_outlines_are_compact_json_with_iso3():
    data = json.loads(frame.outlines_json(COUNTRIES))
    assert [f["properties"]["iso3"] for f in data["features"]] == ["ARM", "AZE", "FRA"]
    assert ", " not in frame.outlines_json(COUNTRIES)


def test_events_gather_in_clusters_loaded_offline_that_part_before_a_selection_zooms_in():
    page = _html(
        frame.map_frame(VIEW, "", frame.inlined(COUNTRIES)),
        [layers.event_layer([_event("t")], {"summit": CATEGORY}, {})],
    )
    assert "L.markerClusterGroup(" in page and f'"disableClusteringAtZoom": {SELECTED_ZOOM}' in page
    assert f'src="{offline.STATIC_URL}/markercluster/leaflet.markercluster.js"' in page
    assert '"maxZoom": 16' in page  # the clusters need a zoom limit, which no tile layer gives
    assert ".aa-selected{pointer-events:none}" in page  # the selection's ring never takes a click
    assert f'"aaColour": "{CATEGORY.colour}"' in page  # the cluster's ring shows the categories it holds


def test_the_opening_frame_is_set_without_an_animation_that_would_undo_a_selection():
    page = _html(frame.map_frame(VIEW, "", frame.inlined(COUNTRIES)))
    assert f".fitBounds([[{VIEW.south},{VIEW.west}],[{VIEW.north},{VIEW.east}]], {{animate: false}});" in page


def test_a_pair_loads_our_own_sync_script_labels_each_year_as_text_and_draws_its_right_layers():
    right = folium.FeatureGroup(name="right")
    folium.Marker((40.2, 44.5), tooltip="only-on-the-right").add_to(right)
    pair = frame.SideBySide(VIEW, "legend-body", frame.inlined(COUNTRIES), ("2024", "<b>2021</b>"), [right])
    page = pair.get_root().render()
    assert f'src="{offline.SYNC_JS[1]}"' in page and not re.findall(r"https?://", page)
    assert ".sync(" in page and page.count(".fitBounds(") == 2 and page.count("legend-body") == 1
    assert '"\\u003cb>2021\\u003c/b>"' in page  # a label is a JSON string, put in as text
    assert "only-on-the-right" in pair.m2.get_root().render() and not pair.m1._children.get(right.get_name())


def test_a_popups_long_unbroken_text_wraps_inside_it():
    page = frame.map_frame(VIEW, "", frame.inlined(COUNTRIES)).get_root().render()
    assert ".aa-popup{font:13px/1.4 sans-serif;overflow-wrap:anywhere}" in page
