"""A reader's aliases: a possible place they placed once is placed in the next text, whatever its case and spacing,
and found again where no cue marks it, unless it is part of a longer name; nothing else in the parse changes, and a
hostile name is only ever a key."""

import pytest

from geo.news.aliases import ALIAS, ALIAS_CONFIDENCE, UNCUED_CONFIDENCE, AliasBook, alias_key
from geo.news.geoparse import POSSIBLE
from geo.places.gazetteer import Place
from tests.conftest import HOSTILE

FIRST = "Shells hit Berd in Armenia and the village of Aygepar overnight."
SECOND = "Residents of the village of AYGEPAR, near Berd in Armenia, left at dawn."


@pytest.fixture(scope="module")
def berd(gazetteer) -> Place:
    return gazetteer.place_by_id("gn:616802")


def test_a_name_placed_once_is_placed_in_the_next_text(geoparser, berd):
    first = geoparser.mentions(FIRST)
    assert [(m.surface, m.kind, m.place) for m in first if m.kind == POSSIBLE] == [("Aygepar", POSSIBLE, None)]
    book = AliasBook({alias_key("Aygepar"): berd})
    second = geoparser.mentions(SECOND, aliases=book)
    placed = [m for m in second if m.matched == ALIAS]
    assert [(m.surface, m.kind, m.place.id) for m in placed] == [("AYGEPAR", "city", "gn:616802")]
    assert SECOND[placed[0].start : placed[0].end] == "AYGEPAR"
    others = [m for m in second if m.matched != ALIAS]
    assert others == [m for m in geoparser.mentions(SECOND) if m.kind != POSSIBLE]  # nothing else changes


def test_an_alias_never_replaces_a_place_the_gazetteer_found(geoparser, berd, gazetteer):
    book = AliasBook({alias_key("Berd"): gazetteer.place_by_id("gn:616974")})  # Alaverdi
    assert [m.place.id for m in geoparser.mentions(FIRST, aliases=book) if m.surface == "Berd"] == [berd.id]


def test_the_book_prefers_the_gazetteers_current_record_of_a_kept_place(gazetteer, berd):
    stale = Place(berd.id, "Berd (old)", "city", 40.0, 45.0, "ARM", "616802")
    invented = Place("gn:0", "Nowhere", "city", 41.0, 44.0, "ARM", "0")
    book = AliasBook({"aygepar": stale, "kut": invented}, gazetteer)
    assert book.place_of("Aygepar") == berd and book.place_of("  KUT ") == invented
    assert book.version != AliasBook({"aygepar": berd}, gazetteer).version


@pytest.mark.parametrize("surface", [*HOSTILE, "{{ lipsum.__globals__ }}", "x'); DROP TABLE place_aliases;--"])
def test_a_hostile_name_is_only_a_key(berd, surface):
    book = AliasBook({alias_key(surface): berd})
    assert book.place_of(surface) == berd and book.place_of(f" {surface.upper()} ") == berd
    assert book.place_of("Aygepar") is None and len(book) == 1


@pytest.fixture(scope="module")
def aygepar() -> Place:
    return Place("reader:18e72320b3d7e579", "Aygepar", "village", 40.912, 45.371, "ARM", "18e72320b3d7e579")


@pytest.mark.parametrize(
    ("text", "surfaces"),
    [
        ("Shells hit Aygepar again on Tuesday.", ["Aygepar"]),
        ("Aygepar was shelled. In Aygepar, people fled; AYGEPAR's school is shut.", ["Aygepar", "Aygepar", "AYGEPAR"]),
        ("Heavy Shelling Near Aygepar", ["Aygepar"]),  # a heading: every word opens it
        ("They spoke to Mr Aygepar and visited Aygepar Street.", []),  # part of a longer name
        ("Mr Aygepar said so. Dr. Aygepar agreed.", []),  # a title before it, even one opening the sentence
        ("Ak-Aygepar and Aygepar-Sai lie further east.", []),  # part of a hyphenated name
        ("the aygepar road", []),  # not written as a name
    ],
)
def test_a_named_place_is_found_again_where_no_cue_marks_it(found, aygepar, text, surfaces):
    book = AliasBook({alias_key("Aygepar"): aygepar})
    assert found(text, aliases=book) == [(surface, "village", aygepar.id) for surface in surfaces]


def test_a_name_found_without_a_cue_is_less_sure_than_one_a_cue_marks_and_nothing_else_changes(geoparser, aygepar):
    text = "Residents of the village of Aygepar, near Berd in Armenia, fled. Aygepar was hit again."
    book = AliasBook({alias_key("Aygepar"): aygepar})
    mentions = geoparser.mentions(text, aliases=book)
    placed = [(m.surface, m.start, m.confidence, m.matched) for m in mentions if m.place == aygepar]
    assert placed == [("Aygepar", 28, ALIAS_CONFIDENCE, ALIAS), ("Aygepar", 65, UNCUED_CONFIDENCE, ALIAS)]
    assert [m for m in mentions if m.place != aygepar] == [m for m in geoparser.mentions(text) if m.kind != POSSIBLE]
    assert geoparser.mentions(text, aliases=AliasBook({})) == geoparser.mentions(text)


def test_the_longest_name_of_the_book_wins_and_a_taken_word_is_left_alone(found, aygepar, berd):
    book = AliasBook({"verin": berd, "verin shorzha": aygepar, "berd": aygepar})
    text = "Verin Shorzha and Verin lie near Berd in Armenia."
    assert found(text, aliases=book) == [
        ("Verin Shorzha", "village", aygepar.id),
        ("Verin", "city", berd.id),
        ("Berd", "city", berd.id),  # the gazetteer's Berd: an alias never replaces what the parse found
        ("Armenia", "country", "country:ARM"),
    ]
