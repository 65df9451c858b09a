"""Who controlled each disputed area, from when to when: Nagorno-Karabakh's oblast, districts, zone and corridor.

Read from data/control/: `areas.csv` names each area and the boundary it is drawn with, `karabakh.csv` holds the
periods. Another disputed area (the Tajik–Kyrgyz enclaves) would be one more periods file with its own areas.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import Enum
from itertools import pairwise
from pathlib import Path

import geopandas as gpd
import shapely

from geo.dates import FuzzyDate, parse_fuzzy
from geo.places import boundaries
from geo.problems import DataError, ProblemLog
from geo.records import CONFIDENCES, Record, csv_records
from geo.weblinks import is_web_url

DATA = Path(__file__).resolve().parent.parent / "data"
CONTROL = "control"
AREAS_FILE = "areas.csv"
PERIOD_FILES = ("karabakh.csv",)
AREA_COLUMNS = ("id", "name", "kind", "geometry", "minus", "approximate", "note")
PERIOD_COLUMNS = (
    "area",
    "control",
    "extent",
    "start",
    "start_precision",
    "end",
    "end_precision",
    "confidence",
    "sources",
    "note",
)
BOUNDARY_GRID_DEG = 0.0001  # the boundaries' own rounding (11 m), kept where a district is cut by the oblast
EXTENTS = ("whole", "part")  # part: the holder had only part of the drawn area, whose dividing line we lack


class Control(Enum):
    """Values as the data writes them; `label` is what a reader sees."""

    AZERBAIJAN = "azerbaijan"
    ARMENIAN = "armenian"
    CONTESTED = "contested"
    PEACEKEEPERS = "peacekeepers"
    BLOCKADED = "blockaded"

    @property
    def label(self) -> str:
        return _LABELS[self]


_LABELS = {
    Control.AZERBAIJAN: "Azerbaijan",
    Control.ARMENIAN: "Armenian forces",
    Control.CONTESTED: "contested (war)",
    Control.PEACEKEEPERS: "Russian peacekeepers",
    Control.BLOCKADED: "blockaded",
}


@dataclass(frozen=True, slots=True)
class Area:
    id: str
    name: str
    kind: str
    approximate: bool  # the drawn geometry only stands for the area (no offline line of it exists)
    note: str


@dataclass(frozen=True, slots=True)
class Period:
    area: str
    control: Control
    extent: str  # one of EXTENTS
    start: FuzzyDate
    end: FuzzyDate | None  # exclusive: the first day of the next period; None: still so
    confidence: str
    sources: tuple[str, ...]
    note: str
    line: int

    def covers(self, day: date) -> bool:
        return self.start.first <= day and (self.end is None or day < self.end.first)

    @property
    def label(self) -> str:
        """'Armenian forces (part), Jul 1993 – 20 Nov 2020'."""
        part = " (part)" if self.extent == "part" else ""
        return f"{self.control.label}{part}, {self.start.label} – {self.end.label if self.end else 'today'}"


@dataclass(frozen=True, slots=True)
class ControlChange:
    area: Area
    before: Period | None  # None: the area had no control period then (the zone before 2020)
    after: Period | None


@dataclass(frozen=True)
class ControlTable:
    """Areas, their periods (which tile per area: no gaps, no overlaps) and their shapes (id, geometry)."""

    areas: dict[str, Area]
    periods: tuple[Period, ...]
    shapes: gpd.GeoDataFrame

    def periods_of(self, area: str) -> list[Period]:
        return [p for p in self.periods if p.area == area]

    def period_on(self, area: str, day: date) -> Period | None:
        return next((p for p in self.periods_of(area) if p.covers(day)), None)

    def control_on(self, day: date) -> dict[str, Period]:
        """Every area that had a control period on that day, by id."""
        found = {area: self.period_on(area, day) for area in self.areas}
        return {area: period for area, period in found.items() if period}

    def at_year_end(self, year: int) -> dict[str, Period]:
        return self.control_on(date(year, 12, 31))

    def history_line(self, area: str) -> str:
        """One line for a tooltip: every period of the area, oldest first."""
        return "; ".join(p.label for p in self.periods_of(area))

    def differences(self, year: int, other: int) -> list[ControlChange]:
        """Areas whose holder or extent at the end of `other` differs from that at the end of `year`."""
        before, after = self.at_year_end(year), self.at_year_end(other)
        changes = []
        for area_id, area in self.areas.items():
            old, new = before.get(area_id), after.get(area_id)
            if _holding(old) != _holding(new):
                changes.append(ControlChange(area, old, new))
        return changes


def _holding(period: Period | None) -> tuple[Control, str] | None:
    return (period.control, period.extent) if period else None


def load_control(data_dir: Path = DATA) -> ControlTable:
    """Areas, periods and shapes, every problem of every file in one DataError."""
    folder = data_dir / CONTROL
    areas, refs = _load_areas(folder / AREAS_FILE)  # the periods are checked against its ids: it comes first
    problems = []
    periods: list[Period] = []
    for name in PERIOD_FILES:
        try:
            periods.extend(_load_periods(folder / name, set(areas)))
        except DataError as error:
            problems.extend(error.problems)
    try:
        shapes = _shapes(folder / AREAS_FILE, refs, data_dir)
    except DataError as error:
        problems.extend(error.problems)
    if problems:
        raise DataError(problems)
    return ControlTable(areas, tuple(sorted(periods, key=lambda p: (p.area, p.start))), shapes)


@dataclass(frozen=True, slots=True)
class _GeometryRef:
    area: str
    source: str  # 'province:<ISO 3166-2>' or 'feature:<id in features.geojson>'
    minus: str | None  # a reference whose shape is cut out (a district outside the oblast)
    line: int


def _load_areas(path: Path) -> tuple[dict[str, Area], list[_GeometryRef]]:
    log = ProblemLog(str(path))
    areas: dict[str, Area] = {}
    refs = []
    for record in csv_records(path, AREA_COLUMNS):
        v = record.values
        for key in ("id", "name", "kind", "geometry"):
            if not v[key]:
                log.add(record.line, key, "is empty")
        if v["approximate"] not in ("true", "false"):
            log.add(record.line, "approximate", f"{v['approximate']!r} is not true or false")
        if v["id"] in areas:
            log.add(record.line, "id", f"{v['id']!r} appears twice")
        if v["id"] and v["geometry"]:
            areas[v["id"]] = Area(
                v["id"], v["name"] or "", v["kind"] or "", v["approximate"] == "true", v["note"] or ""
            )
            refs.append(_GeometryRef(v["id"], v["geometry"], v["minus"], record.line))
    log.raise_if_any()
    return areas, refs


def _load_periods(path: Path, areas: set[str]) -> list[Period]:
    log = ProblemLog(str(path))
    periods = [p for record in csv_records(path, PERIOD_COLUMNS) if (p := _period(record, areas, log))]
    _check_tiling(periods, log)
    log.raise_if_any()
    return periods


def _period(record: Record, areas: set[str], log: ProblemLog) -> Period | None:
    v, before = record.values, len(log.problems)
    if v["area"] not in areas:
        log.add(record.line, "area", f"{v['area']!r} is not an area in {AREAS_FILE}")
    controls = [c.value for c in Control]
    if v["control"] not in controls:
        log.add(record.line, "control", f"{v['control']!r} is not one of {', '.join(controls)}")
    if v["extent"] not in EXTENTS:
        log.add(record.line, "extent", f"{v['extent']!r} is not one of {', '.join(EXTENTS)}")
    start = _date(v["start"], v["start_precision"], record, "start", log)
    end = _date(v["end"], v["end_precision"], record, "end", log) if v["end"] else None
    if start and end and end.first <= start.first:
        log.add(record.line, "end", f"{end.iso} is not after start {start.iso}")
    if v["confidence"] not in CONFIDENCES:
        log.add(record.line, "confidence", f"{v['confidence']!r} is not one of {', '.join(CONFIDENCES)}")
    sources = tuple(s.strip() for s in (v["sources"] or "").split(" ; ") if s.strip())
    if not sources or not all(is_web_url(s) for s in sources):
        log.add(record.line, "sources", "needs one or more http(s) addresses separated by ' ; '")
    if len(log.problems) > before or start is None:
        return None
    return Period(
        v["area"],
        Control(v["control"]),
        v["extent"],
        start,
        end,
        v["confidence"],
        sources,
        v["note"] or "",
        record.line,
    )


def _date(value: str | None, precision: str | None, record: Record, field: str, log: ProblemLog) -> FuzzyDate | None:
    if not value:
        log.add(record.line, field, "is empty")
        return None
    try:
        return parse_fuzzy(value, precision)
    except ValueError as error:
        log.add(record.line, field, str(error))
        return None


def _check_tiling(periods: Iterable[Period], log: ProblemLog) -> None:
    """Each period of an area starts the day the one before it ends: a gap would leave a year unexplained."""
    ordered = sorted(periods, key=lambda p: (p.area, p.start.first))
    for before, after in pairwise(ordered):
        if before.area != after.area:
            continue
        if before.end is None or after.start.first < before.end.first:
            log.add(after.line, "start", f"{after.area}: overlaps the period on line {before.line}")
        elif after.start.first > before.end.first:
            log.add(
                after.line,
                "start",
                f"{after.area}: leaves a gap after the period on line {before.line} (it ends {before.end.iso})",
            )


def _shapes(path: Path, refs: list[_GeometryRef], data_dir: Path) -> gpd.GeoDataFrame:
    """Each area's geometry from data/boundaries; an unknown reference is a problem on its areas.csv line."""
    provinces = boundaries.provinces(data_dir)
    features = boundaries.features(data_dir)
    known = {f"province:{code}": geom for code, geom in zip(provinces["iso_3166_2"], provinces.geometry) if code}
    known |= {f"feature:{fid}": geom for fid, geom in zip(features["id"], features.geometry)}
    log = ProblemLog(str(path))
    rows = []
    for ref in refs:
        for field, value in (("geometry", ref.source), ("minus", ref.minus)):
            if value and value not in known:
                log.add(ref.line, field, f"{value!r} is not 'province:<ISO 3166-2>' or 'feature:<id>' in boundaries")
        if ref.source in known and (ref.minus is None or ref.minus in known):
            geom = known[ref.source]
            if ref.minus:
                geom = shapely.make_valid(
                    shapely.set_precision(shapely.difference(geom, known[ref.minus]), BOUNDARY_GRID_DEG)
                )
            rows.append({"id": ref.area, "geometry": geom})
    log.raise_if_any()
    return gpd.GeoDataFrame(rows, columns=["id", "geometry"], geometry="geometry", crs="EPSG:4326")
