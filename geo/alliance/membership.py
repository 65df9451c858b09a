"""When each country belonged to each organisation, and in what capacity."""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from pathlib import Path

import pandas as pd

from geo import files
from geo.dates import FuzzyDate, parse_fuzzy
from geo.problems import ProblemLog
from geo.records import CONFIDENCES, Record, csv_records


class Status(Enum):
    """Values as the data writes them; `label` is what a reader sees on the map."""

    MEMBER = "member"
    SUSPENDED = "suspended"
    WITHDRAWN = "withdrawn"
    OBSERVER = "observer"
    NON_MEMBER = "non-member"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Status.MEMBER: "member",
    Status.SUSPENDED: "participation frozen",
    Status.WITHDRAWN: "former member",
    Status.OBSERVER: "observer",
    Status.NON_MEMBER: "non-member",
}


@dataclass(frozen=True, slots=True)
class Organisation:
    id: str
    name: str
    short_name: str
    founded: FuzzyDate | None
    predecessor: str | None  # its status carries on where the successor has none (CST before the CSTO)
    note: str
    source: str


@dataclass(frozen=True, slots=True)
class Interval:
    org: str
    country: str  # ISO 3166-1 alpha-3
    status: Status
    start: FuzzyDate
    end: FuzzyDate | None  # exclusive; None: still in force
    confidence: str
    sources: tuple[str, ...]
    note: str
    line: int

    def covers(self, day: date) -> bool:
        return self.start.first <= day and (self.end is None or day < self.end.first)

    @property
    def span_label(self) -> str:
        return f"{self.start.label} – {self.end.label if self.end else 'today'}"


@dataclass(frozen=True, slots=True)
class YearStatus:
    status: Status  # on 31 December
    changed: bool  # the status at some point of the year differed from the year-end status


FOCUS = "CSTO"  # the organisation the atlas is about: what the map shows until a reader picks another


class Memberships:
    """All organisations and intervals; intervals of one organisation and country never overlap."""

    def __init__(self, organisations: Iterable[Organisation], intervals: Iterable[Interval]) -> None:
        self.organisations = {org.id: org for org in organisations}
        self.intervals = tuple(sorted(intervals, key=lambda i: (i.org, i.country, i.start)))

    def lineage(self, org: str) -> list[str]:
        """The organisation and its predecessors, newest first."""
        chain = [org]
        while (parent := self.organisations[chain[-1]].predecessor) and parent not in chain:
            chain.append(parent)
        return chain

    def status_on(self, org: str, country: str, day: date) -> Status:
        for link in self.lineage(org):
            for interval in self.intervals:
                if interval.org == link and interval.country == country and interval.covers(day):
                    return interval.status
        return Status.NON_MEMBER

    def countries(self, org: str) -> list[str]:
        chain = set(self.lineage(org))
        return sorted({i.country for i in self.intervals if i.org in chain})

    def statuses_on(self, org: str, day: date) -> dict[str, Status]:
        """Every country that ever had a status in the organisation (or its predecessors), on that day."""
        return {country: self.status_on(org, country, day) for country in self.countries(org)}

    def statuses_in_year(self, org: str, year: int) -> dict[str, YearStatus]:
        """Status on 31 December; statuses only change on interval boundaries, so those days are all we check."""
        first, last = date(year, 1, 1), date(year, 12, 31)
        result = {}
        for country in self.countries(org):
            final = self.status_on(org, country, last)
            boundaries = {d.first for i in self.intervals_of(org, country) for d in (i.start, i.end) if d}
            days = {first} | {d for d in boundaries if first < d <= last}
            changed = any(self.status_on(org, country, d) != final for d in days)
            result[country] = YearStatus(final, changed)
        return result

    def status_changes(self, org: str, year: int, other: int) -> list[tuple[str, Status, Status]]:
        """(country, status at the end of `year`, at the end of `other`) for every country whose status differs."""
        before, after = (self.statuses_on(org, date(y, 12, 31)) for y in (year, other))
        return [(c, before[c], after[c]) for c in sorted(before) if before[c] is not after[c]]

    def still_current(self, org: str, year: int, today: date) -> bool:
        """Whether every status at the end of `year` still holds `today`, so the map may call what it shows current."""
        return year <= today.year and self.statuses_on(org, min(date(year, 12, 31), today)) == self.statuses_on(
            org, today
        )

    def intervals_of(self, org: str, country: str) -> list[Interval]:
        chain = self.lineage(org)
        return [i for i in self.intervals if i.org in chain and i.country == country]

    def segments(self, org: str, country: str, until: date) -> list[tuple[date, date, Status]]:
        """Spans of one effective status (predecessors included), as a reader of the map would see them over time."""
        days = sorted(
            {d.first for i in self.intervals_of(org, country) for d in (i.start, i.end) if d and d.first < until}
        )
        spans = []
        for start, end in zip(days, [*days[1:], until]):
            status = self.status_on(org, country, start)
            if spans and spans[-1][2] is status:
                spans[-1] = (spans[-1][0], end, status)
            elif status is not Status.NON_MEMBER:
                spans.append((start, end, status))
        return spans

    def history_line(self, org: str, country: str) -> str:
        """One line for a tooltip: 'member 15 May 1992 – 22 Feb 2024; participation frozen 22 Feb 2024 – today'."""
        return "; ".join(f"{i.org} {i.status.label} {i.span_label}" for i in self.intervals_of(org, country))


def intervals_table(memberships: Memberships, org: str, names: dict[str, str]) -> pd.DataFrame:
    """One row per interval, its first source as a link, for a table a reader can check against the sources."""
    rows = [
        {
            "country": names.get(i.country, i.country),
            "organisation": i.org,
            "status": i.status.label,
            "from": i.start.label,
            "until": i.end.label if i.end else "",
            "confidence": i.confidence,
            "note": i.note,
            "source": i.sources[0],
            "more sources": list(i.sources[1:]),
        }
        for country in memberships.countries(org)
        for i in memberships.intervals_of(org, country)
    ]
    return pd.DataFrame(
        rows,
        columns=["country", "organisation", "status", "from", "until", "confidence", "note", "source", "more sources"],
    )


def load_memberships(data_dir: Path | None = None) -> Memberships:
    data_dir = data_dir or files.data_dir()
    organisations = _load_organisations(data_dir / "organisations.csv")
    intervals = _load_intervals(data_dir / "membership.csv", set(organisations))
    return Memberships(organisations.values(), intervals)


def _load_organisations(path: Path) -> dict[str, Organisation]:
    log = ProblemLog(str(path))
    organisations: dict[str, Organisation] = {}
    for record in csv_records(path, ("id", "name", "short_name", "founded", "predecessor", "note", "source")):
        v = record.values
        for field in ("id", "name", "source"):
            if not v[field]:
                log.add(record.line, field, "is empty")
        founded = _date(v["founded"], record, "founded", log) if v["founded"] else None
        if v["id"]:
            if v["id"] in organisations:
                log.add(record.line, "id", f"{v['id']!r} appears twice")
            organisations[v["id"]] = Organisation(
                v["id"],
                v["name"] or "",
                v["short_name"] or v["id"],
                founded,
                v["predecessor"],
                v["note"] or "",
                v["source"] or "",
            )
    for org in organisations.values():
        if org.predecessor and org.predecessor not in organisations:
            log.add(1, "predecessor", f"{org.predecessor!r} of {org.id} is not an organisation in this file")
    log.raise_if_any()
    return organisations


def _load_intervals(path: Path, organisations: set[str]) -> list[Interval]:
    log = ProblemLog(str(path))
    intervals = []
    required = (
        "org",
        "country_iso3",
        "status",
        "start",
        "start_precision",
        "end",
        "end_precision",
        "confidence",
        "sources",
        "note",
    )
    for record in csv_records(path, required):
        interval = _interval(record, organisations, log)
        if interval:
            intervals.append(interval)
    _check_overlaps(intervals, log)
    log.raise_if_any()
    return intervals


def _interval(record: Record, organisations: set[str], log: ProblemLog) -> Interval | None:
    v = record.values
    problems_before = len(log.problems)
    if v["org"] not in organisations:
        log.add(record.line, "org", f"{v['org']!r} is not one of {', '.join(sorted(organisations))}")
    country = v["country_iso3"] or ""
    if not (len(country) == 3 and country.isalpha() and country.isupper()):
        log.add(record.line, "country_iso3", f"{country!r} is not an ISO 3166-1 alpha-3 code")
    status = _status(v["status"], record, log)
    start = _date(v["start"], record, "start", log, v["start_precision"])
    end = _date(v["end"], record, "end", log, v["end_precision"]) if v["end"] else None
    if start and end and end.first <= start.first:
        log.add(record.line, "end", f"{end.iso} is not after start {start.iso}")
    if v["confidence"] not in CONFIDENCES:
        log.add(record.line, "confidence", f"{v['confidence']!r} is not one of {', '.join(CONFIDENCES)}")
    sources = tuple(s.strip() for s in (v["sources"] or "").split(" ; ") if s.strip())
    if not sources:
        log.add(record.line, "sources", "no source given")
    if len(log.problems) > problems_before or not (status and start):
        return None
    return Interval(v["org"], country, status, start, end, v["confidence"], sources, v["note"] or "", record.line)


def _status(value: str | None, record: Record, log: ProblemLog) -> Status | None:
    allowed = [s.value for s in Status if s is not Status.NON_MEMBER]
    if value not in allowed:
        log.add(record.line, "status", f"{value!r} is not one of {', '.join(allowed)}")
        return None
    return Status(value)


def _date(
    value: str | None, record: Record, field: str, log: ProblemLog, precision: str | None = None
) -> FuzzyDate | None:
    if not value:
        log.add(record.line_of(field), field, "is empty")
        return None
    try:
        return parse_fuzzy(value, precision)
    except ValueError as error:
        log.add(record.line_of(field), field, str(error))
        return None


def _check_overlaps(intervals: list[Interval], log: ProblemLog) -> None:
    ordered = sorted(intervals, key=lambda i: (i.org, i.country, i.start))
    for before, after in zip(ordered, ordered[1:]):
        if (before.org, before.country) == (after.org, after.country) and (
            before.end is None or after.start.first < before.end.first
        ):
            log.add(after.line, "start", f"{after.org} {after.country} interval overlaps the one on line {before.line}")
