"""Russian bases and deployments, each with the years it was present."""

from dataclasses import dataclass
from pathlib import Path

from geo.alliance.events import Resolver
from geo.dates import FuzzyDate, parse_fuzzy
from geo.places.gazetteer import Place
from geo.problems import ProblemLog
from geo.records import csv_records
from geo.weblinks import is_web_url

BASE_KINDS = ("military base", "air base", "peacekeeping", "border guards")
BASE_COLUMNS = (
    "id",
    "name",
    "place",
    "country_iso3",
    "operator_iso3",
    "kind",
    "start",
    "end",
    "approximate_location",
    "sources",
    "note",
)


@dataclass(frozen=True, slots=True)
class Base:
    id: str
    name: str
    place: Place
    country: str
    operator: str
    kind: str
    start: FuzzyDate
    end: FuzzyDate | None  # the day or year it ended; None: still present
    approximate_location: bool
    sources: tuple[str, ...]
    note: str

    def present_in(self, year: int) -> bool:
        return self.start.first.year <= year and (self.end is None or year <= self.end.first.year)

    @property
    def years_label(self) -> str:
        return f"{self.start.label} – {self.end.label if self.end else 'present'}"


def load_bases(path: Path, resolve: Resolver) -> list[Base]:
    log = ProblemLog(str(path))
    bases = []
    for record in csv_records(path, BASE_COLUMNS):
        v, before = record.values, len(log.problems)
        for key in ("id", "name", "place", "country_iso3", "operator_iso3"):
            if not v[key]:
                log.add(record.line, key, "is empty")
        if v["kind"] not in BASE_KINDS:
            log.add(record.line, "kind", f"{v['kind']!r} is not one of {', '.join(BASE_KINDS)}")
        if v["approximate_location"] not in ("true", "false"):
            log.add(record.line, "approximate_location", f"{v['approximate_location']!r} is not true or false")
        dates = {}
        for key in ("start", "end"):
            try:
                dates[key] = parse_fuzzy(v[key]) if v[key] else None
            except ValueError as error:
                log.add(record.line, key, str(error))
        if not v["start"]:
            log.add(record.line, "start", "is empty")
        sources = tuple(s.strip() for s in (v["sources"] or "").split(" ; ") if s.strip())
        if not sources or not all(is_web_url(s) for s in sources):
            log.add(record.line, "sources", "needs one or more http(s) addresses separated by ' ; '")
        place = resolve(v["place"], (v["country_iso3"],)) if v["place"] else None
        if v["place"] and place is None:
            log.add(record.line, "place", f"{v['place']!r} is not a place the gazetteer knows")
        if len(log.problems) == before:
            bases.append(
                Base(
                    v["id"],
                    v["name"],
                    place,
                    v["country_iso3"],
                    v["operator_iso3"],
                    v["kind"],
                    dates["start"],
                    dates["end"],
                    v["approximate_location"] == "true",
                    sources,
                    v["note"] or "",
                )
            )
    log.raise_if_any()
    return bases
