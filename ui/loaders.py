"""Cached, read-only data shared by every session: keyed by the data files' names and mtimes (STYLE §4)."""
from pathlib import Path

import streamlit as st

from geo.atlas import Atlas, load_atlas
from geo.problems import DataError

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"


@st.cache_resource(max_entries=2, show_spinner="Loading data…")
def _atlas(stamp: tuple[tuple[str, int], ...]) -> Atlas:
    return load_atlas(DATA)


def data_stamp() -> tuple[tuple[str, int], ...]:
    return tuple((str(p.relative_to(DATA)), p.stat().st_mtime_ns) for p in sorted(DATA.rglob("*")) if p.is_file())


def atlas() -> Atlas:
    """The loaded atlas, or the list of data problems on screen and nothing more."""
    try:
        return _atlas(data_stamp())
    except DataError as error:
        st.error("The curated data has problems; fix them and reload:\n\n" +
                 "\n".join(f"- `{problem}`" for problem in error.problems))
        st.stop()
