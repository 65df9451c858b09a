"""The SQL checks: a problem per failed check, messages quoting cells briefly, the cell length limit."""

import duckdb

from geo.store import imported
from geo.store.imported.checks import (
    CellLimit,
    check,
    cut,
    length_checks,
    problems_column,
    shown,
    sql_text,
    stored_text,
)
from tests.geo.store.imported.conftest import acled_row, write_csv


def selected(select: str, **cells: str) -> tuple:
    """The row a select gives over one row of text cells."""
    names = ", ".join(f"? AS {name}" for name in cells)
    return duckdb.connect().execute(f"SELECT {select} FROM (SELECT {names or '1'})", list(cells.values())).fetchall()[0]


def test_accepted_truncation_keeps_the_row_with_its_cell_cut(store, tmp_path):
    rows = [acled_row(notes="é" * 50), acled_row(event_id_cnty="ARM2")]
    staged = imported.stage_acled(store, write_csv(tmp_path / "long.csv", rows), limit=imported.CellLimit(40, True))
    assert (staged.bad_rows, staged.problem_count, staged.truncated) == (0, 0, 1)
    imported.commit(store, staged)
    assert imported.imported_event(store, "ARM1").notes == "é" * 40


def test_each_failed_check_is_a_problem_and_a_good_row_has_none():
    checks = problems_column(
        check("Lat", "try_cast(lat AS DOUBLE) IS NULL", f"{shown('lat')} || ' is not a number'"),
        check("Name", "name = ''", "'is empty'"),
    )
    assert selected(checks, lat="north", name="") == (
        [{"field": "Lat", "message": "'north' is not a number"}, {"field": "Name", "message": "is empty"}],
    )
    assert selected(checks, lat="40.1", name="Gyumri") == (None,)


def test_a_message_quotes_a_cell_trimmed_and_cut_short():
    assert selected(shown("v"), v="  " + "x" * 100) == ("'" + "x" * 60 + "'",)
    assert selected(sql_text("it's")) == ("it's",)


def test_a_long_cell_fails_its_row_unless_truncation_is_accepted():
    fields = {"Notes": "raw_notes"}
    strict, lenient = CellLimit(5), CellLimit(5, truncate=True)
    assert selected(problems_column(*length_checks(fields, strict)), raw_notes="abcdefg") == (
        [{"field": "Notes", "message": "is longer than the 5 characters allowed (accept truncation to keep it cut)"}],
    )
    assert length_checks(fields, lenient) == []
    assert selected(f"{stored_text('raw_notes', lenient)}, {cut(fields, lenient)}", raw_notes="abcdefg") == (
        "abcde",
        True,
    )
