"""Downloads: the filtered events as CSV and GeoJSON, and the map as one HTML file that works offline."""

import json
from collections.abc import Iterable

import folium
import pandas as pd

from geo.alliance.events import Event
from geo.render.offline import inline_assets
from geo.spreadsheet import guarded_cell


def events_csv(events: Iterable[Event]) -> str:
    """Text cells that a spreadsheet would run as formulas are prefixed (geo.spreadsheet)."""
    rows = [
        {
            "id": e.id,
            "start": e.start.iso,
            "end": e.end.iso if e.end else "",
            "precision": e.precision_label,
            "title": e.title,
            "summary": e.summary,
            "category": e.category,
            "places": "; ".join(e.place_names),
            "lat": e.main_place.lat if e.main_place else "",
            "lon": e.main_place.lon if e.main_place else "",
            "countries": ";".join(e.countries),
            "disputed": e.disputed or "",
            "confidence": e.confidence,
            "sources": " ; ".join(s.url for s in e.sources),
        }
        for e in events
    ]
    guarded = [
        {key: guarded_cell(value) if isinstance(value, str) else value for key, value in row.items()} for row in rows
    ]
    return pd.DataFrame(guarded).to_csv(index=False)


def events_geojson(events: Iterable[Event]) -> str:
    """Points at each event's main place; events with no documented place have a null geometry."""
    features = []
    for e in events:
        geometry = {"type": "Point", "coordinates": [e.main_place.lon, e.main_place.lat]} if e.main_place else None
        features.append(
            {
                "type": "Feature",
                "id": e.id,
                "geometry": geometry,
                "properties": {
                    "title": e.title,
                    "start": e.start.iso,
                    "end": e.end.iso if e.end else None,
                    "category": e.category,
                    "summary": e.summary,
                    "places": list(e.place_names),
                    "countries": list(e.countries),
                    "approximate_location": bool(e.main_place and e.main_place.kind != "city"),
                    "disputed": e.disputed,
                    "confidence": e.confidence,
                    "sources": [
                        {"outlet": s.outlet, "title": s.title, "date": s.date, "url": s.url} for s in e.sources
                    ],
                },
            }
        )
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False, indent=1)


def standalone_map(fmap: folium.Map, groups: Iterable[folium.FeatureGroup]) -> str:
    """The map with the current layers and Leaflet inlined: it opens from disk with no server and no internet."""
    for group in groups:
        group.add_to(fmap)
    folium.LayerControl(collapsed=False).add_to(fmap)
    return inline_assets(fmap.get_root().render())
