"""The shared sidebar (rendered once by app.py) and the filters it selects, read by every page."""

import time
from datetime import date

import streamlit as st

from geo.alliance.filters import Filters
from geo.alliance.membership import FOCUS
from geo.atlas import Atlas
from geo.render.scene import country_names
from ui import imports, loaders

LAYERS = {
    "status": "Membership status",
    "control": "Nagorno-Karabakh control",
    "events": "Events",
    "bases": "Places and bases",
    "regions": "Regions and borders",
    "mine": "My events",
    "imported": "Imported events",
}
BASEMAPS = {"offline": "outlines from data/, no internet", "tiles": "OpenStreetMap, needs internet"}
PLAY_SECONDS = 2.0


def last_year() -> int:
    """The slider's end: this calendar year."""
    return date.today().year


def opening_year() -> int:
    """The year a link without `year` opens on: the latest with events, not the calendar year, which may have none."""
    return loaders.atlas().opening_year(date.today())


def _step(delta: int, first: int) -> None:
    st.session_state.year = min(max(st.session_state.get("year", opening_year()) + delta, first), last_year())


def show(atlas: Atlas) -> None:
    """Every widget has a short key bound to the URL, so a copied link reopens the same view (README lists them)."""
    first = atlas.years[0]
    if st.session_state.pop("advance_year", False):
        _step(1, first)
    if st.session_state.pop("stop_playing", False):
        st.session_state.playing = False
    with st.sidebar:
        st.selectbox(
            "Organisation",
            list(atlas.memberships.organisations),
            key="org",
            bind="query-params",
            format_func=lambda o: atlas.memberships.organisations[o].short_name,
            help="CSTO includes its predecessor, the 1992 Collective Security Treaty",
            index=list(atlas.memberships.organisations).index(FOCUS),
        )
        st.slider("Year", first, last_year(), value=opening_year(), key="year", bind="query-params")
        back, forward, play = st.columns([1, 1, 2], vertical_alignment="center")
        back.button("◀", key="step_back", on_click=_step, args=(-1, first), help="One year back", width="stretch")
        forward.button("▶", key="step_forward", on_click=_step, args=(1, first), help="One year on", width="stretch")
        play.toggle("Play", key="playing", help="Advance one year every two seconds")
        if st.session_state.get("playing"):
            _player()
        st.selectbox(
            "Compare with",
            [None, *range(first, last_year() + 1)],
            key="compare",
            bind="query-params",
            format_func=lambda year: "no other year" if year is None else str(year),
            help="A second map of the same view in that year, and what changed between the two",
        )
        st.date_input(
            "Event dates (optional, overrides the year for events)",
            value=[],
            key="dates",
            min_value=date(first, 1, 1),
            max_value=date(last_year(), 12, 31),
            bind="query-params",
        )
        imported_types = imports.event_types()
        st.multiselect(
            "Event categories",
            list(atlas.categories) + imported_types,
            key="categories",
            bind="query-params",
            placeholder="All categories",
            format_func=lambda c: atlas.categories[c].label if c in atlas.categories else f"{c} (imported)",
        )
        names = country_names(atlas)  # one dict per run: atlas.country_name scans the country table per call
        involved = sorted({c for e in atlas.events for c in e.countries}, key=lambda c: names.get(c, c))
        st.multiselect(
            "Countries involved",
            involved,
            key="countries",
            bind="query-params",
            format_func=lambda c: names.get(c, c),
            placeholder="All countries",
        )
        if imported_types:
            st.text_input(
                "Actor (imported events)",
                key="actor",
                bind="query-params",
                max_chars=100,
                help="Part of either actor's name; curated events have no actor field and are not filtered",
            )
        st.markdown("**Layers**")
        for key, label in LAYERS.items():
            st.toggle(label, value=True, key=key, bind="query-params")
        st.radio("Basemap", list(BASEMAPS), captions=list(BASEMAPS.values()), key="basemap", bind="query-params")


@st.fragment(run_every=PLAY_SECONDS)
def _player() -> None:
    """Asks the next full run to advance the year: a widget's value may only change before the widget is drawn."""
    now = time.monotonic()
    if now - st.session_state.get("advanced_at", 0.0) < PLAY_SECONDS * 0.9:
        return
    st.session_state.advanced_at = now
    if st.session_state.get("year", opening_year()) < last_year():
        st.session_state.advance_year = True
    else:
        st.session_state.stop_playing = True
    st.rerun()


def current_filters() -> Filters:
    dates = st.session_state.get("dates") or ()
    date_from, date_to = (dates[0], dates[1]) if len(dates) == 2 else (None, None)
    return Filters(
        year=int(st.session_state.get("year", opening_year())),
        date_from=date_from,
        date_to=date_to,
        categories=frozenset(st.session_state.get("categories") or ()),
        countries=frozenset(st.session_state.get("countries") or ()),
    )


def compare_year() -> int | None:
    """The year the Map compares with, unless it is the one shown."""
    other = st.session_state.get("compare")
    return int(other) if other and int(other) != current_filters().year else None


def actor() -> str:
    return st.session_state.get("actor") or ""


def organisation() -> str:
    return st.session_state.get("org", FOCUS)


def shown_layers() -> set[str]:
    return {key for key in LAYERS if st.session_state.get(key, True)}


def basemap() -> str:
    return st.session_state.get("basemap", "offline")
