"""Imported events at scale: import speed, one view's filter + aggregation, the map update's size, against the
naive one-marker-per-event layer. Prints a Markdown table per size (bench/README-bulk.md keeps the last run).

Besides the ACLED export, the same events are imported through a column mapping without a country column, as CSV
and as a GeoJSON FeatureCollection: every point is then placed in a country by its outline, and the GeoJSON is
streamed a feature at a time.

Run: .venv/bin/python bench/bulk_bench.py [--sizes 10000 100000 1000000] [--work DIR]
Generated exports and stores go to a temporary folder (or --work, where exports are reused between runs).
The naive layer is rendered up to --naive-max events (default 30,000: a minute of two shared cores) and
extrapolated linearly beyond.
"""

import argparse
import json
import statistics
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import duckdb  # noqa: E402
import folium  # noqa: E402
from streamlit_folium import _get_feature_group_string  # noqa: E402  (what st_folium sends for feature_group_to_add)

from bench.generate_acled import load_cities, write_export  # noqa: E402
from geo.alliance.filters import Filters  # noqa: E402
from geo.render import bulk_layers  # noqa: E402
from geo.store import bins, imported  # noqa: E402

ALL_YEARS = Filters(year=2025, date_from=date(1992, 1, 1), date_to=date(2025, 12, 31))
# (label, filters, actor, bounds, zoom): what an analyst does on the map, from the world to a city.
VIEWS = [
    ("world, all years", ALL_YEARS, "", bins.Bounds(-60, -180, 75, 180), 2),
    ("world, 2020", Filters(year=2020), "", bins.Bounds(-60, -180, 75, 180), 2),
    (
        "Europe–Central Asia, 2020, protests",
        Filters(year=2020, categories=frozenset({"Protests"})),
        "",
        bins.Bounds(35, 10, 60, 90),
        4,
    ),
    ("Caucasus, all years, actor 'military'", ALL_YEARS, "military", bins.Bounds(38, 38, 44, 52), 6),
    (
        "Moscow, 2015–2020",
        Filters(year=2020, date_from=date(2015, 1, 1), date_to=date(2020, 12, 31)),
        "",
        bins.Bounds(55.5, 37.3, 56.0, 38.0),
        10,
    ),
    ("Yerevan, 2020", Filters(year=2020), "", bins.Bounds(40.1, 44.4, 40.25, 44.65), 12),
]
REPEATS = 5
MAPPING = imported.ColumnMapping(
    date="event_date",
    latitude="latitude",
    longitude="longitude",
    category="event_type",
    title="location",
    actor="actor1",
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[10_000, 100_000, 1_000_000])
    parser.add_argument("--work", type=Path, help="folder for exports and stores (default: a temporary one)")
    parser.add_argument("--naive-max", type=int, default=30_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        cities = load_cities()
        for size in args.sizes:
            report(size, work, cities, args.naive_max)
    return 0


def report(size: int, work: Path, cities, naive_max: int) -> None:
    export = work / f"acled-{size}.csv"
    if not export.exists():
        write_export(size, export, seed=1, cities=cities)
    store_path = work / f"bulk-{size}.duckdb"
    store_path.unlink(missing_ok=True)
    store = imported.open_store(store_path)
    staged_s, commit_s = _import(store, export)
    reimport_s = _reimport(store, export)
    print(f"\n### {size:,} events ({export.stat().st_size / 1e6:.0f} MB CSV)\n")
    print(f"- import: stage {staged_s:.2f} s + commit {commit_s:.2f} s = {size / (staged_s + commit_s):,.0f} rows/s")
    print(f"- re-import of the same file (all rows already stored, nothing added): {reimport_s:.2f} s")
    for label, mapped in (("CSV", _mapped_csv(export)), ("GeoJSON", _mapped_geojson(export))):
        print(
            f"- {_mapped_import(work, mapped, size)} ({label} without a country column, "
            f"{mapped.stat().st_size / 1e6:.0f} MB)"
        )
    print("\n| view | events in view | features | query median (max) | layer JS | build + render |")
    print("|---|---:|---:|---:|---:|---:|")
    for label, filters, actor, bounds, zoom in VIEWS:
        print("| " + " | ".join(_view_row(store, label, filters, actor, bounds, zoom)) + " |")
    print(f"\n{_naive(store, size, naive_max)}")
    store.close()


def _import(store: imported.ImportedStore, export: Path) -> tuple[float, float]:
    started = time.perf_counter()
    staged = imported.stage_acled(store, export)
    staged_at = time.perf_counter()
    imported.commit(store, staged)
    return staged_at - started, time.perf_counter() - staged_at


def _mapped_csv(export: Path) -> Path:
    """The export's date, point, type, place and actor: what an analyst's own spreadsheet might hold."""
    mapped = export.with_name(export.stem + "-mapped.csv")
    if not mapped.exists():
        columns = ", ".join(MAPPING.columns())
        duckdb.execute(
            f"COPY (SELECT {columns} FROM read_csv(?, all_varchar = true)) TO '{mapped}' (HEADER)", [str(export)]
        )
    return mapped


def _mapped_geojson(export: Path) -> Path:
    """The same rows as Point features, written a chunk at a time."""
    mapped = export.with_name(export.stem + "-mapped.geojson")
    if mapped.exists():
        return mapped
    names = [c for c in MAPPING.columns() if c not in ("latitude", "longitude")]
    rows = duckdb.execute(
        f"SELECT latitude::DOUBLE, longitude::DOUBLE, {', '.join(names)} FROM read_csv(?, all_varchar = true)",
        [str(export)],
    )
    with mapped.open("w", encoding="utf-8") as handle:
        handle.write('{"type": "FeatureCollection", "features": [')
        separator = ""
        while chunk := rows.fetchmany(50_000):
            for lat, lon, *values in chunk:
                handle.write(
                    separator
                    + json.dumps(
                        {
                            "type": "Feature",
                            "properties": dict(zip(names, values)),
                            "geometry": {"type": "Point", "coordinates": [lon, lat]},
                        }
                    )
                )
                separator = ",\n"
        handle.write("]}\n")
    return mapped


def _mapped_import(work: Path, mapped: Path, size: int) -> str:
    store_path = work / f"mapped-{size}.duckdb"
    store_path.unlink(missing_ok=True)
    store = imported.open_store(store_path)
    started = time.perf_counter()
    staged = imported.stage_mapped(store, mapped, MAPPING)
    staged_at = time.perf_counter()
    imported.commit(store, staged)
    done_at = time.perf_counter()
    placed = store.cursor().execute("SELECT count(country_iso3) / count(*) FROM events").fetchall()[0][0]
    store.close()
    return (
        f"mapped import: stage {staged_at - started:.2f} s + commit {done_at - staged_at:.2f} s = "
        f"{size / (done_at - started):,.0f} rows/s, {placed:.1%} filed under a country by outline"
    )


def _reimport(store: imported.ImportedStore, export: Path) -> float:
    started = time.perf_counter()
    staged = imported.stage_acled(store, export)
    assert staged.new == 0 and imported.commit(store, staged) == 0
    return time.perf_counter() - started


def _view_row(store, label, filters, actor, bounds, zoom) -> list[str]:
    timings = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        view = bins.features_for_view(store, filters, bounds, zoom, actor=actor)
        timings.append(time.perf_counter() - started)
    started = time.perf_counter()
    script = _get_feature_group_string(bulk_layers.imported_layer(view), folium.Map(tiles=None))
    render_s = time.perf_counter() - started
    features = f"{len(view.bins)} hexagons (res {view.resolution})" if view.binned else f"{len(view.points)} points"
    return [
        label,
        f"{view.total:,}",
        features,
        f"{statistics.median(timings) * 1000:.0f} ms ({max(timings) * 1000:.0f})",
        f"{len(script.encode()) / 1024:.0f} kB",
        f"{render_s * 1000:.0f} ms",
    ]


def _naive(store: imported.ImportedStore, size: int, naive_max: int) -> str:
    """One CircleMarker with a tooltip per event (the curated layer's way), all years, the whole world."""
    count = min(size, naive_max)
    rows = store.cursor().execute(f"SELECT lat, lon, event_type, location FROM events LIMIT {count}").fetchall()
    started = time.perf_counter()
    fmap = folium.Map(tiles=None)
    group = folium.FeatureGroup(name="Events")
    for lat, lon, event_type, location in rows:
        folium.CircleMarker(
            (lat, lon),
            radius=5,
            color=bulk_layers.type_colour(event_type),
            tooltip=folium.Tooltip(f"{event_type} in {location}"),
        ).add_to(group)
    group.add_to(fmap)
    page = fmap.get_root().render()
    seconds, megabytes = time.perf_counter() - started, len(page.encode()) / 1e6
    if count == size:
        return (
            f"Naive, one marker per event ({size:,}): {megabytes:.1f} MB of page, "
            f"built and rendered in {seconds:.1f} s."
        )
    factor = size / count
    return (
        f"Naive, one marker per event ({size:,}): measured on {count:,} then scaled ×{factor:.0f}: "
        f"≈ {megabytes * factor:.0f} MB of page, ≈ {seconds * factor:.0f} s to build and render."
    )


if __name__ == "__main__":
    sys.exit(main())
