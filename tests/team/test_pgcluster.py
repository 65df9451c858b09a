import shutil
import tempfile
from pathlib import Path

import psycopg

from team import pgcluster


def test_a_folder_name_with_quotes_and_dollars_stays_a_value():
    """The socket folder is written into postgresql.conf; a quote in its name must not end the string."""
    folder = Path(tempfile.mkdtemp(prefix="atlas-it's-$HOME-"))
    try:
        cluster = pgcluster.create(folder, throwaway=True)
        server = pgcluster.start(cluster, folder / "postgres.log")
        try:
            with psycopg.connect(cluster.url) as connection:
                socket_dirs = connection.execute("SHOW unix_socket_directories").fetchone()[0]
        finally:
            pgcluster.stop(server)
        assert socket_dirs == str(folder / "run")
        assert server.returncode == 0  # a clean, fast shutdown
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_created_cluster_is_reused_not_initialised_again():
    folder = Path(tempfile.mkdtemp(prefix="atlas-reuse-"))
    try:
        first = pgcluster.create(folder, throwaway=True)
        marker = (first.data / "PG_VERSION").stat().st_mtime_ns
        assert pgcluster.create(folder, throwaway=True) == first
        assert (first.data / "PG_VERSION").stat().st_mtime_ns == marker
    finally:
        shutil.rmtree(folder, ignore_errors=True)
