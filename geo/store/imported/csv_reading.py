"""CSV files read into staging through DuckDB's strict reader, every cell as text.

DuckDB reads a million rows in seconds, but can drop a record or fail without naming a line: so the records are also
counted, and the line endings checked, from the file's bytes, and a file that does not arrive whole is refused.
"""

import csv
import os
import re
import tempfile
import threading
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import numpy as np

from geo.problems import DataError, DataProblem
from geo.spreadsheet import allow_cells_up_to
from geo.store.imported.checks import sql_text
from geo.store.imported.mapping import ColumnMapping, raw_sources

# The record's place among those read, kept as a column: DuckDB may move a row's rowid when it is updated.
ORDINAL = "row_number() OVER () - 1 AS ordinal"


def csv_reader(header: list[str]) -> str:
    """DuckDB's reader with the dialect and columns stated, not sniffed (sniffing fails on a small broken file):
    every cell as text, so checking is ours and names the field; records that do not split are kept aside."""
    columns = ", ".join(f"{sql_text(name)}: 'VARCHAR'" for name in header)
    return (
        f"read_csv($path, columns = {{{columns}}}, header = true, auto_detect = false, delim = ',', "
        "quote = '\"', escape = '\"', store_rejects = true, max_line_size = $max_line_size)"
    )


def read_csv(
    con: duckdb.DuckDBPyConnection, table: str, report: Callable[[float], None], path: Path, select: str
) -> None:
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
            raise DataError(
                [
                    DataProblem(
                        str(path),
                        line,
                        "(file)",
                        f"line ends with {_ENDINGS[found]} where the "
                        f"header ends with {_ENDINGS[expected]}: save the file with one kind of "
                        "line ending",
                    )
                ]
            ) from error
    arrived = con.execute(
        f"SELECT (SELECT count(*) FROM {table}) + (SELECT count(DISTINCT line) FROM reject_errors)"
    ).fetchall()[0][0]
    if arrived != records:
        raise DataError(
            [
                DataProblem(
                    str(path),
                    1,
                    "(file)",
                    f"holds {records:,} records but {arrived:,} could be "
                    "read: check its quotes (a quote inside an unquoted cell) and save it again",
                )
            ]
        )


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


def csv_header(path: Path) -> list[str]:
    allow_cells_up_to(path.stat().st_size)  # the cell limit is checked in SQL, naming line and field
    with path.open(newline="", encoding="utf-8-sig", errors="replace") as handle:
        return [name.strip() for name in next(csv.reader(handle), [])]


def require_columns(path: Path, header: list[str], required: tuple[str, ...]) -> None:
    """Column names must be there, and told apart as DuckDB tells them: it ignores case and refuses an empty
    name, with errors that quote its own SQL."""
    problems = [DataProblem(str(path), 1, name, "column is missing") for name in required if name not in header]
    problems += [
        DataProblem(str(path), 1, f"(column {number})", "column has no name")
        for number, name in enumerate(header, start=1)
        if not name
    ]
    by_case: dict[str, list[str]] = {}
    for name in header:
        by_case.setdefault(name.lower(), []).append(name)
    problems += [
        DataProblem(
            str(path),
            1,
            names[0],
            "column name appears more than once"
            if len(set(names)) == 1
            else f"column names {', '.join(map(repr, names))} differ only in case",
        )
        for names in sorted(by_case.values())
        if len(names) > 1 and names[0]
    ]
    if problems:
        raise DataError(problems)


def _quoted_identifier(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def csv_raw_select(mapping: ColumnMapping, header: list[str]) -> str:
    """The mapped columns under fixed names (raw_date, raw_lat …), whatever the file calls them."""
    columns = ", ".join(
        f"{_quoted_identifier(name) if name else 'NULL::VARCHAR'} AS {alias}"
        for alias, name in raw_sources(mapping).items()
    )
    return f"SELECT {columns} FROM {csv_reader(header)}"
