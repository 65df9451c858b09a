import pickle

from geo.places.nameforms import folded_form, normal_form, surface_form
from geo.places.placeindex import (
    ALIAS,
    ALTERNATE,
    CITY,
    COUNTRY,
    HASH_MASK,
    NAME,
    PLACE_SHIFT,
    TIER_MASK,
    TIER_SHIFT,
    PlaceIndex,
    entries,
    hash16,
)


def two_places() -> tuple[PlaceIndex, int, int]:
    index = PlaceIndex()
    gyumri = index.add_place(CITY, "Gyumri", 40.79305, 43.84635, "ARM", "616635", 114667)
    armenia = index.add_place(COUNTRY, "Armenia", 40.2, 44.9, "ARM", "ARM", 3090500, approximate=True)
    return index, gyumri, armenia


def test_an_entry_packs_place_tier_and_both_spelling_hashes():
    index, gyumri, _ = two_places()
    index.add_name(gyumri, "Gjumri", ALTERNATE)
    [entry] = entries(index.keys[folded_form(normal_form("Gjumri"))])
    assert entry >> PLACE_SHIFT == gyumri and entry >> TIER_SHIFT & TIER_MASK == ALTERNATE
    assert (entry >> 16 & HASH_MASK, entry & HASH_MASK) == (hash16(surface_form("Gjumri")), hash16("gjumri"))


def test_places_sharing_a_folded_name_share_its_key_once_each():
    index, gyumri, armenia = two_places()
    index.add_name(gyumri, "Leninakan", NAME)
    index.add_name(gyumri, "Leninakan", NAME)
    assert isinstance(index.keys["leninakan"], int)  # one place: a bare int, the common case
    index.add_name(armenia, "LENINAKAN", ALIAS)
    assert sorted(entry >> PLACE_SHIFT for entry in entries(index.keys["leninakan"])) == [gyumri, armenia]


def test_a_name_without_letters_is_not_indexed():
    index, gyumri, _ = two_places()
    index.add_name(gyumri, "`", NAME)
    index.add_name(gyumri, "  ", NAME)
    assert index.keys == {}


def test_finish_joins_each_places_names_and_drops_the_build_memos():
    index, gyumri, armenia = two_places()
    for name in ("Gyumri", "Leninakan", "Gyumri"):
        index.add_name(gyumri, name, NAME)
    index.finish()
    assert index.all_names[gyumri].split("\x1f") == ["Gyumri", "Leninakan"] and index.all_names[armenia] == ""
    assert index.pending_names == {} and index.forms == {}


def test_ids_and_countries_are_kept_compactly():
    index, gyumri, armenia = two_places()
    assert index.by_id == {"country:ARM": armenia}  # cities are found through city_indexes, built on demand
    assert index.city_indexes() == {"616635": gyumri}
    assert index.country_codes == [None, "ARM"] and list(index.countries) == [1, 1]
    assert index.approximate == {armenia}


def test_a_finished_index_survives_pickling():
    index, gyumri, _ = two_places()
    index.add_name(gyumri, "Gyumri", NAME)
    copy = pickle.loads(pickle.dumps(index.finish()))
    assert (copy.keys, copy.names, list(copy.lats), copy.by_id) == (
        index.keys,
        index.names,
        list(index.lats),
        index.by_id,
    )
