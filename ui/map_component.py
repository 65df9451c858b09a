"""st_folium for the Map, with the frame's half of its work done once per frame for every reader, not on every rerun.

st_folium renders the whole frame on each call (the basemap's script, the legend, the scale: the same for every
reader of an organisation and a layer set), about half a rerun's time (bench/README-load.md). Here a frame is
rendered once per key with streamlit_folium's own functions; a rerun renders only its groups and the layer control,
on a scratch map (the frame's tile layer stays out of the layer control, so neither names the frame), and hands the
component the arguments st_folium would give it (tests/screens/test_map_component.py compares the two).

streamlit_folium's private functions are used as they are in its version pinned in requirements.txt; the test above
fails if a new version changes what st_folium sends.
"""

import functools
from collections.abc import Callable, Hashable, Sequence
from dataclasses import dataclass

import folium
import streamlit as st
import streamlit_folium as sf
from folium.plugins import DualMap

from geo.render.layers import layer_control
from ui.prerendered import PrerenderedGroup


@dataclass(frozen=True, slots=True)
class RenderedFrame:
    """What st_folium sends of a frame, whatever its layers: the map's script and page parts, and its libraries."""

    script: str
    header: str
    html: str
    map_id: str
    widget_hash: str  # the component's key, from the script, as st_folium makes it
    defaults: dict  # the value the component has before the reader touches the map, for every returnable object
    css_links: tuple[str, ...]
    js_links: tuple[str, ...]


@st.cache_resource(max_entries=32)
def _rendered(key: Hashable, widget_key: str, _build: Callable[[], folium.Map | DualMap]) -> RenderedFrame:
    """`key` names everything the frame depends on; `_build` (not hashed: the leading underscore) makes it."""
    fig = _build()
    if isinstance(fig, DualMap):  # st_folium renders a pair alone, a map with its page, then the map once more
        fig.render()
    else:
        fig.get_root().render()
    fig.render()
    html, header = sf._get_html(fig), sf._get_header(fig)
    script = sf._get_map_string(fig)
    try:
        (south, west), (north, east) = fig.get_bounds()
    except AttributeError:
        (south, west), (north, east) = (None, None), (None, None)
    bounds = {"_southWest": {"lat": south, "lng": west}, "_northEast": {"lat": north, "lng": east}}
    defaults = dict.fromkeys(_RETURNABLE) | {"bounds": bounds, "zoom": _zoom(fig)}
    css = [href for element in _walk(fig) for _, href in getattr(element, "default_css", [])]
    js = [src for element in _walk(fig) for _, src in getattr(element, "default_js", [])]
    return RenderedFrame(
        script,
        header,
        html,
        sf.get_full_id(fig),
        sf.generate_js_hash(script, widget_key, False),
        defaults,
        tuple(dict.fromkeys(css)),
        tuple(dict.fromkeys(js)),
    )


_RETURNABLE = (
    "last_clicked",
    "last_object_clicked",
    "last_object_clicked_count",
    "last_object_clicked_tooltip",
    "last_object_clicked_popup",
    "all_drawings",
    "last_active_drawing",
    "last_circle_radius",
    "last_circle_polygon",
    "selected_layers",
    "selected_tags",
    "last_geocoder_result",
)


def _zoom(fig: folium.Map | DualMap):
    return fig.options.get("zoom") if hasattr(fig, "options") else {}


def _walk(element):
    """Every element that brings its own scripts or styles, as st_folium looks for them (a pair's two maps too; no
    branca colour map, for which st_folium adds d3 from a CDN, is ever drawn)."""
    if isinstance(element, DualMap):
        yield from _walk(element.m1)
        yield from _walk(element.m2)
    if isinstance(element, folium.elements.JSCSSMixin):
        yield element
    for child in getattr(element, "_children", {}).values():
        yield from _walk(child)


def map_component(
    key: Hashable,
    build: Callable[[], folium.Map | DualMap],
    *,
    widget_key: str,
    height: int,
    groups: Sequence[folium.FeatureGroup],
    returned_objects: list[str],
    center: tuple[float, float] | None = None,
    zoom: int | None = None,
):
    """st_folium(build(), key=widget_key, height=height, use_container_width=True, feature_group_to_add=groups,
    layer_control=layer_control(), …), building and rendering the frame only when `key` is new."""
    frame = _rendered(key, widget_key, build)
    scratch = folium.Map(tiles=None)
    feature_group = "".join(_group_js(group, scratch, idx) for idx, group in enumerate(groups))

    def on_change() -> None:
        st.session_state[widget_key] = st.session_state.get(frame.widget_hash, {})

    return sf._component_func(
        script=frame.script,
        header=frame.header,
        html=frame.html,
        id=frame.map_id,
        key=frame.widget_hash,
        height=height,
        width=None,
        returned_objects=returned_objects,
        default={name: value for name, value in frame.defaults.items() if name in returned_objects},
        zoom=zoom,
        center=center,
        feature_group=feature_group,
        return_on_hover=False,
        layer_control=_layer_control_js(tuple((g.layer_name, g.overlay, g.control, g.show) for g in groups)),
        pixelated=False,
        css_links=list(frame.css_links),
        js_links=list(frame.js_links),
        on_change=on_change,
        wrap_longitude=False,
    )


def _group_js(group: folium.FeatureGroup, scratch: folium.Map, idx: int) -> str:
    """A prerendered group in the place it was rendered for is its stored text (put on the scratch map for the
    layer control, as st_folium would); any other group is rendered now."""
    if isinstance(group, PrerenderedGroup) and group.layer.index == idx:
        group._id = f"feature_group_{idx}"
        scratch.add_child(group)
        return group.layer.feature_group_js
    return sf._get_feature_group_string(group, scratch, idx)


@functools.lru_cache(maxsize=256)
def _layer_control_js(groups: tuple[tuple[str, bool, bool, bool], ...]) -> str:
    """The layer control for groups of these names and switches, in this order: it names them by position only."""
    scratch = folium.Map(tiles=None)
    for idx, (name, overlay, control, show) in enumerate(groups):
        stand_in = folium.FeatureGroup(name=name, overlay=overlay, control=control, show=show)
        stand_in._id = f"feature_group_{idx}"
        scratch.add_child(stand_in)
    return sf._get_layer_control_string(layer_control(), scratch)
