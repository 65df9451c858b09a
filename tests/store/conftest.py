"""One throwaway PostgreSQL + PostGIS cluster per test session, from Debian's binaries, run by an unprivileged user."""
import shutil
import tempfile
from pathlib import Path

import pytest

from team import pgcluster


@pytest.fixture(scope="session")
def postgres_url() -> str:
    """A libpq URL to a fresh `atlas` database with PostGIS; `make test` installs the packages when missing."""
    if missing := pgcluster.missing_binaries():
        pytest.fail(f"PostgreSQL/PostGIS missing ({', '.join(missing)}): `make test` installs "
                    "postgresql-15 and postgresql-15-postgis-3")
    # mkdtemp, not tmp_path_factory: pytest's base folder is private to root, and the cluster's account must enter it
    folder = Path(tempfile.mkdtemp(prefix="alliance-atlas-pg-"))
    cluster = pgcluster.create(folder, throwaway=True)
    server = pgcluster.start(cluster, folder / "postgres.log")
    yield cluster.url
    pgcluster.stop(server)
    shutil.rmtree(folder, ignore_errors=True)
