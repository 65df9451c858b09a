"""`python -m geo import FILE`: a file staged and checked exactly as the Import screen does, for exports too large
to upload. Prints every problem as file:line: field: message; keeps the good rows only with --keep.
Exit status: 0 imported (or, without --keep, no problem found), 1 the file has problems (without --keep nothing is
kept), 2 refused whole (unreadable, not an ACLED export and no mapping, wrong layout, too deep, or another program
has the store open). The store is the one the app reads: $ALLIANCE_ATLAS_HOME/bulk.duckdb, or the PostgreSQL database
of ALLIANCE_ATLAS_DATABASE_URL."""

import argparse
import json
import sys
from dataclasses import fields
from pathlib import Path

import duckdb

from geo.problems import DataError, DataProblem
from geo.store import imported

NAME = "import"
HELP = "check an event file (ACLED export, or CSV/GeoJSON with a column mapping) and keep its good rows"
PAGE = 10_000  # problems fetched at a time


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("file", type=Path, help="a CSV or GeoJSON file")
    parser.add_argument(
        "--mapping",
        type=Path,
        metavar="MAPPING.json",
        help="a JSON object naming the column for each of: "
        + ", ".join(f.name for f in fields(imported.ColumnMapping))
        + " (date and coordinates or place are needed); without it the file must be an ACLED "
        "export",
    )
    parser.add_argument("--keep", action="store_true", help="keep the good rows (default: only check)")
    parser.add_argument(
        "--truncate",
        action="store_true",
        help="keep rows whose text cells are longer than --max-cell, with those cells cut",
    )
    parser.add_argument(
        "--max-cell",
        type=int,
        default=imported.MAX_CELL_CHARS,
        metavar="CHARS",
        help=f"longest text cell, in characters (default {imported.MAX_CELL_CHARS:,})",
    )
    parser.add_argument(
        "--json", action="store_true", help="print one JSON object: rows, problems (file, line, field, message), kept"
    )


def run(args: argparse.Namespace) -> int:
    try:
        mapping = read_mapping(args.mapping) if args.mapping else None
    except (DataError, OSError) as error:
        return _refused(args, _problems_of(error, args.mapping))
    try:
        store = imported.open_store()
    except (imported.StoreInUse, OSError) as error:  # the store's problem, not the mapping's
        return _refused(args, _problems_of(error, imported.default_store_path()))
    try:
        return _import(store, args, mapping)
    finally:
        store.close()


def read_mapping(path: Path) -> imported.ColumnMapping:
    """A mapping file names columns by field; anything else in it is a problem, not a guess."""
    try:
        given = json.loads(path.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as error:
        raise DataError([DataProblem(str(path), 1, "(file)", f"is not a JSON object: {error}")]) from error
    known = {f.name for f in fields(imported.ColumnMapping)}
    if not isinstance(given, dict) or not all(isinstance(v, str) for v in given.values()):
        raise DataError([DataProblem(str(path), 1, "(file)", "must be one JSON object of field: column name")])
    problems = [
        DataProblem(str(path), 1, name, f"is not one of {', '.join(sorted(known))}")
        for name in given
        if name not in known
    ]
    if "date" not in given:
        problems.append(DataProblem(str(path), 1, "date", "is missing: which column holds the date?"))
    if problems:
        raise DataError(problems)
    return imported.ColumnMapping(**given)


def _import(store: imported.EventStore, args: argparse.Namespace, mapping: imported.ColumnMapping | None) -> int:
    limit = imported.CellLimit(args.max_cell, args.truncate)
    try:
        if mapping is None and not imported.is_acled(imported.columns_of(args.file)):
            raise ValueError("is not an ACLED export (its columns differ): give --mapping MAPPING.json")
        staged = imported.stage_file(store, args.file, mapping, limit=limit)
    except (DataError, ValueError, OSError, duckdb.Error) as error:
        return _refused(args, _problems_of(error, args.file))
    problems = [
        p
        for offset in range(0, staged.problem_count, PAGE)
        for p in imported.staged_problems(store, staged, PAGE, offset)
    ]
    if args.keep:
        kept = imported.commit(store, staged)
    else:
        imported.discard(store, staged)
        kept = 0
    _print(args, staged.rows, problems, kept)
    return 1 if problems else 0


def _problems_of(error: Exception, path: Path) -> list[DataProblem]:
    if isinstance(error, DataError):
        return list(error.problems)
    if isinstance(error, OSError):
        return [DataProblem(str(path), 1, "(file)", f"cannot be read: {error.strerror or error}")]
    return [DataProblem(str(path), 1, "(file)", str(error).splitlines()[0])]


def _refused(args: argparse.Namespace, problems: list[DataProblem]) -> int:
    _print(args, 0, problems, 0, refused=True)
    return 2


def _print(args: argparse.Namespace, rows: int, problems: list[DataProblem], kept: int, refused: bool = False) -> None:
    if args.json:
        print(
            json.dumps(
                {
                    "rows": rows,
                    "problems": [
                        {"file": p.path, "line": p.line, "field": p.field, "message": p.message} for p in problems
                    ],
                    "kept": kept,
                    "refused": refused,
                },
                ensure_ascii=False,
            )
        )
        return
    for problem in problems:
        print(problem)
    summary = (
        "refused whole: nothing kept"
        if refused
        else (
            f"{rows:,} rows read, {len(problems):,} problems, {kept:,} events kept"
            + ("" if args.keep else " (check only: add --keep to keep the good rows)")
        )
    )
    print(summary, file=sys.stderr)
