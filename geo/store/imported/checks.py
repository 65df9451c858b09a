"""The SQL pieces that check imported cells, shared by the ACLED and the mapped layouts.

Checking happens in SQL, over every row of a staged file at once; a failed check becomes a problem naming the field,
worded like the curated data's, and a text cell longer than the limit fails its row unless truncation is accepted.
"""

from dataclasses import dataclass

MESSAGE_VALUE_CHARS = 60
MAX_CELL_CHARS = 10_000  # a longer text cell is its row's problem, or is cut if the analyst accepts truncation


@dataclass(frozen=True, slots=True)
class CellLimit:
    """How long a text cell may be. One 40 MB cell would otherwise fill a popup, a map update and the store; a
    longer cell fails its row, unless truncation is accepted: the row is then kept with the cell cut."""

    chars: int = MAX_CELL_CHARS
    truncate: bool = False


DEFAULT_LIMIT = CellLimit()  # what an import gets unless the analyst accepts truncation


def shown(expression: str) -> str:
    """A cell as a message quotes it: 'abc', cut to a readable length."""
    return f"'''' || left(trim({expression}), {MESSAGE_VALUE_CHARS}) || ''''"


Check = tuple[str, str, str]  # field, SQL condition that fails the row, SQL message


def check(field: str, failed: str, message: str) -> Check:
    return field, failed, message


def sql_text(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def stored_text(raw: str, limit: CellLimit) -> str:
    """A text cell as stored: cut to the limit when truncation is accepted (a longer one is otherwise a problem)."""
    return f"left({raw}, {int(limit.chars)})" if limit.truncate else raw


def cut(fields: dict[str, str], limit: CellLimit) -> str:
    """Whether any of the row's text cells (file's name: raw column) is over the limit, counted for the report."""
    over = " OR ".join(f"coalesce(length({raw}) > {int(limit.chars)}, false)" for raw in fields.values())
    return f"({over or 'false'}) AS cut"


def length_checks(fields: dict[str, str], limit: CellLimit) -> list[Check]:
    """Each text cell over the limit is its row's problem, unless truncation was accepted."""
    if limit.truncate:
        return []
    message = sql_text(f"is longer than the {limit.chars:,} characters allowed (accept truncation to keep it cut)")
    return [check(field, f"length({raw}) > {int(limit.chars)}", message) for field, raw in fields.items()]


def problems_column(*checks: Check) -> str:
    """NULL for a good row; the list of problems is built only for the rows that fail a check (CASE evaluates its
    branch for those rows alone), which keeps a million good rows cheap."""
    failed = " OR ".join(f"coalesce({condition}, false)" for _, condition, _ in checks)
    found = ", ".join(
        f"CASE WHEN {condition} THEN {{'field': {sql_text(field)}, 'message': {message}}} END"
        for field, condition, message in checks
    )
    return f"CASE WHEN {failed} THEN list_filter([{found}], lambda p: p IS NOT NULL) END AS problems"
