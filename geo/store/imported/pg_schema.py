"""The imported events' tables in PostgreSQL: a schema of their own, created on first use and brought up to date by
numbered migrations.

Every app process opens the store when it starts, so several may find a new database at once: a transaction-scoped
advisory lock lets one of them migrate while the others wait, and `schema_version` says which migrations have run.
A migration is never edited once released; a change to the tables is a new one at the end.
"""

import psycopg

from geo.store.imported.places import BIN_RESOLUTIONS

SCHEMA = "imported"  # beside the other stores' tables in the same database, never mixed with them
_MIGRATION_LOCK = 0x6174_6C61_7369_6D70  # pg_advisory_xact_lock key, a constant no other store uses

_CELL_COLUMNS = ", ".join(f"cell_{resolution} bigint" for resolution in BIN_RESOLUTIONS)

MIGRATIONS: tuple[str, ...] = (
    # 1. Events with a unique key (what ON CONFLICT relies on), the record of imports, and the H3 cell of each
    #    resolution the map bins by, since h3-pg is not packaged for Debian 12; indexes for the view filters.
    f"""
    CREATE TABLE imports (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, path text NOT NULL,
                          rows integer NOT NULL DEFAULT 0, committed boolean NOT NULL DEFAULT false,
                          added integer NOT NULL DEFAULT 0, replaced integer NOT NULL DEFAULT 0,
                          changed_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE events (key text PRIMARY KEY, first_day date, last_day date, date_precision text,
                         lat double precision, lon double precision, geo_precision smallint, event_type text,
                         sub_event_type text, actor1 text, actor2 text, country text, admin1 text, location text,
                         title text, source text, fatalities integer, notes text,
                         import_id bigint REFERENCES imports (id), country_iso3 text, cell bigint, {_CELL_COLUMNS});
    CREATE INDEX events_days ON events (first_day, last_day);
    CREATE INDEX events_point ON events (lat, lon);
    CREATE INDEX events_type ON events (event_type);
    CREATE INDEX events_country ON events (country_iso3);
    """,
)


def migrate(con: psycopg.Connection) -> int:
    """Runs the migrations this database has not had, in one transaction; returns the schema version."""
    with con.transaction():
        con.execute("SELECT pg_advisory_xact_lock(%s)", [_MIGRATION_LOCK])
        con.execute(f"CREATE SCHEMA IF NOT EXISTS {SCHEMA}")
        con.execute(f"SET LOCAL search_path = {SCHEMA}")
        con.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version integer PRIMARY KEY, "
            "applied_at timestamptz NOT NULL DEFAULT now())"
        )
        done = con.execute("SELECT coalesce(max(version), 0) FROM schema_version").fetchone()[0]
        for version, migration in enumerate(MIGRATIONS[done:], start=done + 1):
            con.execute(migration)
            con.execute("INSERT INTO schema_version (version) VALUES (%s)", [version])
    return len(MIGRATIONS)
