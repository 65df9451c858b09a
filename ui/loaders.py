"""Cached, read-only data shared by every session: keyed by the data files' names and mtimes (STYLE §4)."""
from pathlib import Path

import streamlit as st

from geo import files
from geo.atlas import Atlas, load_atlas
from geo.news.geoparse import Geoparser
from geo.render.layers import fetched, outlines_json
from geo.render.markdown import md_text
from geo.render.offline import publish
from geo.problems import DataError
from geo.store.userstore import EventStore

ROOT = Path(__file__).resolve().parent.parent


@st.cache_resource(max_entries=2, show_spinner="Loading data…")
def _atlas(folder: str, stamp: tuple[tuple[str, int], ...]) -> Atlas:
    return load_atlas(Path(folder))


def _stamp(folder: Path) -> tuple[tuple[str, int], ...]:
    return tuple((str(p.relative_to(folder)), p.stat().st_mtime_ns) for p in sorted(folder.rglob("*")) if p.is_file())


@st.cache_resource(max_entries=2)
def _outlines_url(folder: str, stamp: tuple[tuple[str, int], ...]) -> str:
    return publish(ROOT / "static", "countries", outlines_json(_atlas(folder, stamp).outlines))


def outlines() -> str:
    """The countries as a JS promise of a static file the browser fetches once (geo.render.layers.base_map)."""
    folder = files.data_dir()
    return fetched(_outlines_url(str(folder), _stamp(folder)))


def atlas() -> Atlas:
    """The loaded atlas, or the list of data problems on screen and nothing more."""
    folder = files.data_dir()
    try:
        return _atlas(str(folder), _stamp(folder))
    except DataError as error:
        st.error("The curated data has problems; fix them and reload:\n\n" +
                 "\n".join(f"- {md_text(str(problem))}" for problem in error.problems))
        st.stop()


@st.cache_resource
def geoparser() -> Geoparser:
    """Built once from the atlas's gazetteer and data/geoparse word lists, shared by every session."""
    return Geoparser(atlas().gazetteer, files.data_dir() / "geoparse")


@st.cache_resource
def store() -> EventStore:
    """The user's own events: SQLite under ALLIANCE_ATLAS_HOME (default ~/.alliance-atlas)."""
    return EventStore.open()


def warm() -> None:
    """Fill the caches the first map needs (serve.py calls this at server start, outside any session).

    Components such as streamlit_folium must not be imported here: they register with the runtime when imported.
    """
    folder = files.data_dir()
    _outlines_url(str(folder), _stamp(folder))
    store()
