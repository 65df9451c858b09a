"""The problems of a staged file, each at the line where its record ends.

DuckDB numbers neither rows nor lines, and names a record it could not split by its own count (the header is 1,
blank lines count, a quoted line break does not): so the lines are found again by walking the file with Python's csv.
"""

import csv
import re
from pathlib import Path

import duckdb
import pyarrow as pa

from geo.spreadsheet import allow_cells_up_to
from geo.store.imported.geojson_reading import is_geojson


def collect_problems(con: duckdb.DuckDBPyConnection, stage: str, path: Path) -> int:
    """One row per problem, at the line where its record ends (as csv.DictReader counts), in the table
    `{stage}_problems`; returns how many records the reader rejected outright."""
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
        con.executemany(
            f"INSERT INTO {stage}_problems VALUES (?, '(row)', ?)",
            [(record_lines.get(record, record), message) for record, message in rejected.items()],
        )
    return len(rejected)


def _rejected_records(con: duckdb.DuckDBPyConnection) -> dict[int, str]:
    """Records DuckDB's reader could not split into the header's columns (wrong cell count, stray quote, bad
    UTF-8), by DuckDB's record number (the header is 1, blank lines count, a quoted line break does not)."""
    try:
        rows = con.execute(
            "SELECT line, error_type, min(error_message) FROM reject_errors GROUP BY ALL ORDER BY line"
        ).fetchall()
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
    return {
        "MISSING COLUMNS": f"has fewer cells than the header{header}",
        "TOO MANY COLUMNS": f"has more cells than the header{header}",
        "INVALID ENCODING": "is not valid UTF-8",
        "UNQUOTED VALUE": "has a quote inside an unquoted cell",
        "LINE SIZE OVER MAXIMUM": "is longer than the reader allows",
    }.get(kind, message.splitlines()[0])


def _record_lines(path: Path, ordinals: list[int], rejected: set[int]) -> tuple[dict[int, int], dict[int, int]]:
    """DuckDB does not give line numbers, so the file is walked once with Python's csv, up to the last record
    needed: the end line of each bad kept record (by ordinal) and of each rejected one (by DuckDB's number)."""
    if is_geojson(path):
        return {o: o + 1 for o in ordinals}, {}
    wanted, by_ordinal, by_record = set(ordinals), {}, {}
    allow_cells_up_to(path.stat().st_size)
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
