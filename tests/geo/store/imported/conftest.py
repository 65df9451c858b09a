"""Shared by the imported-events tests: a store of each backend (DuckDB in a temporary home, PostgreSQL in a fresh
database of the session's throwaway cluster), ACLED rows and exports, GeoJSON features, places a fake gazetteer
knows, a second process holding the store, and work started on several threads at once."""

import csv
import subprocess
import sys
import threading
import uuid
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import psycopg
import pytest
from psycopg import sql

from bench.generate_acled import COLUMNS, load_cities
from geo.places.gazetteer import Place
from geo.store import imported
from geo.store.imported import bin_summary, pg_schema
from tests.conftest import ROOT

GYUMRI = Place("gn:616635", "Gyumri", "city", 40.79305, 43.84635, "ARM", "616635", 114_667)


SYUNIK = Place("feature:syunik", "Syunik Province", "region", 39.35675, 46.09007, "ARM", "syunik")


KNOWN = {"Gyumri": GYUMRI, "Syunik": SYUNIK}


def resolve(name, countries):
    return KNOWN.get(name)


@pytest.fixture(scope="module")
def cities():
    return load_cities()


BACKENDS = ["duckdb", "postgresql"]


@pytest.fixture(params=BACKENDS)
def store(request, tmp_path):
    """The same test on the embedded store and on PostgreSQL."""
    with opened_store(request, tmp_path) as opened:
        yield opened


@contextmanager
def opened_store(request, folder: Path):
    if request.param == "duckdb":
        opened = imported.open_store(folder / "home" / "bulk.duckdb")
        yield opened
        opened.close()
        return
    with fresh_database(request.getfixturevalue("postgres_url")) as url:
        opened = imported.PostgresStore(url)
        yield opened
        opened.close()


@contextmanager
def fresh_database(url: str):
    """A new, empty database in the session's cluster, dropped afterwards: no test sees another's events."""
    name = f"test_{uuid.uuid4().hex}"
    with psycopg.connect(url, autocommit=True) as admin:
        admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
    finally:
        with psycopg.connect(url, autocommit=True) as admin:
            admin.execute(sql.SQL("DROP DATABASE {} WITH (FORCE)").format(sql.Identifier(name)))


def acled_row(**cells) -> dict:
    row = {
        "event_id_cnty": "ARM1",
        "event_date": "2022-09-13",
        "year": "2022",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": "Battles",
        "sub_event_type": "Armed clash",
        "actor1": "Military Forces of Azerbaijan (2003-)",
        "actor2": "Military Forces of Armenia (2018-)",
        "country": "Armenia",
        "admin1": "Syunik",
        "location": "Jermuk",
        "latitude": "39.8417",
        "longitude": "45.6722",
        "geo_precision": "1",
        "source": "Armenpress",
        "notes": "Shelling.",
        "fatalities": "4",
    }
    return row | cells


def write_csv(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


YEREVAN, MOSCOW, GULF_OF_GUINEA = (40.18, 44.51), (55.75, 37.62), (0.0, 0.0)


def stored_countries(store) -> dict[str, tuple[str | None, str | None]]:
    rows = store.rows("SELECT title, country, country_iso3 FROM events")
    return {title: (country, iso3) for title, country, iso3 in rows}


def feature(when, point=None, **properties) -> dict:
    geometry = {"type": "Point", "coordinates": [point[1], point[0]]} if point else None
    return {"type": "Feature", "geometry": geometry, "properties": {"when": when, **properties}}


@contextmanager
def holding(path: Path):
    """Another process with the store open, as a second app or a command-line import would have it."""
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys, time; from geo.store import imported; "
            "store = imported.open_store(__import__('pathlib').Path(sys.argv[1])); "
            "print('open', flush=True); time.sleep(120)",
            str(path),
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.kill()
        holder.wait()


def at_once(work, *arguments) -> list:
    """work(argument) for each argument, each on a thread of its own, all released together; their results (an
    exception leaves its result out, so a count of results shows it)."""
    start, results = threading.Barrier(len(arguments)), []

    def run(argument):
        start.wait()
        results.append(work(argument))

    workers = [threading.Thread(target=run, args=(argument,)) for argument in arguments]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return results


def stored_indexes(url: str) -> dict[str, str]:
    """The events' indexes in a PostgreSQL database, by name: what migrations and a first import leave."""
    with psycopg.connect(url) as con:
        rows = con.execute("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'events'").fetchall()
    return dict(rows)


def assert_summary_matches_events(store) -> None:
    """A PostgreSQL store's bin summary, as kept, equals the summary counted again from its events: the same groups
    with the same counts, days and boxes; sums of coordinates alike but for the last bits (another order)."""
    recounted = bin_summary.groups("SELECT * FROM events", lambda r: f"({pg_schema.parent_expression(r)})")
    order = "ORDER BY 1, 2, 3, 4, 5"
    kept = store.rows(f"SELECT {', '.join(bin_summary.COLUMNS)} FROM bin_summary {order}")
    counted = store.rows(f"SELECT * FROM ({recounted}) g {order}")
    assert len(kept) == len(counted)
    for row, expected in zip(kept, counted):
        assert [v for v in row if not isinstance(v, float)] == [v for v in expected if not isinstance(v, float)]
        assert [v for v in row if isinstance(v, float)] == pytest.approx(
            [v for v in expected if isinstance(v, float)], rel=1e-9, abs=1e-6
        )
