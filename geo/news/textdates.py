"""Dates in news text ('31 October 2023', 'in September', 'on Tuesday'), each with the precision it was written to.

A partial date (no year, or a weekday) gets its year from the publication date: the reading nearest to it, with
days ahead counted double because news reports the past more than it announces the future ('on October 31' in an
article of 2 November is two days before; in one of 5 October it is the coming summit; 'in March' written in
November is the March just gone). Without a publication date a partial date
is still found, with `date` None and its precision, so a user can complete it.
"""

import calendar
import heapq
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from geo.dates import FuzzyDate, Precision

MONTHS = {name.casefold(): number for number, name in enumerate(calendar.month_name) if name}
MONTHS.update({name.casefold(): number for number, name in enumerate(calendar.month_abbr) if name})
MONTHS["sept"] = 9
WEEKDAYS = {name.casefold(): number for number, name in enumerate(calendar.day_name)}
RELATIVE_DAYS = {"yesterday": -1, "today": 0, "tomorrow": 1}
# "May" and "March" are also a verb and a modal: alone, they count only after one of these words.
MONTH_CUES = {
    "in",
    "since",
    "by",
    "until",
    "till",
    "from",
    "of",
    "during",
    "early",
    "late",
    "mid",
    "last",
    "this",
    "next",
    "before",
    "after",
    "through",
    "throughout",
    "between",
    "and",
    "to",
}
FULL_MONTHS = {name.casefold() for name in calendar.month_name if name} | {"sept"}
AMBIGUOUS_MONTHS = {"may", "march"}
FUTURE_WEIGHT = 2  # news reports what happened more often than what is planned

_MONTH = (
    r"(?=(?-i:[JFMASOND]))"  # months count only capitalised (_plausible_month): skip other words fast
    r"(?P<{}>(?:january|february|march|april|may|june|july|august|september|october|november|december)"
    r"|(?:jan|feb|mar|apr|jun|jul|aug|sept|sep|oct|nov|dec)\.?)(?![a-z])"
)
_DAY = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
_YEAR = r"(?P<{}>1[89]\d\d|2[01]\d\d)"
_PATTERNS = [
    re.compile(r"\b(?P<iso>" + _YEAR.format("iy") + r"-(?P<im>[01]\d)-(?P<id>[0-3]\d))\b"),
    re.compile(
        r"\b"
        + _DAY.format("d1")
        + r"(?:\s*[-–]\s*[0-3]?\d)?\s+(?:of\s+)?"
        + _MONTH.format("m1")
        + r"(?:,?\s+"
        + _YEAR.format("y1")
        + r")?(?![\w-])",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b"
        + _MONTH.format("m2")
        + r"\s+"
        + _DAY.format("d2")
        + r"(?:\s*[-–]\s*[0-3]?\d)?(?!\d)"
        + r"(?:,?\s+"
        + _YEAR.format("y2")
        + r")?(?![\w-])",
        re.IGNORECASE,
    ),
    re.compile(r"\b" + _MONTH.format("m3") + r",?\s+(?:of\s+)?" + _YEAR.format("y3") + r"\b", re.IGNORECASE),
    re.compile(r"\b" + _MONTH.format("m4") + r"(?![\w-])", re.IGNORECASE),
    re.compile(r"(?<![\w.,-])" + _YEAR.format("y5") + r"(?![\w%]|[.,]\d)"),
    re.compile(r"\b(?P<wd>monday|tuesday|wednesday|thursday|friday|saturday|sunday)\b", re.IGNORECASE),
    re.compile(r"\b(?P<rel>yesterday|today|tomorrow)\b", re.IGNORECASE),
]


@dataclass(frozen=True, slots=True)
class DateMention:
    start: int  # character offsets into the text
    end: int
    surface: str
    precision: Precision  # as written: 'on October 31' is a day even before its year is known
    date: FuzzyDate | None  # None: partial, and no publication date to complete it


def find_dates(text: str, published: date | None = None) -> list[DateMention]:
    """Every date mention in reading order; earlier patterns (the fuller forms) win where two overlap.

    Linear in the mentions: each pattern's matches come in text order, so one pass beside the (sorted) mentions
    of the earlier patterns tells which are free, instead of checking every match against every mention.
    """
    found: list[DateMention] = []
    for pattern in _PATTERNS:
        fresh = [
            mention
            for match in _free_matches(pattern.finditer(text), found)
            if (mention := _mention(text, match, published)) is not None
        ]
        found = list(heapq.merge(found, fresh, key=lambda m: m.start))
    return found


def _free_matches(matches: Iterator[re.Match], taken: list[DateMention]) -> Iterator[re.Match]:
    """Matches (in text order) that overlap none of the taken mentions (sorted, never overlapping each other)."""
    ahead = 0  # the first taken mention that may still end after the next match starts
    for match in matches:
        while ahead < len(taken) and taken[ahead].end <= match.start():
            ahead += 1
        if ahead == len(taken) or match.end() <= taken[ahead].start:
            yield match


def _mention(text: str, match: re.Match, published: date | None) -> DateMention | None:
    groups = {k: v for k, v in match.groupdict().items() if v}
    surface = match.group(0)
    if "wd" in groups or "rel" in groups:
        if not surface[0].isupper() and "wd" in groups:
            return None
        day = _relative_day(groups, published)
        return DateMention(
            match.start(), match.end(), surface, Precision.DAY, None if day is None else FuzzyDate(day, Precision.DAY)
        )
    month_text = next((v for k, v in groups.items() if k[0] == "m"), None)
    month = MONTHS.get(month_text.rstrip(".").casefold()) if month_text else None
    if month_text and (month is None or not _plausible_month(text, match, month_text, groups)):
        return None
    year = int(next((v for k, v in groups.items() if k[0] == "y" or k == "iy"), "0")) or None
    day = int(next((v for k, v in groups.items() if k[0] == "d" or k == "id"), "0")) or None
    if "iso" in groups:
        month = int(groups["im"])
    precision = Precision.DAY if day else Precision.MONTH if month else Precision.YEAR
    return DateMention(
        match.start(), match.end(), surface, precision, _resolved(year, month, day, precision, published)
    )


def _plausible_month(text: str, match: re.Match, month_text: str, groups: dict[str, str]) -> bool:
    """Capitalised; alone, a full name ('Oct' is too terse) and 'May'/'March' only after a cue ('in May')."""
    if not month_text[0].isupper():
        return False
    if len(groups) > 1:
        return True
    key = month_text.rstrip(".").casefold()
    if key not in FULL_MONTHS:
        return False
    if key in AMBIGUOUS_MONTHS:
        before = text[max(0, match.start() - 12) : match.start()].replace("-", " ").split()
        return bool(before) and before[-1].casefold() in MONTH_CUES
    return True


def _resolved(
    year: int | None, month: int | None, day: int | None, precision: Precision, published: date | None
) -> FuzzyDate | None:
    if year is None:
        if published is None:
            return None
        year = _nearest_year(month, day or 15, published)
    try:
        return FuzzyDate(date(year, month or 1, day or 1), precision)
    except ValueError:
        return None


def _nearest_year(month: int, day: int, published: date) -> int:
    """The year (of the three around publication) whose reading lies nearest, a day ahead counting as two behind."""

    def distance(year: int) -> int:
        days = (date(year, month, min(day, calendar.monthrange(year, month)[1])) - published).days
        return days * FUTURE_WEIGHT if days > 0 else -days

    return min((published.year - 1, published.year, published.year + 1), key=distance)


def _relative_day(groups: dict[str, str], published: date | None) -> date | None:
    """'on Tuesday' is the latest Tuesday up to publication: news reports what happened; 'yesterday' is literal."""
    if published is None:
        return None
    if "rel" in groups:
        return published + timedelta(days=RELATIVE_DAYS[groups["rel"].casefold()])
    back = (published.weekday() - WEEKDAYS[groups["wd"].casefold()]) % 7
    return published - timedelta(days=back)


def month_words() -> Iterator[str]:
    """Month and weekday names, which a geoparser must not read as places ('May' in India, 'August' in the USA)."""
    yield from MONTHS
    yield from WEEKDAYS
