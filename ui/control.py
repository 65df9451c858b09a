"""The Karabakh control table, cached like the atlas (by its files' names and mtimes), with problems on screen.

Kept beside ui/loaders.py for now: the lead folds it in when the map screen draws the control layer.
"""
from pathlib import Path

import streamlit as st

from geo.control import CONTROL, ControlTable, load_control
from geo.markdown import md_text
from geo.problems import DataError
from ui.loaders import data_dir


@st.cache_resource(max_entries=2, show_spinner="Loading the control periods…")
def _control_table(folder: str, stamp: tuple[tuple[str, int], ...]) -> ControlTable:
    return load_control(Path(folder))


def control_table() -> ControlTable:
    """The loaded table, or the list of its data problems on screen and nothing more."""
    folder = data_dir()
    files = [p for sub in (CONTROL, "boundaries") for p in sorted((folder / sub).glob("*")) if p.is_file()]
    try:
        return _control_table(str(folder), tuple((str(p.relative_to(folder)), p.stat().st_mtime_ns) for p in files))
    except DataError as error:
        st.error("The control periods have problems; fix them and reload:\n\n" +
                 "\n".join(f"- {md_text(str(problem))}" for problem in error.problems))
        st.stop()
