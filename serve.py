"""The server (`make run`): Streamlit's ASGI app for app.py, warming data and imports while the first page boots.

A browser spends about 1.7 s loading Streamlit's own page before app.py first runs; loading pandas, geopandas,
folium and the atlas in that time (instead of after it) is what brings a cold start under 4 s.
"""
import threading
from contextlib import asynccontextmanager

import streamlit as st


@asynccontextmanager
async def warm_up(_app):
    threading.Thread(target=_warm, name="warm-up", daemon=True).start()
    yield


def _warm() -> None:
    from ui import imports, loaders, panels, state  # noqa: F401  (pandas, geopandas, folium, duckdb: 1.3 s)

    loaders.warm()


app = st.App("app.py", lifespan=warm_up)
