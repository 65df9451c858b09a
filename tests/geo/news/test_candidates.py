"""geo/news/candidates.py: which runs of words may name a place, claimed by a phrase rule (border, organisation, seat
of power, demonym) or as the longest name the gazetteer knows, before any is resolved."""

import pytest

from geo.news.borders import BorderPhrases
from geo.news.candidates import CandidateFinder
from geo.news.words import WordReader


@pytest.fixture(scope="module")
def finder(gazetteer, lexicon, keys) -> CandidateFinder:
    return CandidateFinder(gazetteer, lexicon, keys, BorderPhrases(gazetteer, lexicon))


@pytest.fixture(scope="module")
def claimed(finder, keys):
    """(words claimed, source) of each candidate in a text."""
    reader = WordReader(keys, finder.phrase_starts)

    def candidates_in(text: str) -> list[tuple[str, str]]:
        words = reader.read(text)
        return [(words.span(c.first, c.last), c.source) for c in finder.find(words)]

    return candidates_in


def test_each_phrase_rule_claims_its_words_and_organisations_yield_nothing(claimed):
    assert claimed("The Kremlin said Armenian troops left the CSTO base near the Tajik-Kyrgyz border in Gyumri.") == [
        ("Kremlin", "seat"),
        ("Armenian", "demonym"),
        ("Tajik-Kyrgyz border", "border"),
        ("Gyumri", "name"),
    ]


def test_the_longest_name_the_gazetteer_knows_is_one_candidate(claimed):
    assert claimed("Trains run from Saint Petersburg to Nizhny Novgorod.") == [
        ("Saint Petersburg", "name"),
        ("Nizhny Novgorod", "name"),
    ]


def test_a_common_word_or_a_month_alone_is_no_candidate(claimed, finder):
    assert {"may", "august", "police"} <= finder.common_words
    assert claimed("In May the drills began. Police said so in August.") == []


def test_a_designator_after_a_name_and_a_plural_one_after_a_list_of_names_are_noted(finder, keys):
    reader = WordReader(keys, finder.phrase_starts)
    words = reader.read("Officials in Batken Region said the Sughd and Batken regions were evacuated.")
    batken, sughd, listed = finder.find(words)
    assert (words.span(batken.first, batken.last), batken.designated, batken.areas) == ("Batken", True, False)
    assert (sughd.designated, sughd.areas, listed.areas) == (False, True, True)


def test_seats_of_power_and_demonyms_carry_their_place_and_country(finder, keys):
    words = WordReader(keys, finder.phrase_starts).read("The Kremlin and Armenian officials")
    seat, demonym = finder.find(words)
    assert (seat.place.id, seat.countries, seat.matched) == ("gn:524901", ("RUS",), "Kremlin")
    assert (demonym.place.id, demonym.countries, demonym.matched) == ("country:ARM", ("ARM",), "Armenian")


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Talks on the South Caucasus opened.", [("South Caucasus", "macro-region", "macro:south-caucasus")]),
        ("Leaders of Central Asia met.", [("Central Asia", "macro-region", "macro:central-asia")]),
        (
            "In Soviet times Transcaucasia was one republic.",
            [("Transcaucasia", "macro-region", "macro:south-caucasus")],
        ),
        (
            "Trains run from Saint Petersburg to Nizhny Novgorod.",
            [("Saint Petersburg", "city", "gn:498817"), ("Nizhny Novgorod", "city", "gn:520555")],
        ),
        (
            "Voting in the United States and the Kyrgyz Republic",
            [("United States", "country", "country:USA"), ("Kyrgyz Republic", "country", "country:KGZ")],
        ),
    ],
)
def test_multi_word_names_and_macro_regions_are_one_mention(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The CSTO, NATO and the Collective Security Treaty Organization issued statements.",
        "In May the drills began; in March and August they ended.",
    ],
)
def test_organisations_and_months_are_not_places(found, text):
    assert found(text) == []
