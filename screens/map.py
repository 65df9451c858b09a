"""Map: countries shaded by status in the chosen year, with events, places, regions, borders and the user's data."""

from datetime import date

import streamlit as st

from geo.render.frame import MAP_HEIGHT_PX, shown_year_label
from geo.render.scene import caption, map_title, status_note
from geo.render.selection import SELECTED_ZOOM, clicked_event, drawn_selection, selection_centre, selection_group
from ui import comparison, imports, loaders, panels, sidebar, signin
from ui.map_component import map_component

atlas = loaders.atlas()
org, filters, shown = sidebar.organisation(), sidebar.current_filters(), sidebar.shown_layers()
view = loaders.scene(org, filters, shown, *loaders.store().on_map(signin.viewer()))
imported = imports.view_for_map(filters, sidebar.actor(), shown, st.session_state.get("map"), atlas.view)
st.title(map_title(atlas.memberships.organisations[org].short_name, filters, sidebar.opening_year()))
st.caption(
    caption(view, filters)
    + imports.imported_caption(imported)
    + " · "
    + status_note(atlas.memberships, org, filters.year, date.today())
)

selected = panels.selected_event(atlas)
drawn = drawn_selection(selected, view.events)
centre = selection_centre(drawn)

# The map takes the whole width (two thirds of a laptop's height); what a click selects is shown below it. A side column
# that opened on selection would move the map to another place in the page, and Streamlit would draw it afresh.
other, tiles, more_legend = sidebar.compare_year(), sidebar.basemap() == "tiles", imports.legend()
returned = map_component(
    comparison.frame_key(org, filters, shown, other, tiles, more_legend),
    lambda: comparison.map_frame(atlas, org, filters, shown, other, tiles, more_legend),  # built once per key
    widget_key="map",
    height=MAP_HEIGHT_PX,
    groups=view.groups
    + imports.groups(imported)
    + ([selection_group(drawn)] if drawn else [])
    + ([shown_year_label(str(filters.year))] if other else []),
    # a selection moves the map to its event; st_folium moves it only when the centre changes, so panning stays free
    center=centre,
    zoom=SELECTED_ZOOM if centre else None,
    # the view is reported (a rerun per pan) only while imported events need binning for it
    returned_objects=["last_object_clicked", "last_object_clicked_tooltip"] + imports.view_returns(imported),
)
st.caption(
    "Boundaries: Natural Earth 1:10m, as drawn de facto (Crimea inside Russia; Nagorno-Karabakh's 1991 "
    "outline inside Azerbaijan). Dashed lines and hollow markers are approximate. Details: Data & sources."
)
if (clicked := clicked_event(returned, view.events)) and panels.is_new_click(returned):
    panels.select_event(clicked.id)
if other:
    comparison.differences(atlas, org, filters, shown, other)
if not imports.panel(returned, imported):
    panels.selection_panel(atlas, view.events, filters.year)
