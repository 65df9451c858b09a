"""The one DuckDB file of imported events, and where it lives.

DuckDB lets one process open a file for writing: the app opens it once and shares it across Streamlit's threads,
and a second program holding it (another app, a command-line import) is StoreInUse, which the screens explain.
"""

import threading
from pathlib import Path

import duckdb

from geo import files
from geo.store.imported.schema import create_schema


class StoreInUse(Exception):
    """Another program (a second app, a command-line import) has the store open: DuckDB lets one process in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("the imported events are open in another program")


class ImportedStore:
    """One DuckDB file of imported events. Every call takes its own cursor, so Streamlit's threads may share one
    store (st.cache_resource); DuckDB lets one process open a file for writing, so open it once per process."""

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
        return self._connection.cursor()

    def event_count(self) -> int:
        return self.cursor().execute("SELECT count(*) FROM events").fetchall()[0][0]

    def close(self) -> None:
        self._connection.close()


def default_store_path() -> Path:
    """$ALLIANCE_ATLAS_HOME/bulk.duckdb, else ~/.alliance-atlas/bulk.duckdb: imports outlive the app's process."""
    # The file keeps the name it had when imported events were called bulk events: analysts' stores exist under it.
    return files.home_dir() / "bulk.duckdb"


def open_store(path: Path | None = None) -> ImportedStore:
    return ImportedStore(path or default_store_path())
