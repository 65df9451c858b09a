"""PostgreSQL's bin summary: after every way a commit writes events (a first import, new keys beside stored ones, a
re-import, revisions, a discard) its groups equal those counted again from the events, and the views it answers
equal the same views read from the events."""

import csv
from datetime import date, timedelta

import pytest

from bench.generate_acled import write_export
from geo.alliance.filters import Filters
from geo.store import bins, imported
from tests.geo.store.imported.conftest import acled_row, assert_summary_matches_events, fresh_database, write_csv

WORLD = bins.Bounds(-85, -180, 85, 180)
EUROPE = bins.Bounds(35, -10, 60, 40)
ALL_YEARS = Filters(year=2000, date_from=date(1992, 1, 1), date_to=date(2025, 12, 31))
VIEWS = [  # filters, bounds, zoom, actor: the summary answers the first ten, the last two read the events
    (ALL_YEARS, WORLD, 2, ""),
    (Filters(year=2010), WORLD, 1, ""),
    (Filters(year=2003, categories=frozenset({"Protests", "Riots"})), WORLD, 2, ""),
    (Filters(year=2000, date_from=date(2004, 1, 1), date_to=date(2012, 12, 31)), EUROPE, 4, ""),
    (Filters(year=2010, date_from=date(2004, 3, 1), date_to=date(2012, 12, 31)), WORLD, 2, ""),
    (Filters(year=2010, date_from=date(2001, 1, 1), date_to=date(2012, 12, 30)), WORLD, 2, ""),
    (Filters(year=2010, date_from=date(1995, 12, 31), date_to=date(2020, 1, 1)), WORLD, 2, ""),
    (Filters(year=2010, date_from=date(2010, 3, 1), date_to=date(2010, 9, 30)), WORLD, 2, ""),
    (Filters(year=2010, date_from=date(1998, 3, 1), date_to=date(2012, 6, 30)), EUROPE, 4, ""),
    (Filters(year=2010, date_from=date(1998, 3, 1), date_to=date(2012, 6, 30)), bins.Bounds(0, 0, 50, 60), 3, ""),
    (Filters(year=2010, countries=frozenset({"RUS", "CHN"})), WORLD, 2, ""),
    (ALL_YEARS, WORLD, 2, "military"),
]


class EventsOnly:
    """The same store with its summary hidden, so every view reads the events."""

    summary_resolutions = range(0)

    def __init__(self, store: imported.PostgresStore) -> None:
        self._store = store

    def rows(self, sql: str, params=()) -> list[tuple]:
        return self._store.rows(sql, params)

    def cell_sql(self, resolution: int) -> str:
        return self._store.cell_sql(resolution)


@pytest.fixture
def store(postgres_url):
    with fresh_database(postgres_url) as url:
        opened = imported.PostgresStore(url)
        yield opened
        opened.close()


def assert_views_read_alike(store) -> None:
    for filters, bounds, zoom, actor in VIEWS:
        summed, counted = (
            bins.features_for_view(s, filters, bounds, zoom, actor, max_points=20) for s in (store, EventsOnly(store))
        )
        assert summed.total == counted.total and summed.resolution == counted.resolution
        assert [(b.cell, b.count, b.imprecise, b.first_day, b.last_day) for b in summed.bins] == [
            (b.cell, b.count, b.imprecise, b.first_day, b.last_day) for b in counted.bins
        ]
        assert [c for b in summed.bins for c in (b.lat, b.lon)] == pytest.approx(
            [c for b in counted.bins for c in (b.lat, b.lon)]
        )
        assert [p.key for p in summed.points] == [p.key for p in counted.points]


def revised(rows: list[dict]) -> list[dict]:
    """ACLED's revisions of some events: another type, another point, another year."""
    changed = []
    for n, row in enumerate(rows[::10]):
        row = row | {"event_type": "Riots" if row["event_type"] != "Riots" else "Protests"}
        if n % 2:
            row |= {"latitude": f"{float(row['latitude']) / 2:.4f}", "longitude": f"{float(row['longitude']) / 2:.4f}"}
        if n % 3 == 0:
            day = date.fromisoformat(row["event_date"]) - timedelta(days=400)
            row |= {"event_date": day.isoformat(), "year": str(day.year)}
        changed.append(row)
    return changed


def test_the_summary_counts_what_every_kind_of_commit_wrote(store, tmp_path):
    path = tmp_path / "acled.csv"
    write_export(3000, path, seed=5)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    first, second = write_csv(tmp_path / "first.csv", rows[:1000]), write_csv(tmp_path / "second.csv", rows[1000:])
    changes = write_csv(tmp_path / "revised.csv", [*revised(rows), acled_row(event_id_cnty="NEW1")])
    for file, written in ((first, 1000), (second, 2000), (path, 0), (changes, 301)):
        assert imported.commit(store, imported.stage_acled(store, file)) == written
        assert_summary_matches_events(store)
        assert_views_read_alike(store)
    imported.discard(store, imported.stage_acled(store, path))
    assert_summary_matches_events(store)
    for filters in (VIEWS[n][0] for n in (0, 1, 4, 5, 6, 7)):  # no type filter: all the world's events in the window
        view = (bins.summary_filter(filters, "", WORLD), bins.event_filter(filters, "", WORLD))
        counted = store.rows("SELECT count(*) FROM events WHERE first_day <= ? AND last_day >= ?", filters.window[::-1])
        assert sum(b.count for b in bins.summary_bins(store, *view, 0, None)) == counted[0][0] > 0


@pytest.mark.parametrize("max_cut_cells, from_summary", [(200, True), (0, False)])
def test_a_hexagon_cut_by_the_views_edge_is_counted_from_its_events(
    store, tmp_path, monkeypatch, max_cut_cells, from_summary
):
    rows = [
        acled_row(event_id_cnty="A", latitude="40.2", longitude="44.5"),
        acled_row(event_id_cnty="B", latitude="41.5", longitude="44.6"),  # A's hexagon, north of the view
        acled_row(event_id_cnty="FAR", latitude="-17", longitude="100"),
    ]
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "three.csv", rows)))
    monkeypatch.setattr(bins, "MAX_CUT_CELLS", max_cut_cells)
    only_a, filters = bins.Bounds(-20.0, 44.0, 41.0, 120.0), Filters(year=2022)
    view = (bins.summary_filter(filters, "", only_a), bins.event_filter(filters, "", only_a))
    summed = bins.summary_bins(store, *view, 0, None)
    assert (summed is not None) == from_summary
    assert sorted(b.count for b in summed or ()) == ([1, 1] if from_summary else [])
    features = bins.features_for_view(store, filters, only_a, 2, max_points=0)
    assert features.total == 2 and sorted(b.count for b in features.bins) == [1, 1]
