"""Provinces and countries: Natural Earth admin-1 with the fix tables applied, simplified as one topology.

Provinces of the countries we map in detail stay as units, every other country is dissolved into one; shared arcs
are simplified once, so a province's line and its country's line coincide vertex for vertex.
"""

from collections.abc import Iterable, Mapping
from pathlib import Path

import geopandas as gpd
import numpy as np
import pandas as pd
import shapely
import topojson
from shapely.geometry import Polygon

from geo.places.boundaries import EQUAL_AREA

from .tables import FixTables
from .writing import DECIMALS

ADMIN1_COLUMNS = ["adm0_a3", "gu_a3", "admin", "name", "name_en", "iso_3166_2", "gn_a1_code", "type_en"]
PROVINCE_COUNTRIES = ("ARM", "AZE", "GEO", "BLR", "KAZ", "KGZ", "TJK", "UZB", "TKM", "RUS")
PROVINCE_PROPERTIES = ["iso3", "name", "name_en", "iso_3166_2", "gn_a1_code", "type_en", "name_ne"]

# Simplification tolerance in degrees (Douglas-Peucker on shared arcs). Countries of interest keep the most detail;
# an arc shared by two countries gets the finer tolerance, so neighbours' common lines stay identical.
INTEREST_TOLERANCE = {
    "ARM": 0.002,
    "AZE": 0.002,
    "GEO": 0.003,
    "KGZ": 0.003,
    "TJK": 0.003,
    "UZB": 0.003,
    "MDA": 0.003,
    "SRB": 0.005,
    "BLR": 0.005,
    "KAZ": 0.005,
    "TKM": 0.005,
    "UKR": 0.005,
    "TUR": 0.005,
    "IRN": 0.005,
    "AFG": 0.005,
    "RUS": 0.01,
}
# Distances are measured from the countries of interest but Russia, which reaches Alaska and Japan.
FOCUS_EXCLUDES = ("RUS",)
# Other countries: (distance in degrees from the focus, tolerance), first match wins.
DISTANCE_TOLERANCE = ((2.0, 0.02), (15.0, 0.05), (40.0, 0.1), (float("inf"), 0.2))
# Provinces of interest countries whose centre is farther than this from the focus (Siberia, the Arctic coast,
# the Far East) get at least FAR_INTEREST_TOLERANCE.
FAR_INTEREST_DEG = 8.0
FAR_INTEREST_TOLERANCE = 0.03
# Islands (parts touching no other unit) under this area are dropped, by the unit's tolerance: (tolerance up to,
# km²). Enclaves touch their host and always stay.
MIN_ISLAND_KM2 = ((0.01, 2.0), (0.03, 30.0), (0.05, 100.0), (float("inf"), 300.0))


def read_admin1(path: Path, tables: FixTables) -> gpd.GeoDataFrame:
    """Two NE polygons self-intersect (Gorizia, Goiás); repairing them keeps the dissolve exact."""
    frame = gpd.read_file(path, columns=ADMIN1_COLUMNS)[ADMIN1_COLUMNS + ["geometry"]]
    dropped = frame["adm0_a3"].isin(tables.dropped_adm0) | frame["iso_3166_2"].isin(tables.dropped_provinces)
    frame = frame[~dropped].reset_index(drop=True)
    invalid = ~frame.is_valid
    frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values, method="structure")
    frame["iso3"] = [
        tables.iso3_from_gu.get(gu, tables.iso3_from_adm0.get(a3, a3))
        for a3, gu in zip(frame["adm0_a3"], frame["gu_a3"])
    ]
    return frame


def fixed_provinces(admin1: gpd.GeoDataFrame, tables: FixTables) -> gpd.GeoDataFrame:
    """Apply the province fixes, then the replaced codes; NE's name is kept in `name_ne` wherever it was changed."""
    frame = admin1.copy()
    frame["name_ne"] = None
    for fix in tables.province_fixes:
        rows = frame.index[(frame["gn_a1_code"] == fix.gn_a1_code) & (frame["iso3"] == fix.iso3)]
        if len(rows) != 1:
            raise ValueError(f"fix for {fix.gn_a1_code} matches {len(rows)} records")
        if "name" in fix.changes:
            frame.loc[rows, "name_ne"] = frame.loc[rows, "name"]
        for column, value in fix.changes.items():
            frame.loc[rows, column] = value
    frame["iso_3166_2"] = frame["iso_3166_2"].replace(tables.replaced_codes)
    return merged_provinces(frame, tables.merged_provinces)


def merged_provinces(admin1: gpd.GeoDataFrame, merges: Iterable[tuple[str, str]]) -> gpd.GeoDataFrame:
    """Each (code, into) merge: the target keeps its attributes and gains the other unit's area."""
    frame = admin1.copy()
    for code, into in merges:
        source, target = (frame.index[frame["iso_3166_2"] == c] for c in (code, into))
        if len(source) != 1 or len(target) != 1:
            raise ValueError(f"merging {code} into {into}: found {len(source)} and {len(target)} records")
        frame.loc[target, "geometry"] = dissolved(frame.geometry[source.union(target)].values)
        frame = frame.drop(index=source)
    return frame.reset_index(drop=True)


def admin_units(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Provinces of PROVINCE_COUNTRIES as they are, other countries dissolved: the pieces of one topology."""
    keep = admin1["iso3"].isin(PROVINCE_COUNTRIES)
    provinces = admin1[keep].drop(columns=["adm0_a3", "gu_a3", "admin"])
    others = [
        {"iso3": iso3, "geometry": dissolved(group.geometry.values)}
        for iso3, group in admin1[~keep].groupby("iso3", sort=True)
    ]
    units = pd.concat([provinces, gpd.GeoDataFrame(others, crs=admin1.crs)], ignore_index=True)
    units["unit"] = np.arange(len(units))
    units["tolerance"] = unit_tolerances(units)
    units["geometry"] = without_small_islands(units)
    return gpd.GeoDataFrame(units, geometry="geometry", crs=admin1.crs)


def dissolved(geometries: np.ndarray) -> shapely.Geometry:
    """Coverage union is exact and fast for NE's edge-matched units; Italy's Gorizia is not noded, so plain union."""
    try:
        return shapely.coverage_union_all(geometries)
    except shapely.errors.GEOSException:
        return shapely.union_all(geometries)


def unit_tolerances(units: gpd.GeoDataFrame) -> np.ndarray:
    """Interest countries by table (coarser far from the focus); others coarser the farther they are."""
    focus_codes = set(INTEREST_TOLERANCE) - set(FOCUS_EXCLUDES)
    focus = shapely.simplify(shapely.union_all(units.geometry[units["iso3"].isin(focus_codes)].values), 0.05)
    tolerances = []
    for iso3, geometry in zip(units["iso3"], units.geometry):
        if iso3 not in INTEREST_TOLERANCE:
            distance = shapely.distance(geometry, focus)
            tolerances.append(next(tol for limit, tol in DISTANCE_TOLERANCE if distance <= limit))
        elif shapely.distance(shapely.point_on_surface(geometry), focus) > FAR_INTEREST_DEG:
            tolerances.append(max(INTEREST_TOLERANCE[iso3], FAR_INTEREST_TOLERANCE))
        else:
            tolerances.append(INTEREST_TOLERANCE[iso3])
    return np.array(tolerances)


def without_small_islands(units: gpd.GeoDataFrame) -> list[shapely.Geometry]:
    """Parts that touch no other unit and are smaller than the unit's threshold; islands cost bytes, not meaning."""
    parts, owners = shapely.get_parts(units.geometry.values, return_index=True)
    areas = gpd.GeoSeries(parts, crs=units.crs).to_crs(EQUAL_AREA).area.to_numpy() / 1e6
    tree = shapely.STRtree(units.geometry.values)
    part_index, unit_index = tree.query(parts, predicate="intersects")
    touches_other = np.zeros(len(parts), dtype=bool)
    touches_other[part_index[owners[part_index] != unit_index]] = True
    limits = [
        next(km2 for tolerance_up_to, km2 in MIN_ISLAND_KM2 if tolerance <= tolerance_up_to)
        for tolerance in units["tolerance"]
    ]
    threshold = np.asarray(limits)[owners]
    keep = touches_other | (areas >= threshold)
    # a unit made only of small islands keeps its largest one, so no country or province disappears
    for unit in set(range(len(units))) - set(owners[keep]):
        mine = np.flatnonzero(owners == unit)
        keep[mine[np.argmax(areas[mine])]] = True
    return [shapely.multipolygons(parts[keep & (owners == unit)]) for unit in range(len(units))]


def simplified_units(units: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Simplify shared arcs once (topojson), each with the finest tolerance of the units using it: no slivers."""
    topology = topojson.Topology(units[["unit", "geometry"]], prequantize=False, toposimplify=False)
    arc_tolerance = arc_tolerances(topology.output, units["tolerance"].to_numpy())
    merged = topology.toposimplify(float(arc_tolerance.min()))
    for tolerance in np.unique(arc_tolerance)[1:]:
        coarser = topology.toposimplify(float(tolerance))
        for arc in np.flatnonzero(arc_tolerance == tolerance):
            merged.output["arcs"][arc] = coarser.output["arcs"][arc]
    shapes = merged.to_gdf().set_index("unit").geometry.reindex(units["unit"]).to_numpy()
    result = units.drop(columns="tolerance").copy()
    result["geometry"] = clean_polygons(shapes)
    return gpd.GeoDataFrame(result, geometry="geometry", crs=units.crs)


def arc_tolerances(topology: Mapping, unit_tolerance: np.ndarray) -> np.ndarray:
    """Each arc's tolerance is the finest among the units whose rings use it."""
    tolerance = np.full(len(topology["arcs"]), np.inf)
    for geometry in topology["objects"]["data"]["geometries"]:
        for arc in arc_indices(geometry.get("arcs", [])):
            tolerance[arc] = min(tolerance[arc], unit_tolerance[geometry["properties"]["unit"]])
    return tolerance


def arc_indices(nested: Iterable) -> Iterable[int]:
    """TopoJSON arc references, flattened; ~i marks arc i used backwards."""
    for item in nested:
        if isinstance(item, list):
            yield from arc_indices(item)
        else:
            yield item if item >= 0 else ~item


def clean_polygons(shapes: Iterable[shapely.Geometry]) -> list[shapely.Geometry]:
    """Round to DECIMALS, repair what rounding or simplification broke, drop collapsed bits, orient as RFC 7946."""
    result = []
    for shape in shapes:
        shape = shapely.transform(shape, lambda xy: np.round(xy, DECIMALS))
        if not shape.is_valid:
            shape = shapely.make_valid(shape, method="structure")
        polygons = [p for p in shapely.get_parts(shape) if isinstance(p, Polygon) and not p.is_empty]
        shape = shapely.multipolygons(polygons) if len(polygons) > 1 else polygons[0]
        result.append(shapely.orient_polygons(shape, exterior_cw=False))
    return result


def dissolved_countries(units: gpd.GeoDataFrame, names: Mapping[str, str]) -> gpd.GeoDataFrame:
    """Countries from the simplified units, so their lines are the provinces' lines to the vertex."""
    rows = []
    for iso3, group in units.groupby("iso3", sort=True):
        shape = dissolved(group.geometry.values) if len(group) > 1 else group.geometry.iloc[0]
        rows.append({"iso3": iso3, "name": names[iso3], "geometry": clean_polygons([shape])[0]})
    return gpd.GeoDataFrame(rows, crs=units.crs)


def country_names(admin1: gpd.GeoDataFrame, replaced: Mapping[str, str]) -> dict[str, str]:
    """NE's `admin` name of the unit whose code is the ISO one (Cyprus, not Northern Cyprus), or the replaced one."""
    first = admin1.drop_duplicates("iso3")
    own = admin1[admin1["adm0_a3"] == admin1["iso3"]].drop_duplicates("iso3")
    return dict(zip(first["iso3"], first["admin"])) | dict(zip(own["iso3"], own["admin"])) | dict(replaced)
