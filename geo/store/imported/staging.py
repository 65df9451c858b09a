"""An import's two steps: stage a file and list its problems, then commit its good rows or discard it all.

Nothing is kept before the analyst has read what is wrong with a file: staging reads it into an in-memory database
and checks every row; commit() adds new keys and replaces revised ACLED events. Both backends (geo.store.imported.
backend) stage through these functions, so the checks, the file:line:field report and the keys are the same; the
backend then holds the good rows and keeps them.
"""

from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path

import duckdb

from geo.alliance.events import Resolver
from geo.problems import DataProblem
from geo.store.imported.acled import ACLED_COLUMNS, acled_typed
from geo.store.imported.backend import EventStore
from geo.store.imported.checks import DEFAULT_LIMIT, CellLimit, sql_text
from geo.store.imported.csv_reading import ORDINAL, csv_header, csv_raw_select, csv_reader, read_csv, require_columns
from geo.store.imported.geojson_reading import is_geojson, numbered_features, properties_of, read_geojson
from geo.store.imported.mapping import ColumnMapping, mapped_typed
from geo.store.imported.places import default_resolver, locate_points, place_by_name
from geo.store.imported.problem_lines import collect_problems

Progress = Callable[[str, float], None]  # (what is happening, fraction of the whole import done)
# Creates the named staging table from a file (ordinal, the typed columns, problems), reporting the fraction read.
Reader = Callable[[duckdb.DuckDBPyConnection, str, Callable[[float], None]], None]


@dataclass(frozen=True, slots=True)
class Staged:
    """A file read into staging, waiting for commit() or discard(); the counts say what commit() would do."""

    id: int
    path: str
    rows: int  # records read, bad ones included
    bad_rows: int  # rows with at least one problem: commit() leaves them out
    problem_count: int
    new: int  # good rows whose key is not stored yet
    changed: int  # good rows replacing a stored event with the same key
    unchanged: int  # good rows already stored as they are: commit() skips them
    truncated: int = 0  # good rows with a cell cut to the limit (only when truncation was accepted)

    @property
    def table(self) -> str:
        """In an in-memory database: a staged file is written to disk once, at commit, and a process that stops
        leaves no staging behind."""
        return f"staging.stage_{self.id}"


def columns_of(path: Path) -> list[str]:
    """A CSV's header, or the property names of a GeoJSON's features, for the import screen's column mapping."""
    if not is_geojson(path):
        return csv_header(path)
    with path.open("rb") as handle:
        features = [feature for _, feature in islice(numbered_features(path, handle), 1000)]
    return list(dict.fromkeys(name for f in features for name in properties_of(f)))


def stage_acled(
    store: EventStore, path: Path, progress: Progress | None = None, limit: CellLimit = DEFAULT_LIMIT
) -> Staged:
    """Read an ACLED export into staging and check every row; raises DataError if a column is missing."""
    header = csv_header(path)
    require_columns(path, header, ACLED_COLUMNS)
    select = f"SELECT {ORDINAL}, {acled_typed(limit)} FROM {csv_reader(header)}"
    return _stage(store, path, partial(read_csv, path=path, select=select), progress or _quiet, "event_id_cnty")


def stage_mapped(
    store: EventStore,
    path: Path,
    mapping: ColumnMapping,
    progress: Progress | None = None,
    resolve: Resolver | None = None,
    limit: CellLimit = DEFAULT_LIMIT,
) -> Staged:
    """Read any CSV or GeoJSON through a column mapping; rows without coordinates are placed by `resolve`
    (default: the offline gazetteer the curated events use). A GeoJSON is read a feature at a time, and its
    problems give the feature's number as line."""
    if mapping.latitude is None and mapping.place is None and not is_geojson(path):
        raise ValueError("map latitude and longitude, or a place name to geocode")
    if is_geojson(path):
        read = partial(read_geojson, path=path, mapping=mapping, limit=limit)
    else:
        header = csv_header(path)
        require_columns(path, header, mapping.columns())
        select = f"SELECT {ORDINAL}, {mapped_typed(mapping, limit)} FROM ({csv_raw_select(mapping, header)})"
        read = partial(read_csv, path=path, select=select)
    place_step = (
        partial(place_by_name, field=mapping.place, resolve=resolve or default_resolver()) if mapping.place else None
    )
    return _stage(store, path, read, progress or _quiet, "(row)", place_step)


def stage_file(
    store: EventStore,
    path: Path,
    mapping: ColumnMapping | None,
    progress: Progress | None = None,
    limit: CellLimit = DEFAULT_LIMIT,
) -> Staged:
    """What the Import screen and `python -m geo import` do alike: an ACLED export without a mapping, any other
    file through one."""
    if mapping is None:
        return stage_acled(store, path, progress, limit)
    return stage_mapped(store, path, mapping, progress, limit=limit)


def staged_problems(store: EventStore, staged: Staged, limit: int = 1000, offset: int = 0) -> list[DataProblem]:
    """Problems in file order, a page at a time: a broken million-row file may have a million."""
    rows = (
        store.cursor()
        .execute(
            f"SELECT line, field, message FROM {staged.table}_problems ORDER BY line, field LIMIT ? OFFSET ?",
            [limit, offset],
        )
        .fetchall()
    )
    return [DataProblem(staged.path, line, field, message) for line, field, message in rows]


def commit(store: EventStore, staged: Staged) -> int:
    """Keep the good rows: new keys are added, changed ACLED events replaced; returns how many were written.
    A second commit of the same events, even at the same time, finds them stored and adds nothing."""
    con = _staged_cursor(store, staged)
    added = store.keep(staged)
    _drop_stage(con, staged)  # a transaction writes to one database only, so staging goes after the commit
    return added


def discard(store: EventStore, staged: Staged) -> None:
    con = _staged_cursor(store, staged)
    _drop_stage(con, staged)
    store.forget(staged)


def _quiet(_stage: str, _fraction: float) -> None:
    pass


def _stage(
    store: EventStore,
    path: Path,
    read: Reader,
    progress: Progress,
    key_field: str,
    place_step: Callable[[duckdb.DuckDBPyConnection, str], None] | None = None,
) -> Staged:
    """Read, check, place, number lines and locate cells; reading is most of the time, so most of the progress."""
    con = store.cursor()
    con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0")
    staged = Staged(store.new_import(str(path)), str(path), 0, 0, 0, 0, 0, 0)
    try:
        progress("Reading", 0.0)
        read(con, staged.table, lambda done: progress("Reading", 0.7 * done))
        progress("Checking rows", 0.7)
        _mark_repeated_keys(con, staged, key_field)
        if place_step:
            progress("Finding places", 0.75)
            place_step(con, staged.table)
        rejected = collect_problems(con, staged.table, path)
        progress("Locating events", 0.85)
        locate_points(con, staged.table)
        progress("Storing", 0.9)
        staged = _with_counts(store, staged, rejected)
        progress("Done", 1.0)
    except BaseException:
        _drop_stage(con, staged)
        store.forget(staged)
        raise
    return staged


def _mark_repeated_keys(con: duckdb.DuckDBPyConnection, staged: Staged, key_field: str) -> None:
    """A key seen earlier in the same file is a problem on the later row; the first one is kept."""
    message = "repeats an earlier row's id" if key_field != "(row)" else "is the same as an earlier row"
    con.execute(f"""
        UPDATE {staged.table} SET problems = list_append(coalesce(problems, []), {{'field': {sql_text(key_field)},
                                                                     'message': {sql_text(message)}}})
        WHERE ordinal IN (SELECT s.ordinal FROM {staged.table} s JOIN (
                              SELECT key, min(ordinal) AS first FROM {staged.table} WHERE key IS NOT NULL
                              GROUP BY key HAVING count(*) > 1) d USING (key) WHERE s.ordinal > d.first)""")


def _with_counts(store: EventStore, staged: Staged, rejected: int) -> Staged:
    stage, con = staged.table, store.cursor()
    rows, bad, cut = con.execute(
        f"SELECT count(*), count(*) FILTER (problems IS NOT NULL), "
        f"count(*) FILTER (problems IS NULL AND cut) FROM {stage}"
    ).fetchall()[0]
    problems = con.execute(f"SELECT count(*) FROM {stage}_problems").fetchall()[0][0]
    known, changed = store.hold(staged, rows + rejected)
    return Staged(
        staged.id,
        staged.path,
        rows + rejected,
        bad + rejected,
        problems,
        rows - bad - known,
        changed,
        known - changed,
        cut,
    )


def _staged_cursor(store: EventStore, staged: Staged) -> duckdb.DuckDBPyConnection:
    con = store.cursor()
    exists = "SELECT count(*) FROM duckdb_tables() WHERE database_name || '.' || table_name = ?"
    if not con.execute(exists, [staged.table]).fetchall()[0][0]:
        raise ValueError(f"import {staged.id} of {staged.path} was already committed or discarded")
    return con


def _drop_stage(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    for suffix in ("", "_problems", "_cells"):
        con.execute(f"DROP TABLE IF EXISTS {staged.table}{suffix}")
