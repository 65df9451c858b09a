"""What the map gets of the imported events for one view: each event when few are in view, else H3 hexagons
with counts. Either way the number of features is bounded, whether the store holds a thousand events or millions,
because a folium page with one marker per event stops responding at a few thousand markers.

The view is what st_folium returns after each pan or zoom: `{"bounds": {"_southWest": {"lat", "lng"},
"_northEast": {...}}, "zoom": 6}`. Filters are the curated events' (`geo.alliance.filters.Filters`, applied the same
way: an event matches when any day it may mean falls in the window) plus an actor search. The queries are written
once for both stores (DuckDB, PostgreSQL): filter values are bound parameters, and the bin column is the store's.
A store that keeps a summary of coarse bins per year and type (PostgreSQL: geo.store.imported.bin_summary) answers
the coarse views from it whenever it can do so exactly; every other view reads the events.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from math import cos, log, radians

import h3.api.basic_int as h3

from geo.alliance.filters import Filters
from geo.store.imported import BIN_RESOLUTIONS, LONGEST_EVENT, EventStore, date_label

MAX_POINTS = 300  # one marker each up to here (about 0.4 kB of page each), bins beyond
MAX_BINS = 600  # hexagons are coarsened until no more than this many are in view
# Hexagons the view's edge cuts, counted from their events (one box each in the query); past this many, the whole
# view reads the events.
MAX_CUT_CELLS = 200
HEX_PX = 36  # wanted hexagon width on screen
FINEST_RESOLUTION = BIN_RESOLUTIONS[-1]  # hexagons ~350 m across; finer views of dense places still show one per spot
TILE_PX = 256
EARTH_KM = 40075.016686


@dataclass(frozen=True, slots=True)
class Bounds:
    south: float
    west: float  # Leaflet's longitudes may pass ±180 when the map is panned across the antimeridian
    north: float
    east: float

    def longitude_ranges(self) -> list[tuple[float, float]]:
        """The view's longitudes as one or two ranges within -180..180."""
        if self.east - self.west >= 360:
            return [(-180.0, 180.0)]
        west = (self.west + 180.0) % 360.0 - 180.0
        east = west + (self.east - self.west)
        return [(west, east)] if east <= 180.0 else [(west, 180.0), (-180.0, east - 360.0)]

    def on_screen_lon(self, lon: float) -> float:
        """The copy of a longitude that lies in the view, so a marker east of 180° shows where the user looks."""
        while lon < self.west:
            lon += 360.0
        while lon > self.east and lon - 360.0 >= self.west:
            lon -= 360.0
        return lon


@dataclass(frozen=True, slots=True)
class EventPoint:
    key: str
    lat: float
    lon: float
    first_day: date
    last_day: date
    date_precision: str
    geo_precision: int
    event_type: str
    title: str | None
    location: str | None
    actor1: str | None
    actor2: str | None
    fatalities: int | None

    @property
    def date_label(self) -> str:
        return date_label(self.first_day, self.last_day, self.date_precision)


@dataclass(frozen=True, slots=True)
class Bin:
    cell: int  # H3 index at the view's resolution
    count: int
    imprecise: int  # of them, located only to a district, province or country (geo_precision 2 or 3)
    lat: float  # mean position of its events: where its count is drawn
    lon: float
    first_day: date
    last_day: date


@dataclass(frozen=True, slots=True)
class ViewFeatures:
    total: int  # filtered events in view: the points, or the sum of the bins' counts
    points: tuple[EventPoint, ...] = ()
    bins: tuple[Bin, ...] = ()
    resolution: int | None = None  # H3 resolution of the bins

    @property
    def binned(self) -> bool:
        return bool(self.bins)


def bounds_from_map(returned: Mapping | None) -> Bounds | None:
    """The view st_folium reports; None before the map has drawn once (AppTest's default dict is all None)."""
    try:
        corners = returned["bounds"]
        south, west = float(corners["_southWest"]["lat"]), float(corners["_southWest"]["lng"])
        north, east = float(corners["_northEast"]["lat"]), float(corners["_northEast"]["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    if not all(abs(v) < 1e4 for v in (south, west, north, east)) or north <= south or east <= west:
        return None
    return Bounds(max(south, -90.0), west, min(north, 90.0), east)


def zoom_from_map(returned: Mapping | None, default: int = 3) -> int:
    zoom = (returned or {}).get("zoom")
    return int(zoom) if isinstance(zoom, (int, float)) and 0 <= zoom <= 22 else default


def features_for_view(
    store: EventStore,
    filters: Filters,
    bounds: Bounds,
    zoom: int,
    actor: str = "",
    max_points: int = MAX_POINTS,
    max_bins: int = MAX_BINS,
) -> ViewFeatures:
    """Events in view as points if there are at most max_points, else hexagons sized for the zoom and coarsened
    until at most max_bins (or the 122 resolution-0 cells that cover the world); counts always add up to the
    filtered total in view."""
    where, params = event_filter(filters, actor, bounds)
    # LIMIT as a literal (an int, never input): DuckDB keeps only the top rows for a constant, sorts all for a `?`
    columns, limit = ", ".join(_POINT_COLUMNS), int(max_points) + 1
    rows = store.rows(f"SELECT {columns} FROM events WHERE {where} ORDER BY first_day, key LIMIT {limit}", params)
    if len(rows) <= max_points:
        return ViewFeatures(len(rows), points=tuple(_point(row, bounds) for row in rows))
    resolution = resolution_for(zoom, (bounds.south + bounds.north) / 2)
    summary = summary_filter(filters, actor, bounds)
    while True:
        limit = max_bins + 1 if resolution else None
        bins = summary_bins(store, summary, (where, params), resolution, limit) if summary else None
        if bins is None:
            bins = _as_bins(_event_totals(store, where, params, resolution, limit))
        if len(bins) <= max_bins or resolution == 0:
            break
        resolution -= 1
    placed = tuple(
        Bin(b.cell, b.count, b.imprecise, b.lat, bounds.on_screen_lon(b.lon), b.first_day, b.last_day) for b in bins
    )
    return ViewFeatures(sum(b.count for b in placed), bins=placed, resolution=resolution)


def event_filter(filters: Filters, actor: str, bounds: Bounds | None) -> tuple[str, list]:
    """SQL condition and its parameters in order: date window overlap (first_day bounded on both sides, since no
    event lasts longer than LONGEST_EVENT), event types, countries (ISO3), actor text, view."""
    first, last = filters.window
    parts = ["first_day BETWEEN ? AND ? AND last_day >= ?"]
    params: list = [first - LONGEST_EVENT if first > date.min + LONGEST_EVENT else date.min, last, first]
    for column, wanted in (("event_type", filters.categories), ("country_iso3", filters.countries)):
        if wanted:
            parts.append(f"{column} IN ({', '.join('?' * len(wanted))})")
            params.extend(sorted(wanted))
    if actor.strip():
        parts.append("(strpos(lower(actor1), ?) > 0 OR strpos(lower(actor2), ?) > 0)")
        params.extend([actor.strip().lower()] * 2)
    if bounds is not None:
        parts.append("lat BETWEEN ? AND ?")
        params.extend([bounds.south, bounds.north])
        ranges = bounds.longitude_ranges()
        parts.append("(" + " OR ".join("lon BETWEEN ? AND ?" for _ in ranges) + ")")
        params.extend(degree for lon_range in ranges for degree in lon_range)
    return " AND ".join(parts), params


@dataclass(frozen=True, slots=True)
class SummaryFilter:
    """What a view asks of the bin summary: the groups every event of which is in the window, and whether a group
    lies inside the view; for a window that starts or ends within a year, which events the summary cannot place
    (those of that first or last year: its groups know years, not days), to be read from the events."""

    where: str
    params: list
    inside: str
    inside_params: list
    partial_years: tuple[tuple[str, tuple], ...]  # conditions on events (and their parameters) that the summary leaves
    whole_years: tuple[str, tuple]  # the condition on events that the summary's groups answer


def summary_filter(filters: Filters, actor: str, bounds: Bounds) -> SummaryFilter | None:
    """The view as a condition on the summary's groups (years, event types, the box of their points), or None when
    the summary cannot answer it exactly: an actor search or a country filter (neither is kept)."""
    if actor.strip() or filters.countries:
        return None
    first, last = filters.window
    whole_start, whole_end = (first.month, first.day) == (1, 1), (last.month, last.day) == (12, 31)
    # Groups begun by the window's last whole year and ended in its first whole year or later are in it whole; an
    # event lasts at most LONGEST_EVENT, so its last year is its first or the next.
    start_year, end_year = first.year + (not whole_start), last.year - (not whole_end)
    parts, params = ["first_year BETWEEN ? AND ? AND last_year >= ?"], [start_year - 1, end_year, start_year]
    if filters.categories:
        parts.append(f"event_type IN ({', '.join('?' * len(filters.categories))})")
        params.extend(sorted(filters.categories))
    ranges = bounds.longitude_ranges()
    parts.append("north >= ? AND south <= ?")  # not wholly outside the view
    params.extend([bounds.south, bounds.north])
    parts.append("(" + " OR ".join("east >= ? AND west <= ?" for _ in ranges) + ")")
    params.extend(degree for lon_range in ranges for degree in lon_range)
    inside = "south >= ? AND north <= ? AND (" + " OR ".join("west >= ? AND east <= ?" for _ in ranges) + ")"
    inside_params = [bounds.south, bounds.north, *(degree for lon_range in ranges for degree in lon_range)]
    # Each bounds first_day, so that the view index reads a year's entries, not all; the second leaves out what
    # the first reads.
    first_year_end, last_year_start = date(first.year, 12, 31), date(last.year, 1, 1)
    partial = [("first_day <= ? AND last_day <= ?", (first_year_end, first_year_end))] if not whole_start else []
    if not whole_end:
        partial.append(("first_day >= ?", (last_year_start,)))
        if not whole_start:
            partial[-1] = ("first_day >= ? AND last_day > ?", (last_year_start, first_year_end))
    whole = ("first_day <= ? AND last_day >= ?", (date(end_year, 12, 31), date(start_year, 1, 1)))
    return SummaryFilter(" AND ".join(parts), params, inside, inside_params, tuple(partial), whole)


def resolution_for(zoom: int, latitude: float) -> int:
    """The H3 resolution whose hexagons are nearest HEX_PX pixels wide at this zoom and latitude (Web Mercator
    stretches distances by 1/cos(latitude))."""
    km_per_px = EARTH_KM * max(cos(radians(latitude)), 0.05) / (TILE_PX * 2**zoom)
    wanted_edge_km = HEX_PX / 2 * km_per_px  # a hexagon is about two edges wide
    return min(
        range(FINEST_RESOLUTION + 1), key=lambda r: abs(log(h3.average_hexagon_edge_length(r, "km") / wanted_edge_km))
    )


def clicked_point(returned: Mapping | None, view: ViewFeatures, tolerance_deg: float = 0.05) -> EventPoint | None:
    """st_folium reports the click point, not the marker's, so take the nearest point within tolerance."""
    try:
        lat, lng = float(returned["last_object_clicked"]["lat"]), float(returned["last_object_clicked"]["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    near = [
        (abs(p.lat - lat) + abs(p.lon - lng), p.key, p)
        for p in view.points
        if abs(p.lat - lat) <= tolerance_deg and abs(p.lon - lng) <= tolerance_deg
    ]
    return min(near)[2] if near else None


_POINT_COLUMNS = (
    "key",
    "lat",
    "lon",
    "first_day",
    "last_day",
    "date_precision",
    "geo_precision",
    "event_type",
    "title",
    "location",
    "actor1",
    "actor2",
    "fatalities",
)


def _point(row: tuple, bounds: Bounds) -> EventPoint:
    point = EventPoint(*row)
    return EventPoint(**{**{f: getattr(point, f) for f in _POINT_COLUMNS}, "lon": bounds.on_screen_lon(point.lon)})


def summary_bins(
    store: EventStore, summary: SummaryFilter, events: tuple[str, list], resolution: int, limit: int | None
) -> list[Bin] | None:
    """Up to `limit` bins from the store's summary, and from the events (`events`: the view's condition on them)
    those the summary cannot count: the events of a partial first or last year, and the other events of a hexagon
    whose groups the view's edge cuts (their points' box is neither inside nor outside the view). None when the store
    keeps no bins at this resolution, or the edge cuts more than MAX_CUT_CELLS hexagons."""
    if resolution not in store.summary_resolutions:
        return None
    rows = store.rows(
        f"""
        SELECT cell, CAST(sum(events) AS bigint), CAST(sum(imprecise) AS bigint), sum(sum_lat), sum(sum_lon),
               min(first_day), max(last_day), bool_and({summary.inside}), min(south), max(north), min(west), max(east)
        FROM bin_summary WHERE resolution = ? AND {summary.where}
        GROUP BY cell ORDER BY cell {f"LIMIT {int(limit)}" if limit else ""}""",
        [*summary.inside_params, resolution, *summary.params],
    )
    if limit and len(rows) >= limit:  # too many bins at this resolution whatever the events add: the caller coarsens
        return _as_bins([row[:7] for row in rows])
    cut = {row[0]: row[8:] for row in rows if not row[7]}
    if len(cut) > MAX_CUT_CELLS:
        return None
    totals, (where, params) = [row[:7] for row in rows if row[0] not in cut], events
    for condition, days in summary.partial_years:
        totals = _added(totals, _event_totals(store, f"{where} AND {condition}", [*params, *days], resolution, limit))
    if cut:
        condition, days = summary.whole_years
        totals = _added(totals, _cut_cells(store, (f"{where} AND {condition}", [*params, *days]), resolution, cut))
    return _as_bins(totals[:limit] if limit else totals)


def _cut_cells(store: EventStore, events: tuple[str, list], resolution: int, cut: dict[int, tuple]) -> list[tuple]:
    """The totals the summary would have given for the hexagons the view's edge cuts (`events`: the view's events of
    whole years), from their events: each hexagon's are looked up in the box its groups give, which the (lat, lon)
    index narrows to."""
    where, params = events
    boxes = " OR ".join("(lat BETWEEN ? AND ? AND lon BETWEEN ? AND ?)" for _ in cut)
    in_cut = f"{where} AND ({boxes}) AND {store.cell_sql(resolution)} IN ({', '.join('?' * len(cut))})"
    box_params = [degree for south, north, west, east in cut.values() for degree in (south, north, west, east)]
    return _event_totals(store, in_cut, [*params, *box_params, *cut], resolution, None)


def _event_totals(store: EventStore, where: str, params: list, resolution: int, limit: int | None) -> list[tuple]:
    """Up to `limit` bins' totals (cell, count, imprecise, sums of latitudes and longitudes, first and last day):
    enough to learn that there are too many without fetching them all."""
    return store.rows(
        f"""
        SELECT {store.cell_sql(resolution)} AS bin, count(*), count(*) FILTER (WHERE geo_precision >= 2), sum(lat),
               sum(lon), min(first_day), max(last_day)
        FROM events WHERE {where} GROUP BY bin ORDER BY bin {f"LIMIT {int(limit)}" if limit else ""}""",
        params,
    )


def _added(totals: list[tuple], more: list[tuple]) -> list[tuple]:
    """Two lists of bin totals as one, in cell order: counts and sums add up, days widen."""
    by_cell = {row[0]: row for row in totals}
    for cell, count, imprecise, sum_lat, sum_lon, first_day, last_day in more:
        if cell in by_cell:
            _, n, i, lat, lon, first, last = by_cell[cell]
            count, imprecise, sum_lat, sum_lon = n + count, i + imprecise, lat + sum_lat, lon + sum_lon
            first_day, last_day = min(first, first_day), max(last, last_day)
        by_cell[cell] = (cell, count, imprecise, sum_lat, sum_lon, first_day, last_day)
    return [by_cell[cell] for cell in sorted(by_cell)]


def _as_bins(totals: list[tuple]) -> list[Bin]:
    return [Bin(cell, n, i, lat / n, lon / n, first, last) for cell, n, i, lat, lon, first, last in totals]
