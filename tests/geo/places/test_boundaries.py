"""The committed boundary files: valid, within budget, complete, and the Natural Earth fixes in place."""

import json
from pathlib import Path

import geopandas as gpd
import numpy as np
import pytest
import shapely

from geo.places import boundaries
from geo.places.boundaries import EQUAL_AREA

ROOT = Path(__file__).resolve().parents[3]
DATA = ROOT / "data"
FILES = DATA / boundaries.BOUNDARIES
BUDGET_BYTES = {
    boundaries.COUNTRIES_FILE: 1_000_000,
    boundaries.PROVINCES_FILE: 1_500_000,
    boundaries.FEATURES_FILE: 100_000,
}
INTEREST = (
    "ARM",
    "AZE",
    "GEO",
    "BLR",
    "KAZ",
    "KGZ",
    "TJK",
    "UZB",
    "TKM",
    "RUS",
    "MDA",
    "UKR",
    "TUR",
    "IRN",
    "SRB",
    "AFG",
)
ARMENIA = ("AM-AG", "AM-AR", "AM-AV", "AM-ER", "AM-GR", "AM-KT", "AM-LO", "AM-SH", "AM-SU", "AM-TV", "AM-VD")
TAJIKISTAN = ("TJ-DU", "TJ-GB", "TJ-KT", "TJ-RA", "TJ-SU")
KYRGYZSTAN = ("KG-B", "KG-C", "KG-GB", "KG-J", "KG-N", "KG-O", "KG-T", "KG-Y")
REQUIRED_FEATURES = {
    "syunik": "region",
    "nagorno-karabakh": "region",
    "lachin-corridor": "corridor",
    "tjk-kgz-border": "border",
    "batken-isfara-vorukh": "border",
    "arm-tur-border": "border",
    "arm-aze-border": "border",
    "arm-irn-border": "border",
}


@pytest.fixture(scope="module")
def countries() -> gpd.GeoDataFrame:
    return boundaries.countries(DATA)


@pytest.fixture(scope="module")
def provinces() -> gpd.GeoDataFrame:
    return boundaries.provinces(DATA)


@pytest.fixture(scope="module")
def features() -> gpd.GeoDataFrame:
    return boundaries.features(DATA)


@pytest.fixture(scope="module")
def shipped(countries, provinces, features) -> dict[str, gpd.GeoDataFrame]:
    return {"countries": countries, "provinces": provinces, "features": features}


def km2(geometry: shapely.Geometry) -> float:
    return float(gpd.GeoSeries([geometry], crs=4326).to_crs(EQUAL_AREA).area.iloc[0] / 1e6)


def one(frame: gpd.GeoDataFrame, column: str, value: str) -> shapely.Geometry:
    rows = frame.loc[frame[column] == value]
    assert len(rows) == 1, f"{column}={value!r}: {len(rows)} rows"
    return rows.geometry.iloc[0]


@pytest.mark.parametrize("name", sorted(BUDGET_BYTES))
def test_file_within_budget(name):
    assert (FILES / name).stat().st_size <= BUDGET_BYTES[name]


@pytest.mark.parametrize("which", ["countries", "provinces", "features"])
def test_every_geometry_is_valid(shipped, which):
    frame = shipped[which]
    invalid = frame.loc[~shapely.is_valid(frame.geometry.values)]
    assert invalid.empty, [shapely.is_valid_reason(g) for g in invalid.geometry]


@pytest.mark.parametrize("which", ["countries", "provinces", "features"])
def test_no_part_spans_more_than_half_the_world(shipped, which):
    """A part wider than 180° is a ring crossing the antimeridian, which Leaflet draws as a band round the world."""
    parts = shapely.get_parts(shipped[which].geometry.values)
    west, _, east, _ = shapely.bounds(parts).T
    assert (east - west).max() <= 180
    assert west.min() >= -180 and east.max() <= 180


def test_files_are_compact_geojson_with_rounded_coordinates():
    text = (FILES / boundaries.COUNTRIES_FILE).read_text(encoding="utf-8")
    coordinates = np.concatenate(
        [
            shapely.get_coordinates(shapely.from_geojson(json.dumps(f["geometry"])))
            for f in json.loads(text)["features"][:20]
        ]
    )
    assert np.allclose(coordinates, np.round(coordinates, 4), rtol=0, atol=1e-9)
    assert '": ' not in text[:10_000]


def test_countries_of_interest_are_present_once(countries):
    assert countries["iso3"].is_unique
    assert set(INTEREST) <= set(countries["iso3"])
    assert countries["iso3"].str.fullmatch(r"[A-Z]{3}").all()
    assert countries["name"].str.len().gt(0).all()


def test_world_is_covered(countries):
    assert len(countries) > 200
    assert {"USA", "BRA", "AUS", "ZAF", "CHN", "IND"} <= set(countries["iso3"])


@pytest.mark.parametrize(
    ("iso3", "low", "high"),
    [
        ("RUS", 16.8e6, 17.2e6),  # 17.1M with its seas' islands; a ring crossing 180° would give ~19.6M
        ("KAZ", 2.65e6, 2.76e6),
        ("ARM", 28_500, 30_500),
        ("AZE", 84_000, 88_000),  # NE's Nakhchivan is 13% small
    ],
)
def test_country_areas_are_plausible(countries, iso3, low, high):
    assert low <= km2(one(countries, "iso3", iso3)) <= high


@pytest.mark.parametrize(("iso3", "codes"), [("ARM", ARMENIA), ("TJK", TAJIKISTAN), ("KGZ", KYRGYZSTAN)])
def test_provinces_of_a_country_are_all_there(provinces, iso3, codes):
    assert sorted(provinces.loc[provinces["iso3"] == iso3, "iso_3166_2"]) == sorted(codes)


def test_province_codes_are_unique(provinces):
    assert provinces["iso_3166_2"].is_unique
    assert not provinces.duplicated(["iso3", "name"]).any()


@pytest.mark.parametrize("iso3", ["ARM", "AZE", "GEO", "BLR", "KAZ", "KGZ", "TJK", "UZB", "TKM", "RUS"])
def test_provinces_tile_their_country(countries, provinces, iso3):
    """Same topology: the provinces' union is the country, with no gap or overlap bigger than rounding."""
    country = one(countries, "iso3", iso3)
    union = shapely.union_all(provinces.loc[provinces["iso3"] == iso3].geometry.values)
    assert km2(shapely.symmetric_difference(union, country)) < 1


def test_syunik_has_natural_earths_area(provinces, features):
    syunik = one(provinces, "iso_3166_2", "AM-SU")
    assert km2(syunik) == pytest.approx(4_400, rel=0.05)
    assert shapely.equals(syunik, one(features, "id", "syunik"))


def test_batken_is_a_kyrgyz_province(provinces):
    assert km2(one(provinces, "iso_3166_2", "KG-B")) == pytest.approx(16_884, rel=0.03)


@pytest.mark.parametrize(
    ("code", "name", "name_ne"),
    [
        ("AZ-LAC", "Laçın", "Lankaran"),
        ("AZ-LAN", "Lənkəran", "Lankaran"),
        ("AZ-GYG", "Göygöl", "Xanlar"),
        ("AZ-SBN", "Şabran", "Dəvəçi"),
        ("AZ-XA", "Xankəndi", "Stepanakert"),
        ("TJ-SU", "Sughd", "Leninabad"),
        ("TJ-RA", "Districts of Republican Subordination", "Tadzhikistan Territories"),
        ("TM-L", "Lebap", "Chardzhou"),
        ("TM-D", "Daşoguz", "Tashauz"),
        ("RU-MAG", "Magadan", "Maga Buryatdan"),
    ],
)
def test_natural_earth_names_are_fixed(provinces, code, name, name_ne):
    row = provinces.loc[provinces["iso_3166_2"] == code].iloc[0]
    assert (row["name"], row["name_ne"]) == (name, name_ne)


def test_lachin_and_lankaran_codes_sit_on_the_right_polygons(provinces):
    """NE's 'Lankaran' next to Armenia is Laçın; the real Lənkəran is on the Caspian, far from Armenia."""
    syunik = one(provinces, "iso_3166_2", "AM-SU")
    assert shapely.intersects(one(provinces, "iso_3166_2", "AZ-LAC"), syunik)
    assert shapely.distance(one(provinces, "iso_3166_2", "AZ-LAN"), syunik) > 2
    assert km2(one(provinces, "iso_3166_2", "AZ-LAC")) == pytest.approx(1_764, rel=0.03)


def test_soviet_and_placeholder_names_are_gone(provinces):
    assert not provinces["name"].isin(["Xanlar", "Dəvəçi", "Leninabad", "Chardzhou", "Tashauz"]).any()
    assert not provinces["iso_3166_2"].str.startswith("-99").any()


def test_features_have_the_required_ids_kinds_and_properties(features):
    assert features["id"].is_unique
    assert dict(zip(features["id"], features["kind"])) == REQUIRED_FEATURES
    assert features["approximate"].map(type).eq(bool).all()
    for column in ("name", "note", "source"):
        assert features[column].str.len().gt(10).all(), column


@pytest.mark.parametrize(
    ("feature_id", "approximate"),
    [
        ("syunik", False),
        ("nagorno-karabakh", False),
        ("lachin-corridor", True),
        ("batken-isfara-vorukh", True),
        ("tjk-kgz-border", False),
    ],
)
def test_approximate_flags(features, feature_id, approximate):
    assert bool(features.loc[features["id"] == feature_id, "approximate"].iloc[0]) is approximate


def test_feature_geometry_types_follow_their_kind(features):
    expected = {
        "region": {"Polygon", "MultiPolygon"},
        "border": {"MultiLineString"},
        "corridor": {"LineString", "MultiLineString"},
    }
    for kind, types in expected.items():
        assert set(features.loc[features["kind"] == kind].geom_type) <= types, kind


def test_nagorno_karabakh_is_the_1991_oblast_inside_azerbaijan(countries, features):
    oblast = one(features, "id", "nagorno-karabakh")
    assert km2(oblast) == pytest.approx(4_388, rel=0.10)
    assert km2(shapely.intersection(oblast, one(countries, "iso3", "AZE"))) / km2(oblast) > 0.95


def test_tjk_kgz_border_lies_on_both_countries(countries, features):
    border = one(features, "id", "tjk-kgz-border")
    tolerance = 1e-6
    for iso3 in ("TJK", "KGZ"):
        outline = one(countries, "iso3", iso3).boundary
        assert shapely.difference(border, shapely.buffer(outline, tolerance)).length < tolerance
    rings = [part for part in shapely.get_parts(border) if part.is_closed]
    assert rings, "the Vorukh enclave ring belongs to the shared boundary"


def test_batken_section_is_part_of_the_tjk_kgz_border(features):
    section = one(features, "id", "batken-isfara-vorukh")
    border = one(features, "id", "tjk-kgz-border")
    assert shapely.difference(section, shapely.buffer(border, 1e-6)).length < 1e-6
    assert 0 < section.length < border.length / 2


@pytest.mark.parametrize(
    ("feature_id", "neighbour"),
    [
        ("arm-tur-border", "TUR"),
        ("arm-aze-border", "AZE"),
        ("arm-irn-border", "IRN"),
    ],
)
def test_armenian_borders_lie_on_armenia_and_the_neighbour(countries, features, feature_id, neighbour):
    border = one(features, "id", feature_id)
    for iso3 in ("ARM", neighbour):
        outline = one(countries, "iso3", iso3).boundary
        assert shapely.difference(border, shapely.buffer(outline, 1e-6)).length < 1e-6


def test_arm_aze_border_includes_nakhchivan(provinces, features):
    border = one(features, "id", "arm-aze-border")
    assert shapely.intersects(border, one(provinces, "iso_3166_2", "AZ-SAR"))  # Şərur, in Nakhchivan


def test_lachin_corridor_runs_from_armenia_into_karabakh(countries, features):
    corridor = one(features, "id", "lachin-corridor")
    start, end = shapely.get_point(corridor, 0), shapely.get_point(corridor, -1)
    assert shapely.within(start, one(countries, "iso3", "ARM"))
    assert shapely.within(end, one(features, "id", "nagorno-karabakh"))


def test_a_file_missing_a_property_is_named(tmp_path):
    (tmp_path / boundaries.BOUNDARIES).mkdir()
    frame = gpd.GeoDataFrame({"iso3": ["ARM"]}, geometry=[shapely.box(44, 39, 45, 40)], crs=4326)
    frame.to_file(tmp_path / boundaries.BOUNDARIES / boundaries.COUNTRIES_FILE, driver="GeoJSON")
    with pytest.raises(ValueError, match=r"countries\.geojson.*name"):
        boundaries.countries(tmp_path)


def test_an_unknown_feature_kind_is_refused(tmp_path):
    (tmp_path / boundaries.BOUNDARIES).mkdir()
    frame = gpd.GeoDataFrame(
        {
            "id": ["x"],
            "name": ["<img src=x onerror=alert(1)>"],
            "kind": ["${1}"],
            "approximate": [False],
            "note": ["`"],
            "source": ["\\"],
        },
        geometry=[shapely.box(44, 39, 45, 40)],
        crs=4326,
    )
    frame.to_file(tmp_path / boundaries.BOUNDARIES / boundaries.FEATURES_FILE, driver="GeoJSON")
    with pytest.raises(ValueError, match="unknown kind"):
        boundaries.features(tmp_path)
