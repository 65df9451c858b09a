"""geo/news/words.py: a text's words with their offsets and forms, how each joins the next, which open a sentence or
stand in a heading, and the lower-case search done once per word and text."""

from functools import partial

import pytest

import geo.news.words as words_module
from geo.news.words import DASHED, NOT_JOINED, SPACED, WordReader
from tests.linecount import lines_run

GYUMRI = "gn:616635"


@pytest.fixture(scope="module")
def reader(keys) -> WordReader:
    return WordReader(keys, frozenset({"kremlin", "armenian"}))


def test_a_possessive_is_cut_from_the_word_and_parts_it_from_the_next(reader):
    words = reader.read("Armenia's border with Turkey")
    assert words.spellings == ("Armenia", "border", "with", "Turkey")
    assert words.span(0, 0) == "Armenia" and words.gap(0, 1) == "'s "
    assert not words.joined(0, 1) and words.joined(1, 3, hyphens=False)


def test_words_join_over_a_space_or_a_hyphen_but_not_a_comma(reader):
    words = reader.read("Nizhny Novgorod, Alma-Ata")
    assert words.joins == (SPACED, NOT_JOINED, DASHED, NOT_JOINED)
    assert words.joined(0, 1, hyphens=False) and words.joined(2, 3) and not words.joined(2, 3, hyphens=False)
    assert words.span(2, 3) == "Alma-Ata"
    assert [words.run_from(i, 8) for i in range(4)] == [2, 1, 2, 1]  # as many words as one name can span
    assert words.run_from(0, 1) == 1 and words.run_from(2, 5) == 2


def test_the_first_word_of_a_sentence_opens_and_every_word_of_a_heading(reader):
    words = reader.read("Troops Leave Gyumri Base After Talks\nThe base was quiet. Kant is far: Goris too")
    assert words.heading[:6] == (True,) * 6 and not any(words.heading[6:])
    assert [s for s, opens in zip(words.spellings, words.opens) if opens] == [
        "Troops",
        "Leave",
        "Gyumri",
        "Base",
        "After",
        "Talks",
        "The",
        "Kant",
        "Goris",
    ]


def test_capitalised_first_words_of_names_and_phrases_may_start_a_candidate(reader):
    words = reader.read("the Kremlin and Armenian troops in Gyumri and gyumri")
    assert [s for s, start in zip(words.spellings, words.may_start) if start] == ["Kremlin", "Armenian", "Gyumri"]


def test_a_word_is_written_lowercase_only_as_a_whole_word(reader):
    words = reader.read("Cars and buses queued; cars waited. Gyumri, not xgyumrix.")
    assert words.written_lowercase("Cars") and not words.written_lowercase("Gyumri")
    assert words.lowercase == {"Cars": True, "Gyumri": False}


def test_the_memos_of_names_are_the_capitalised_words(reader):
    reader.read("Flights to Gyumri resumed")
    (capitalised,) = reader.memos(names_only=True)
    assert "Flights" in capitalised and "Gyumri" in capitalised and "resumed" not in capitalised
    assert any("resumed" in memo for memo in reader.memos())


def test_an_empty_text_has_no_words(reader):
    words = reader.read("  — ")
    assert words.count == 0 and words.spellings == () and words.joins == ()


@pytest.mark.parametrize("before", ["", "\n\n"])
def test_a_town_in_a_title_case_heading_is_a_place_even_before_a_capitalised_word(found, before):
    assert found(f"{before}Troops Leave Gyumri Base After Talks\nThe base was quiet.") == [("Gyumri", "city", GYUMRI)]


def test_a_byline_is_read_as_prose_so_its_names_are_people(found):
    assert found("Pashinyan Says Armenians Will Decide\nBy Anna Petrosyan, Armenian Service\n") == []


def test_a_place_named_thousands_of_times_is_looked_for_in_lower_case_once(geoparser):
    """Each sentence-opening 'Gyumri' searched the whole text for 'gyumri' (2 MB of such text: 87 s)."""

    def text(n: int) -> str:
        return "Gyumri and Kant, not xgyumrix. " * n

    small, large = (lines_run(words_module, partial(geoparser.mentions, text(n))) for n in (200, 400))
    assert large < 2.2 * small  # quadratic work would make it close to 4 times
    assert [m.surface for m in geoparser.mentions(text(3))] == ["Gyumri"] * 3
