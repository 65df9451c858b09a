"""Shared fixtures: the repository root, and Streamlit caches cleared between tests (they are process-global)."""
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
FACTS = ROOT.parent / "shared" / "facts"  # the team's research notes, beside the clone (CI puts shared/ there too)
HOSTILE = ["<img src=x onerror=alert(1)>", "${1}", "`", "\\", "</script><script>alert(1)</script>"]


@pytest.fixture(autouse=True)
def _clear_streamlit_caches():
    yield
    import sys

    if "streamlit" in sys.modules:
        import streamlit as st

        st.cache_data.clear()
        st.cache_resource.clear()
