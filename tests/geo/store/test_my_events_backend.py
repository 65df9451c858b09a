"""The backend follows ALLIANCE_ATLAS_DATABASE_URL: a team's database when it names one, else the user's file."""

from geo.store.my_events_backend import my_event_store
from geo.store.my_events_postgres import PostgresMyEvents
from geo.store.my_events_sqlite import DATABASE_NAME, SqliteMyEvents


def test_without_a_database_url_the_events_stay_in_the_users_sqlite_file(monkeypatch, tmp_path):
    monkeypatch.delenv("ALLIANCE_ATLAS_DATABASE_URL", raising=False)
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "home"))
    store = my_event_store()
    assert isinstance(store, SqliteMyEvents) and store.path == tmp_path / "home" / DATABASE_NAME


def test_a_postgresql_url_puts_them_in_that_database_and_no_file_is_made(monkeypatch, tmp_path, fresh_database):
    monkeypatch.setenv("ALLIANCE_ATLAS_DATABASE_URL", fresh_database)
    store = my_event_store(tmp_path / "home")
    assert isinstance(store, PostgresMyEvents) and store.url == fresh_database
    assert not (tmp_path / "home").exists()
