"""CSV cells a spreadsheet shows as text: a cell starting with = + - @ (or a tab or carriage return) is a formula to
Excel and LibreOffice (`=HYPERLINK(...)` phones home when clicked), so our CSV exports prefix it with an apostrophe,
as OWASP advises, and our CSV imports take exactly that apostrophe off again so an export re-imports unchanged.

A cell that already starts with apostrophes before such a character gets one more, so the prefix is always undone
exactly: "'=x" (typed so) is exported as "''=x" and imported as "'=x"; "'quoted'" is left alone both ways.
"""

import csv
import re

_FORMULA = re.compile(r"'*[=+\-@\t\r]")
_GUARDED = re.compile(r"'+[=+\-@\t\r]")


def guarded_cell(text: str) -> str:
    return "'" + text if _FORMULA.match(text) else text


def unguarded_cell(text: str) -> str:
    return text[1:] if _GUARDED.match(text) else text


def allow_cells_up_to(characters: int) -> None:
    """Python's csv refuses a cell over 128 KB, and the limit is the whole process's: it is raised (never lowered) to
    the size of what is about to be read, so a file reads the same whatever was read before; readers check cell
    lengths themselves and name the line and field."""
    csv.field_size_limit(max(csv.field_size_limit(), characters))
