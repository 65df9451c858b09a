"""The user's events as files hold them: one row of text fields per event, written as CSV or GeoJSON and read back.

Text is kept as typed (only trimmed at both ends): every output escapes it, so `if a<b and c>d` stays so; markup is
removed only from HTML pages, by the article reader. The CSV export prefixes formula cells (geo.spreadsheet) and
quotes carriage returns, and the import undoes the prefix, so export -> import gives the same events back. A file is
read and checked whole, every problem reported as file:line:field, before the store writes any of it; an event typed
on the Ingest page is checked by the same rules (geo.store.my_events.new_event).
"""

import csv
import io
import json
import math
import re
import uuid
from collections.abc import Iterable, Mapping
from datetime import UTC, datetime
from pathlib import Path

from geo.alliance.my_event import MyEvent
from geo.dates import FuzzyDate, Precision, parse_fuzzy
from geo.news.reader_places import VILLAGE
from geo.places.gazetteer import KINDS
from geo.problems import DataError, DataProblem, ProblemLog
from geo.spreadsheet import allow_cells_up_to, guarded_cell, unguarded_cell

MAX_IMPORT_BYTES = 5_000_000
MAX_TITLE, MAX_NOTE, MAX_SOURCE = 300, 10_000, 2_000
FIELDS = (
    "id",
    "title",
    "start",
    "precision",
    "place_name",
    "lat",
    "lon",
    "place_kind",
    "place_country",
    "countries",
    "note",
    "source",
    "created_at",
)
REQUIRED = ("title", "start")
PLACE_KINDS = (*KINDS, VILLAGE)  # the gazetteer's, and a place a reader put on the map (geo.news.reader_places)
_ISO3 = re.compile(r"^[A-Z]{3}$")


def row_of(event: MyEvent) -> tuple:
    """The fields in FIELDS order, as the store's table and both file formats hold them."""
    return (
        event.id,
        event.title,
        event.start.iso,
        event.start.precision.value,
        event.place_name,
        event.lat,
        event.lon,
        event.place_kind,
        event.place_country,
        ";".join(event.countries),
        event.note,
        event.source,
        event.created_at.isoformat(),
    )


# Export


def my_events_csv(events: Iterable[MyEvent]) -> str:
    """CRLF line ends, as RFC 4180 has them: the writer then quotes a lone carriage return in a cell too."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(FIELDS)
    for event in events:
        writer.writerow([_csv_cell(value) for value in row_of(event)])
    return out.getvalue()


def _csv_cell(value: object) -> object:
    if value is None:
        return ""
    return guarded_cell(value) if isinstance(value, str) else value


def my_events_geojson(events: Iterable[MyEvent]) -> str:
    """Points where the place is resolved, null geometry where it is not (valid GeoJSON either way)."""
    features = []
    for event in events:
        properties = dict(zip(FIELDS, row_of(event)))
        lat, lon = properties.pop("lat"), properties.pop("lon")
        geometry = None if lat is None else {"type": "Point", "coordinates": [lon, lat]}
        features.append({"type": "Feature", "id": event.id, "geometry": geometry, "properties": properties})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


# Import: every row checked, every problem reported, then all or nothing


def read_events_file(name: str, data: bytes, max_bytes: int = MAX_IMPORT_BYTES) -> list[MyEvent]:
    """Parsed and checked events of an upload; DataError lists every problem (row 0 for the file as a whole)."""
    if len(data) > max_bytes:
        _refuse(name, f"the file is over the {max_bytes / 1_000_000:g} MB import limit; split it and import the parts")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        _refuse(name, f"byte {error.start} is not UTF-8; save the file as UTF-8")
    suffix = Path(name).suffix.casefold()
    if suffix == ".csv":
        return _events_from_csv(name, text)
    if suffix in (".geojson", ".json"):
        return _events_from_geojson(name, text)
    _refuse(name, "only .csv and .geojson files exported from Alliance Atlas can be imported")


def _refuse(name: str, message: str):
    raise DataError([DataProblem(name, 0, "file", message)])


def _events_from_csv(name: str, text: str) -> list[MyEvent]:
    log = ProblemLog(name)
    allow_cells_up_to(len(text))  # imports raise the limit for the process; the field checks name a long cell
    reader = csv.DictReader(io.StringIO(text, newline=""))
    try:
        header = reader.fieldnames or []
    except csv.Error as error:
        _refuse(name, f"the header cannot be read as CSV ({error})")
    missing = [f for f in REQUIRED if f not in header]
    if missing:
        _refuse(
            name, f"the header lacks {', '.join(missing)}; expected columns: {', '.join(FIELDS)}{_case_hint(header)}"
        )
    _check_header(header, log)
    events = []
    try:
        for row in reader:
            if None in row:
                log.add(reader.line_num, "row", "has more cells than the header")
            fields = {k: unguarded_cell(v) for k, v in row.items() if k in FIELDS and isinstance(v, str)}
            event = event_from_fields(fields, reader.line_num, log)
            if event is not None:
                events.append((reader.line_num, event))
    except csv.Error as error:
        log.add(reader.line_num + 1, "row", f"cannot be read as CSV ({error}); nothing after it was read")
    return _checked(events, log)


def _check_header(header: list[str], log: ProblemLog) -> None:
    """Line 1 problems: unnamed, repeated, miscased or unknown columns (a repeated one would hide a value)."""
    seen: set[str] = set()
    for number, column in enumerate(header, start=1):
        folded = column.strip().casefold()
        if not folded:
            log.add(1, "header", f"column {number} has no name; expected: {', '.join(FIELDS)}")
        elif column in seen:
            log.add(1, "header", f"column {_shown(column)} appears twice")
        elif column not in FIELDS:
            log.add(
                1,
                "header",
                f"column {_shown(column)} should be written {folded!r}"
                if folded in FIELDS
                else f"unknown column {_shown(column)}; expected: {', '.join(FIELDS)}",
            )
        seen.add(column)


def _case_hint(header: list[str]) -> str:
    near = [column for column in header if column not in FIELDS and column.strip().casefold() in FIELDS]
    return f"; column names are lower case, not {', '.join(map(_shown, near))}" if near else ""


def _shown(value: str, limit: int = 60) -> str:
    """A value quoted in a message, cut short: a 5 MB cell must not become a 5 MB message."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _events_from_geojson(name: str, text: str) -> list[MyEvent]:
    """Rows are feature numbers, from 1."""
    log = ProblemLog(name)
    try:
        collection = json.loads(text)
    except json.JSONDecodeError as error:
        raise DataError(
            [
                DataProblem(
                    name, error.lineno, "file", f"not JSON (column {error.colno}: {error.msg}); is the file complete?"
                )
            ]
        ) from None
    except RecursionError:
        _refuse(name, "nested too deeply to be an export of Alliance Atlas (a feature is a few levels deep)")
    if (
        not isinstance(collection, dict)
        or collection.get("type") != "FeatureCollection"
        or not isinstance(collection.get("features"), list)
    ):
        _refuse(name, "not a GeoJSON FeatureCollection")
    events = []
    for number, feature in enumerate(collection["features"], start=1):
        fields = _geojson_fields(feature, number, log)
        event = None if fields is None else event_from_fields(fields, number, log)
        if event is not None:
            events.append((number, event))
    return _checked(events, log)


def _geojson_fields(feature: object, number: int, log: ProblemLog) -> dict[str, str] | None:
    if not isinstance(feature, dict) or not isinstance(feature.get("properties"), dict):
        log.add(number, "properties", "a feature needs a properties object")
        return None
    fields = {}
    for key, value in feature["properties"].items():
        if key not in FIELDS:
            continue
        if isinstance(value, (dict, list)):
            log.add(number, key, f"is a JSON {'object' if isinstance(value, dict) else 'list'}; expected text")
        fields[key] = "" if value is None else str(value)
    geometry = feature.get("geometry")
    if geometry is None:
        return fields
    coordinates = geometry.get("coordinates") if isinstance(geometry, dict) else None
    if not (
        isinstance(geometry, dict)
        and geometry.get("type") == "Point"
        and isinstance(coordinates, list)
        and len(coordinates) >= 2
        and all(_is_number(c) for c in coordinates[:2])
    ):
        log.add(number, "geometry", "must be a Point [lon, lat] or null")
        return fields
    fields["lon"], fields["lat"] = str(coordinates[0]), str(coordinates[1])
    return fields


def _is_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _checked(events: list[tuple[int, MyEvent]], log: ProblemLog) -> list[MyEvent]:
    """Events found at (line or feature number, event); an id seen before is reported where it appears again."""
    first_seen: dict[str, int] = {}
    for line, event in events:
        if event.id in first_seen:
            log.add(line, "id", f"{event.id} appears twice in the file (first at {first_seen[event.id]})")
        first_seen.setdefault(event.id, line)
    log.raise_if_any()
    return [event for _, event in events]


def event_from_fields(fields: Mapping[str, str], line: int, log: ProblemLog) -> MyEvent | None:
    """One record checked field by field; every problem goes to the log, and None is returned if there was one."""
    before = len(log.problems)
    value = {name: (fields.get(name) or "").strip() for name in FIELDS}
    event_id = _event_id(value["id"], line, log)
    title = _text(value["title"], "title", MAX_TITLE, line, log, required=True)
    start = _start(value["start"], value["precision"], line, log)
    lat, lon = _coordinates(value["lat"], value["lon"], line, log)
    kind = value["place_kind"] or None
    if kind is not None and kind not in PLACE_KINDS:
        log.add(line, "place_kind", f"{_shown(kind)} is not one of {', '.join(PLACE_KINDS)}")
    place_country = _iso3(value["place_country"], "place_country", line, log) if value["place_country"] else None
    countries = tuple(_iso3(c.strip(), "countries", line, log) for c in value["countries"].split(";") if c.strip())
    note = _text(value["note"], "note", MAX_NOTE, line, log)
    source = _text(value["source"], "source", MAX_SOURCE, line, log)
    place_name = _text(value["place_name"], "place_name", MAX_TITLE, line, log)
    created = _created(value["created_at"], line, log)
    if len(log.problems) > before:
        return None
    return MyEvent(event_id, title, start, place_name, lat, lon, kind, place_country, countries, note, source, created)


def _event_id(value: str, line: int, log: ProblemLog) -> str:
    if not value:
        return str(uuid.uuid4())
    try:
        return str(uuid.UUID(value))
    except ValueError:
        log.add(line, "id", f"{_shown(value)} is not a UUID (leave it empty to get a new one)")
        return value


def _text(text: str, field: str, limit: int, line: int, log: ProblemLog, required: bool = False) -> str:
    if required and not text:
        log.add(line, field, "is empty")
    if len(text) > limit:
        log.add(line, field, f"is {len(text)} characters long; the limit is {limit}")
    if "\x00" in text:  # PostgreSQL's text refuses it, so no backend keeps it: both answer alike
        log.add(line, field, "contains a NUL character (\\x00); remove it")
    return text


def _start(value: str, precision: str, line: int, log: ProblemLog) -> FuzzyDate | None:
    if not value:
        log.add(line, "start", "is empty")
        return None
    if precision and precision not in {p.value for p in Precision}:
        log.add(line, "precision", f"{_shown(precision)} is not day, month or year")
        return None
    if len(value) > len("YYYY-MM-DD"):
        log.add(line, "start", f"{_shown(value)} is not YYYY-MM-DD, YYYY-MM or YYYY")
        return None
    try:
        return parse_fuzzy(value, precision or None)
    except ValueError as error:
        log.add(line, "start", str(error))
        return None


def _coordinates(lat: str, lon: str, line: int, log: ProblemLog) -> tuple[float | None, float | None]:
    if not lat and not lon:
        return None, None
    if not lat or not lon:
        log.add(line, "lat" if not lat else "lon", "is empty while the other coordinate is given")
        return None, None
    values = []
    for field, text, limit in (("lat", lat, 90.0), ("lon", lon, 180.0)):
        try:
            value = float(text)
        except ValueError:
            log.add(line, field, f"{_shown(text)} is not a number")
            continue
        if not math.isfinite(value) or abs(value) > limit:
            log.add(line, field, f"{_shown(text)} is outside -{limit:g}..{limit:g}")
        values.append(value)
    return (values[0], values[1]) if len(values) == 2 else (None, None)


def _iso3(value: str, field: str, line: int, log: ProblemLog) -> str:
    if not _ISO3.match(value):
        log.add(line, field, f"{_shown(value)} is not an ISO 3166-1 alpha-3 code such as ARM")
    return value


def _created(value: str, line: int, log: ProblemLog) -> datetime:
    if not value:
        return datetime.now(UTC)
    try:
        created = datetime.fromisoformat(value)
    except ValueError:
        log.add(line, "created_at", f"{_shown(value)} is not an ISO 8601 date and time")
        return datetime.now(UTC)
    return created if created.tzinfo else created.replace(tzinfo=UTC)
