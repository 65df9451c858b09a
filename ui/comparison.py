"""The Map's comparison with another year: the two maps side by side (screens/map.py), and what changed between them."""

import folium
import streamlit as st

from geo.alliance.filters import Filters
from geo.atlas import Atlas
from geo.render.comparison import difference_lines
from geo.render.frame import SideBySide
from geo.render.scene import SHARED_LAYERS, base_map, base_pair, country_names
from ui import loaders


def frame_key(org: str, filters: Filters, shown: set[str], other: int | None, tiles: bool, more_legend: str) -> tuple:
    """Everything map_frame's result depends on, the data's version included: the key it is rendered once under."""
    # a pair's frame holds the other year's layers; the shown year's label follows it (frame.shown_year_label), so
    # the frame, and the reader's zoom and pan, stay while that year moves
    right = (repr(filters.in_year(other)), tuple(sorted(shown & SHARED_LAYERS))) if other else None
    return (loaders.data_version_now(), org, tiles, more_legend, "control" in shown, other, right)


def map_frame(
    atlas: Atlas, org: str, filters: Filters, shown: set[str], other: int | None, tiles: bool, more_legend: str
) -> folium.Map | SideBySide:
    """The Map's frame: one map, or, with a year to compare, that year's map beside it (its curated layers drawn in
    the pair's own script; the layers st_folium adds go to the left map, the year shown)."""
    control = "control" in shown
    if other is None:
        return base_map(atlas, org, loaders.outlines(), tiles, more_legend, control)
    right = loaders.compared_layers(org, filters.in_year(other), shown)
    labels = (str(filters.year), str(other))
    return base_pair(atlas, org, loaders.outlines(), labels, right, tiles, more_legend, control)


def differences(atlas: Atlas, org: str, filters: Filters, shown: set[str], other: int) -> None:
    """Below the pair of maps: the changes from the year shown to `other` (at each year's end), told in the order
    they happened, whichever year is shown."""
    st.subheader(f"{filters.year} compared with {other}", anchor=False)
    first, last = sorted((filters.year, other))
    lines = difference_lines(atlas.memberships, loaders.shown_control(shown), org, first, last, country_names(atlas))
    st.caption(
        f"What changed from the end of {first} to the end of {last}. Above, {filters.year} on the left and {other} on "
        "the right, with the same curated layers (your own and imported events only on the left); moving one map "
        "moves the other."
    )
    st.markdown("\n".join(lines) if lines else "No status and no holder of a Karabakh area changed.")
