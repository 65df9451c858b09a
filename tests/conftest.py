"""Shared fixtures: the repository root, Streamlit caches cleared between tests (they are process-global), and one
throwaway PostgreSQL + PostGIS cluster per session for the store and team tests."""

import shutil
import tempfile
from pathlib import Path

import pytest

from team import pgcluster

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


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A libpq URL to a fresh `atlas` database with PostGIS, from Debian's binaries, run by an unprivileged account."""
    if missing := pgcluster.missing_binaries():
        pytest.fail(
            f"PostgreSQL/PostGIS missing ({', '.join(missing)}): `make test` installs "
            "postgresql-15 and postgresql-15-postgis-3"
        )
    # mkdtemp, not tmp_path_factory: pytest's base folder is private to root, and the cluster's account must enter it
    folder = Path(tempfile.mkdtemp(prefix="alliance-atlas-pg-"))
    cluster = pgcluster.create(folder, throwaway=True)
    server = pgcluster.start(cluster, folder / "postgres.log")
    yield cluster.url
    pgcluster.stop(server)
    shutil.rmtree(folder, ignore_errors=True)
