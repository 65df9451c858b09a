"""Where each staged row is: a place found by name, its H3 cell, and the country outline holding its point.

A row without coordinates is geocoded with the gazetteer the curated events use; every good row's point gets the
H3 cell the map bins by; and a row that names no known country is filed under the outline its point falls in.
"""

from functools import cache
from pathlib import Path

import duckdb
import h3.api.basic_int as h3
import numpy as np
import pyarrow as pa
import shapely

from geo import files
from geo.alliance.events import Resolver
from geo.places import boundaries
from geo.places.gazetteer import Place
from geo.places.geocode import geocode
from geo.store.imported.checks import shown, sql_text

CELL_RESOLUTION = 10  # H3 cell stored per event (edges ~66 m); coarser bins are its parents, computed in SQL
BIN_RESOLUTIONS = range(0, 10)  # what the map bins by (finest ~350 m across); PostgreSQL stores a column for each
PLACE_PRECISION = {"city": 1, "province": 2, "region": 2, "border": 2, "corridor": 2, "country": 3, "macro-region": 3}
POINT_BATCH = 200_000  # points placed in countries at a time: memory stays bounded however many there are


def default_resolver() -> Resolver:
    """The offline gazetteer the curated events use, with the row's country as context."""

    def resolve(name: str, countries: tuple[str, ...]) -> Place | None:
        match = geocode(name, context=countries)
        return match.place if match else None

    return resolve


def place_by_name(con: duckdb.DuckDBPyConnection, table: str, field: str, resolve: Resolver) -> None:
    """Geocode each distinct (place, country) once; a name the gazetteer does not know is the row's problem."""
    wanted = con.execute(
        f"SELECT DISTINCT location, raw_country FROM {table} WHERE lat IS NULL AND "
        "location IS NOT NULL AND problems IS NULL"
    ).fetchall()
    found: dict[str, list] = {name: [] for name in _PLACES_SCHEMA.names}
    for name, country in wanted:
        place = resolve(name, (_iso3(con, country),) if country else ())
        for key, value in zip(found, (name, country, *_place_fields(place))):
            found[key].append(value)
    con.register("places_found", pa.table(found, schema=_PLACES_SCHEMA))
    con.execute(f"""UPDATE {table} s SET lat = p.lat, lon = p.lon, geo_precision = p.precision,
                        place_iso3 = p.iso3 FROM places_found p WHERE s.lat IS NULL AND p.lat IS NOT NULL
                        AND s.location = p.location AND s.raw_country IS NOT DISTINCT FROM p.raw_country""")
    con.unregister("places_found")
    unknown = f"{shown('s.location')} || ' is not a place the gazetteer knows'"
    con.execute(f"""UPDATE {table} s SET problems = [{{'field': {sql_text(field)}, 'message': {unknown}}}]
                    WHERE s.lat IS NULL AND s.problems IS NULL""")


_PLACES_SCHEMA = pa.schema(
    [
        ("location", pa.string()),
        ("raw_country", pa.string()),
        ("lat", pa.float64()),
        ("lon", pa.float64()),
        ("precision", pa.int8()),
        ("iso3", pa.string()),
    ]
)


def _place_fields(place: Place | None) -> tuple:
    if place is None:
        return None, None, None, None
    precision = max(PLACE_PRECISION.get(place.kind, 3), 2 if place.approximate else 1)
    return place.lat, place.lon, precision, place.country_iso3


def _iso3(con: duckdb.DuckDBPyConnection, country: str) -> str:
    rows = con.execute("SELECT iso3 FROM staging.country_names WHERE name = lower(trim(?))", [country]).fetchall()
    return rows[0][0] if rows else country


def locate_points(con: duckdb.DuckDBPyConnection, table: str) -> None:
    """H3 cell per distinct point of the good rows (events repeat places), computed once and joined at commit; and
    the country outline holding the point, looked up only for points of rows whose country is not known by name."""
    points = con.sql(f"""SELECT lat, lon, bool_or(n.iso3 IS NULL AND s.place_iso3 IS NULL) AS unnamed
                         FROM {table} s LEFT JOIN staging.country_names n ON n.name = lower(s.country)
                         WHERE s.problems IS NULL GROUP BY lat, lon""").to_arrow_table()
    lats, lons = points.column("lat").to_numpy(), points.column("lon").to_numpy()
    cells = pa.array(
        [h3.latlng_to_cell(lat, lon, CELL_RESOLUTION) for lat, lon in zip(lats.tolist(), lons.tolist())], pa.uint64()
    )
    unnamed = points.column("unnamed").to_numpy(zero_copy_only=False)
    iso3 = np.full(len(lats), None, dtype=object)
    if unnamed.any():  # an ACLED export names every country: its imports never load the outlines
        iso3[unnamed] = _countries_at(lats[unnamed], lons[unnamed])
    con.register(
        "stage_cells",
        pa.table(
            {
                "lat": points.column("lat"),
                "lon": points.column("lon"),
                "cell": cells,
                "iso3": pa.array(iso3, pa.string()),
            }
        ),
    )
    con.execute(f"CREATE OR REPLACE TABLE {table}_cells AS SELECT * FROM stage_cells")
    con.unregister("stage_cells")


def parent_sql(resolution: int) -> str:
    """H3's cell_to_parent in SQL bit operations on a stored cell (neither DuckDB's H3 extension nor h3-pg is
    available offline): set the resolution field, and mark the finer digits unused (7)."""
    if not 0 <= resolution <= 15:
        raise ValueError(f"H3 resolution {resolution} is not 0..15")
    unused = (1 << (3 * (15 - resolution))) - 1
    return f"((cell & {~(15 << 52) & (2**64 - 1)}::UBIGINT) | {resolution << 52}::UBIGINT | {unused}::UBIGINT)"


def _countries_at(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """ISO3 of the country outline holding each point, None at sea, outside every outline or on a border line.

    The tree gives the outline parts whose box holds a point; prepared parts then test those pairs in one
    vectorised call, several times faster than the tree's own `within` predicate. Where two outlines overlap (a
    few disputed areas), the point goes to one of them, the same one every time."""
    tree, parts, part_iso3 = _country_parts(files.data_dir())
    found = np.full(len(lats), None, dtype=object)
    for start in range(0, len(lats), POINT_BATCH):
        lat, lon = lats[start : start + POINT_BATCH], lons[start : start + POINT_BATCH]
        point, part = tree.query(shapely.points(lon, lat))
        inside = shapely.contains_xy(parts[part], lon[point], lat[point])
        found[start + point[inside]] = part_iso3[part[inside]]
    return found


@cache
def _country_parts(data_dir: Path) -> tuple[shapely.STRtree, np.ndarray, np.ndarray]:
    """Each polygon of each country outline (a tree of whole countries would test Russia's box for every point in
    Central Asia), prepared once per process."""
    countries = boundaries.countries(data_dir)
    parts, owner = shapely.get_parts(countries.geometry.values, return_index=True)
    shapely.prepare(parts)
    return shapely.STRtree(parts), parts, countries["iso3"].to_numpy(dtype=object)[owner]
