"""The imported-events store on both backends, side by side: the ACLED import's rows/s into DuckDB and into
PostgreSQL, a re-import that adds nothing, and the view queries' p50 and p95 (bench/bulk_bench.py's six views, from
the world to one city), then, apart from the percentiles (so they compare with earlier runs), each median of four
views that PostgreSQL's bin summary answers only in part or not at all. Prints a Markdown table
(bench/README-bulk.md keeps the last run).

Run: .venv/bin/python bench/store_bench.py [--sizes 100000 1000000] [--work DIR] [--database-url postgresql://...]
[--backends duckdb postgresql]
Without --database-url, a throwaway PostgreSQL 15 cluster (team/pgcluster.py, fsync on as in team mode) is created
in the work folder, started, and removed at the end. A given database gets the store's schema on first use, and its
imported events are emptied before each size.
"""

import argparse
import os
import statistics
import sys
import tempfile
import time
from contextlib import contextmanager
from dataclasses import replace
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import psycopg  # noqa: E402

from bench.bulk_bench import ALL_YEARS, VIEWS  # noqa: E402
from bench.generate_acled import load_cities, write_export  # noqa: E402
from geo.store import bins, imported  # noqa: E402
from team import pgcluster  # noqa: E402

REPEATS = 20  # per view: 120 timings per backend for the percentiles
WORLD = bins.Bounds(-60, -180, 75, 180)
# (label, filters, actor, bounds, zoom) as VIEWS: views PostgreSQL's bin summary answers in part (a window that
# starts mid-year: that year's events come from the events table; a box whose edge cuts hexagons: theirs too) or
# not at all (a country filter, a resolution it does not keep).
HARDER_VIEWS = [
    ("world, 15 March 1992 – 2025", replace(ALL_YEARS, date_from=date(1992, 3, 15)), "", WORLD, 2),
    ("Europe, all years", ALL_YEARS, "", bins.Bounds(35, -10, 60, 40), 4),
    ("world, all years, Russia and Ukraine", replace(ALL_YEARS, countries=frozenset({"RUS", "UKR"})), "", WORLD, 2),
    ("Central Asia, all years", ALL_YEARS, "", bins.Bounds(35, 55, 50, 85), 5),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100_000, 1_000_000])
    parser.add_argument("--work", type=Path, help="folder for exports, the DuckDB store and the cluster")
    parser.add_argument("--database-url", help="an existing PostgreSQL database (default: a throwaway cluster)")
    parser.add_argument("--backends", nargs="+", choices=["duckdb", "postgresql"], default=["duckdb", "postgresql"])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="store-bench-") as temporary:
        work = args.work or Path(temporary)
        work.mkdir(parents=True, exist_ok=True)
        cities, per_view = load_cities(), []
        with _database(args.database_url if "postgresql" in args.backends else "", work) as url:
            print(
                "| events | backend | load (1 min, start → end) | import | rows/s | re-import | view p50 | view p95 "
                "| slowest view (median) |"
            )
            print("|---:|---|---|---:|---:|---:|---:|---:|---|")
            for size in args.sizes:
                export = work / f"acled-{size}.csv"
                if not export.exists():
                    write_export(size, export, seed=1, cities=cities)
                for backend in args.backends:
                    store = _duckdb(work, size) if backend == "duckdb" else _postgres(url)
                    load = os.getloadavg()[0]  # the cores are shared: figures mean little without it
                    figures, medians = _measured(store, export, size)
                    loads = f"{load:.1f} → {os.getloadavg()[0]:.1f}"
                    print("| " + " | ".join([f"{size:,}", backend, loads, *figures]) + " |", flush=True)
                    per_view.append(f"{size:,} {backend}: " + "; ".join(f"{v} {_ms(m)}" for v, m in medians.items()))
                    store.close()
            print("\nMedian per view:\n" + "\n".join(f"- {line}" for line in per_view))
    return 0


@contextmanager
def _database(url: str | None, work: Path):
    """The given database; none ("") when PostgreSQL is not measured; else a throwaway cluster's."""
    if url is not None:
        yield url
        return
    folder = Path(tempfile.mkdtemp(prefix="pg-", dir=work))
    cluster = pgcluster.create(folder)
    server = pgcluster.start(cluster, folder / "postgres.log")
    try:
        yield cluster.url
    finally:
        pgcluster.stop(server)


def _duckdb(work: Path, size: int) -> imported.EventStore:
    path = work / f"store-bench-{size}.duckdb"
    path.unlink(missing_ok=True)
    return imported.open_store(path)


def _postgres(url: str) -> imported.EventStore:
    """The store, emptied: each size starts from no events, as the DuckDB file does."""
    store = imported.PostgresStore(url)
    with psycopg.connect(url) as con:
        con.execute("TRUNCATE imported.events, imported.imports")  # a first import empties the bin summary too
    return store


def _measured(store: imported.EventStore, export: Path, size: int) -> tuple[list[str], dict[str, float]]:
    """The table's figures, and each view's median (which views pass or miss the floor)."""
    started = time.perf_counter()
    imported.commit(store, imported.stage_acled(store, export))
    import_s = time.perf_counter() - started
    assert store.event_count() == size
    started = time.perf_counter()
    again = imported.stage_acled(store, export)
    assert again.new == 0 and imported.commit(store, again) == 0
    reimport_s = time.perf_counter() - started
    timings = _timed(store, VIEWS)
    every = sorted(t for series in timings.values() for t in series)
    slowest = max(timings, key=lambda label: statistics.median(timings[label]))
    figures = [
        f"{import_s:.2f} s",
        f"{size / import_s:,.0f}",
        f"{reimport_s:.2f} s",
        f"{_ms(statistics.median(every))}",
        f"{_ms(every[int(0.95 * (len(every) - 1))])}",
        f"{slowest}: {_ms(statistics.median(timings[slowest]))}",
    ]
    timings |= _timed(store, HARDER_VIEWS)
    return figures, {label: statistics.median(series) for label, series in timings.items()}


def _timed(store: imported.EventStore, views: list) -> dict[str, list[float]]:
    timings: dict[str, list[float]] = {}
    for label, filters, actor, bounds, zoom in views:
        for _ in range(REPEATS):
            started = time.perf_counter()
            bins.features_for_view(store, filters, bounds, zoom, actor=actor)
            timings.setdefault(label, []).append(time.perf_counter() - started)
    return timings


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:.0f} ms"


if __name__ == "__main__":
    sys.exit(main())
