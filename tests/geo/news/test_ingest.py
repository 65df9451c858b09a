"""geo/news/ingest.py: an article's mentions as rows a reader corrects, and the corrections resolved again."""

import pandas as pd
import pytest

from geo.news.aliases import ALIAS, AliasBook
from geo.news.geoparse import POSSIBLE, Mention
from geo.news.ingest import (
    NOT_FOUND,
    corrections,
    distinct_places,
    mention_rows,
    not_found_note,
    place_source,
    placeable_names,
    resolved_places,
)
from geo.news.reader_places import placed_on_map
from geo.places.gazetteer import Gazetteer, Place
from tests.conftest import ROOT

GYUMRI = Place("gn:616635", "Gyumri", "city", 40.79, 43.85, "ARM", "616635")
BAKU = Place("gn:587084", "Baku", "city", 40.38, 49.89, "AZE", "587084")
MENTIONS = [
    Mention(0, 9, "Leninakan", "city", GYUMRI, 0.95, "Leninakan"),
    Mention(14, 18, "Baku", "city", BAKU, 0.99, "Baku"),
    Mention(25, 43, "Russian-Kazakh border", "border", None, 0.6, "border rule"),
]


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(ROOT / "data")


def test_each_mention_is_a_row_with_its_place_and_offsets():
    rows = mention_rows(MENTIONS)
    assert list(rows["place"]) == ["Gyumri", "Baku", ""]
    assert list(rows["country"]) == ["ARM", "AZE", ""] and rows["lat"].isna().tolist() == [False, False, True]
    assert (rows.loc[0, "start"], rows.loc[0, "end"], rows.loc[0, "confidence"]) == (0, 9, 0.95)


def test_an_article_without_mentions_gives_an_empty_table_with_the_columns():
    rows = mention_rows([])
    assert rows.empty and list(rows.columns)[:3] == ["surface", "kind", "place"]


def test_edits_are_resolved_kept_cleared_or_reported(gazetteer):
    edited = pd.DataFrame({"place": ["Gyumri", "Stepanakert", None]})
    places, unknown = resolved_places(edited, MENTIONS, gazetteer, ["ARM", "AZE"])
    assert places[0] is GYUMRI and places[1].name == "Khankendi" and places[2] is None and unknown == []
    places, unknown = resolved_places(pd.DataFrame({"place": ["", "Atlantis-upon-Sea", ""]}), MENTIONS, gazetteer, [])
    assert places == [None, None, None]
    assert unknown == ["'Atlantis-upon-Sea' (for 'Baku') is not a place the gazetteer knows"]


def test_places_are_listed_once_in_the_order_first_named():
    assert distinct_places([GYUMRI, None, BAKU, GYUMRI]) == [GYUMRI, BAKU]


def test_a_possible_place_is_shown_as_not_found_and_listed_once():
    possible = [Mention(50, 57, "Aygepar", POSSIBLE, None, 0.3, "Aygepar"), *MENTIONS]
    possible.append(Mention(90, 97, "Aygepar", POSSIBLE, None, 0.3, "Aygepar"))
    assert list(mention_rows(possible)["kind"])[0] == NOT_FOUND
    assert not_found_note(possible) == (
        "1 possible place, not found in the gazetteer: 'Aygepar'. Type a known place name in the place column, or "
        "pick the name under the map and click where it is, to place one."
    )
    assert not_found_note(MENTIONS) is None


def test_a_possible_place_is_placed_by_a_typed_name(gazetteer):
    possible = [Mention(0, 7, "Aygepar", POSSIBLE, None, 0.3, "Aygepar")]
    places, unknown = resolved_places(pd.DataFrame({"place": ["Berd"]}), possible, gazetteer, ["ARM"])
    assert places[0].id == "gn:616802" and unknown == []


def test_placed_possible_places_and_changed_aliases_are_the_corrections_to_keep():
    aygepar = Mention(0, 7, "Aygepar", POSSIBLE, None, 0.3, "Aygepar")
    kut = Mention(20, 23, "Kut", "city", GYUMRI, 0.9, ALIAS)  # placed by an earlier alias
    mentions = [aygepar, kut, *MENTIONS]
    book = AliasBook({"kut": GYUMRI})
    assert corrections(mentions, [None, GYUMRI, GYUMRI, BAKU, None], book) == []  # nothing placed, nothing changed
    assert corrections(mentions, [GYUMRI, BAKU, BAKU, GYUMRI, None], book) == [("Aygepar", GYUMRI), ("Kut", BAKU)]
    assert corrections([aygepar, aygepar], [BAKU, BAKU], AliasBook({"aygepar": BAKU})) == []  # already kept


def test_each_row_says_where_its_place_comes_from_and_whether_its_point_is_approximate(countries):
    aygepar = placed_on_map("Aygepar", (40.912, 45.371), countries)
    district = Place("district:8220896", "Syunik district", "district", 39.5, 46.3, "ARM", "8220896", approximate=True)
    rows = [
        Mention(0, 7, "Aygepar", "village", aygepar, 0.9, ALIAS),
        Mention(10, 13, "Kut", "city", GYUMRI, 0.9, ALIAS),
        Mention(20, 26, "Syunik", "district", district, 0.9, "Syunik"),
        Mention(30, 37, "Chinari", POSSIBLE, None, 0.3, "Chinari"),
        *MENTIONS,
    ]
    assert list(mention_rows(rows)["source"]) == [
        "placed by you on the map, approximate",
        "gazetteer, your alias",
        "gazetteer, approximate point",
        "",
        "gazetteer",
        "gazetteer",
        "",
    ]
    assert place_source(rows[0], "alice") == "placed by alice on the map, approximate"  # in team mode


def test_the_names_to_place_on_the_map_are_the_possible_places_and_the_aliased_names_once_each():
    mentions = [
        Mention(0, 7, "Aygepar", POSSIBLE, None, 0.3, "Aygepar"),
        Mention(10, 13, "Kut", "city", GYUMRI, 0.9, ALIAS),
        *MENTIONS,
        Mention(90, 97, "AYGEPAR", POSSIBLE, None, 0.3, "AYGEPAR"),
        Mention(99, 112, "Verin\nShorzha", POSSIBLE, None, 0.3, "Verin\nShorzha"),
    ]
    assert placeable_names(mentions) == ["Aygepar", "Kut", "Verin Shorzha"]
    assert placeable_names(MENTIONS) == []
