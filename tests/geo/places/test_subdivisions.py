import pytest

from geo.places.gazetteer import Gazetteer
from geo.places.geocode import candidates
from geo.places.indexbuilder import build_index
from geo.places.subdivisions import short_names
from geo.problems import DataError
from tests.geo.places.small_world import DISTRICTS, GEONAMES, write_data

# Gyumri's municipality, kept out of the shared small world: other tests count the places named Gyumri.
GYUMRI_DISTRICT = "district:13156475,ARM,AM-SH,Gyumri Municipality,Gyumri,40.79305,43.84635,gn:616635\n"


@pytest.fixture(scope="module")
def small_gazetteer(tmp_path_factory) -> Gazetteer:
    return Gazetteer(build_index(write_data(tmp_path_factory.mktemp("data")), GEONAMES))


def ids(gazetteer: Gazetteer, name: str) -> set[str]:
    return {gazetteer.place(hit.index).id for hit in gazetteer.hits(name)}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Nohiyai Isfara", ["Isfara"]),
        ("Batkenskiy Rayon", ["Batken"]),
        ("Khasavyurtovskiy Rayon", ["Khasavyurtov", "Khasavyurt"]),
        ("Gyumri Municipality", ["Gyumri"]),
        ("Баткенский Район", ["Баткенский"]),  # only Latin adjectives lose their ending
        ("Aravan", []),
        ("District", []),
    ],
)
def test_short_names_drop_designators_and_russian_adjective_endings(name, expected):
    assert short_names(name) == expected


def test_a_district_is_an_approximate_point_without_outline(small_gazetteer):
    place = small_gazetteer.place_by_id("district:8220896")
    assert (place.kind, place.country_iso3, place.approximate, place.feature_id) == ("district", "TJK", True, None)


@pytest.mark.parametrize(
    "name", ["Nohiyai Ishqoshim", "Ishkoshim District", "Ishqoshim", "Ishkashim", "Ishkashim District"]
)
def test_a_district_is_found_by_its_names_short_names_and_variants(small_gazetteer, name):
    assert "district:8220896" in ids(small_gazetteer, name)


def test_a_district_named_after_its_seat_yields_to_the_town_unless_designated(tmp_path):
    gazetteer = Gazetteer(build_index(write_data(tmp_path, districts=DISTRICTS + GYUMRI_DISTRICT), GEONAMES))
    assert gazetteer.seat_of(gazetteer.index_of("district:13156475")) == gazetteer.index_of("gn:616635")
    assert candidates("Gyumri", gazetteer=gazetteer)[0].place.id == "gn:616635"
    assert candidates("Gyumri district", gazetteer=gazetteer)[0].place.id == "district:13156475"


def test_a_district_whose_seat_is_not_in_the_gazetteer_has_none(small_gazetteer):
    assert small_gazetteer.seat_of(small_gazetteer.index_of("district:1222703")) is None


@pytest.mark.parametrize(
    "name, expected",
    [
        ("East Azerbaijan", {"province:IR-01"}),  # not Ardabil, whose Natural Earth row lists it too
        ("East Azerbaijan Province", set()),
        ("Ardabil", {"province:IR-03"}),
        ("Gilan Province", set()),  # Natural Earth lists it under East Azerbaijan
        ("Guilan", {"province:IR-19"}),
    ],
)
def test_a_neighbours_province_keeps_only_alternates_no_other_unit_owns(small_gazetteer, name, expected):
    assert ids(small_gazetteer, name) == expected


def test_a_variant_is_an_alias_of_its_target(small_gazetteer):
    assert candidates("Sogdiana", gazetteer=small_gazetteer)[0].place.id == "province:TJ-SU"


@pytest.mark.parametrize(
    "row, field",
    [
        ("Atlantis,province:XX-AT,variant,https://example.org", "target"),
        ("Sogd,province:TJ-SU,nickname,https://example.org", "kind"),
        (",province:TJ-SU,variant,https://example.org", "variant"),
    ],
)
def test_a_bad_variant_row_is_reported_with_file_line_and_field(tmp_path, row, field):
    data = write_data(tmp_path, variants=f"variant,target,kind,source\n{row}\n")
    with pytest.raises(DataError) as raised:
        build_index(data, GEONAMES)
    assert [(p.path.endswith("variants.csv"), p.line, p.field) for p in raised.value.problems] == [(True, 2, field)]
