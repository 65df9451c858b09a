"""A PostgreSQL 15 + PostGIS 3 cluster in a folder of its own, on a unix socket, run by the service account.

The cluster listens on no TCP port at all: its socket lives in `<folder>/run`, a directory only the service account
(and root) may enter, so `trust` authentication there admits nobody else. Debian's binaries, not pip's.
"""

import signal
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from geo import files
from team.account import as_service_account, check_reachable, hand_over

BIN = Path("/usr/lib/postgresql/15/bin")
DATABASE = "atlas"
ROLE = "atlas"
PORT = 5432  # only names the socket file (.s.PGSQL.5432); nothing listens on TCP
# Imports of a million events at a time (issue 13). wal_level minimal lets a first import's COPY into the table it
# emptied skip the WAL (no streaming replica or archive reads it; pg_dump backups still work); a larger
# max_wal_size and checkpoint_timeout keep a million-row import from checkpointing midway; lz4 shrinks the full
# pages it does log; shared_buffers holds a million events' view index and more of the table (Debian: 128MB).
BULK_LOADING = {
    "wal_level": "minimal",
    "max_wal_senders": 0,
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
    "wal_compression": "lz4",
    "shared_buffers": "512MB",
}


@dataclass(frozen=True, slots=True)
class Cluster:
    folder: Path

    @property
    def data(self) -> Path:
        return self.folder / "data"

    @property
    def socket_dir(self) -> Path:
        return self.folder / "run"

    @property
    def url(self) -> str:
        """A libpq URL for psycopg and pg_dump; the socket folder travels as the (percent-encoded) `host` parameter."""
        return f"postgresql://{ROLE}@/{DATABASE}?host={quote(str(self.socket_dir), safe='')}&port={PORT}"


def missing_binaries() -> list[str]:
    """What `make team` and the test fixture need from postgresql-15 and postgresql-15-postgis-3."""
    wanted = [BIN / "initdb", BIN / "postgres", Path("/usr/share/postgresql/15/extension/postgis.control")]
    return [str(path) for path in wanted if not path.exists()]


def create(folder: Path, throwaway: bool = False) -> Cluster:
    """initdb on first use; a throwaway cluster (tests) skips fsync, since nobody needs it after a crash."""
    cluster = Cluster(folder.resolve())
    if (cluster.data / "PG_VERSION").exists():
        return cluster
    check_reachable(cluster.folder)
    cluster.socket_dir.mkdir(parents=True, exist_ok=True)
    cluster.folder.chmod(0o700)
    hand_over(cluster.folder)
    subprocess.run(
        as_service_account(
            [
                str(BIN / "initdb"),
                "--pgdata",
                str(cluster.data),
                "--username",
                ROLE,
                "--auth",
                "trust",
                "--encoding",
                "UTF8",
                "--locale",
                "C.UTF-8",
            ]
        ),
        check=True,
        cwd=cluster.folder,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    settings = {
        "listen_addresses": "",
        "unix_socket_directories": str(cluster.socket_dir),
        "port": PORT,
        "fsync": "off" if throwaway else "on",
        "full_page_writes": "off" if throwaway else "on",
        **BULK_LOADING,
    }
    with (cluster.data / "postgresql.conf").open("a", encoding="utf-8") as conf:
        conf.write("\n# Alliance Atlas (team/pgcluster.py)\n")
        conf.writelines(f"{name} = {_conf_value(value)}\n" for name, value in settings.items())
    return cluster


def _conf_value(value: str | int) -> str:
    """A postgresql.conf literal: quoted, with quotes and backslashes escaped, so a folder name stays a value."""
    if isinstance(value, int):
        return str(value)
    return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'"


def start(cluster: Cluster, log: Path, timeout: float = 60) -> subprocess.Popen:
    """The postgres server itself (not pg_ctl, which passes paths through a shell), ready, with PostGIS in `atlas`."""
    with log.open("ab") as sink:
        # a session of its own: a Ctrl-C in the terminal reaches our supervisor, which stops the database last
        process = subprocess.Popen(
            as_service_account([str(BIN / "postgres"), "-D", str(cluster.data)]),
            cwd=cluster.folder,
            stdout=sink,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_ready(cluster, process, log, timeout)
        _create_database(cluster)
    except BaseException:
        stop(process)
        raise
    return process


def _wait_ready(cluster: Cluster, process: subprocess.Popen, log: Path, timeout: float) -> None:
    import psycopg

    deadline = time.monotonic() + timeout
    while True:
        try:
            psycopg.connect(cluster.url.replace(f"/{DATABASE}?", "/postgres?"), connect_timeout=2).close()
            return
        except psycopg.OperationalError:
            if process.poll() is not None:
                raise RuntimeError(f"postgres exited with status {process.returncode}: see {log}") from None
            if time.monotonic() > deadline:
                raise TimeoutError(f"postgres did not accept connections in {timeout:.0f} s: see {log}") from None
            time.sleep(0.1)


def _create_database(cluster: Cluster) -> None:
    import psycopg

    with psycopg.connect(cluster.url.replace(f"/{DATABASE}?", "/postgres?"), autocommit=True) as admin:
        if admin.execute("SELECT 1 FROM pg_database WHERE datname = %s", (DATABASE,)).fetchone() is None:
            admin.execute(f"CREATE DATABASE {DATABASE}")  # a constant of this module, not input
    with psycopg.connect(cluster.url, autocommit=True) as atlas:
        atlas.execute("CREATE EXTENSION IF NOT EXISTS postgis")


def stop(process: subprocess.Popen, timeout: float = 30) -> None:
    """SIGINT is PostgreSQL's fast shutdown: open transactions roll back, committed ones are on disk."""
    if process.poll() is None:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def default_folder() -> Path:
    """$ALLIANCE_ATLAS_HOME/postgres (default ~/.alliance-atlas/postgres), beside the embedded stores."""
    return files.home_dir() / "postgres"
