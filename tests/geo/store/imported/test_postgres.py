"""The PostgreSQL backend's own parts: H3 bins stored per resolution, column names from a fixed list, and two app
processes (two stores on one database, no lock shared in Python) committing the same file at once."""

import h3.api.basic_int as h3
import pytest

from bench.generate_acled import write_export
from geo.store import imported
from geo.store.imported import pg_schema
from tests.geo.store.imported.conftest import (
    acled_row,
    assert_summary_matches_events,
    at_once,
    fresh_database,
    stored_indexes,
    write_csv,
)


@pytest.fixture
def database(postgres_url):
    with fresh_database(postgres_url) as url:
        yield url


@pytest.fixture
def store(database):
    opened = imported.PostgresStore(database)
    yield opened
    opened.close()


def stored_cells(store, key: str) -> list[int]:
    columns = ", ".join(store.cell_sql(resolution) for resolution in imported.BIN_RESOLUTIONS)
    return list(store.rows(f"SELECT {columns} FROM events WHERE key = ?", [key])[0])


def h3_parents(lat: float, lon: float) -> list[int]:
    cell = h3.latlng_to_cell(lat, lon, imported.CELL_RESOLUTION)
    return [h3.cell_to_parent(cell, resolution) for resolution in imported.BIN_RESOLUTIONS]


def test_each_bin_resolution_is_stored_and_follows_a_revised_point(store, tmp_path):
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "v1.csv", [acled_row()])))
    assert stored_cells(store, "ARM1") == h3_parents(39.8417, 45.6722)
    moved = [acled_row(latitude="40.18", longitude="44.51")]
    assert imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "v2.csv", moved))) == 1
    assert stored_cells(store, "ARM1") == h3_parents(40.18, 44.51)
    assert store.rows("SELECT added, replaced FROM imports ORDER BY id") == [(1, 0), (0, 1)]


@pytest.mark.parametrize("resolution", [-1, 10, "0; DROP TABLE events"])
def test_only_stored_resolutions_become_column_names(store, resolution):
    with pytest.raises(ValueError, match="no stored H3 cells"):
        store.cell_sql(resolution)


def test_a_query_with_a_percent_sign_is_refused_before_it_reaches_psycopg(store):
    with pytest.raises(ValueError, match="no % in it"):
        store.rows("SELECT count(*) FROM events WHERE title LIKE '%x'")


def test_two_processes_committing_one_file_at_once_store_each_event_once(database, tmp_path):
    path = tmp_path / "acled.csv"
    write_export(20_000, path, seed=7)
    stores = [imported.PostgresStore(database) for _ in range(2)]
    staged = [imported.stage_acled(store, path) for store in stores]
    added = at_once(lambda pair: imported.commit(*pair), *zip(stores, staged))
    assert sorted(added) == [0, 20_000]
    assert stores[0].rows("SELECT count(*), count(DISTINCT key) FROM events") == [(20_000, 20_000)]
    assert_summary_matches_events(stores[0])
    for store in stores:
        store.close()


def test_a_discarded_import_cannot_be_committed_and_leaves_no_record(store, tmp_path):
    staged = imported.stage_acled(store, write_csv(tmp_path / "one.csv", [acled_row()]))
    imported.discard(store, staged)
    with pytest.raises(ValueError, match="already committed or discarded"):
        imported.commit(store, staged)
    assert store.rows("SELECT count(*) FROM imports") == [(0,)]


def test_a_first_import_builds_the_key_and_indexes_again_and_the_key_still_refuses_repeats(store, database, tmp_path):
    before = stored_indexes(database)
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "v1.csv", [acled_row()])))
    assert stored_indexes(database) == before
    rows = [acled_row(), acled_row(event_id_cnty="ARM2")]
    assert imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "v2.csv", rows))) == 1
    assert store.rows("SELECT key FROM events ORDER BY key") == [("ARM1",), ("ARM2",)]
    assert set(before) == {"events_pkey", *pg_schema.INDEXES}


def test_a_large_first_import_leaves_every_page_all_visible_for_index_only_scans(store, tmp_path):
    path = tmp_path / "acled.csv"
    write_export(12_000, path, seed=3)  # past ANALYZE_AFTER: statistics and the visibility count at commit
    imported.commit(store, imported.stage_acled(store, path))
    pages = store.rows("SELECT relpages, relallvisible FROM pg_class WHERE oid = 'imported.events'::regclass")
    assert pages[0][0] > 0 and pages[0][1] == pages[0][0]
