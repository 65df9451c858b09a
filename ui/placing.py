"""Placing a possible place with a click on the Ingest screen's map: the reader picks the name, clicks where it is and
confirms; the place (geo.news.reader_places) is kept as their alias, so this article and the next one get it.

A confirmation, not the click itself, places: a click also pans and zooms by mistake. st_folium keeps returning the
last click, so a click is offered once: the one confirmed, and the one standing when the reader picks another name,
are marked handled (a click meant for one name must not place the next).
"""

from collections.abc import Sequence

import streamlit as st

from geo.news.reader_places import clicked_point, is_placed_by_reader, placed_on_map
from geo.places.gazetteer import Place
from geo.render.markdown import md_text
from ui import loaders, mine

MAP_KEY = "ingest_map"  # the Ingest screen's map; st_folium keeps what it returned under its key
_HANDLED = "handled_placing_click"


def chosen_name(names: Sequence[str]) -> str | None:
    """The name the next click places; None (and no widget) when the article has none to place."""
    if not names:
        return None
    return st.selectbox(
        "Place a name on the map: pick it, click the map where it is, then confirm",
        names,
        key="name_to_place",
        on_change=_forget_click,
    )


def offer(name: str | None, returned: dict | None) -> None:
    """A button that places the name at the reader's new click on the map, with the point it will have."""
    point = clicked_point(returned)
    if name is None or point is None or point == st.session_state.get(_HANDLED):
        return
    lat, lon = point
    if st.button(f"Place “{md_text(name)}” at {lat:.4f}, {lon:.4f}", type="primary", key="place_here"):
        st.session_state[_HANDLED] = point
        mine.keep_aliases([(name, placed_on_map(name, point, loaders.atlas().countries))])


def approximate_note(places: Sequence[Place]) -> None:
    """The data honesty rule: a point a reader clicked is said to be approximate where the map shows it."""
    placed = [md_text(place.name) for place in places if is_placed_by_reader(place)]
    if placed:
        st.caption(f"Placed by you on the map, approximate (the point clicked): {', '.join(placed)}.")


def _forget_click() -> None:
    st.session_state[_HANDLED] = clicked_point(st.session_state.get(MAP_KEY))
