"""What a store of imported events does, and which one the atlas opens: the embedded DuckDB file by default, the
PostgreSQL database named by ALLIANCE_ATLAS_DATABASE_URL in team mode.

Reading a file, checking its rows, reporting problems by file, line and field, and finding repeated keys happen
once, in geo.store.imported.staging, for both; a backend only keeps the good rows and answers read queries. Queries
are written once for both (`?` placeholders, SQL both dialects share), with column names from fixed lists only.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

import duckdb

from geo import files
from geo.store.imported.postgres import PostgresStore
from geo.store.imported.store import ImportedStore, default_store_path

if TYPE_CHECKING:  # staging uses the stores; they only name its record
    from geo.store.imported.staging import Staged


class EventStore(Protocol):
    summary_resolutions: range
    """Resolutions whose bins the store keeps per year and type at commit (geo.store.imported.bin_summary), for
    coarse views to read instead of the events; none when its column scans are fast enough (DuckDB)."""

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """The DuckDB connection whose in-memory `staging` database holds staged files while they are checked."""

    def rows(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """The rows of a read query over `events` or `imports`."""

    def cell_sql(self, resolution: int) -> str:
        """The SQL expression of an event's H3 bin at a resolution of geo.store.imported.places.BIN_RESOLUTIONS."""

    def event_count(self) -> int: ...

    def has_events(self) -> bool:
        """Asked on every rerun of the map, so it does not count a million rows."""

    def new_import(self, path: str) -> int:
        """Records an import of the file and returns its id."""

    def hold(self, staged: Staged, rows: int) -> tuple[int, int]:
        """Takes a checked file's good rows until keep() or forget(); returns (stored keys, changed of them)."""

    def keep(self, staged: Staged) -> int:
        """Adds new keys and replaces revised events, all or nothing; returns how many events were written."""

    def forget(self, staged: Staged) -> None:
        """Drops a held import and its record."""

    def close(self) -> None: ...


def open_store(path: Path | None = None) -> EventStore:
    """The DuckDB file at `path` if given; else PostgreSQL when a database URL is configured; else the home's file."""
    if path is None and (url := files.database_url()):
        return PostgresStore(url)
    return ImportedStore(path or default_store_path())


def store_exists() -> bool:
    """Whether there is a store to read without creating one: a configured database, or the home's file (a plain
    reader's map opens no database file)."""
    return files.database_url() is not None or default_store_path().exists()
