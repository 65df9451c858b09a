import csv
from collections import Counter
from dataclasses import replace
from datetime import date, timedelta

import h3.api.basic_int as h3
import pytest

from bench.generate_acled import write_export
from geo.alliance.filters import Filters
from geo.store import bins, imported
from geo.store.bins import Bounds
from tests.geo.store.imported.conftest import BACKENDS, acled_row, fresh_database, opened_store, write_csv

WORLD = Bounds(-85, -180, 85, 180)
EUROPE = Bounds(35, -10, 60, 40)
# Kept small: every test here reads the same 4,000 generated events.
N_EVENTS = 4000


@pytest.fixture(scope="module")
def generated_stores(tmp_path_factory, postgres_url):
    """A store of each backend with the same generated export, and its rows read back with Python's csv: the
    oracle. Each store takes it in three imports, one for each way PostgreSQL writes: the first half into no events
    (indexes built after COPY), the second half beside it (COPY into stored events), then the whole file again
    (every key stored: nothing added)."""
    folder = tmp_path_factory.mktemp("bins")
    path = folder / "acled.csv"
    write_export(N_EVENTS, path, seed=11)
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    halves = [write_csv(folder / f"half-{n}.csv", part) for n, part in enumerate((rows[:1500], rows[1500:]))]
    duck = imported.open_store(folder / "bulk.duckdb")
    with fresh_database(postgres_url) as url:
        stores = {"duckdb": duck, "postgresql": imported.PostgresStore(url)}
        for store in stores.values():
            added = [imported.commit(store, imported.stage_acled(store, file)) for file in (*halves, path)]
            assert added == [1500, N_EVENTS - 1500, 0]
        yield stores, rows
        for store in stores.values():
            store.close()


@pytest.fixture(params=BACKENDS)
def generated(request, generated_stores):
    stores, rows = generated_stores
    return stores[request.param], rows


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    with opened_store(request, tmp_path) as opened:
        yield opened


def days_of(row: dict) -> tuple[date, date]:
    day = date.fromisoformat(row["event_date"])
    if row["time_precision"] == "2":
        return day - timedelta(days=3), day + timedelta(days=3)
    if row["time_precision"] == "3":
        following = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        return day.replace(day=1), following - timedelta(days=1)
    return day, day


def expected(rows: list[dict], filters: Filters, bounds: Bounds, actor: str = "") -> list[dict]:
    """The filter written again in Python, independently of the SQL under test."""
    first, last = filters.window
    kept = []
    for row in rows:
        start, end = days_of(row)
        lat, lon = float(row["latitude"]), float(row["longitude"])
        in_view = bounds.south <= lat <= bounds.north and any(w <= lon <= e for w, e in bounds.longitude_ranges())
        if (
            start <= last
            and end >= first
            and in_view
            and (not filters.categories or row["event_type"] in filters.categories)
            and (not actor or actor.lower() in (row["actor1"] + "\n" + row["actor2"]).lower())
        ):
            kept.append(row)
    return kept


def bin_of(row: dict, resolution: int) -> int:
    """Bins are parents of the fine cell stored per event (H3 children do not tile their parent exactly)."""
    cell = h3.latlng_to_cell(float(row["latitude"]), float(row["longitude"]), imported.CELL_RESOLUTION)
    return h3.cell_to_parent(cell, resolution)


FILTERS = [
    Filters(year=2010),
    Filters(year=2010, date_from=date(1992, 1, 1), date_to=date(2025, 12, 31)),
    Filters(year=2003, categories=frozenset({"Protests", "Riots"})),
    Filters(year=2000, date_from=date(2001, 3, 1), date_to=date(1999, 6, 15)),  # reversed range still works
]


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize("bounds, zoom", [(WORLD, 2), (EUROPE, 4), (Bounds(40, 60, 60, 120), 5)])
def test_bin_counts_add_up_to_the_filtered_events_in_view(generated, filters, bounds, zoom):
    store, rows = generated
    kept = expected(rows, filters, bounds)
    view = bins.features_for_view(store, filters, bounds, zoom, max_points=20)
    assert view.total == len(kept)
    if view.binned:
        assert sum(b.count for b in view.bins) == len(kept)
        cells = Counter(bin_of(r, view.resolution) for r in kept)
        assert {b.cell: b.count for b in view.bins} == cells
        imprecise = Counter(bin_of(r, view.resolution) for r in kept if r["geo_precision"] != "1")
        assert {b.cell: b.imprecise for b in view.bins if b.imprecise} == imprecise
    else:
        assert sorted(p.key for p in view.points) == sorted(r["event_id_cnty"] for r in kept)


def test_few_events_in_view_come_as_points_with_their_precision(generated):
    store, rows = generated
    filters = Filters(year=2010, categories=frozenset({"Battles"}))
    kept = expected(rows, filters, EUROPE)
    assert 0 < len(kept) <= 50
    view = bins.features_for_view(store, filters, EUROPE, 4, max_points=50)
    assert not view.binned
    by_key = {r["event_id_cnty"]: r for r in kept}
    assert {p.key: (p.geo_precision, p.date_precision) for p in view.points} == {
        key: (int(r["geo_precision"]), {"1": "day", "2": "week", "3": "month"}[r["time_precision"]])
        for key, r in by_key.items()
    }


@pytest.mark.parametrize("max_bins", [5, 150, 600])
def test_the_number_of_features_is_bounded_whatever_the_zoom(generated, max_bins):
    store, rows = generated
    filters = Filters(year=2000, date_from=date(1992, 1, 1), date_to=date(2025, 12, 31))
    view = bins.features_for_view(store, filters, WORLD, 9, max_points=100, max_bins=max_bins)
    assert 0 < len(view.bins) <= max(max_bins, len(h3.get_res0_cells()))
    assert view.total == sum(b.count for b in view.bins) == len(rows)


def test_actor_search_is_case_insensitive_and_covers_both_actors(generated):
    store, rows = generated
    filters = Filters(year=2000, date_from=date(1992, 1, 1), date_to=date(2025, 12, 31))
    for actor in ("protesters (", "CIVILIANS"):
        view = bins.features_for_view(store, filters, WORLD, 2, actor=actor, max_points=10)
        assert view.total == len(expected(rows, filters, WORLD, actor)) > 0


def test_countries_filter_by_iso3(store, tmp_path):
    rows = [acled_row(event_id_cnty="ARM1"), acled_row(event_id_cnty="RUS1", country="Russia")]
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "c.csv", rows)))
    view = bins.features_for_view(store, Filters(year=2022, countries=frozenset({"RUS"})), WORLD, 2)
    assert [p.key for p in view.points] == ["RUS1"]


@pytest.mark.parametrize("day", [date(2019, 1, 1), date(2019, 12, 31), date(2020, 1, 1)])
def test_an_event_dated_by_its_year_is_in_every_window_touching_that_year(store, tmp_path, day):
    path = tmp_path / "years.csv"
    path.write_text("when,what,lat,lon\n2019,Summit,40.18,44.51\n")
    mapping = imported.ColumnMapping(date="when", title="what", latitude="lat", longitude="lon")
    imported.commit(store, imported.stage_mapped(store, path, mapping))
    view = bins.features_for_view(store, Filters(year=day.year, date_from=day, date_to=day), WORLD, 2)
    assert [p.title for p in view.points] == (["Summit"] if day.year == 2019 else [])


def test_a_view_across_the_antimeridian_shows_both_sides_where_the_user_looks(store, tmp_path):
    rows = [
        acled_row(event_id_cnty="E1", latitude="-17", longitude="179.5"),
        acled_row(event_id_cnty="W1", latitude="-17", longitude="-179.5"),
        acled_row(event_id_cnty="FAR", latitude="-17", longitude="100"),
    ]
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "fiji.csv", rows)))
    view = bins.features_for_view(store, Filters(year=2022), Bounds(-30, 170, -5, 190), 5)
    assert {p.key: p.lon for p in view.points} == {"E1": 179.5, "W1": 180.5}


@pytest.mark.parametrize("filters", FILTERS)
@pytest.mark.parametrize(
    "bounds, zoom, actor", [(WORLD, 2, ""), (EUROPE, 4, "military"), (Bounds(40, 60, 60, 120), 5, ""), (WORLD, 9, "")]
)
@pytest.mark.parametrize("max_points", [20, 300])
def test_both_backends_give_the_same_view_of_the_same_file(generated_stores, filters, bounds, zoom, actor, max_points):
    stores, _ = generated_stores
    duck, postgres = (
        bins.features_for_view(stores[backend], filters, bounds, zoom, actor, max_points=max_points)
        for backend in BACKENDS
    )
    assert _placed(postgres) == pytest.approx(_placed(duck), rel=1e-12)
    assert replace(postgres, bins=()) == replace(duck, bins=())
    assert [replace(b, lat=0.0, lon=0.0) for b in postgres.bins] == [replace(b, lat=0.0, lon=0.0) for b in duck.bins]


def _placed(view: bins.ViewFeatures) -> list[float]:
    """Bins' mean positions, compared within a tolerance: coordinates summed in another order (PostgreSQL adds up
    its bin summary's sums) differ in the last bits."""
    return [degree for b in view.bins for degree in (b.lat, b.lon)]


@pytest.mark.parametrize(
    "returned, expected_bounds",
    [
        (
            {"bounds": {"_southWest": {"lat": 35.1, "lng": 30.2}, "_northEast": {"lat": 50.3, "lng": 60.4}}, "zoom": 6},
            Bounds(35.1, 30.2, 50.3, 60.4),
        ),
        (
            {"bounds": {"_southWest": {"lat": -95, "lng": -200}, "_northEast": {"lat": 95, "lng": 200}}},
            Bounds(-90, -200, 90, 200),
        ),
        ({"bounds": {"_southWest": {"lat": None, "lng": None}, "_northEast": {"lat": None, "lng": None}}}, None),
        ({"last_clicked": None, "bounds": None, "zoom": None}, None),
        ({"bounds": {"_southWest": {"lat": "x", "lng": 1}, "_northEast": {"lat": 2, "lng": 3}}}, None),
        ({"bounds": {"_southWest": {"lat": 50, "lng": 10}, "_northEast": {"lat": 40, "lng": 20}}}, None),
        (None, None),
    ],
)
def test_bounds_come_from_what_st_folium_returns(returned, expected_bounds):
    assert bins.bounds_from_map(returned) == expected_bounds


@pytest.mark.parametrize("returned, zoom", [({"zoom": 6}, 6), ({"zoom": None}, 3), ({"zoom": "6"}, 3), (None, 3)])
def test_zoom_comes_from_what_st_folium_returns(returned, zoom):
    assert bins.zoom_from_map(returned) == zoom


@pytest.mark.parametrize(
    "bounds, ranges",
    [
        (Bounds(0, -10, 10, 20), [(-10, 20)]),
        (Bounds(0, 170, 10, 190), [(170, 180), (-180, -170)]),
        (Bounds(0, -190, 10, -170), [(170, 180), (-180, -170)]),
        (Bounds(0, -400, 10, 400), [(-180, 180)]),
    ],
)
def test_longitude_ranges_wrap_at_the_antimeridian(bounds, ranges):
    assert bounds.longitude_ranges() == ranges


def test_hexagons_get_finer_as_the_map_zooms_in():
    resolutions = [bins.resolution_for(zoom, 45.0) for zoom in range(0, 19)]
    assert resolutions == sorted(resolutions) and resolutions[0] == 0 and resolutions[-1] == bins.FINEST_RESOLUTION


def test_a_click_selects_the_nearest_point_within_tolerance():
    day = date(2022, 9, 13)
    near = bins.EventPoint("A", 40.0, 44.0, day, day, "day", 1, "Battles", None, None, None, None, 0)
    far = bins.EventPoint("B", 40.5, 44.5, day, day, "day", 1, "Battles", None, None, None, None, 0)
    view = bins.ViewFeatures(2, points=(near, far))
    assert bins.clicked_point({"last_object_clicked": {"lat": 40.01, "lng": 44.02}}, view) == near
    assert bins.clicked_point({"last_object_clicked": {"lat": 41.0, "lng": 44.0}}, view) is None
    assert bins.clicked_point({"last_object_clicked": None}, view) is None
