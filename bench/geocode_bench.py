"""Prints the gazetteer's cold build time, warm load time (a fresh process, cache present) and lookups per second.

Warm load and lookups are given in CPU time of the process doing them (time.process_time) beside wall time: on a
VM shared with other jobs the wall clock measures the neighbours as much as this code.

Run: .venv/bin/python bench/geocode_bench.py   (builds into a temporary cache; the user's cache is untouched)
"""

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.places.gazetteer import Gazetteer  # noqa: E402
from geo.places.geocode import geocode  # noqa: E402

DATA = ROOT / "data"
# (name, country): event places, transliterations, aliases, ambiguous and unknown names, organisations.
QUERIES = [
    ("Yerevan", None),
    ("Gyumri", None),
    ("Leninakan", None),
    ("Kapan", None),
    ("Goris", None),
    ("Jermuk", None),
    ("Vardenis", None),
    ("Sisian", None),
    ("Meghri", None),
    ("Stepanakert", None),
    ("Xankəndi", None),
    ("Khankendi", None),
    ("Şuşa", None),
    ("Shushi", None),
    ("Yevlakh", None),
    ("Baku", None),
    ("Bishkek", None),
    ("Kant", None),
    ("Kant", "KGZ"),
    ("Balykchy", None),
    ("Batken", None),
    ("Isfara", None),
    ("Vorukh", None),
    ("Almaty", None),
    ("Nur-Sultan", None),
    ("Astana", None),
    ("Minsk", None),
    ("Moscow", None),
    ("Sochi", None),
    ("Tashkent", None),
    ("Kishinev", None),
    ("Dushanbe", None),
    ("The Hague", None),
    ("Berlin", None),
    ("New York City", None),
    ("Kyiv", None),
    ("Kiev", None),
    ("Syunik", None),
    ("Zangezur", None),
    ("Armavir Province", None),
    ("Batken Region", None),
    ("Nagorno-Karabakh", None),
    ("Artsakh", None),
    ("Lachin corridor", None),
    ("Tajik-Kyrgyz border", None),
    ("South Caucasus", None),
    ("Armenia", None),
    ("Kazakhstan", None),
    ("CSTO", None),
    ("ОДКБ", None),
    ("Atlantis-upon-Sea", None),
    ("Armavir", "ARM"),
]
ROUNDS = 400


def cold_build_seconds(cache_dir: Path) -> float:
    start = time.perf_counter()
    Gazetteer.load(DATA, cache_dir)
    return time.perf_counter() - start


def warm_load_seconds(cache_dir: Path) -> tuple[float, float]:
    """(CPU, wall) in a new interpreter, including the imports a warm app start pays for."""
    code = (
        "import time; t, c = time.perf_counter(), time.process_time(); from pathlib import Path; "
        "from geo.places.gazetteer import Gazetteer; "
        f"Gazetteer.load(Path({str(DATA)!r}), Path({str(cache_dir)!r})); "
        "print(time.process_time() - c, time.perf_counter() - t)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )
    cpu, wall = result.stdout.split()
    return float(cpu), float(wall)


def lookups_per_second(gazetteer: Gazetteer) -> tuple[float, float]:
    """(per CPU second, per wall second)."""
    start, cpu = time.perf_counter(), time.process_time()
    for _ in range(ROUNDS):
        for name, country in QUERIES:
            geocode(name, country, gazetteer=gazetteer)
    count = ROUNDS * len(QUERIES)
    return count / (time.process_time() - cpu), count / (time.perf_counter() - start)


def main() -> None:
    with tempfile.TemporaryDirectory() as cache:
        cache_dir = Path(cache)
        print(f"cold build: {cold_build_seconds(cache_dir):.2f} s")
        warm = [warm_load_seconds(cache_dir) for _ in range(3)]
        cpu, wall = min(warm)
        print(f"warm load (new process, best of 3): {cpu:.2f} s CPU ({wall:.2f} s wall)")
        gazetteer = Gazetteer.load(DATA, cache_dir)
        size_mb = sum(p.stat().st_size for p in cache_dir.iterdir()) / 1e6
        print(f"index: {len(gazetteer):,} places; cache file {size_mb:.0f} MB")
        per_cpu, per_wall = lookups_per_second(gazetteer)
        print(
            f"lookups: {per_cpu:,.0f} per CPU second ({per_wall:,.0f} per wall second) over {len(QUERIES)} mixed names"
        )


if __name__ == "__main__":
    main()
