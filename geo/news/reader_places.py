"""Places a reader puts on the map: a possible place the gazetteer lacks ('the village of Aygepar'), placed at the
point the reader clicks on the Ingest screen's map.

Such a place is the reader's record, not a dataset's, and says so wherever it goes: its id is 'reader:…' (so a
gazetteer never claims it), its kind is VILLAGE (what border-clash news names below GeoNames' 500-people cut), its
point is approximate (a click at the zoom the reader chose), and its source names who placed it. It is kept as any
other correction is, an alias in the reader's store (geo.store.place_aliases, which already keeps a place's snapshot),
so the next article naming it gets it.
"""

import math
from collections.abc import Mapping
from hashlib import sha256
from typing import TYPE_CHECKING

from geo.news.aliases import alias_key
from geo.places.gazetteer import Place

if TYPE_CHECKING:  # the store imports this module for its names; geopandas would cost it half a second
    import geopandas as gpd

VILLAGE = "village"  # the kind of a place a reader placed; events accept it beside the gazetteer's KINDS
READER_PREFIX = "reader:"
COORDINATE_DIGITS = 5  # about a metre: finer than any click means


def clicked_point(returned: Mapping | None) -> tuple[float, float] | None:
    """(lat, lon) of st_folium's `last_clicked`, or None without a usable click. Leaflet reports a click on a copy
    of the world panned across the antimeridian with a longitude beyond ±180, so it is wrapped back."""
    click = (returned or {}).get("last_clicked")
    if not isinstance(click, Mapping):
        return None
    lat, lng = click.get("lat"), click.get("lng")
    if not all(isinstance(v, int | float) and not isinstance(v, bool) and math.isfinite(v) for v in (lat, lng)):
        return None
    if not -90 <= lat <= 90:
        return None
    return round(lat, COORDINATE_DIGITS), round((lng + 180) % 360 - 180, COORDINATE_DIGITS)


def placed_on_map(surface: str, point: tuple[float, float], countries: "gpd.GeoDataFrame") -> Place:
    """The place a reader made of a possible place by clicking `point`; its country is the outline holding the
    point (Natural Earth's, de facto), None at sea. The id depends on the name and the point only, so placing the
    same name at the same point twice is the same place."""
    lat, lon = point
    digest = sha256(f"{alias_key(surface)}|{lat:.{COORDINATE_DIGITS}f}|{lon:.{COORDINATE_DIGITS}f}".encode())
    code = digest.hexdigest()[:16]
    name = " ".join(surface.split())
    return Place(READER_PREFIX + code, name, VILLAGE, lat, lon, _country_at(countries, point), code, approximate=True)


def is_placed_by_reader(place: Place) -> bool:
    return place.id.startswith(READER_PREFIX)


def placed_source(reader: str | None) -> str:
    """The source of a place a reader placed: the data honesty rule gives every place one. `reader` is the analyst's
    name in team mode, None for the single user (who reads 'you')."""
    return f"placed by {reader or 'you'} on the map"


def _country_at(countries: "gpd.GeoDataFrame", point: tuple[float, float]) -> str | None:
    """One point against 241 outlines: about a millisecond, once per placing."""
    from shapely.geometry import Point  # here, not above: see TYPE_CHECKING

    lat, lon = point
    holding = countries.loc[countries.contains(Point(lon, lat)), "iso3"]
    return str(holding.iloc[0]) if len(holding) else None
