"""GeoJSON files (a FeatureCollection, or one Feature per line) read into staging a feature at a time.

Features become the same text rows a CSV gives, a batch at a time, so memory stays bounded however long the file;
a feature nesting too deep or holding too much text is refused before it is built, as that feature's problem.
"""

import codecs
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from itertools import islice
from pathlib import Path
from typing import BinaryIO

import duckdb
import ijson
import pyarrow as pa

from geo.problems import DataError, DataProblem
from geo.store.imported.checks import CellLimit
from geo.store.imported.mapping import RAW_COLUMNS, ColumnMapping, mapped_typed, raw_sources

GEOJSON_SUFFIXES = (".geojson", ".json", ".geojsonl", ".geojsons", ".ndjson")
MAX_DEPTH = 32  # nesting levels within one GeoJSON feature (a MultiPolygon's coordinates need 6)
MAX_FEATURE_CHARS = 16_000_000  # text (keys and strings) within one GeoJSON feature
GEOJSON_BATCH = 50_000  # features turned into rows at a time: memory stays bounded however long the file


@dataclass(frozen=True, slots=True)
class Refused:
    """A feature not built because it nests too deep or holds too much text, and the property at fault."""

    field: str
    message: str


def is_geojson(path: Path) -> bool:
    return path.suffix.lower() in GEOJSON_SUFFIXES


def read_geojson(
    con: duckdb.DuckDBPyConnection,
    table: str,
    report: Callable[[float], None],
    path: Path,
    mapping: ColumnMapping,
    limit: CellLimit,
) -> None:
    """Features become rows a batch at a time, each checked in SQL as it arrives; a mapped property that no
    feature has is known only at the end (it may first appear late), and is then refused like a missing column.
    A feature too deep or too large arrives as an empty row, without a key, whose only problem says so; when no
    feature could be read, that is all the file's problems (its properties are unknown, not missing)."""
    typed = f"SELECT feature - 1 AS ordinal, {mapped_typed(mapping, limit)} FROM features_read"
    con.register("features_read", _FEATURE_ROWS.empty_table())
    con.execute(f"CREATE TABLE {table} AS {typed} LIMIT 0")
    unseen = set(mapping.columns()) - {mapping.latitude, mapping.longitude}
    refused: list[tuple[int, Refused]] = []
    size, read = max(path.stat().st_size, 1), 0
    with path.open("rb") as handle:
        features = numbered_features(path, handle)
        while True:
            rows, unseen = _feature_rows(islice(features, GEOJSON_BATCH), mapping, unseen, limit, refused)
            if not rows.num_rows:
                break
            read += rows.num_rows
            con.register("features_read", rows)
            con.execute(f"INSERT INTO {table} {typed}")
            report(min(handle.tell() / size, 1.0))
    con.unregister("features_read")
    if unseen and read > len(refused):
        raise DataError([DataProblem(str(path), 1, name, "property is missing") for name in sorted(unseen)])
    if refused:
        con.executemany(
            f"UPDATE {table} SET problems = [{{'field': $field, 'message': $message}}], key = NULL "
            "WHERE ordinal = $ordinal",
            [
                {"field": feature.field, "message": feature.message, "ordinal": number - 1}
                for number, feature in refused
            ],
        )


_FEATURE_ROWS = pa.schema([("feature", pa.int64())] + [(name, pa.string()) for name in RAW_COLUMNS])


def _feature_rows(
    features: Iterator[tuple[int, object]],
    mapping: ColumnMapping,
    unseen: set[str],
    limit: CellLimit,
    refused: list[tuple[int, Refused]],
) -> tuple[pa.Table, set[str]]:
    """The mapped properties as text, as a CSV would hold them (cut just past the cell limit, so a batch stays
    small and SQL still sees that they were too long), a Point's coordinates before mapped ones; and the mapped
    properties still unseen. Refused features are added to `refused`. Each feature is let go as soon as it is
    read: holding a batch of parsed features made Python's garbage collector take twice as long as the parsing."""
    columns: dict[str, list] = {name: [] for name in _FEATURE_ROWS.names}
    mapped = [(columns[alias], name) for alias, name in raw_sources(mapping).items() if name]
    unmapped = [columns[alias] for alias, name in raw_sources(mapping).items() if not name]
    lats, lons = columns["raw_lat"], columns["raw_lon"]
    for number, feature in features:
        if isinstance(feature, Refused):
            refused.append((number, feature))
        properties = properties_of(feature)
        if unseen:
            unseen = unseen - properties.keys()
        columns["feature"].append(number)
        for column, name in mapped:
            column.append(_cell(properties.get(name), limit.chars + 1))
        for column in unmapped:
            column.append(None)
        point = _point(feature)
        if point is not None:
            lats[-1], lons[-1] = point
    return pa.table(columns, schema=_FEATURE_ROWS), unseen


def _point(feature: object) -> tuple[str | None, str | None] | None:
    """(latitude, longitude) as text if the geometry is a Point."""
    geometry = feature.get("geometry") if isinstance(feature, dict) else None
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    lon, lat = ((coordinates if isinstance(coordinates, list) else []) + [None, None])[:2]
    return _cell(lat), _cell(lon)


def properties_of(feature: object) -> dict:
    properties = feature.get("properties") if isinstance(feature, dict) else None
    return properties if isinstance(properties, dict) else {}


def _cell(value: object, longest: int | None = None) -> str | None:
    """Numbers in their shortest form (1500.0 for 1.5e3), true/false, nested values as JSON text; text is cut to
    `longest` characters if given."""
    if isinstance(value, str):
        return value[:longest]
    if value is None:
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return json.dumps(value, ensure_ascii=False)[:longest]


def numbered_features(path: Path, handle: BinaryIO) -> Iterator[tuple[int, object]]:
    """(number from 1, feature) in file order, parsed one at a time; a feature too deep or too large comes as a
    Refused instead. Broken or truncated JSON is a problem at the feature it interrupts, and what comes after it
    is not read."""
    number = 0
    try:
        for number, feature in enumerate(_features(handle), start=1):
            yield number, feature
    except ijson.JSONError as error:
        detail = str(error).splitlines()[0] if str(error) else "unreadable"
        message = (
            f"ends inside feature {number + 1}: the file is cut short"
            if "premature EOF" in detail
            else f"is not valid JSON from feature {number + 1} on: {detail}"
        )
        raise DataError([DataProblem(str(path), number + 1, "(file)", message)]) from error


def _features(handle: BinaryIO) -> Iterator[object]:
    """A FeatureCollection's features, or each value of a file with one Feature per line (GeoJSON Lines).

    Built from ijson's basic events, which carry no path: ijson's `items` keeps each event's whole path as a
    string, so nesting n deep costs memory in n² (40 KB of '[' took 1 GB), before any limit could apply."""
    start = len(codecs.BOM_UTF8) if handle.read(len(codecs.BOM_UTF8)) == codecs.BOM_UTF8 else 0
    handle.seek(start)
    in_collection = _is_collection(handle)
    handle.seek(start)
    events = ijson.basic_parse(handle, multiple_values=True, use_float=True)
    if not in_collection:
        for event, value in events:
            yield _bounded_value(event, value, events)
        return
    depth, key, in_features = 0, None, False
    for event, value in events:
        if in_features and event == "end_array":
            in_features = False
        elif in_features:
            yield _bounded_value(event, value, events)
            continue
        elif depth == 1 and event == "map_key":
            key = value
        elif depth == 1 and key == "features" and event == "start_array":
            in_features = True
        depth += event in ("start_map", "start_array")
        depth -= event in ("end_map", "end_array")


def _is_collection(handle: BinaryIO) -> bool:
    """Whether the first top-level `type` or `features` key says FeatureCollection, whatever order the keys are
    in; only the start of the file (or its first Feature) is read, counting depth rather than building values."""
    depth, key = 0, None
    for event, value in ijson.basic_parse(handle, multiple_values=True):
        if depth == 1 and event == "map_key":
            key = value
            if key == "features":
                return True
        elif depth == 1 and key == "type" and event == "string":
            return value == "FeatureCollection"
        depth += event in ("start_map", "start_array")
        depth -= event in ("end_map", "end_array")
        if depth == 0:
            return False
    return False


def _bounded_value(event: str, value: object, events: Iterator[tuple[str, object]]) -> object:
    """One JSON value from its first event on, consuming all of its events; a container nesting deeper than
    MAX_DEPTH or holding more than MAX_FEATURE_CHARS of text is not built and comes back as Refused, naming the
    property (or the feature's own key) where the limit was passed."""
    if event not in ("start_map", "start_array"):
        return value
    stack: list = [{} if event == "start_map" else []]
    keys: list = [None]
    path: list[str] = []  # the feature's key, then the property's name, while inside them
    chars, refused = 0, None
    for event, value in events:
        if event == "map_key":
            chars += len(value)
            keys[-1] = value
            if len(stack) <= 2:
                path[len(stack) - 1 :] = [value]
        elif event in ("start_map", "start_array"):
            if refused is None and len(stack) >= MAX_DEPTH:
                refused = Refused(_refused_field(path), f"nests deeper than {MAX_DEPTH} levels")
            stack.append({} if event == "start_map" else [])
            keys.append(None)
            continue
        elif event not in ("end_map", "end_array"):
            chars += len(value) if isinstance(value, str) else 0
        if refused is None and chars > MAX_FEATURE_CHARS:
            refused = Refused(_refused_field(path), f"holds more than {MAX_FEATURE_CHARS:,} characters of text")
        if event in ("end_map", "end_array"):
            value = stack.pop()
            keys.pop()
            if not stack:
                return refused or value
            if len(stack) <= 2:
                del path[len(stack) - 1 :]
        elif event == "map_key":
            continue
        if refused is None:
            _attach(stack[-1], keys[-1], value)
    raise ijson.IncompleteJSONError("premature EOF")


def _attach(container: dict | list, key: str | None, value: object) -> None:
    if isinstance(container, dict):
        container[key] = value
    else:
        container.append(value)


def _refused_field(path: list[str]) -> str:
    """The property's name inside `properties`, else the feature's key (`geometry`, …)."""
    if len(path) == 2 and path[0] == "properties":
        return path[1]
    return path[0] if path else "(feature)"
