"""The folium layer of imported events for one view: markers, or H3 hexagons with counts (from geo.store.bins).

Each layer is one GeoJson FeatureCollection rather than one folium object per feature: the page carries data plus
a style table instead of a block of JavaScript per marker, which keeps a full view well under 100 kB. Precision
is drawn, never hidden: a hollow marker is an event located only to a district or province (ACLED geo_precision
2–3), a halo marks one located to a province or country (3), and a dashed ring a date known only to the week or
month. Every data string reaching the page goes through geo.render.html.html_text (GeoJsonTooltip sets
innerHTML), shortened first (geo.render.popups), so a view's update stays far below a megabyte however long the
imported fields are.

The module keeps the name it had when imported events were called bulk events (they live in geo.store.imported).
"""

import zlib
from collections.abc import Iterable
from math import log10

import folium
import h3.api.basic_int as h3

from geo.render.html import html_text
from geo.render.palette import ACLED_TYPE_COLOURS, COUNT_EDGE, COUNT_SCALE, HALO, INK, MARKER_EDGE, OTHER_TYPES, WHITE
from geo.render.popups import LABEL_CHARS, LEGEND_CHARS, shortened
from geo.store.bins import Bin, EventPoint, ViewFeatures

# ACLED's event types in the Okabe–Ito colours the curated layer does not use for statuses; other categories
# (mapped files) take a stable colour from the rest of the palette.
# Sequential (ColorBrewer YlOrRd, 5 classes): hexagons by count, light to dark.
POINT_RADIUS, HALO_RADIUS = 6, 15


def type_colour(event_type: str) -> str:
    return ACLED_TYPE_COLOURS.get(event_type) or OTHER_TYPES[zlib.crc32(event_type.encode()) % len(OTHER_TYPES)]


def imported_layer(view: ViewFeatures, name: str = "Imported events") -> folium.FeatureGroup:
    """Markers or hexagons for one view, ready for st_folium's feature_group_to_add."""
    group = folium.FeatureGroup(name=name)
    if view.binned:
        _bins_layer(view.bins).add_to(group)
        _count_labels(view.bins).add_to(group)
    elif view.points:
        halos = [p for p in view.points if p.geo_precision >= 3]
        if halos:
            _halo_layer(halos).add_to(group)
        _points_layer(view.points).add_to(group)
    return group


def point_label(point: EventPoint) -> str:
    """Tooltip text: what, where, when and how precisely, as plain text (escaped by the caller), shortened.

    Each part is shortened before they are joined, so megabyte-long fields are never copied whole.
    """
    where = _part(point.location) if point.location else f"{point.lat:.3f}, {point.lon:.3f}"
    located = {1: "", 2: " (located to a district)", 3: " (located only to a province or country)"}
    actors = " vs ".join(_part(a) for a in (point.actor1, point.actor2) if a)
    dead = f"; {point.fatalities} killed" if point.fatalities else ""
    what = _part(point.title) if point.title and point.title != point.event_type else ""
    return shortened(
        f"{point.date_label}: {_part(point.event_type)}{' – ' + what if what else ''} in {where}"
        f"{located.get(point.geo_precision, '')}{'. ' + actors if actors else ''}{dead}",
        LABEL_CHARS,
    )


def _part(text: str) -> str:
    return shortened(text, LABEL_CHARS)


def bin_label(cell: Bin) -> str:
    imprecise = f", {cell.imprecise:,} of them located only to a district or region" if cell.imprecise else ""
    span = (
        f"{cell.first_day.year}"
        if cell.first_day.year == cell.last_day.year
        else f"{cell.first_day.year}–{cell.last_day.year}"
    )
    return f"{cell.count:,} event{'s' if cell.count != 1 else ''} ({span}){imprecise}. Zoom in for details."


def imported_legend_html(event_types: Iterable[str]) -> str:
    """What markers, rings, halos and hexagons mean, for the map's legend box (classes of geo.render.layers' legend)."""
    kinds = "".join(
        f'<div><i class="dot" style="background:{type_colour(t)};border-color:{type_colour(t)}"></i>'
        f"{html_text(shortened(t, LEGEND_CHARS))}</div>"
        for t in event_types
    )
    scale = "".join(f'<i style="background:{c};margin-right:0"></i>' for c in COUNT_SCALE)
    return (
        f"<b>Imported events</b>{kinds}"
        f"<div><i class='dot' style='background:{MARKER_EDGE};border-color:{MARKER_EDGE}'></i>located to a town"
        f"</div><div><i class='dot' style='background:{WHITE};border-color:{MARKER_EDGE}'></i>hollow: only to a "
        f"district or province</div><div><i class='dot' style='background:{HALO};border-color:transparent'></i>"
        f"halo: only to a province or country</div><div><i class='dot' style='background:{WHITE};"
        f"border:2px dashed {MARKER_EDGE}'></i>dashed: date known to the week or month</div>"
        f"<div>{scale} events per hexagon (many in view)</div>"
    )


def _feature(geometry: dict, feature_id: str, **properties) -> dict:
    return {"type": "Feature", "id": feature_id, "geometry": geometry, "properties": properties}


def _points_layer(points: tuple[EventPoint, ...]) -> folium.GeoJson:
    """A feature carries its tooltip, its colour and its precisions; a click is traced back by position
    (geo.store.bins)."""
    features = [
        _feature(
            {"type": "Point", "coordinates": [round(p.lon, 5), round(p.lat, 5)]},
            f"p{i}",
            label=html_text(point_label(p)),
            colour=type_colour(p.event_type),
            gp=p.geo_precision,
            dp=p.date_precision,
        )
        for i, p in enumerate(points)
    ]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Imported events",
        marker=folium.CircleMarker(radius=POINT_RADIUS, weight=2.5, fill=True),
        style_function=_point_style,
        highlight_function=lambda _: {"weight": 4},
        tooltip=folium.GeoJsonTooltip(["label"], labels=False, sticky=True),
    )


def _point_style(feature: dict) -> dict:
    props = feature["properties"]
    colour = props["colour"]
    return {
        "color": colour,
        "fillColor": WHITE if props["gp"] >= 2 else colour,
        "fillOpacity": 1.0,
        "opacity": 1.0,
        "dashArray": None if props["dp"] == "day" else "3 3",
    }


def _halo_layer(points: list[EventPoint]) -> folium.GeoJson:
    """Behind the marker: an area as wide as the uncertainty reads at a glance."""
    features = [
        _feature(
            {"type": "Point", "coordinates": [round(p.lon, 5), round(p.lat, 5)]},
            f"h{i}",
            colour=type_colour(p.event_type),
        )
        for i, p in enumerate(points)
    ]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Imported events (halo)",
        control=False,
        marker=folium.CircleMarker(radius=HALO_RADIUS, weight=0, fill=True, interactive=False),
        style_function=lambda f: {"fillColor": f["properties"]["colour"], "fillOpacity": 0.18, "weight": 0},
    )


def _bins_layer(bins: tuple[Bin, ...]) -> folium.GeoJson:
    top = max(b.count for b in bins)
    features = [
        _feature(
            {"type": "Polygon", "coordinates": [_hexagon(b)]},
            f"b{i}",
            label=html_text(bin_label(b)),
            shade=_shade(b.count, top),
            loose=b.imprecise * 2 > b.count,
        )
        for i, b in enumerate(bins)
    ]
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Imported events",
        style_function=lambda f: {
            "fillColor": COUNT_SCALE[f["properties"]["shade"]],
            "fillOpacity": 0.6,
            "color": COUNT_EDGE,
            "weight": 1,
            "dashArray": "4 3" if f["properties"]["loose"] else None,
        },
        highlight_function=lambda _: {"weight": 3},
        tooltip=folium.GeoJsonTooltip(["label"], labels=False, sticky=True),
    )


def _count_labels(bins: tuple[Bin, ...]) -> folium.GeoJson:
    """Counts written on the hexagons: DivIcon markers whose text comes from the layer's style table (folium
    merges a marker's style into its icon options), so a label costs a table entry, not a block of JavaScript."""
    features = []
    for i, b in enumerate(bins):
        lat, lon = h3.cell_to_latlng(b.cell)
        features.append(
            _feature(
                {"type": "Point", "coordinates": [round(_near(lon, b.lon), 5), round(lat, 5)]},
                f"c{i}",
                count=_short_count(b.count),
            )
        )
    icon = folium.DivIcon(html="", icon_size=(40, 14), icon_anchor=(20, 7), class_name="aa-bin-count")
    return folium.GeoJson(
        {"type": "FeatureCollection", "features": features},
        name="Imported event counts",
        control=False,
        marker=folium.Marker(icon=icon, interactive=False),
        style_function=lambda f: {"html": f"<span style='{_COUNT_STYLE}'>{f['properties']['count']}</span>"},
    )


_COUNT_STYLE = (
    f"display:block;text-align:center;font:bold 11px/14px sans-serif;color:{INK};pointer-events:none;"
    f"text-shadow:0 0 3px {WHITE},0 0 3px {WHITE}"
)


def _hexagon(cell: Bin) -> list[list[float]]:
    """The cell's outline as a closed GeoJSON ring, in the same world copy as the bin (no edge across the map)."""
    ring = [[round(_near(lon, cell.lon), 5), round(lat, 5)] for lat, lon in h3.cell_to_boundary(cell.cell)]
    return ring + [ring[0]]


def _near(lon: float, reference: float) -> float:
    while lon - reference > 180.0:
        lon -= 360.0
    while reference - lon > 180.0:
        lon += 360.0
    return lon


def _shade(count: int, top: int) -> int:
    """Class 0..4 on a log scale up to the fullest hexagon in view, so a few dense cities do not wash out the rest."""
    if top <= 1:
        return 0
    return min(int(log10(count) / log10(top) * len(COUNT_SCALE)), len(COUNT_SCALE) - 1)


def _short_count(count: int) -> str:
    if count >= 1_000_000:
        return f"{count / 1_000_000:.1f}M"
    if count >= 10_000:
        return f"{count // 1000}k"
    if count >= 1000:
        return f"{count / 1000:.1f}k"
    return str(count)
