"""The fix tables: what the build changes in Natural Earth and why, read from the CSV files in data/boundaries/.

Each table is a CSV beside the files it shapes, one row per change with its reason, so a reviewer reads and diffs
the decisions, not code. Every problem in every table is reported at once as file:line:field.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from geo.problems import DataError, ProblemLog
from geo.records import csv_records

TABLES_DIR = Path(__file__).resolve().parent.parent  # data/boundaries/, where the tables sit beside their output

PROVINCE_FIXES_FILE = "province_fixes.csv"
COUNTRY_CODES_FILE = "country_codes.csv"
COUNTRY_NAMES_FILE = "country_names.csv"
DROPPED_UNITS_FILE = "dropped_units.csv"
REPLACED_CODES_FILE = "replaced_codes.csv"
MERGED_PROVINCES_FILE = "merged_provinces.csv"

FIXED_COLUMNS = ("name", "name_en", "iso_3166_2", "type_en")  # the admin-1 columns a province fix may change
# (pattern a value must match in full, what that means for the curator)
Rule = tuple[str, str]
ISO3: Rule = (r"[A-Z]{3}", "three capital letters (ISO 3166-1 alpha-3)")
ISO_3166_2: Rule = (r"[A-Z]{2}-[A-Z0-9]{1,3}", "an ISO 3166-2 code such as AZ-LAC")
NE_CODE: Rule = (r"\S+", "one code without spaces")  # NE's own codes include placeholders: RU-X01~, -99-X05~
REASON: Rule = (r".{10,}", "a reason of 10 characters or more")
# file -> column -> its rule (None: optional free text); every file also has a reason column
COLUMNS: dict[str, dict[str, Rule | None]] = {
    PROVINCE_FIXES_FILE: {
        "gn_a1_code": (r"[A-Z]{2}\.\w+", "a GeoNames admin-1 code such as AZ.28"),
        "iso3": ISO3,
        **dict.fromkeys(FIXED_COLUMNS),
    },
    COUNTRY_CODES_FILE: {"ne_field": ("adm0_a3|gu_a3", "adm0_a3 or gu_a3"), "ne_code": ISO3, "iso3": ISO3},
    COUNTRY_NAMES_FILE: {"iso3": ISO3, "name": (r".+", "a name")},
    DROPPED_UNITS_FILE: {"ne_field": ("adm0_a3|iso_3166_2", "adm0_a3 or iso_3166_2"), "ne_code": NE_CODE},
    REPLACED_CODES_FILE: {"iso_3166_2": ISO_3166_2, "replaced_by": ISO_3166_2},
    MERGED_PROVINCES_FILE: {"iso_3166_2": NE_CODE, "into": ISO_3166_2},
}
# file -> the columns that identify a row: a second row with the same values would be a second, conflicting fix
KEYS = {
    PROVINCE_FIXES_FILE: ("gn_a1_code",),
    COUNTRY_CODES_FILE: ("ne_field", "ne_code"),
    COUNTRY_NAMES_FILE: ("iso3",),
    DROPPED_UNITS_FILE: ("ne_field", "ne_code"),
    REPLACED_CODES_FILE: ("iso_3166_2",),
    MERGED_PROVINCES_FILE: ("iso_3166_2",),
}


@dataclass(frozen=True, slots=True)
class Fix:
    """One correction to a Natural Earth admin-1 record, found by its GeoNames code (unique in NE admin-1)."""

    gn_a1_code: str
    iso3: str
    changes: Mapping[str, str]
    reason: str


@dataclass(frozen=True, slots=True)
class FixTables:
    """Every table, as the build applies it."""

    province_fixes: tuple[Fix, ...]
    iso3_from_adm0: dict[str, str]  # NE's adm0_a3 "oddities" merged into an ISO 3166-1 country
    iso3_from_gu: dict[str, str]  # NE units split by gu_a3; wins over iso3_from_adm0
    country_names: dict[str, str]  # iso3 -> name, where NE's is dated, formal, abbreviated or a merged unit's
    dropped_adm0: frozenset[str]
    dropped_provinces: frozenset[str]  # by NE's iso_3166_2
    replaced_codes: dict[str, str]  # ISO 3166-2 codes replaced since NE, applied after the province fixes
    merged_provinces: tuple[tuple[str, str], ...]  # (NE's iso_3166_2, into iso_3166_2)


def load_fix_tables(folder: Path = TABLES_DIR) -> FixTables:
    """Raises one DataError listing every problem of every table, so a curator fixes them all in one pass."""
    logs = {name: ProblemLog(str(folder / name)) for name in COLUMNS}
    rows = {name: checked_rows(log) for name, log in logs.items()}
    problems = [problem for log in logs.values() for problem in log.problems]
    if problems:
        raise DataError(problems)
    codes, dropped = rows[COUNTRY_CODES_FILE], rows[DROPPED_UNITS_FILE]
    return FixTables(
        province_fixes=tuple(province_fix(row) for row in rows[PROVINCE_FIXES_FILE]),
        iso3_from_adm0={row["ne_code"]: row["iso3"] for row in codes if row["ne_field"] == "adm0_a3"},
        iso3_from_gu={row["ne_code"]: row["iso3"] for row in codes if row["ne_field"] == "gu_a3"},
        country_names={row["iso3"]: row["name"] for row in rows[COUNTRY_NAMES_FILE]},
        dropped_adm0=frozenset(row["ne_code"] for row in dropped if row["ne_field"] == "adm0_a3"),
        dropped_provinces=frozenset(row["ne_code"] for row in dropped if row["ne_field"] == "iso_3166_2"),
        replaced_codes={row["iso_3166_2"]: row["replaced_by"] for row in rows[REPLACED_CODES_FILE]},
        merged_provinces=tuple((row["iso_3166_2"], row["into"]) for row in rows[MERGED_PROVINCES_FILE]),
    )


def province_fix(row: Mapping[str, str | None]) -> Fix:
    changes = {column: row[column] for column in FIXED_COLUMNS if row[column]}
    return Fix(row["gn_a1_code"], row["iso3"], changes, row["reason"])


def checked_rows(log: ProblemLog) -> list[dict[str, str | None]]:
    """The rows of the log's file that pass; each failing cell, missing file or column is logged instead."""
    path = Path(log.path)
    columns, key = COLUMNS[path.name], KEYS[path.name]
    if not path.is_file():
        log.add(1, "(file)", "is missing")
        return []
    try:
        records = list(csv_records(path, (*columns, "reason")))
    except DataError as error:
        log.problems.extend(error.problems)
        return []
    rows, seen = [], {}
    for record in records:
        values = record.values
        problems_before = len(log.problems)
        for column, rule in {**columns, "reason": REASON}.items():
            check_cell(values[column], rule, record.line, column, log)
        if path.name == PROVINCE_FIXES_FILE and not any(values[column] for column in FIXED_COLUMNS):
            log.add(record.line, "name", f"changes nothing: fill one of {', '.join(FIXED_COLUMNS)}")
        identity = tuple(values[column] for column in key)
        if identity in seen:
            log.add(record.line, key[-1], f"{identity[-1]!r} already has a row (line {seen[identity]})")
        seen.setdefault(identity, record.line)
        if len(log.problems) == problems_before:
            rows.append(values)
    return rows


def check_cell(value: str | None, rule: Rule | None, line: int, column: str, log: ProblemLog) -> None:
    """Blank is allowed only in a column without a rule (a province fix's optional changes)."""
    if value is None:
        if rule is not None:
            log.add(line, column, "is empty")
    elif rule is not None and not re.fullmatch(rule[0], value):
        log.add(line, column, f"{value!r} is not {rule[1]}")
