"""The server (`make run`): Streamlit's ASGI app for app.py, warming data and imports while the first page boots.

A browser spends about 1.7 s loading Streamlit's own page before app.py first runs; loading pandas, geopandas,
folium and the atlas in that time (instead of after it) is what brings a cold start under 4 s.
"""

import gc
import threading
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def warm_up(_app):
    threading.Thread(target=_warm, name="warm-up", daemon=True).start()
    yield


def _warm() -> None:
    from ui import imports, loaders, panels, sidebar  # noqa: F401  (pandas, geopandas, folium, duckdb: 1.3 s)

    loaders.warm()
    # The modules and data loaded above live as long as the server: out of the collector's sight, no collection walks
    # them again (Streamlit's post-run one is off in .streamlit/config.toml, CPython's own full ones remain). What is
    # garbage now is collected first, so it is not kept for good.
    gc.collect()
    gc.freeze()


app = st.App("app.py", lifespan=warm_up)
