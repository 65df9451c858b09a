"""Imported events in PostgreSQL (team mode): the files, checks, problems and keys of the embedded store, kept in a
database that several app processes share.

A file is read and checked exactly as for DuckDB, in an in-memory DuckDB database of this process; its good rows'
keys then stream with COPY into a temporary table, on a connection held for that import until commit or discard (a
temporary table dies with its connection, so a process killed before commit leaves no staging behind). A file none
of whose keys is stored, a first import, waits there; at commit its rows stream with COPY straight into the events,
in one transaction. Otherwise the rows wait in a temporary table too, and commit updates revised events and inserts
new keys with ON CONFLICT DO NOTHING. Either way the unique key decides: two processes committing the same file at
once store each event once (the second one's COPY is refused and it takes the ON CONFLICT way), and a commit killed
midway keeps nothing. The coarse views' bin summary (geo.store.imported.bin_summary) changes in the same transaction.
"""

from __future__ import annotations

import io
import threading
from collections.abc import Sequence
from typing import TYPE_CHECKING

import duckdb
import psycopg
from psycopg.copy import QueuedLibpqWriter
from pyarrow import csv

from geo.store.connections import connection_pool
from geo.store.imported import bin_summary
from geo.store.imported.pg_schema import INDEXES, SCHEMA, migrate, parent_expression
from geo.store.imported.places import BIN_RESOLUTIONS, parent_sql
from geo.store.imported.schema import CHANGED, EVENT_COLUMNS, create_staging, kept_rows

if TYPE_CHECKING:  # staging uses the stores; they only name its record
    from geo.store.imported.staging import Staged

ANALYZE_AFTER = 10_000  # a commit writing this many events refreshes the planner's statistics at once
TEMP_BUFFERS = "256MB"  # a staged file's temporary table stays in memory (default 8MB would spill to disk)
SORT_MEMORY = "256MB"  # commit sorts a file's rows by key in memory (the default 4MB sorts a million on disk)
INDEX_MEMORY = "512MB"  # a first import builds its indexes in memory (the default 64MB sorts a million on disk)
# What views filter or group by: the columns a commit gathers statistics on (keys are unique, as the planner knows).
# Sampling the long texts (notes, titles) as well took 1.9 s of a 100,000-row import; no query plan needs them.
PLANNED = "first_day, last_day, lat, lon, geo_precision, event_type, country_iso3, cell"
COPY_BATCH = 100_000  # rows per CSV block sent through COPY: memory stays bounded however large the file
# What COPY sends, in order: the stored columns but import_id (views compute each bin from the cell).
_COPIED = (*EVENT_COLUMNS, "country_iso3", "cell")
_REVISED = _COPIED[1:]  # what a revised event takes from the staged one: all but its key
_REVISE = f"SET ({', '.join(_REVISED)}, import_id) = ROW({', '.join('s.' + c for c in _REVISED)}, %s)"


class PostgresStore:
    """Imported events in one PostgreSQL database. Reads take a pooled connection (geo.store.connections: each
    rerun is a new thread); an import holds its own from staging to commit; so Streamlit's threads may share one
    store (st.cache_resource), and processes one database."""

    summary_resolutions = bin_summary.RESOLUTIONS

    def __init__(self, url: str) -> None:
        self.url = url
        self._checks = duckdb.connect()  # where files are read and checked, as the embedded store does
        create_staging(self._checks)
        self._held: dict[int, psycopg.Connection] = {}
        self._lock = threading.Lock()
        # View queries: JIT off, since at a million events their cost passes jit_above_cost, and compiling took
        # 200 ms of a 150 ms aggregation here (100,000 events, JIT forced on); a plan for each query's own values,
        # since psycopg prepares a query run five times and PostgreSQL may then reuse one generic plan, which
        # read all million rows for a year's view of the world (7.6 s, against 0.2 s planned for its dates).
        options = f"-c search_path={SCHEMA} -c jit=off -c plan_cache_mode=force_custom_plan"
        self._readers = connection_pool(url, options, autocommit=True)
        with self._connect() as con:
            migrate(con)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """Where staged files are read and checked; the events are in PostgreSQL."""
        return self._checks.cursor()

    def rows(self, sql: str, params: Sequence = ()) -> list[tuple]:
        """A read query written for both backends: `?` placeholders (psycopg's are `%s`), SQL both dialects share."""
        if "%" in sql:
            raise ValueError("a query written for both backends has no % in it")
        with self._readers.connection() as con:  # autocommit: each query sees what is committed when it starts
            return con.execute(sql.replace("?", "%s"), list(params)).fetchall()

    def cell_sql(self, resolution: int) -> str:
        """The bin at this resolution, computed from the stored cell (a resolution from a fixed list, never input):
        the covering index holds the cell, so a view's bins need no other column of the row."""
        if resolution not in BIN_RESOLUTIONS:
            raise ValueError(f"no stored H3 cells at resolution {resolution}")
        return _parent_sql(resolution)

    def event_count(self) -> int:
        return self.rows("SELECT count(*) FROM events")[0][0]

    def has_events(self) -> bool:
        return bool(self.rows("SELECT EXISTS (SELECT 1 FROM events)")[0][0])

    def new_import(self, path: str) -> int:
        return self.rows("INSERT INTO imports (path) VALUES (?) RETURNING id", [path])[0][0]

    def hold(self, staged: Staged, rows: int) -> tuple[int, int]:
        """Compares the good rows' keys with the stored ones on a connection kept until commit or discard; records
        the file's row count; returns how many good rows have a stored key, and how many of those changed."""
        con = self._connect()
        try:
            con.execute(f"SET temp_buffers = '{TEMP_BUFFERS}'")
            known, changed = 0, 0
            if con.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchone()[0]:  # else no stored key to compare
                keys = f"keys_{int(staged.id)}"
                con.execute(f'CREATE TEMPORARY TABLE {keys} (key text COLLATE "C")')
                self._copy(con, f"SELECT key FROM {staged.table} WHERE problems IS NULL", keys, ("key",))
                if con.execute(f"SELECT EXISTS (SELECT 1 FROM {keys} JOIN events USING (key))").fetchone()[0]:
                    known, changed = self._stage_rows(con, staged)
            con.execute("UPDATE imports SET rows = %s WHERE id = %s", [rows, staged.id])
            con.commit()
        except BaseException:
            con.close()
            raise
        with self._lock:
            self._held[staged.id] = con
        return known, changed

    def _stage_rows(self, con: psycopg.Connection, staged: Staged) -> tuple[int, int]:
        """The good rows in a temporary table, for comparing with the stored events and for ON CONFLICT."""
        temporary = _temporary(staged)
        con.execute(f"CREATE TEMPORARY TABLE {temporary} AS SELECT {', '.join(_COPIED)} FROM events WITH NO DATA")
        self._copy(con, kept_rows(staged.table), temporary, _COPIED)
        con.execute(f"ANALYZE {temporary}")
        return con.execute(
            f"SELECT count(*), count(*) FILTER (WHERE {CHANGED}) FROM {temporary} s JOIN events e USING (key)"
        ).fetchone()

    def _copy(
        self, con: psycopg.Connection, select: str, table: str, columns: tuple[str, ...], freeze: bool = False
    ) -> int:
        """Streams a DuckDB query's rows as CSV blocks: DuckDB writes them, PostgreSQL parses them, neither row by
        row in Python; a thread of psycopg's sends each block while the next one is written (its queue holds at
        most 1,024 pieces of 128 kB); returns how many rows went in. FREEZE (into a table emptied in the same
        transaction) writes them already visible to every later transaction, so index-only scans need no VACUUM."""
        rows = self.cursor().sql(select)
        options = csv.WriteOptions(include_header=False)  # strings quoted, NULL an empty unquoted cell, as COPY reads
        copy_sql = f"COPY {table} ({', '.join(columns)}) FROM STDIN (FORMAT csv{', FREEZE' if freeze else ''})"
        with con.cursor() as cursor:
            with cursor.copy(copy_sql, writer=QueuedLibpqWriter(cursor)) as copy:
                for batch in rows.to_arrow_reader(COPY_BATCH):
                    block = io.BytesIO()
                    csv.write_csv(batch, block, options)
                    copy.write(block.getbuffer())
            return cursor.rowcount

    def keep(self, staged: Staged) -> int:
        """All new keys by COPY when staging found none stored, else (or if another commit stored some since)
        revised events updated and new keys inserted; returns how many events were written."""
        con = self._release(staged)
        try:
            written = None if _has_staged_rows(con, staged) else self._copy_new(con, staged)
            if written is None:
                written = self._insert_staged(con, staged)
            if written >= ANALYZE_AFTER:  # autovacuum would, within a minute; views need the plan now
                _vacuum(con)
        finally:
            con.close()
        return written

    def _copy_new(self, con: psycopg.Connection, staged: Staged) -> int | None:
        """COPY straight into the events (PostgreSQL's fastest way in); None when the unique key refused a row
        another commit stored since staging (or the two deadlocked), and nothing of this COPY is kept."""
        select = f"SELECT *, {int(staged.id)} FROM ({kept_rows(staged.table)}) k"
        empty = not con.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchone()[0]
        con.rollback()
        try:
            with con.transaction():
                first = empty and _emptied(con)
                added = self._copy(con, select, "events", (*_COPIED, "import_id"), freeze=first)
                if first:
                    _build_indexes(con)
                self._add_groups(con, staged, first)
                self._record(con, staged, added, 0)
        except (psycopg.errors.UniqueViolation, psycopg.errors.DeadlockDetected):
            return None
        return added

    def _add_groups(self, con: psycopg.Connection, staged: Staged, first: bool) -> None:
        """The file's summary groups, summed by DuckDB and sorted by the summary's key (COPY into its index in random
        order took 1.1 s of a million-row import): straight into the summary a first import emptied, else added to
        the stored ones."""
        groups = f"{bin_summary.groups(kept_rows(staged.table), parent_sql)} ORDER BY {bin_summary.KEY_ORDER}"
        if first:
            self._copy(con, groups, "bin_summary", bin_summary.COLUMNS, freeze=True)
            return
        added = f"groups_{int(staged.id)}"
        con.execute(f"CREATE TEMPORARY TABLE {added} (LIKE bin_summary) ON COMMIT DROP")
        self._copy(con, groups, added, bin_summary.COLUMNS)
        con.execute(bin_summary.TAKE_TURN)
        con.execute(bin_summary.merge(added))

    def _insert_staged(self, con: psycopg.Connection, staged: Staged) -> int:
        """Revised events updated, new keys inserted in key order (concurrent commits lock keys in one order and
        cannot deadlock), in one transaction. Stored keys are left out by one join first (a re-import of a million
        stored events inserts nothing); ON CONFLICT still refuses those another commit stores meanwhile."""
        temporary, revised = _temporary(staged), f"revised_{int(staged.id)}"
        if not _has_staged_rows(con, staged):
            self._stage_rows(con, staged)
            con.commit()
        with con.transaction():
            con.execute(f"SET LOCAL work_mem = '{SORT_MEMORY}'")
            con.execute(
                f"CREATE TEMPORARY TABLE {revised} ON COMMIT DROP AS "
                f"SELECT e.* FROM {temporary} s JOIN events e USING (key) WHERE {CHANGED}"
            )
            replaced = con.execute(
                f"UPDATE events e {_REVISE} FROM {temporary} s JOIN {revised} r USING (key) "
                f"WHERE e.key = s.key AND {CHANGED}",
                [staged.id],
            ).rowcount
            added = con.execute(
                f"INSERT INTO events ({', '.join(_COPIED)}, import_id) SELECT {', '.join(_COPIED)}, %s "
                f"FROM {temporary} s WHERE NOT EXISTS (SELECT 1 FROM events e WHERE e.key = s.key) "
                "ORDER BY key ON CONFLICT (key) DO NOTHING",
                [staged.id],
            ).rowcount
            if added + replaced:
                _recount_groups(con, staged, revised)
            self._record(con, staged, added, replaced)
        return added + replaced

    @staticmethod
    def _record(con: psycopg.Connection, staged: Staged, added: int, replaced: int) -> None:
        con.execute(
            "UPDATE imports SET committed = true, added = %s, replaced = %s, changed_at = now() WHERE id = %s",
            [added, replaced, staged.id],
        )

    def forget(self, staged: Staged) -> None:
        """A discarded or failed import leaves no record; closing its connection drops its temporary table."""
        with self._lock:
            held = self._held.pop(staged.id, None)
        if held is not None:
            held.close()
        with self._readers.connection() as con:
            con.execute("DELETE FROM imports WHERE id = %s", [staged.id])

    def close(self) -> None:
        with self._lock:
            connections = [*self._held.values()]
            self._held.clear()
        for con in connections:
            con.close()
        self._readers.close()
        self._checks.close()

    def _connect(self) -> psycopg.Connection:
        """A connection of its own, outside the pool: an import holds it (and its temporary table) until commit."""
        return psycopg.connect(self.url, options=f"-c search_path={SCHEMA}")

    def _release(self, staged: Staged) -> psycopg.Connection:
        with self._lock:
            held = self._held.pop(staged.id, None)
        if held is None:
            raise ValueError(f"import {staged.id} of {staged.path} was already committed or discarded")
        return held


def _emptied(con: psycopg.Connection) -> bool:
    """Whether the events are still empty under an exclusive lock; if so, truncates them (so COPY may FREEZE, and
    with wal_level minimal write no WAL) and drops the key and indexes, which _build_indexes builds after COPY.

    The lock holds until commit: readers and other commits wait for the first import (the map has nothing to show
    before it anyway), and a commit that waited finds the events stored and takes the ON CONFLICT way."""
    con.execute("LOCK TABLE events IN ACCESS EXCLUSIVE MODE")
    if con.execute("SELECT EXISTS (SELECT 1 FROM events)").fetchone()[0]:
        return False
    con.execute("TRUNCATE events, bin_summary")
    con.execute(f"DROP INDEX {', '.join(INDEXES)}")
    con.execute("ALTER TABLE events DROP CONSTRAINT events_pkey")
    return True


def _build_indexes(con: psycopg.Connection) -> None:
    """The key and the indexes _emptied dropped, each built from all rows at once, sorted in memory."""
    con.execute(f"SET LOCAL maintenance_work_mem = '{INDEX_MEMORY}'")
    con.execute("ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (key)")
    for definition in INDEXES.values():
        con.execute(definition)


def _vacuum(con: psycopg.Connection) -> None:
    """Statistics for the planner, and its count of all-visible pages (pg_class.relallvisible), by which it prices
    an index-only scan; a first import gets it too, since an ANALYZE inside that transaction may not count the
    pages it froze. VACUUM itself skips the pages COPY FREEZE wrote."""
    con.autocommit = True  # VACUUM runs outside a transaction
    con.execute(f"VACUUM (ANALYZE) events ({PLANNED}), bin_summary")


def _recount_groups(con: psycopg.Connection, staged: Staged, revised: str) -> None:
    """Counts again the summary groups this commit changed: those its revised events left (the old versions in
    `revised`) and those its written events joined (the events now bearing its import id)."""
    touched, parent = f"touched_{int(staged.id)}", _parent_sql
    left = bin_summary.group_keys(f"SELECT * FROM {revised}", parent)
    joined = bin_summary.group_keys(f"SELECT * FROM events WHERE import_id = {int(staged.id)}", parent)
    con.execute(f"CREATE TEMPORARY TABLE {touched} ON COMMIT DROP AS ({left}) UNION ({joined})")
    con.execute(f"ANALYZE {touched}")  # else the recount's semi-joins loop over it (3 s for 20,000 revisions at 1M)
    con.execute(bin_summary.TAKE_TURN)
    for statement in bin_summary.recount(touched, parent):
        con.execute(statement)


def _parent_sql(resolution: int) -> str:
    """An event's bin at a resolution, as one expression (parent_expression's operators would bind to a neighbour)."""
    return f"({parent_expression(resolution)})"


def _temporary(staged: Staged) -> str:
    return f"stage_{int(staged.id)}"


def _has_staged_rows(con: psycopg.Connection, staged: Staged) -> bool:
    """Whether hold() (or a refused COPY) left the rows in a temporary table; ends its read, so the commit that
    follows is a transaction of its own."""
    found = con.execute("SELECT to_regclass(%s) IS NOT NULL", [f"pg_temp.{_temporary(staged)}"]).fetchone()[0]
    con.rollback()
    return found
