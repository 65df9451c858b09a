"""Data & sources: where every dataset comes from, and downloads of what the sidebar selects."""

from datetime import date

import streamlit as st

from geo import files
from geo.render.export import events_csv, events_geojson, standalone_map
from geo.render.frame import inlined
from geo.render.markdown import under_title
from geo.render.pictures import map_png, years_gif
from geo.render.scene import base_map, scene
from ui import loaders, sidebar
from ui.control import control_table

atlas = loaders.atlas()
org, filters, shown = sidebar.organisation(), sidebar.current_filters(), sidebar.shown_layers()
events = atlas.events_matching(filters)
st.title("Data & sources")
st.subheader("Downloads of the current selection", anchor=False)
st.caption(f"{len(events)} events match the sidebar's filters ({filters.year}).")
left, middle, right = st.columns(3)
left.download_button("Events (CSV)", events_csv(events), f"alliance-atlas-events-{filters.year}.csv", "text/csv")
middle.download_button(
    "Events (GeoJSON)", events_geojson(events), f"alliance-atlas-events-{filters.year}.geojson", "application/geo+json"
)
if right.button("Prepare the map as an offline HTML file"):
    control = loaders.shown_control(shown)
    page = standalone_map(
        base_map(atlas, org, inlined(atlas.outlines), control=control is not None),
        scene(atlas, org, filters, shown, control=control).groups,
    )
    right.download_button("Map (HTML, works offline)", page, f"alliance-atlas-map-{filters.year}.html", "text/html")
first_year, last_year = atlas.years[0], atlas.opening_year(date.today())
if st.button(f"Prepare pictures: the map of {filters.year} (PNG) and {first_year}–{last_year} animated (GIF)"):
    control = control_table()
    png = map_png(atlas, org, control, filters)
    still, animation = st.columns(2)
    still.download_button("Map picture (PNG)", png, f"alliance-atlas-{filters.year}.png", "image/png")
    animation.download_button(
        f"Years {first_year}–{last_year} (GIF)",
        years_gif(atlas, org, control, filters, range(first_year, last_year + 1)),
        f"alliance-atlas-{first_year}-{last_year}.gif",
        "image/gif",
    )
    st.image(png, caption="The PNG: statuses at 31 December, the year's events and Nagorno-Karabakh's control.")
st.divider()
st.subheader("Where the data comes from", anchor=False)
for tab, path in zip(
    st.tabs(["Events, memberships, bases", "Boundaries", "Place names", "Geoparser word lists"]),
    ["README.md", "boundaries/README.md", "aliases.md", "geoparse/README.md"],
):
    tab.markdown(under_title((files.data_dir() / path).read_text(encoding="utf-8")))
