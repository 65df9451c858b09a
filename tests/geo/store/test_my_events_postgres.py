"""The PostgreSQL database itself: its schema made on first use, in a namespace of its own, by one replica at a time;
times in UTC (what both backends share is tested in test_my_events.py)."""

import threading
from datetime import datetime, timedelta, timezone

import psycopg
import pytest

from geo.dates import parse_fuzzy
from geo.store.authorship import SOLO, Authorship, Viewer
from geo.store.my_events import StoreError, new_event
from geo.store.my_events_postgres import SCHEMA_VERSION, PostgresMyEvents


def versions(url: str) -> list[tuple[int]]:
    with psycopg.connect(url) as connection:
        return connection.execute("SELECT version FROM my_events.schema_version ORDER BY version").fetchall()


def test_the_schema_is_made_on_first_use_in_a_namespace_of_its_own(fresh_database):
    """Beside the imported events' tables: nothing of ours sits in `public`."""
    PostgresMyEvents(fresh_database)
    PostgresMyEvents(fresh_database)  # a second opening takes no step twice
    assert versions(fresh_database) == [(n,) for n in range(1, SCHEMA_VERSION + 1)]
    with psycopg.connect(fresh_database) as connection:
        tables = connection.execute(
            "SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN (%s, %s)"
            " ORDER BY table_name",
            ("pg_catalog", "information_schema"),
        ).fetchall()
    assert ("my_events", "events") in tables and ("my_events", "schema_version") in tables
    assert not [name for schema, name in tables if schema == "public" and name in {"events", "schema_version"}]


def test_replicas_starting_together_create_the_schema_once(fresh_database):
    """Without the advisory lock, two CREATE TABLEs race and one replica fails to start."""
    start, errors = threading.Barrier(4), []

    def replica() -> None:
        start.wait()
        try:
            PostgresMyEvents(fresh_database)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=replica) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == [] and versions(fresh_database) == [(n,) for n in range(1, SCHEMA_VERSION + 1)]


def test_a_schema_of_version_1_gains_the_aliases_table_and_keeps_its_events(fresh_database):
    """What a team database kept before place aliases existed: its events stay, and aliases can be kept."""
    made = new_event("Kept before aliases", parse_fuzzy("2024-02-22"))
    PostgresMyEvents(fresh_database).add(made, Authorship(None, made.created_at), SOLO)
    with psycopg.connect(fresh_database) as connection:
        connection.execute("DROP TABLE my_events.place_aliases")
        connection.execute("DELETE FROM my_events.schema_version WHERE version > 1")
    store = PostgresMyEvents(fresh_database)
    assert versions(fresh_database) == [(n,) for n in range(1, SCHEMA_VERSION + 1)] and SCHEMA_VERSION == 2
    assert store.events(SOLO) == [made] and store.aliases(SOLO) == []


def test_a_schema_written_by_a_newer_version_is_refused(fresh_database):
    PostgresMyEvents(fresh_database)
    with psycopg.connect(fresh_database) as connection:
        connection.execute("INSERT INTO my_events.schema_version (version) VALUES (%s)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer Alliance Atlas"):
        PostgresMyEvents(fresh_database)


def test_times_come_back_as_the_same_instants_in_utc(fresh_database):
    """Kept in Yerevan's zone, read in UTC: a replica in another zone orders events the same way."""
    yerevan = timezone(timedelta(hours=4))
    kept_at = datetime(2024, 2, 23, 13, 30, tzinfo=yerevan)
    made = new_event("Summit", parse_fuzzy("2024-02-22"), now=kept_at)
    store = PostgresMyEvents(fresh_database)
    store.add(made, Authorship("alice", kept_at), Viewer("alice", team=True))
    kept = store.get(made.id, SOLO)
    assert kept.event.created_at == kept_at and kept.event.created_at.utcoffset() == timedelta(0)
    assert kept.authorship.kept_at == kept_at and kept.authorship.kept_at.utcoffset() == timedelta(0)
