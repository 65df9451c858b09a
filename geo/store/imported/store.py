"""The one DuckDB file of imported events, and where it lives: the embedded backend, and the default.

DuckDB lets one process open a file for writing: the app opens it once and shares it across Streamlit's threads,
and a second program holding it (another app, a command-line import) is StoreInUse, which the screens explain.
Staged files are read and checked in the same connection's in-memory `staging` database (geo.store.imported.staging).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import duckdb

from geo import files
from geo.store.imported.places import parent_sql
from geo.store.imported.schema import CHANGED, EVENT_COLUMNS, create_schema, kept_rows

if TYPE_CHECKING:  # staging uses the stores; they only name its record
    from geo.store.imported.staging import Staged


class StoreInUse(Exception):
    """Another program (a second app, a command-line import) has the store open: DuckDB lets one process in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("the imported events are open in another program")


class ImportedStore:
    """One DuckDB file of imported events. Every call takes its own cursor, so Streamlit's threads may share one
    store (st.cache_resource); DuckDB lets one process open a file for writing, so open it once per process."""

    summary_resolutions = range(0)  # a view of the world scans a million events' columns in ~100 ms

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the analyst's data: no one else reads it
        self.path = path
        self.commit_lock = threading.Lock()  # one commit at a time: two sessions keeping one file add it once
        try:
            self._connection = duckdb.connect(str(path))
        except duckdb.IOException as error:
            if "lock" not in str(error):
                raise
            raise StoreInUse(path) from error
        path.chmod(0o600)
        create_schema(self._connection)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Where staged files are read and checked; here also where the events are."""
        return self._connection.cursor()

    def rows(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """A read query written for both backends: `?` placeholders, SQL both dialects share."""
        return self.cursor().execute(sql, list(params)).fetchall()

    def cell_sql(self, resolution: int) -> str:
        return parent_sql(resolution)

    def event_count(self) -> int:
        return self.rows("SELECT count(*) FROM events")[0][0]

    def has_events(self) -> bool:
        return bool(self.rows("SELECT EXISTS (SELECT 1 FROM events)")[0][0])

    def new_import(self, path: str) -> int:
        con = self.cursor()
        import_id = con.execute("SELECT nextval('import_ids')").fetchall()[0][0]
        con.execute("INSERT INTO imports VALUES (?, ?, 0, false, 0, 0, now())", [import_id, path])
        return import_id

    def hold(self, staged: Staged, rows: int) -> tuple[int, int]:
        """Records the file's row count; returns how many good rows have a stored key, and how many of those changed."""
        con = self.cursor()
        con.execute("UPDATE imports SET rows = ? WHERE id = ?", [rows, staged.id])
        known, changed = con.execute(
            f"SELECT count(*), count(*) FILTER ({CHANGED}) FROM {staged.table} s JOIN events e "
            "USING (key) WHERE s.problems IS NULL"
        ).fetchall()[0]
        return known, changed

    def keep(self, staged: Staged) -> int:
        """One commit at a time, so a second commit of the same events finds them stored and adds nothing."""
        with self.commit_lock:
            return self._keep(staged)

    def _keep(self, staged: Staged) -> int:
        con, stage = self.cursor(), staged.table
        con.execute("BEGIN TRANSACTION")
        try:
            replaced = con.execute(
                f"DELETE FROM events WHERE key IN (SELECT s.key FROM {stage} s JOIN events e "
                f"USING (key) WHERE s.problems IS NULL AND {CHANGED})"
            ).fetchall()[0][0]
            added = con.execute(
                f"""INSERT INTO events SELECT {", ".join(EVENT_COLUMNS)}, ?, country_iso3, cell
                    FROM ({kept_rows(stage)}) k WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.key = k.key)""",
                [staged.id],
            ).fetchall()[0][0]
            con.execute(
                "UPDATE imports SET committed = true, added = ?, replaced = ?, changed_at = now() WHERE id = ?",
                [added - replaced, replaced, staged.id],
            )
            con.execute("COMMIT")
        except BaseException:
            con.execute("ROLLBACK")
            raise
        return added

    def forget(self, staged: Staged) -> None:
        """A discarded or failed import leaves no record."""
        self.cursor().execute("DELETE FROM imports WHERE id = ?", [staged.id])

    def close(self) -> None:
        self._connection.close()


def default_store_path() -> Path:
    """$ALLIANCE_ATLAS_HOME/bulk.duckdb, else ~/.alliance-atlas/bulk.duckdb: imports outlive the app's process."""
    # The file keeps the name it had when imported events were called bulk events: analysts' stores exist under it.
    return files.home_dir() / "bulk.duckdb"
