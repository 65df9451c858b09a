"""Cached, read-only data shared by every session: keyed by the data files' names and mtimes (STYLE §4)."""

import functools
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

import folium
import streamlit as st
from streamlit.runtime.scriptrunner import add_script_run_ctx, get_script_run_ctx

from geo import files
from geo.alliance.control import ControlTable
from geo.alliance.filters import Filters
from geo.alliance.membership import FOCUS
from geo.alliance.my_event import MyEvent
from geo.atlas import Atlas, load_atlas
from geo.news.geoparse import Geoparser
from geo.problems import DataError
from geo.render.control_layers import control_shapes_json
from geo.render.frame import outlines_json
from geo.render.layers import regions_json
from geo.render.markdown import md_text
from geo.render.offline import install_assets, publish
from geo.render.scene import SHARED_LAYERS, Scene, ShapeSources, private_copy, shared_scene, with_my_events
from geo.render.script import fetched
from geo.store.my_events import MyEventStore
from geo.store.my_events_backend import my_event_store
from ui.control import control_table
from ui.data_version import data_version
from ui.prerendered import RenderedLayer, groups_of, rendered_layers

ROOT = Path(__file__).resolve().parent.parent


@st.cache_resource(max_entries=2, show_spinner="Loading data…")
def _atlas(folder: str, version: str) -> Atlas:
    return load_atlas(Path(folder))


@st.cache_resource(max_entries=2)
def _outlines_url(folder: str, version: str) -> str:
    return publish(ROOT / "static", "countries", outlines_json(_atlas(folder, version).outlines))


# The regions' and the control areas' shapes, static files the browser fetches once: the layers of every year
# refer to them (geo.render.scene.ShapeSources) instead of carrying 70 kB of shapes with each year change.
@st.cache_resource(max_entries=2)
def _regions_source(folder: str, version: str) -> str:
    return fetched(publish(ROOT / "static", "regions", regions_json(_atlas(folder, version).features)))


@st.cache_resource(max_entries=2)
def _control_source(folder: str, version: str) -> str:
    return fetched(publish(ROOT / "static", "control-areas", control_shapes_json(control_table())))


def _shape_sources(folder: str, version: str, control: bool) -> ShapeSources:
    return ShapeSources(_regions_source(folder, version), _control_source(folder, version) if control else None)


def outlines() -> str:
    """The countries as a JS promise of a static file the browser fetches once (geo.render.frame.map_frame)."""
    folder = files.data_dir()
    return fetched(_outlines_url(str(folder), data_version(folder)))


def data_version_now() -> str:
    """The version of data/ (ui/data_version.py), for keys of what is built from it outside this module."""
    return data_version(files.data_dir())


def atlas() -> Atlas:
    """The loaded atlas, or the list of data problems on screen and nothing more."""
    folder = files.data_dir()
    try:
        return _atlas(str(folder), data_version(folder))
    except DataError as error:
        st.error(
            "The curated data has problems; fix them and reload:\n\n"
            + "\n".join(f"- {md_text(str(problem))}" for problem in error.problems)
        )
        st.stop()


@dataclass(frozen=True)
class ViewKey:
    """Every value a shared view depends on; a reader's own events, selection and imported-event view are not among
    them, and never part of it."""

    folder: str
    version: str
    org: str
    filters: Filters
    shown: tuple[str, ...]


def _view_key(org: str, filters: Filters, shown: set[str]) -> ViewKey:
    folder = files.data_dir()
    return ViewKey(str(folder), data_version(folder), org, filters, tuple(sorted(shown & SHARED_LAYERS)))


# The shared views are plain memos, not st.cache_resource: Streamlit hashes a cached function's arguments on every
# call, and hashing a ViewKey (its filters) took a tenth of a rerun; a ViewKey is a frozen value with its own hash.
@functools.lru_cache(maxsize=128)
def _shared_view(key: ViewKey) -> Scene:
    control = control_table() if "control" in key.shown else None  # its files are covered by the key's version
    sources = _shape_sources(key.folder, key.version, control is not None)
    return shared_scene(_atlas(key.folder, key.version), key.org, key.filters, set(key.shown), control, sources)


@functools.lru_cache(maxsize=128)
def _shared_layers(key: ViewKey) -> tuple[RenderedLayer, ...]:
    return rendered_layers(_shared_view(key))


def shown_control(shown: set[str]) -> ControlTable | None:
    """The Karabakh control table when its layer is on, else None (nothing to load, draw or compare)."""
    return control_table() if "control" in shown else None


def shared_view(org: str, filters: Filters, shown: set[str]) -> Scene:
    """What the curated data shows for a view, built once per view and data version for every reader: never render
    it (st_folium renames what it renders); `scene` hands out its rendered layers instead."""
    return _shared_view(_view_key(org, filters, shown))


def compared_layers(org: str, filters: Filters, shown: set[str]) -> list[folium.FeatureGroup]:
    """The shared view's layers for the comparison's second map, which st_folium renders as part of the pair's own
    script: a private copy, as rendering renames them."""
    return private_copy(shared_view(org, filters, shown)).groups


def scene(
    org: str, filters: Filters, shown: set[str], mine: Sequence[MyEvent], others: frozenset[str] = frozenset()
) -> Scene:
    """The map's layers for one reader: the shared view with its layers as st_folium's JS, rendered once per view for
    every reader (ui/prerendered.py), plus the reader's own events and the team's (`others`, ids of events other
    analysts published)."""
    key = _view_key(org, filters, shown)
    shared = replace(_shared_view(key), groups=groups_of(_shared_layers(key)))
    _prerender_years(key)
    return with_my_events(shared, filters, shown, mine, others)


_prerendering: set[tuple] = set()
_prerendering_lock = threading.Lock()


PRERENDER_AFTER_SECONDS = 5.0  # the first reader's page is drawn before the years behind it are rendered


def _prerender_years(key: ViewKey) -> None:
    """Every year's layers of a view opened without filters, rendered in the background once per process and
    setting (latest year first), so that a reader's year change is a look-up. A year costs about 0.2 s of CPU to
    build and render; it is then paid once, not by the first reader of each year. It starts a few seconds after the
    first open and pauses between years: run at once, it shared the one interpreter lock with the first reader's
    page and made a cold start 20-30 s (bench/map_bench.py).

    The thread runs under the opening session's context: the cached loaders it calls are Streamlit's."""
    if key.filters != Filters(key.filters.year):
        return
    job = (key.folder, key.version, key.org, key.shown)
    with _prerendering_lock:
        if job in _prerendering:
            return
        _prerendering.add(job)
    first, last = _atlas(key.folder, key.version).years

    def render_every_year() -> None:
        for year in range(last, first - 1, -1):
            _shared_layers(replace(key, filters=Filters(year)))
            time.sleep(0.05)  # lets readers' runs and the server's event loop in between

    thread = threading.Timer(PRERENDER_AFTER_SECONDS, render_every_year)
    thread.name, thread.daemon = "prerender-years", True
    add_script_run_ctx(thread, get_script_run_ctx())
    thread.start()


@st.cache_resource
def static_assets() -> None:
    """Leaflet and the other packaged scripts copied under static/ once per process (app.py asks on every run):
    checking them on every run cost about 7% of a rerun (bench/README-load.md)."""
    install_assets(ROOT / "static")


@st.cache_resource
def geoparser() -> Geoparser:
    """Built once from the atlas's gazetteer and data/geoparse word lists, shared by every session."""
    return Geoparser(atlas().gazetteer, files.data_dir() / "geoparse")


@st.cache_resource
def store() -> MyEventStore:
    """The readers' own events: SQLite under ALLIANCE_ATLAS_HOME, or the team's PostgreSQL database when
    ALLIANCE_ATLAS_DATABASE_URL names one; opened (and migrated) once per process."""
    return my_event_store()


def warm() -> None:
    """Fill the caches the first map needs (serve.py calls this at server start, outside any session).

    Components such as streamlit_folium must not be imported here: they register with the runtime when imported.
    """
    folder = files.data_dir()
    static_assets()
    _outlines_url(str(folder), data_version(folder))
    store()
    opening = _atlas(str(folder), data_version(folder)).opening_year(date.today())
    shared_view(FOCUS, Filters(opening), set(SHARED_LAYERS))  # the view a link without a year opens on
