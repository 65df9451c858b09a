"""My events in a PostgreSQL database (ALLIANCE_ATLAS_DATABASE_URL): the team's store, shared by every replica.

The tables live in their own schema, `my_events`, beside whatever else the database holds (the imported events). The
schema is created on first use and migrated under an advisory lock, so replicas starting together take turns and the
second finds the work done. Writes are one transaction each: an import adds all its new events or none, and ids are
de-duplicated by the primary key (ON CONFLICT DO NOTHING), which stays right when two analysts import the same file at
once. Deleting and publishing lock the rows they judge (SELECT … FOR UPDATE), so the rule and the change see the same
row. Every value travels as a bound parameter. Connections come from a pool (geo.store.connections): every map rerun
reads this store.
"""

from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

import psycopg

from geo.store import my_events
from geo.store.authorship import Authorship
from geo.store.connections import connection_pool
from geo.store.my_events import Kept, MyEventStore, kept_from_row, pending_migrations
from geo.store.place_aliases import ALIAS_COLUMNS, REPLACED, KeptAlias, alias_from_row, alias_row

COLUMNS = ", ".join(my_events.COLUMNS)
VALUES = ", ".join(["%s"] * len(my_events.COLUMNS))
# An id already stored is skipped, not an error: the primary key de-duplicates, also under a race.
INSERT = f"INSERT INTO my_events.events ({COLUMNS}) VALUES ({VALUES}) ON CONFLICT (id) DO NOTHING"
ALIASES = ", ".join(ALIAS_COLUMNS)
UPSERT_ALIAS = (
    f"INSERT INTO my_events.place_aliases ({ALIASES}) VALUES ({', '.join(['%s'] * len(ALIAS_COLUMNS))}) "
    f"ON CONFLICT (author, surface_key) DO UPDATE SET {REPLACED}"
)
MIGRATION_LOCK = 0x41746C61734D4531  # pg_advisory_xact_lock key of this store's migrations ("AtlasME1")
MIGRATIONS = (
    (
        """CREATE TABLE my_events.events (
            id text PRIMARY KEY,  -- a UUID: geo.store.my_events_files checks and normalises it
            title text NOT NULL CHECK (length(title) > 0),
            start text NOT NULL,
            precision text NOT NULL CHECK (precision IN ('day', 'month', 'year')),
            place_name text NOT NULL DEFAULT '',
            lat double precision CHECK (lat BETWEEN -90 AND 90),
            lon double precision CHECK (lon BETWEEN -180 AND 180),
            place_kind text,
            place_country text,
            countries text NOT NULL DEFAULT '',
            note text NOT NULL DEFAULT '',
            source text NOT NULL DEFAULT '',
            created_at timestamptz NOT NULL,
            author text,
            kept_at timestamptz NOT NULL,
            published boolean NOT NULL DEFAULT false
        )""",
        "CREATE INDEX events_in_order ON my_events.events (start, created_at, id)",
        "CREATE INDEX events_by_author ON my_events.events (author)",
    ),
    (
        """CREATE TABLE my_events.place_aliases (
            author text NOT NULL,  -- '' in single-user mode (geo.store.place_aliases)
            surface_key text NOT NULL,
            surface text NOT NULL,
            place_id text NOT NULL,
            name text NOT NULL,
            kind text NOT NULL,
            lat double precision NOT NULL CHECK (lat BETWEEN -90 AND 90),
            lon double precision NOT NULL CHECK (lon BETWEEN -180 AND 180),
            country text,
            kept_at timestamptz NOT NULL,
            PRIMARY KEY (author, surface_key)
        )""",
    ),
)
SCHEMA_VERSION = len(MIGRATIONS)


class PostgresMyEvents(MyEventStore):
    """One database; each call takes a pooled connection for one transaction, so every thread may share the store."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._pool = connection_pool(url, "-c TimeZone=UTC")
        self._migrate()

    def _insert(self, kept: Sequence[Kept]) -> int:
        with self._transaction() as connection, connection.cursor() as cursor:
            cursor.executemany(INSERT, [my_events.stored_row(one) for one in kept])
            return max(cursor.rowcount, 0)

    def _all(self) -> list[Kept]:
        with self._transaction() as connection:
            rows = connection.execute(f"SELECT {COLUMNS} FROM my_events.events ORDER BY start, created_at, id")
            return [kept_from_row(row) for row in rows]

    def _one(self, event_id: str) -> Kept | None:
        with self._transaction() as connection:
            row = connection.execute(f"SELECT {COLUMNS} FROM my_events.events WHERE id = %s", (event_id,)).fetchone()
            return None if row is None else kept_from_row(row)

    def _delete(self, event_ids: list[str], allowed: Callable[[Authorship], bool]) -> int:
        with self._transaction() as connection:
            chosen = _allowed(connection, event_ids, allowed)
            return connection.execute("DELETE FROM my_events.events WHERE id = ANY(%s)", (chosen,)).rowcount

    def _publish(self, event_ids: list[str], published: bool, allowed: Callable[[Authorship], bool]) -> int:
        with self._transaction() as connection:
            chosen = _allowed(connection, event_ids, allowed)
            change = "UPDATE my_events.events SET published = %s WHERE id = ANY(%s)"
            return connection.execute(change, (published, chosen)).rowcount

    def _upsert_alias(self, alias: KeptAlias) -> None:
        with self._transaction() as connection:
            connection.execute(UPSERT_ALIAS, alias_row(alias))

    def _aliases(self, author: str | None) -> list[KeptAlias]:
        with self._transaction() as connection:
            query = f"SELECT {ALIASES} FROM my_events.place_aliases WHERE %s::text IS NULL OR author = %s"
            return [
                alias_from_row(row) for row in connection.execute(query + " ORDER BY surface_key", (author, author))
            ]

    def _migrate(self) -> None:
        with self._transaction() as connection:
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            connection.execute("CREATE SCHEMA IF NOT EXISTS my_events")
            connection.execute("CREATE TABLE IF NOT EXISTS my_events.schema_version (version integer PRIMARY KEY)")
            stored = connection.execute("SELECT max(version) FROM my_events.schema_version").fetchone()[0]
            for number, statements in pending_migrations(stored, MIGRATIONS, "the database's my_events schema"):
                for statement in statements:
                    connection.execute(statement)
                connection.execute("INSERT INTO my_events.schema_version (version) VALUES (%s)", (number,))

    @contextmanager
    def _transaction(self) -> Iterator[psycopg.Connection]:
        """Times come back in UTC whatever the server's zone (the pool's option), so every replica reads the same
        instants."""
        with self._pool.connection() as connection, connection.transaction():
            yield connection


def _allowed(connection: psycopg.Connection, event_ids: list[str], allowed: Callable[[Authorship], bool]) -> list[str]:
    """The ids among `event_ids` that are stored and whose authorship the rule allows to change, locked till commit."""
    rows = connection.execute(f"SELECT {COLUMNS} FROM my_events.events WHERE id = ANY(%s) FOR UPDATE", (event_ids,))
    return [kept.event.id for kept in map(kept_from_row, rows) if allowed(kept.authorship)]
