"""Data & sources: where every dataset comes from, and downloads of what the sidebar selects."""
import streamlit as st

from geo.render.export import events_csv, events_geojson, standalone_map
from geo.render.layers import inlined
from geo.render.scene import base_map, scene
from geo import files
from ui import loaders, state

atlas = loaders.atlas()
org, filters, shown = state.organisation(), state.current_filters(), state.shown_layers()
events = atlas.events_matching(filters)
st.title("Data & sources")
st.subheader("Downloads of the current selection", anchor=False)
st.caption(f"{len(events)} events match the sidebar's filters ({filters.year}).")
left, middle, right = st.columns(3)
left.download_button("Events (CSV)", events_csv(events), f"alliance-atlas-events-{filters.year}.csv", "text/csv")
middle.download_button("Events (GeoJSON)", events_geojson(events), f"alliance-atlas-events-{filters.year}.geojson",
                       "application/geo+json")
if right.button("Prepare the map as an offline HTML file"):
    page = standalone_map(base_map(atlas, org, inlined(atlas.outlines)), scene(atlas, org, filters, shown).groups)
    right.download_button("Map (HTML, works offline)", page, f"alliance-atlas-map-{filters.year}.html", "text/html")
st.divider()
st.subheader("Where the data comes from", anchor=False)
for tab, path in zip(st.tabs(["Events, memberships, bases", "Boundaries", "Place names", "Geoparser word lists"]),
                     ["README.md", "boundaries/README.md", "aliases.md", "geoparse/README.md"]):
    tab.markdown((files.data_dir() / path).read_text(encoding="utf-8"))
