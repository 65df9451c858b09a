"""The Karabakh control table, cached like the atlas (by the version of data/), with problems on screen."""

from pathlib import Path

import streamlit as st

from geo import files
from geo.alliance.control import ControlTable, load_control
from geo.problems import DataError
from geo.render.markdown import md_text
from ui.data_version import data_version


@st.cache_resource(max_entries=2, show_spinner="Loading the control periods…")
def _control_table(folder: str, version: str) -> ControlTable:
    return load_control(Path(folder))


def control_table() -> ControlTable:
    """The loaded table, or the list of its data problems on screen and nothing more."""
    folder = files.data_dir()
    try:
        return _control_table(str(folder), data_version(folder))
    except DataError as error:
        st.error(
            "The control periods have problems; fix them and reload:\n\n"
            + "\n".join(f"- {md_text(str(problem))}" for problem in error.problems)
        )
        st.stop()
