"""The Karabakh control table, cached like the atlas (by its files' names and mtimes), with problems on screen."""

from pathlib import Path

import streamlit as st

from geo import files
from geo.alliance.control import CONTROL, ControlTable, load_control
from geo.problems import DataError
from geo.render.markdown import md_text


@st.cache_resource(max_entries=2, show_spinner="Loading the control periods…")
def _control_table(folder: str, stamp: tuple[tuple[str, int], ...]) -> ControlTable:
    return load_control(Path(folder))


def control_table() -> ControlTable:
    """The loaded table, or the list of its data problems on screen and nothing more."""
    folder = files.data_dir()
    read = [p for sub in (CONTROL, "boundaries") for p in sorted((folder / sub).glob("*")) if p.is_file()]
    try:
        return _control_table(str(folder), tuple((str(p.relative_to(folder)), p.stat().st_mtime_ns) for p in read))
    except DataError as error:
        st.error(
            "The control periods have problems; fix them and reload:\n\n"
            + "\n".join(f"- {md_text(str(problem))}" for problem in error.problems)
        )
        st.stop()
