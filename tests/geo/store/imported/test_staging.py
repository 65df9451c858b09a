"""Staging then commit or discard: pages of problems, re-imports, revisions, progress, two sessions at once, an
import killed while it commits; on both backends."""

import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from bench.generate_acled import write_export
from geo.store import imported
from geo.store.imported.mapping import ColumnMapping
from tests.conftest import ROOT
from tests.geo.store.imported.conftest import (
    BACKENDS,
    acled_row,
    assert_summary_matches_events,
    at_once,
    fresh_database,
    write_csv,
)


def test_problems_come_a_page_at_a_time(store, tmp_path):
    rows = [acled_row(event_id_cnty=f"ARM{i}", latitude="x") for i in range(30)]
    staged = imported.stage_acled(store, write_csv(tmp_path / "bad.csv", rows))
    pages = [imported.staged_problems(store, staged, limit=10, offset=offset) for offset in (0, 10, 20, 30)]
    assert [len(page) for page in pages] == [10, 10, 10, 0]
    assert [p.line for page in pages for p in page] == list(range(2, 32))


def test_reimporting_the_same_file_adds_nothing(store, tmp_path, cities):
    path = tmp_path / "acled.csv"
    write_export(200, path, seed=3, cities=cities)
    imported.commit(store, imported.stage_acled(store, path))
    again = imported.stage_acled(store, path)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 200)
    assert imported.commit(store, again) == 0
    assert store.event_count() == 200


def test_a_revised_acled_event_replaces_the_stored_one(store, tmp_path):
    imported.commit(
        store,
        imported.stage_acled(store, write_csv(tmp_path / "v1.csv", [acled_row(), acled_row(event_id_cnty="ARM2")])),
    )
    revised = imported.stage_acled(
        store,
        write_csv(
            tmp_path / "v2.csv",
            [acled_row(fatalities="9"), acled_row(event_id_cnty="ARM2"), acled_row(event_id_cnty="ARM3")],
        ),
    )
    assert (revised.new, revised.changed, revised.unchanged) == (1, 1, 1)
    imported.commit(store, revised)
    assert store.event_count() == 3
    assert imported.imported_event(store, "ARM1").fatalities == 9


def test_discarding_keeps_nothing_and_a_staged_file_is_used_once(store, tmp_path):
    staged = imported.stage_acled(store, write_csv(tmp_path / "one.csv", [acled_row()]))
    imported.discard(store, staged)
    assert store.event_count() == 0
    with pytest.raises(ValueError, match="already committed or discarded"):
        imported.commit(store, staged)


def test_progress_is_reported_in_order_up_to_done(store, tmp_path, cities):
    path = tmp_path / "acled.csv"
    write_export(500, path, seed=1, cities=cities)
    seen = []
    imported.stage_acled(store, path, progress=lambda stage, fraction: seen.append((stage, fraction)))
    fractions = [fraction for _, fraction in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and seen[-1] == ("Done", 1.0)
    assert {"Reading", "Checking rows", "Locating events"} <= {stage for stage, _ in seen}


def test_two_sessions_keeping_one_file_at_once_store_each_event_once(store, tmp_path, cities):
    path = tmp_path / "acled.csv"
    write_export(20_000, path, seed=5, cities=cities)
    first, second = imported.stage_acled(store, path), imported.stage_acled(store, path)
    added = at_once(partial(imported.commit, store), first, second)
    assert sorted(added) == [0, 20_000]
    assert store.rows("SELECT count(*), count(DISTINCT key) FROM events") == [(20_000, 20_000)]


def test_a_file_without_a_mapping_is_staged_as_an_acled_export(store, tmp_path):
    staged = imported.stage_file(store, write_csv(tmp_path / "one.csv", [acled_row()]), None)
    assert (staged.rows, staged.bad_rows, staged.new) == (1, 0, 1)


def test_a_csv_mapping_needs_coordinates_or_a_place_name(store, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text("date,title\n2020,Summit\n")
    with pytest.raises(ValueError, match="map latitude and longitude, or a place name"):
        imported.stage_mapped(store, path, ColumnMapping(date="date", title="title"))
    assert store.rows("SELECT count(*) FROM imports")[0][0] == 0


KILLED_IMPORT = """
import sys
from pathlib import Path
from geo.store import imported
backend, target, export = sys.argv[1:]
store = imported.open_store(Path(target)) if backend == "duckdb" else imported.PostgresStore(target)
staged = imported.stage_acled(store, Path(export))
print("committing", flush=True)
imported.commit(store, staged)
print("committed", flush=True)
"""


@pytest.mark.parametrize("backend", BACKENDS)
def test_an_import_killed_while_it_commits_keeps_nothing_or_everything(backend, tmp_path, cities, request):
    path = tmp_path / "acled.csv"
    write_export(30_000, path, seed=9, cities=cities)
    if backend == "duckdb":
        _import_killed_while_committing(backend, tmp_path / "bulk.duckdb", path)
        _check_nothing_or_everything(imported.open_store(tmp_path / "bulk.duckdb"), path)
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        _import_killed_while_committing(backend, url, path)
        _check_nothing_or_everything(imported.PostgresStore(url), path)


def _import_killed_while_committing(backend: str, target: Path | str, export: Path) -> None:
    """A second process (a command-line import, another replica) killed with SIGKILL as its commit starts."""
    process = subprocess.Popen(
        [sys.executable, "-c", KILLED_IMPORT, backend, str(target), str(export)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert process.stdout.readline().strip() == "committing"
    finally:
        process.kill()
        process.wait()


def _check_nothing_or_everything(store, export: Path) -> None:
    """Events, the record of imports and (PostgreSQL) the bin summary all agree, before and after importing again."""
    count = store.event_count()
    assert count in (0, 30_000)
    assert store.rows("SELECT count(*) FROM imports WHERE committed") == [(1 if count else 0,)]
    if isinstance(store, imported.PostgresStore):
        assert_summary_matches_events(store)
    imported.commit(store, imported.stage_acled(store, export))  # importing it again completes what was lost
    assert store.rows("SELECT count(*), count(DISTINCT key) FROM events") == [(30_000, 30_000)]
    if isinstance(store, imported.PostgresStore):
        assert_summary_matches_events(store)
    store.close()
