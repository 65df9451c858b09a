"""Curated events: loaded from data/events.yaml, validated, their places resolved through the gazetteer."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from geo.dates import FuzzyDate, parse_fuzzy
from geo.places.gazetteer import Place
from geo.problems import ProblemLog
from geo.records import CONFIDENCES, Record, csv_records, yaml_records
from geo.weblinks import is_web_url

Resolver = Callable[[str, tuple[str, ...]], Place | None]
EVENT_FIELDS = (
    "id",
    "start",
    "end",
    "precision",
    "title",
    "summary",
    "category",
    "places",
    "countries",
    "confidence",
    "sources",
)
OPTIONAL = ("end_precision", "place_note", "disputed")


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    label: str
    colour: str
    description: str


@dataclass(frozen=True, slots=True)
class Source:
    outlet: str
    title: str
    date: str | None
    url: str


@dataclass(frozen=True, slots=True)
class Event:
    id: str
    start: FuzzyDate
    end: FuzzyDate | None  # inclusive: the last day (or period) the event lasted
    title: str
    summary: str
    category: str
    place_names: tuple[str, ...]  # as curated; places[i] resolves place_names[i]
    places: tuple[Place, ...]
    place_note: str | None
    countries: tuple[str, ...]
    disputed: str | None
    confidence: str
    sources: tuple[Source, ...]

    @property
    def first_day(self) -> date:
        return self.start.first

    @property
    def last_day(self) -> date:
        return (self.end or self.start).last

    @property
    def date_label(self) -> str:
        """'13 Sep 2022 – 14 Sep 2022', or one date; the precision shows in the form."""
        return f"{self.start.label} – {self.end.label}" if self.end else self.start.label

    @property
    def precision_label(self) -> str:
        precisions = {self.start.precision.value} | ({self.end.precision.value} if self.end else set())
        return " / ".join(sorted(precisions, key=["day", "month", "year"].index))

    @property
    def main_place(self) -> Place | None:
        return self.places[0] if self.places else None


def load_categories(path: Path) -> dict[str, Category]:
    log = ProblemLog(str(path))
    categories: dict[str, Category] = {}
    for record in csv_records(path, ("id", "label", "colour", "description")):
        v = record.values
        colour = v["colour"] or ""
        if not (len(colour) == 7 and colour.startswith("#") and all(c in "0123456789abcdefABCDEF" for c in colour[1:])):
            log.add(record.line, "colour", f"{colour!r} is not a #rrggbb colour")
        if not v["id"] or not v["label"]:
            log.add(record.line, "id" if not v["id"] else "label", "is empty")
        elif v["id"] in categories:
            log.add(record.line, "id", f"{v['id']!r} appears twice")
        else:
            categories[v["id"]] = Category(v["id"], v["label"], colour, v["description"] or "")
    log.raise_if_any()
    return categories


def load_events(path: Path, categories: Iterable[str], resolve: Resolver) -> list[Event]:
    """Every problem in the file is reported at once; no event is dropped silently."""
    log = ProblemLog(str(path))
    known = set(categories)
    events, seen = [], set()
    for record in yaml_records(path):
        event = _event(record, known, resolve, log)
        if event and event.id in seen:
            log.add(record.line_of("id"), "id", f"{event.id!r} appears twice")
        elif event:
            seen.add(event.id)
            events.append(event)
    log.raise_if_any()
    return sorted(events, key=lambda e: (e.first_day, e.id))


def _event(record: Record, categories: set[str], resolve: Resolver, log: ProblemLog) -> Event | None:
    v = record.values
    before = len(log.problems)
    for key in EVENT_FIELDS:
        if key not in v:
            log.add(record.line, key, "is missing")
    for key in set(v) - set(EVENT_FIELDS) - set(OPTIONAL):
        log.add(record.line_of(key), key, "is not a known field")
    if len(log.problems) > before:
        return None
    texts = {key: _text(record, key, log) for key in ("id", "title", "summary")}
    start = _date(record, "start", v["precision"], log)
    end = _date(record, "end", v.get("end_precision") or v["precision"], log) if v["end"] else None
    if start and end and end.last < start.first:
        log.add(record.line_of("end"), "end", f"{end.iso} is before start {start.iso}")
    if v["category"] not in categories:
        log.add(
            record.line_of("category"), "category", f"{v['category']!r} is not one of {', '.join(sorted(categories))}"
        )
    if v["confidence"] not in CONFIDENCES:
        log.add(
            record.line_of("confidence"), "confidence", f"{v['confidence']!r} is not one of {', '.join(CONFIDENCES)}"
        )
    countries = _countries(record, log)
    places = _places(record, countries, resolve, log)
    sources = _sources(record, log)
    if len(log.problems) > before:
        return None
    return Event(
        texts["id"],
        start,
        end,
        texts["title"],
        texts["summary"],
        v["category"],
        tuple(v["places"]),
        places,
        v.get("place_note"),
        countries,
        v.get("disputed"),
        v["confidence"],
        sources,
    )


def _text(record: Record, key: str, log: ProblemLog) -> str:
    value = record.values.get(key)
    if not isinstance(value, str) or not value.strip():
        log.add(record.line_of(key), key, "must be a non-empty text")
        return ""
    return " ".join(value.split())


def _date(record: Record, key: str, precision: object, log: ProblemLog) -> FuzzyDate | None:
    value = record.values.get(key)
    try:
        if not isinstance(value, str) or not isinstance(precision, str):
            raise ValueError(f"{value!r} is not a date with a precision")
        return parse_fuzzy(value, precision)
    except ValueError as error:
        log.add(record.line_of(key), key, str(error))
        return None


def _countries(record: Record, log: ProblemLog) -> tuple[str, ...]:
    value = record.values["countries"]
    if not isinstance(value, list) or not value:
        log.add(record.line_of("countries"), "countries", "must be a non-empty list of ISO3 codes")
        return ()
    bad = [c for c in value if not (isinstance(c, str) and len(c) == 3 and c.isalpha() and c.isupper())]
    if bad:
        log.add(record.line_of("countries"), "countries", f"{bad!r} are not ISO 3166-1 alpha-3 codes")
    return tuple(value)


def _places(record: Record, countries: tuple[str, ...], resolve: Resolver, log: ProblemLog) -> tuple[Place, ...]:
    value = record.values["places"]
    if not isinstance(value, list) or not all(isinstance(p, str) and p.strip() for p in value):
        log.add(record.line_of("places"), "places", "must be a list of place names")
        return ()
    if not value and not record.values.get("place_note"):
        log.add(record.line_of("places"), "places", "is empty and no place_note says why")
    resolved = []
    for name in value:
        place = resolve(name, countries)
        if place is None:
            log.add(record.line_of("places"), "places", f"{name!r} is not a place the gazetteer knows")
        else:
            resolved.append(place)
    return tuple(resolved)


def _sources(record: Record, log: ProblemLog) -> tuple[Source, ...]:
    value = record.values["sources"]
    if not isinstance(value, list) or not value:
        log.add(record.line_of("sources"), "sources", "must list at least one source")
        return ()
    sources = []
    for item in value:
        if not isinstance(item, dict) or not item.get("outlet") or not item.get("url"):
            log.add(record.line_of("sources"), "sources", f"{item!r} needs an outlet and a url")
        elif not is_web_url(item["url"]):
            log.add(record.line_of("sources"), "sources", f"{item['url']!r} is not an http(s) address")
        else:
            sources.append(Source(item["outlet"], item.get("title") or "", item.get("date"), item["url"].strip()))
    return tuple(sources)
