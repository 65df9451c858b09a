"""The Map's comparison with another year: what changed, then the same view's map in that year."""

import streamlit as st
from streamlit_folium import st_folium

from geo.alliance.filters import Filters
from geo.atlas import Atlas
from geo.render.comparison import difference_lines
from geo.render.layers import layer_control
from geo.render.scene import base_map, country_names
from ui import loaders


def compare(atlas: Atlas, org: str, filters: Filters, shown: set[str], other: int) -> None:
    """Below the map: the changes from the year shown to `other` (at each year's end), and `other`'s map with the
    same layers. The second map moves on its own: the two are not yet panned together."""
    st.subheader(f"{filters.year} compared with {other}", anchor=False)
    first, last = sorted((filters.year, other))  # told in the order it happened, whichever year is shown
    control = loaders.shown_control(shown)
    lines = difference_lines(atlas.memberships, control, org, first, last, country_names(atlas))
    st.caption(f"What changed from the end of {first} to the end of {last}; below, the map of {other}.")
    st.markdown("\n".join(lines) if lines else "No status and no holder of a Karabakh area changed.")
    view = loaders.scene(org, filters.in_year(other), shown, ())
    st_folium(
        base_map(atlas, org, loaders.outlines(), control="control" in shown),
        key="compare_map",
        height=480,
        use_container_width=True,
        feature_group_to_add=view.groups,
        layer_control=layer_control(),
        returned_objects=[],
    )
