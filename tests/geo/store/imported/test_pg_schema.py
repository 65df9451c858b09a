"""PostgreSQL tables: created on first use in a schema of their own, each migration run once, even by processes
opening a new database at the same moment."""

import h3.api.basic_int as h3
import psycopg
import pytest

from geo.alliance.filters import Filters
from geo.store import bins, imported
from geo.store.imported import pg_schema
from tests.geo.store.imported.conftest import assert_summary_matches_events, at_once, fresh_database, stored_indexes


@pytest.fixture
def database(postgres_url):
    with fresh_database(postgres_url) as url:
        yield url


def versions(url: str) -> list[int]:
    with psycopg.connect(url) as con:
        return [v for (v,) in con.execute("SELECT version FROM imported.schema_version ORDER BY 1").fetchall()]


def test_first_use_creates_the_tables_at_the_latest_version(database):
    with psycopg.connect(database) as con:
        assert pg_schema.migrate(con) == len(pg_schema.MIGRATIONS)
        tables = con.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'imported' ORDER BY 1").fetchall()
    assert [t for (t,) in tables] == ["bin_summary", "events", "imports", "schema_version"]
    assert versions(database) == list(range(1, len(pg_schema.MIGRATIONS) + 1))


def test_migrating_again_runs_nothing_and_keeps_the_events(database):
    with psycopg.connect(database) as con:
        pg_schema.migrate(con)
        con.execute("INSERT INTO imported.imports (path) VALUES ('kept.csv')")
        con.commit()
        pg_schema.migrate(con)
        assert con.execute("SELECT path FROM imported.imports").fetchall() == [("kept.csv",)]
    assert versions(database) == list(range(1, len(pg_schema.MIGRATIONS) + 1))


def test_processes_opening_a_new_database_at_once_migrate_it_once(database):
    def open_database(_):
        with psycopg.connect(database) as con:
            return pg_schema.migrate(con)

    assert at_once(open_database, *range(4)) == [len(pg_schema.MIGRATIONS)] * 4
    assert versions(database) == list(range(1, len(pg_schema.MIGRATIONS) + 1))


def test_a_store_of_the_first_version_migrates_keeping_its_events_and_views(database, monkeypatch):
    with psycopg.connect(database) as con:
        monkeypatch.setattr(pg_schema, "MIGRATIONS", pg_schema.MIGRATIONS[:1])
        pg_schema.migrate(con)
        con.execute(
            "INSERT INTO imported.events (key, first_day, last_day, date_precision, lat, lon, geo_precision, "
            "event_type, cell) VALUES ('ARM1', '2022-09-13', '2022-09-13', 'day', 40.18, 44.51, 1, 'Battles', %s)",
            [h3.latlng_to_cell(40.18, 44.51, imported.CELL_RESOLUTION)],
        )
        con.commit()
    monkeypatch.undo()
    store = imported.PostgresStore(database)  # opening it migrates
    view = bins.features_for_view(store, Filters(year=2022), bins.Bounds(35, 40, 45, 50), 6, max_points=0)
    assert view.total == 1 and len(view.bins) == 1
    assert view.bins[0].cell == h3.latlng_to_cell(40.18, 44.51, view.resolution)
    columns = store.rows("SELECT column_name FROM information_schema.columns WHERE table_name = 'events'")
    assert not [name for (name,) in columns if name.startswith("cell_")]
    assert set(stored_indexes(database)) == {"events_pkey", *pg_schema.INDEXES}
    assert versions(database) == list(range(1, len(pg_schema.MIGRATIONS) + 1))
    assert store.rows("SELECT sum(events) FROM bin_summary WHERE resolution = 0") == [(1,)]  # counted when migrating
    assert_summary_matches_events(store)
    store.close()


def test_the_migrated_indexes_are_those_a_first_import_builds_again(database):
    with psycopg.connect(database) as con:
        pg_schema.migrate(con)
    migrated = stored_indexes(database)
    for name, definition in pg_schema.INDEXES.items():
        assert migrated[name] == definition.replace(" ON events ", " ON imported.events USING btree ")
