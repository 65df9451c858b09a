"""Countries, provinces and curated regions and borders, read from data/boundaries/ (`python -m geo build
boundaries` rebuilds them)."""

from pathlib import Path

import geopandas as gpd

BOUNDARIES = "boundaries"
COUNTRIES_FILE = "countries.geojson"
PROVINCES_FILE = "provinces.geojson"
FEATURES_FILE = "features.geojson"
EQUAL_AREA = "EPSG:6933"  # for areas in km²: a projection of WGS 84 that keeps areas true everywhere

COUNTRY_COLUMNS = ["iso3", "name"]
PROVINCE_COLUMNS = ["iso3", "name", "name_en", "iso_3166_2", "gn_a1_code"]
FEATURE_COLUMNS = ["id", "name", "kind", "approximate", "note", "source"]
FEATURE_KINDS = ("region", "border", "corridor")


def countries(data_dir: Path) -> gpd.GeoDataFrame:
    """Every country of the world (iso3, name, geometry); data_dir is the project's data/ folder."""
    return _read(data_dir / BOUNDARIES / COUNTRIES_FILE, COUNTRY_COLUMNS)


def provinces(data_dir: Path) -> gpd.GeoDataFrame:
    """Admin-1 units of the former Soviet countries we map in detail, with Natural Earth's fixes applied."""
    return _read(data_dir / BOUNDARIES / PROVINCES_FILE, PROVINCE_COLUMNS, optional=["name_ne", "type_en"])


def features(data_dir: Path) -> gpd.GeoDataFrame:
    """Curated regions, borders and corridors; `approximate` is a real bool so layers can dash those lines."""
    frame = _read(data_dir / BOUNDARIES / FEATURES_FILE, FEATURE_COLUMNS)
    unknown = sorted(set(frame["kind"]) - set(FEATURE_KINDS))
    if unknown:
        raise ValueError(f"{data_dir / BOUNDARIES / FEATURES_FILE}: unknown kind(s) {unknown}")
    frame["approximate"] = frame["approximate"].astype(bool)
    return frame


def _read(path: Path, columns: list[str], optional: list[str] | None = None) -> gpd.GeoDataFrame:
    """Columns in a fixed order; a file missing one fails here, naming it, rather than later in a layer."""
    frame = gpd.read_file(path)
    missing = [c for c in columns if c not in frame.columns]
    if missing:
        raise ValueError(f"{path}: missing properties {missing}")
    extra = [c for c in optional or [] if c in frame.columns]
    return frame[columns + extra + ["geometry"]]
