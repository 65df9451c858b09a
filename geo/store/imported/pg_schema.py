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


def parent_expression(resolution: int) -> str:
    """H3's cell_to_parent in bit operations on the stored cell (h3-pg is not packaged for Debian 12): set the
    resolution field, mark the finer digits unused (7); an H3 index leaves bit 63 clear, so it fits a bigint."""
    unused = (1 << (3 * (15 - resolution))) - 1
    return f"(cell & {~(15 << 52) & (2**63 - 1)}) | {resolution << 52} | {unused}"


# The bin of each resolution the map uses, kept by PostgreSQL itself whenever an event's cell is written.
_CELL_COLUMNS = ", ".join(
    f"cell_{resolution} bigint GENERATED ALWAYS AS ({parent_expression(resolution)}) STORED"
    for resolution in BIN_RESOLUTIONS
)

MIGRATIONS: tuple[str, ...] = (
    # 1. Events with a unique key (what ON CONFLICT relies on), the record of imports, and the H3 cell of each
    #    resolution the map bins by, since h3-pg is not packaged for Debian 12 (the finest cell comes from the h3
    #    package at import). Keys and codes compare bytewise (COLLATE "C"), as in DuckDB, and faster. Indexes for
    #    the selective view filters only (a small view's box, a date window, countries): each costs time at every
    #    import, and a view of the world reads every row anyway. import_id has no foreign key: checking it per row
    #    halved import speed.
    f"""
    CREATE TABLE imports (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, path text NOT NULL,
                          rows integer NOT NULL DEFAULT 0, committed boolean NOT NULL DEFAULT false,
                          added integer NOT NULL DEFAULT 0, replaced integer NOT NULL DEFAULT 0,
                          changed_at timestamptz NOT NULL DEFAULT now());
    CREATE TABLE events (key text COLLATE "C" PRIMARY KEY, first_day date, last_day date, date_precision text,
                         lat double precision, lon double precision, geo_precision smallint, event_type text,
                         sub_event_type text, actor1 text, actor2 text, country text, admin1 text, location text,
                         title text, source text, fatalities integer, notes text,
                         import_id bigint, country_iso3 text COLLATE "C", cell bigint, {_CELL_COLUMNS});
    CREATE INDEX events_days ON events (first_day, last_day);
    CREATE INDEX events_point ON events (lat, lon);
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
