"""PostgreSQL tables: created on first use in a schema of their own, each migration run once, even by processes
opening a new database at the same moment."""

import psycopg
import pytest

from geo.store.imported import pg_schema
from tests.geo.store.imported.conftest import at_once, fresh_database


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
    assert [t for (t,) in tables] == ["events", "imports", "schema_version"]
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
