import json

import pytest

from geo.places.gazetteer import Gazetteer
from geo.places.indexbuilder import build_index, source_files
from geo.places.placeindex import ALIAS, ALTERNATE, NAME
from geo.problems import DataError
from tests.geo.places.small_world import CITIES, GEONAMES, box, collection, write_data


@pytest.fixture(scope="module")
def small_gazetteer(tmp_path_factory) -> Gazetteer:
    return Gazetteer(build_index(write_data(tmp_path_factory.mktemp("data")), GEONAMES))


def best_id(gazetteer: Gazetteer, name: str) -> str | None:
    """Highest (level, -tier) hit; geocode ranks properly, this only checks the index."""
    hits = sorted(gazetteer.hits(name), key=lambda h: (-h.level, h.tier, h.index))
    return gazetteer.place(hits[0].index).id if hits else None


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Gyumri", "gn:616635"),
        ("Leninakan", "gn:616635"),
        ("ГЮМРИ", "gn:616635"),
        ("Stalinabad", "gn:1221874"),
        ("Zangezur", "feature:syunik"),
        ("Sughd", "province:TJ-SU"),
        ("Leninabad", "province:TJ-SU"),
        ("Kyrgyz Republic", "country:KGZ"),
        ("Transcaucasia", "macro:south-caucasus"),
        ("Tajik-Kyrgyz border", "feature:tjk-kgz-border"),
        ("Atlantis", None),
        ("CSTO", None),
    ],
)
def test_index_names(small_gazetteer, name, expected):
    assert best_id(small_gazetteer, name) == expected


def test_a_name_shared_by_province_and_feature_hits_both(small_gazetteer):
    hits = {small_gazetteer.place(h.index).id for h in small_gazetteer.hits("Syunik")}
    assert hits == {"province:AM-SU", "feature:syunik"}


@pytest.mark.parametrize(
    "name, place_id, tier",
    [
        ("Gyumri", "gn:616635", NAME),
        ("Gjumri", "gn:616635", ALTERNATE),
        ("Zangezur", "feature:syunik", ALIAS),
        ("Sughd", "province:TJ-SU", ALTERNATE),
    ],
)
def test_tier_records_where_a_name_comes_from(small_gazetteer, name, place_id, tier):
    index = small_gazetteer.index_of(place_id)
    assert [h.tier for h in small_gazetteer.hits(name) if h.index == index] == [tier]


@pytest.mark.parametrize(
    "place_id, kind, country, feature_id, approximate",
    [
        ("gn:616635", "city", "ARM", None, False),
        ("province:AM-SU", "province", "ARM", "province:AM-SU", False),
        ("feature:syunik", "region", "ARM", "syunik", False),
        ("feature:tjk-kgz-border", "border", None, "tjk-kgz-border", True),
        ("country:ARM", "country", "ARM", "country:ARM", False),
        ("country:GEO", "country", "GEO", "country:GEO", True),  # not in countries.geojson: Tbilisi's point
        ("macro:south-caucasus", "macro-region", None, None, True),
    ],
)
def test_place_records(small_gazetteer, place_id, kind, country, feature_id, approximate):
    place = small_gazetteer.place_by_id(place_id)
    assert (place.id, place.kind, place.country_iso3, place.feature_id, place.approximate) == (
        place_id,
        kind,
        country,
        feature_id,
        approximate,
    )


def test_representative_points(small_gazetteer):
    border = small_gazetteer.place_by_id("feature:tjk-kgz-border")
    assert (border.lat, border.lon) == pytest.approx((40.5, 72.0))
    syunik = small_gazetteer.place_by_id("feature:syunik")
    assert 38.8 < syunik.lat < 39.8 and 45.8 < syunik.lon < 46.6
    georgia = small_gazetteer.place_by_id("country:GEO")
    assert (georgia.lat, georgia.lon) == (CITIES["611717"]["latitude"], CITIES["611717"]["longitude"])


def test_macro_region_point_is_mean_of_member_countries(small_gazetteer):
    members = [small_gazetteer.place_by_id(i) for i in ("country:ARM", "country:GEO")]
    macro = small_gazetteer.place_by_id("macro:south-caucasus")
    assert macro.lat == pytest.approx(sum(m.lat for m in members) / 2)
    assert macro.lon == pytest.approx(sum(m.lon for m in members) / 2)
    assert small_gazetteer.countries_of(small_gazetteer.index_of(macro.id)) == ("ARM", "GEO")


def test_border_spans_both_countries(small_gazetteer):
    index = small_gazetteer.index_of("feature:tjk-kgz-border")
    assert small_gazetteer.countries_of(index) == ("KGZ", "TJK")


@pytest.mark.parametrize("name", ["CSTO", "csto", "ОДКБ", "ODKB"])
def test_organisations(small_gazetteer, name):
    assert small_gazetteer.is_organisation(name)


def test_a_province_yields_only_to_a_namesake_town_inside_it(tmp_path):
    """Kant the province holds Kant the town (all of the province's people here); Syunik holds no town so named."""
    data = write_data(tmp_path)
    provinces = json.loads((data / "boundaries" / "provinces.geojson").read_text(encoding="utf-8"))["features"]
    kant = ({"iso3": "KGZ", "name": "Kant", "name_en": "Kant", "iso_3166_2": "KG-XX"}, box(74.5, 42.5, 75.2, 43.2))
    (data / "boundaries" / "provinces.geojson").write_text(
        collection(*[(f["properties"], f["geometry"]) for f in provinces], kant), encoding="utf-8"
    )
    gazetteer = Gazetteer(build_index(data, GEONAMES))
    assert gazetteer.seat_of(gazetteer.index_of("province:KG-XX")) == gazetteer.index_of("gn:1528193")
    assert gazetteer.seat_of(gazetteer.index_of("province:AM-SU")) is None


def test_missing_data_files_leave_their_places_out(tmp_path):
    data = write_data(tmp_path, "alias,target,kind,note\nLeninakan,gn:616635,alias,\n")
    for path in source_files(data)[1:]:  # boundaries and data/places; the aliases stay
        path.unlink()
    gazetteer = Gazetteer(build_index(data, GEONAMES))
    assert best_id(gazetteer, "Leninakan") == "gn:616635" and best_id(gazetteer, "Sughd") is None
    assert gazetteer.place_by_id("country:ARM").approximate  # Yerevan's point, without an outline


@pytest.mark.parametrize(
    "row, line, field",
    [
        ("Somewhere,gn:999999999,alias,", 2, "target"),
        ("Somewhere,feature:atlantis,alias,", 2, "target"),
        (",gn:616635,alias,", 2, "alias"),
        ("Somewhere,gn:616635,nickname,", 2, "kind"),
        ("NATO,country:ARM,organisation,", 2, "target"),
        ("Somewhere,,alias,", 2, "target"),
        ("Nowhere Land,country:ARM;gn:616635,macro-region,", 2, "target"),
    ],
)
def test_bad_alias_rows_name_line_and_field(tmp_path, row, line, field):
    data = write_data(tmp_path, f"alias,target,kind,note\n{row}\n")
    with pytest.raises(DataError) as raised:
        build_index(data, GEONAMES)
    assert [(p.line, p.field) for p in raised.value.problems] == [(line, field)]
    assert str(data / "aliases.csv") in str(raised.value)


def test_every_bad_row_reported_at_once(tmp_path):
    data = write_data(tmp_path, "alias,target,kind,note\nA,gn:1,alias,\nB,,alias,\nC,,organisation,\n")
    with pytest.raises(DataError) as raised:
        build_index(data, GEONAMES)
    assert [p.line for p in raised.value.problems] == [2, 3]


def test_a_feature_without_a_kind_is_reported(tmp_path):
    data = write_data(tmp_path)
    (data / "boundaries" / "features.geojson").write_text(
        collection(({"id": "lost", "name": "Lost valley", "kind": "valley"}, box(45.0, 39.0, 45.5, 39.5))),
        encoding="utf-8",
    )
    with pytest.raises(DataError, match="features.geojson:1: properties: feature 1 needs an id, a name and a kind"):
        build_index(data, GEONAMES)
