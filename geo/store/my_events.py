"""The user's own events, kept in an SQLite file under ALLIANCE_ATLAS_HOME (default ~/.alliance-atlas/).

Nothing is lost: every write is one transaction opened with BEGIN IMMEDIATE, so two writers queue on the file's
lock (waiting up to the busy timeout) instead of failing or overwriting each other; WAL mode with synchronous=FULL
lets readers go on meanwhile and keeps every committed event through a crash or restart. An import is checked whole
before anything is written and then written in one transaction, so a bad file adds nothing (every problem is
reported as file:line:field) and a crash half-way leaves the store as it was. Reading and writing the files
themselves, and the rules every field is checked by, are geo.store.my_events_files.
"""

import os
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from geo import files
from geo.alliance.my_event import MyEvent
from geo.dates import FuzzyDate, parse_fuzzy
from geo.places.gazetteer import Place
from geo.problems import ProblemLog
from geo.store.my_events_files import (
    FIELDS,
    MAX_IMPORT_BYTES,
    event_from_fields,
    my_events_csv,
    my_events_geojson,
    read_events_file,
    row_of,
)

DATABASE_NAME = "events.sqlite3"
SCHEMA_VERSION = 1
BUSY_TIMEOUT_SECONDS = 30.0
_SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (
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
);
CREATE INDEX IF NOT EXISTS events_by_start ON events (start);
"""


class StoreError(RuntimeError):
    """The store file cannot be used as it is; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: int
    already_present: int  # ids already in the store are kept as they are there


def new_event(
    title: str,
    start: FuzzyDate,
    place: Place | None = None,
    place_name: str | None = None,
    countries: Iterable[str] = (),
    note: str = "",
    source: str = "",
    now: datetime | None = None,
) -> MyEvent:
    """A confirmed event from the Ingest page; raises DataError (row 0) for a missing title or a bad code."""
    fields = {
        "title": title,
        "start": start.iso,
        "precision": start.precision.value,
        "place_name": place_name if place_name is not None else (place.name if place else ""),
        "lat": "" if place is None else repr(place.lat),
        "lon": "" if place is None else repr(place.lon),
        "place_kind": place.kind if place else "",
        "place_country": (place.country_iso3 or "") if place else "",
        "countries": ";".join(countries),
        "note": note,
        "source": source,
        "created_at": (now or datetime.now(UTC)).isoformat(),
    }
    log = ProblemLog("new event")
    event = event_from_fields(fields, 0, log)
    log.raise_if_any()
    return event


class MyEventStore:
    """One SQLite file; each call opens its own connection, so an instance may be shared across threads."""

    def __init__(self, path: Path) -> None:
        """A new folder is created 0700 and a new file 0600 (SQLite gives its -wal and -shm files the same mode)."""
        self.path = path
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.close(os.open(path, os.O_RDWR | os.O_CREAT, 0o600))
        self._create()

    @classmethod
    def open(cls, home: Path | None = None) -> "MyEventStore":
        return cls((home or files.home_dir()) / DATABASE_NAME)

    def add(self, event: MyEvent) -> None:
        with self._transaction() as connection:
            _insert(connection, [event])

    def events(self) -> list[MyEvent]:
        with self._connection() as connection:
            rows = connection.execute(f"SELECT {', '.join(FIELDS)} FROM events ORDER BY start, created_at, id")
            return [_event_from_row(row) for row in rows]

    def get(self, event_id: str) -> MyEvent | None:
        with self._connection() as connection:
            row = connection.execute(f"SELECT {', '.join(FIELDS)} FROM events WHERE id = ?", (event_id,)).fetchone()
            return None if row is None else _event_from_row(row)

    def delete(self, event_ids: Iterable[str]) -> int:
        """How many of the given events were there (and are now gone)."""
        ids = list(dict.fromkeys(event_ids))
        with self._transaction() as connection:
            return sum(connection.execute("DELETE FROM events WHERE id = ?", (i,)).rowcount for i in ids)

    def export_csv(self) -> str:
        return my_events_csv(self.events())

    def export_geojson(self) -> str:
        return my_events_geojson(self.events())

    def import_file(self, name: str, data: bytes, max_bytes: int = MAX_IMPORT_BYTES) -> ImportReport:
        """A .csv or .geojson/.json upload, all or nothing; DataError lists every problem by row and field."""
        events = read_events_file(name, data, max_bytes)
        return self.import_events(events)

    def import_events(self, events: list[MyEvent]) -> ImportReport:
        with self._transaction() as connection:
            present = {row[0] for row in connection.execute("SELECT id FROM events")}
            fresh = [event for event in events if event.id not in present]
            _insert(connection, fresh)
        return ImportReport(len(fresh), len(events) - len(fresh))

    def _create(self) -> None:
        """Creates or checks the schema; refuses a file written by a newer version rather than misread it."""
        with self._connection() as connection:
            connection.execute("PRAGMA journal_mode = WAL")  # persistent: stored in the file
            with self._transaction(connection):
                for statement in filter(str.strip, _SCHEMA.split(";")):
                    connection.execute(statement)  # executescript would commit: one statement at a time
                version = connection.execute("SELECT max(version) FROM schema_version").fetchone()[0]
                if version is None:
                    connection.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION,))
                elif version > SCHEMA_VERSION:
                    raise StoreError(
                        f"{self.path} was written by a newer Alliance Atlas (schema {version}); "
                        f"update the app to open it"
                    )

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        connection = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_SECONDS, isolation_level=None)
        try:
            connection.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_SECONDS * 1000)}")
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


def _insert(connection: sqlite3.Connection, events: Iterable[MyEvent]) -> None:
    placeholders = ", ".join("?" for _ in FIELDS)
    for event in events:
        connection.execute(f"INSERT INTO events ({', '.join(FIELDS)}) VALUES ({placeholders})", row_of(event))


def _event_from_row(row: tuple) -> MyEvent:
    (id_, title, start, precision, place_name, lat, lon, kind, country, countries, note, source, created) = row
    return MyEvent(
        id_,
        title,
        parse_fuzzy(start, precision),
        place_name,
        lat,
        lon,
        kind,
        country,
        tuple(c for c in countries.split(";") if c),
        note,
        source,
        datetime.fromisoformat(created),
    )
