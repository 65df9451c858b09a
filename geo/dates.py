"""Dates known to a day, a month or only a year, as the sources give them."""

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import Enum


class Precision(Enum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"


_PATTERNS = {
    Precision.DAY: re.compile(r"^(\d{4})-(\d{2})-(\d{2})$"),
    Precision.MONTH: re.compile(r"^(\d{4})-(\d{2})$"),
    Precision.YEAR: re.compile(r"^(\d{4})$"),
}


@dataclass(frozen=True, slots=True, order=True)
class FuzzyDate:
    first: date
    precision: Precision

    @property
    def last(self) -> date:
        """The last day the date may mean: a month-precision date covers the whole month."""
        if self.precision is Precision.DAY:
            return self.first
        if self.precision is Precision.MONTH:
            return self.first.replace(day=calendar.monthrange(self.first.year, self.first.month)[1])
        return self.first.replace(month=12, day=31)

    @property
    def iso(self) -> str:
        """The form the data files use, so a date written back reads as it was curated."""
        return self.first.isoformat()[: {Precision.DAY: 10, Precision.MONTH: 7, Precision.YEAR: 4}[self.precision]]

    @property
    def label(self) -> str:
        """Readable, and never more precise than the source: '23 Nov 2022', 'Nov 2022', '1995'."""
        if self.precision is Precision.DAY:
            return f"{self.first.day} {self.first:%b %Y}"
        if self.precision is Precision.MONTH:
            return f"{self.first:%b %Y}"
        return f"{self.first.year}"


def parse_fuzzy(text: str, precision: str | None = None) -> FuzzyDate:
    """Parse YYYY-MM-DD, YYYY-MM or YYYY; a stated precision must match the written form."""
    text = text.strip()
    found, match = next(((kind, m) for kind, pattern in _PATTERNS.items() if (m := pattern.match(text))), (None, None))
    if match is None:
        raise ValueError(f"{text!r} is not YYYY-MM-DD, YYYY-MM or YYYY")
    parts = [int(p) for p in match.groups()] + [1] * (3 - len(match.groups()))
    try:
        first = date(*parts)
    except ValueError as error:
        raise ValueError(f"{text!r} is not a real date ({error})") from None
    if precision is not None and precision != found.value:
        raise ValueError(f"{text!r} is written to the {found.value} but its precision says {precision!r}")
    return FuzzyDate(first, found)
