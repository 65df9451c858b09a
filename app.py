"""Alliance Atlas: page set-up, the one shared sidebar, and navigation between the screens."""

from pathlib import Path

import streamlit as st

from ui import loaders, sidebar, signin

st.set_page_config(
    page_title="Alliance Atlas", page_icon=str(Path(__file__).resolve().parent / "ui" / "favicon.png"), layout="wide"
)

loaders.static_assets()
pages = [
    st.Page("screens/map.py", title="Map", icon=":material/map:", default=True),
    st.Page("screens/timeline.py", title="Timeline", icon=":material/timeline:"),
    st.Page("screens/membership.py", title="Membership", icon=":material/groups:"),
    st.Page("screens/places.py", title="Places", icon=":material/travel_explore:"),
    st.Page("screens/ingest.py", title="Ingest", icon=":material/article:"),
    st.Page("screens/imports.py", title="Import", icon=":material/upload_file:"),
    st.Page("screens/sources.py", title="Data & sources", icon=":material/menu_book:"),
]
navigation = st.navigation(pages)
signin.signin_status()
sidebar.show(loaders.atlas())
navigation.run()
