"""ui/map_component.py sends the component what st_folium would, for the Map's frames, and renders a frame once."""

import pytest
import streamlit_folium as sf

from geo.alliance.filters import Filters
from geo.atlas import load_atlas
from geo.render.frame import inlined
from geo.render.layers import layer_control
from geo.render.scene import base_map, base_pair, private_copy, shared_scene
from geo.render.selection import selection_group
from tests.conftest import ROOT
from ui import map_component as component
from ui.prerendered import groups_of, rendered_layers


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "data")


@pytest.fixture
def sent(monkeypatch):
    """What the component is given, call by call, in place of the component itself."""
    calls = []
    monkeypatch.setattr(sf, "_component_func", lambda **kwargs: calls.append(kwargs))
    return calls


def _groups(atlas, year: int):
    shared = shared_scene(atlas, "CSTO", Filters(year), {"status", "events", "bases", "regions"}, None)
    return groups_of(rendered_layers(shared)) + [selection_group(atlas.event("E22"))]


@pytest.mark.parametrize("tiles", [False, True])
def test_a_map_gets_what_st_folium_would_send(atlas, sent, tiles):
    outlines = inlined(atlas.outlines[:3])
    returned = ["last_object_clicked", "last_object_clicked_tooltip", "bounds"]
    sf.st_folium(
        base_map(atlas, "CSTO", outlines, tiles),
        key="map",
        height=620,
        use_container_width=True,
        layer_control=layer_control(),
        feature_group_to_add=_groups(atlas, 2022),
        center=(40.18, 44.51),
        zoom=7,
        returned_objects=returned,
    )
    component.map_component(
        ("test", tiles),
        lambda: base_map(atlas, "CSTO", outlines, tiles),
        widget_key="map",
        height=620,
        groups=_groups(atlas, 2022),
        center=(40.18, 44.51),
        zoom=7,
        returned_objects=returned,
    )
    expected, got = ({k: v for k, v in call.items() if k != "on_change"} for call in sent)
    assert got == expected


def test_a_pair_gets_what_st_folium_would_send_and_is_built_once(atlas, sent):
    outlines, built = inlined(atlas.outlines[:3]), []

    def pair():
        built.append(1)
        right = private_copy(shared_scene(atlas, "CSTO", Filters(2021), {"status", "events"}, None)).groups
        return base_pair(atlas, "CSTO", outlines, ("2024", "2021"), right)

    sf.st_folium(
        pair(), key="map", height=620, use_container_width=True, layer_control=layer_control(),
        feature_group_to_add=_groups(atlas, 2024), returned_objects=["last_object_clicked"],
    )  # fmt: skip
    for year in (2024, 2024):
        component.map_component(
            ("pair-test",), pair, widget_key="map", height=620, groups=_groups(atlas, year),
            returned_objects=["last_object_clicked"],
        )  # fmt: skip
    expected, got, again = ({k: v for k, v in call.items() if k != "on_change"} for call in sent)
    assert got == expected == again and "map_div2" in got["script"]
    assert len(built) == 2  # once for st_folium, once for both calls of map_component
