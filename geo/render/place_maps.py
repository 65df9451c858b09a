"""Small maps of places: the Places screen's candidates (the best one highlighted) and the places an article names."""

from collections.abc import Sequence

import folium
import geopandas as gpd
import pandas as pd

from geo.alliance.view import View
from geo.atlas import Atlas
from geo.places.gazetteer import Match, Place
from geo.render import frame
from geo.render.html import html_text
from geo.render.palette import CHOSEN_PLACE, PLACE_UNDERLINE, RUNNER_UP


def candidates_frame(matches: Sequence[Match]) -> pd.DataFrame:
    rows = [
        {
            "rank": n,
            "name": m.place.name,
            "kind": m.place.kind,
            "country": m.place.country_iso3 or "",
            "matched": m.matched,
            "confidence": round(m.confidence, 2),
            "lat": round(m.place.lat, 4),
            "lon": round(m.place.lon, 4),
            "population": m.place.population or None,
            "id": m.place.id,
            "approximate": m.place.approximate,
        }
        for n, m in enumerate(matches, 1)
    ]
    return pd.DataFrame(rows)


def candidates_map(matches: Sequence[Match], atlas: Atlas, outlines: str) -> folium.Map:
    """Best match in red (with its outline when it is a region or border), the others in grey."""
    fmap = frame.map_frame(atlas.view, "", outlines)
    best = matches[0].place
    outline = atlas.features[atlas.features["id"] == (best.feature_id or "")]
    if not outline.empty:
        folium.GeoJson(
            gpd.GeoSeries(outline.geometry.values).__geo_interface__,
            style_function=lambda _: {"color": CHOSEN_PLACE, "weight": 3, "fillOpacity": 0.15},
        ).add_to(fmap)
    for rank, match in reversed(list(enumerate(matches))):
        colour = CHOSEN_PLACE if rank == 0 else RUNNER_UP
        folium.CircleMarker(
            (match.place.lat, match.place.lon),
            radius=8 if rank == 0 else 5,
            color=colour,
            fill=True,
            fill_opacity=0.9,
            tooltip=folium.Tooltip(html_text(f"{match.place.name} ({match.place.kind}) {match.confidence:.2f}")),
        ).add_to(fmap)
    fmap.fit_bounds(
        [
            [min(m.place.lat for m in matches) - 1, min(m.place.lon for m in matches) - 1],
            [max(m.place.lat for m in matches) + 1, max(m.place.lon for m in matches) + 1],
        ]
    )
    return fmap


def preview_map(places: Sequence[Place], view: View, outlines: str) -> folium.Map:
    fmap = frame.map_frame(view, "", outlines)
    for place in places:
        folium.CircleMarker(
            (place.lat, place.lon),
            radius=6,
            color=PLACE_UNDERLINE,
            fill=True,
            fill_opacity=0.9,
            tooltip=folium.Tooltip(
                html_text(f"{place.name} ({place.kind}{', approximate' if place.approximate else ''})")
            ),
        ).add_to(fmap)
    if places:
        lats, lons = [p.lat for p in places], [p.lon for p in places]
        fmap.fit_bounds([[min(lats) - 0.5, min(lons) - 0.5], [max(lats) + 0.5, max(lons) + 0.5]])
    return fmap
