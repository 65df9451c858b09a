"""My events in an SQLite file under ALLIANCE_ATLAS_HOME (default ~/.alliance-atlas/): the single user's store.

Nothing is lost: every write is one transaction opened with BEGIN IMMEDIATE, so two writers queue on the file's lock
(waiting up to the busy timeout) instead of failing or overwriting each other; WAL mode with synchronous=FULL lets
readers go on meanwhile and keeps every committed event through a crash or restart. The schema is migrated in place
when the file is opened: a file kept before authorship existed gains its columns, its events stay the user's own.
"""

import os
import sqlite3
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path

from geo import files
from geo.store import my_events
from geo.store.authorship import Authorship
from geo.store.my_events import Kept, MyEventStore, kept_from_row, pending_migrations
from geo.store.place_aliases import ALIAS_COLUMNS, REPLACED, KeptAlias, alias_from_row, alias_row

DATABASE_NAME = "events.sqlite3"
BUSY_TIMEOUT_SECONDS = 30.0
COLUMNS = ", ".join(my_events.COLUMNS)
VALUES = ", ".join(["?"] * len(my_events.COLUMNS))
# An id already stored is skipped, not an error: the primary key de-duplicates, also under a race.
INSERT = f"INSERT INTO events ({COLUMNS}) VALUES ({VALUES}) ON CONFLICT (id) DO NOTHING"
ALIASES = ", ".join(ALIAS_COLUMNS)
UPSERT_ALIAS = (
    f"INSERT INTO place_aliases ({ALIASES}) VALUES ({', '.join(['?'] * len(ALIAS_COLUMNS))}) "
    f"ON CONFLICT (author, surface_key) DO UPDATE SET {REPLACED}"
)
# Each entry moves the file one version on; the version table keeps a row per step taken.
MIGRATIONS = (
    (
        """CREATE TABLE IF NOT EXISTS events (
            id TEXT PRIMARY KEY,
            title TEXT NOT NULL CHECK (length(title) > 0),
            start TEXT NOT NULL,
            precision TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
            place_name TEXT NOT NULL DEFAULT '',
            lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
            lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
            place_kind TEXT,
            place_country TEXT,
            countries TEXT NOT NULL DEFAULT '',
            note TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            created_at TEXT NOT NULL
        )""",
        "CREATE INDEX IF NOT EXISTS events_by_start ON events (start)",
    ),
    (
        "ALTER TABLE events ADD COLUMN author TEXT",  # NULL: kept in single-user mode
        "ALTER TABLE events ADD COLUMN kept_at TEXT NOT NULL DEFAULT ''",
        "UPDATE events SET kept_at = created_at",  # the best record of when an event kept before now was kept
        "ALTER TABLE events ADD COLUMN published INTEGER NOT NULL DEFAULT 0 CHECK (published IN (0, 1))",
    ),
    (
        """CREATE TABLE place_aliases (
            author TEXT NOT NULL,  -- '' in single-user mode (geo.store.place_aliases)
            surface_key TEXT NOT NULL,
            surface TEXT NOT NULL,
            place_id TEXT NOT NULL,
            name TEXT NOT NULL,
            kind TEXT NOT NULL,
            lat REAL NOT NULL CHECK (lat BETWEEN -90 AND 90),
            lon REAL NOT NULL CHECK (lon BETWEEN -180 AND 180),
            country TEXT,
            kept_at TEXT NOT NULL,
            PRIMARY KEY (author, surface_key)
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class SqliteMyEvents(MyEventStore):
    """One SQLite file; each call opens its own connection, as the interface promises."""

    def __init__(self, path: Path) -> None:
        """A new folder is created 0700 and a new file 0600 (SQLite gives its -wal and -shm files the same mode)."""
        self.path = path
        files.private_folder(path.parent)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, files.PRIVATE_FILE))
        self._migrate()

    @classmethod
    def open(cls, home: Path | None = None) -> "SqliteMyEvents":
        return cls((home or files.home_dir()) / DATABASE_NAME)

    def _insert(self, kept: Sequence[Kept]) -> int:
        with self._transaction() as connection:
            return sum(connection.execute(INSERT, my_events.stored_row(one)).rowcount for one in kept)

    def _all(self) -> list[Kept]:
        with self._connection() as connection:
            rows = connection.execute(f"SELECT {COLUMNS} FROM events ORDER BY start, created_at, id")
            return [kept_from_row(row) for row in rows]

    def _one(self, event_id: str) -> Kept | None:
        with self._connection() as connection:
            row = connection.execute(f"SELECT {COLUMNS} FROM events WHERE id = ?", (event_id,)).fetchone()
            return None if row is None else kept_from_row(row)

    def _delete(self, event_ids: list[str], allowed: Callable[[Authorship], bool]) -> int:
        with self._transaction() as connection:
            chosen = _allowed(connection, event_ids, allowed)
            return sum(connection.execute("DELETE FROM events WHERE id = ?", (i,)).rowcount for i in chosen)

    def _publish(self, event_ids: list[str], published: bool, allowed: Callable[[Authorship], bool]) -> int:
        with self._transaction() as connection:
            chosen = _allowed(connection, event_ids, allowed)
            change = "UPDATE events SET published = ? WHERE id = ?"
            return sum(connection.execute(change, (published, i)).rowcount for i in chosen)

    def _upsert_alias(self, alias: KeptAlias) -> None:
        with self._transaction() as connection:
            connection.execute(UPSERT_ALIAS, alias_row(alias))

    def _aliases(self, author: str | None) -> list[KeptAlias]:
        with self._connection() as connection:
            query = f"SELECT {ALIASES} FROM place_aliases WHERE ? IS NULL OR author = ? ORDER BY surface_key"
            return [alias_from_row(row) for row in connection.execute(query, (author, author))]

    def _migrate(self) -> None:
        """Creates or upgrades the schema in one transaction: a second process opening the file meanwhile waits."""
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the file
            with self._transaction(connection):
                connection.execute("CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)")
                stored = connection.execute("SELECT max(version) FROM schema_version").fetchone()[0]
                for number, statements in pending_migrations(stored, MIGRATIONS, str(self.path)):
                    for statement in statements:
                        connection.execute(statement)  # executescript would commit: one statement at a time
                    connection.execute("INSERT INTO schema_version (version) VALUES (?)", (number,))

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")  # a constant, not data
            connection.execute("PRAGMA synchronous = FULL")
            yield connection
        finally:
            connection.close()

    @contextmanager
    def _transaction(self, connection: sqlite3.Connection | None = None) -> Iterator[sqlite3.Connection]:
        """BEGIN IMMEDIATE takes the write lock at once, so a writer waits its turn instead of failing on upgrade."""
        if connection is None:
            with self._connection() as own, self._transaction(own) as same:
                yield same
            return
        connection.execute("BEGIN IMMEDIATE")
        try:
            yield connection
        except BaseException:
            connection.execute("ROLLBACK")
            raise
        connection.execute("COMMIT")


def _allowed(connection: sqlite3.Connection, event_ids: list[str], allowed: Callable[[Authorship], bool]) -> list[str]:
    """The ids among `event_ids` that are stored and whose authorship the rule allows to change."""
    chosen = []
    for event_id in event_ids:
        row = connection.execute(f"SELECT {COLUMNS} FROM events WHERE id = ?", (event_id,)).fetchone()
        if row is not None and allowed(kept_from_row(row).authorship):
            chosen.append(event_id)
    return chosen
