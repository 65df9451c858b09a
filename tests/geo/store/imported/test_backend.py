"""Which store the atlas opens: the home's DuckDB file by default, PostgreSQL when a database URL is configured."""

from geo.store import imported
from tests.geo.store.imported.conftest import acled_row, fresh_database, write_csv


def test_without_a_database_url_the_store_is_the_homes_duckdb_file(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ALLIANCE_ATLAS_DATABASE_URL", raising=False)
    store = imported.open_store()
    assert isinstance(store, imported.ImportedStore) and store.path == tmp_path / "home" / "bulk.duckdb"
    store.close()


def test_a_database_url_selects_postgresql_and_a_path_still_means_that_file(monkeypatch, tmp_path, postgres_url):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "home"))
    with fresh_database(postgres_url) as url:
        monkeypatch.setenv("ALLIANCE_ATLAS_DATABASE_URL", url)
        store = imported.open_store()
        assert isinstance(store, imported.PostgresStore) and store.event_count() == 0
        store.close()
    assert not (tmp_path / "home" / "bulk.duckdb").exists()
    explicit = imported.open_store(tmp_path / "mine.duckdb")
    assert isinstance(explicit, imported.ImportedStore)
    explicit.close()


def test_a_store_exists_once_its_file_does_or_a_database_is_configured(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ALLIANCE_ATLAS_DATABASE_URL", raising=False)
    assert not imported.store_exists()
    imported.open_store().close()
    assert imported.store_exists()
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "elsewhere"))
    monkeypatch.setenv("ALLIANCE_ATLAS_DATABASE_URL", "postgresql://atlas@/atlas")
    assert imported.store_exists()


def test_a_store_has_events_once_a_commit_kept_some(store, tmp_path):
    assert (store.has_events(), store.event_count()) == (False, 0)
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "one.csv", [acled_row()])))
    assert (store.has_events(), store.event_count()) == (True, 1)
