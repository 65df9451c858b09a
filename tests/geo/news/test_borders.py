"""geo/news/borders.py: a pair of countries with a border word is one mention of their border, resolved to the line
the gazetteer draws for the pair, or found without a place where it draws none; one country with a border word is a
one-party border phrase (its other side: test_borderside.py)."""

import pytest

from geo.news.borders import BorderPhrases
from geo.news.words import WordReader


@pytest.fixture(scope="module")
def phrases(gazetteer, lexicon) -> BorderPhrases:
    return BorderPhrases(gazetteer, lexicon)


@pytest.fixture(scope="module")
def reader(keys, lexicon) -> WordReader:
    return WordReader(keys, frozenset(lexicon.demonyms))


def test_a_country_is_named_by_its_name_of_up_to_three_words_or_its_demonym(phrases, reader):
    words = reader.read("the United States and Armenian troops in Tajikistan")
    assert phrases.country_at(words, 1) == ("USA", 2)
    assert phrases.country_at(words, 4) == ("ARM", 4)
    assert phrases.country_at(words, 7) == ("TJK", 7)
    assert phrases.country_at(words, 0) is None and phrases.country_at(words, 5) is None  # lower case
    assert phrases.country_at(words, words.count) is None


@pytest.mark.parametrize(
    "text, start, expected",
    [
        ("Shots on the Armenian-Turkish border.", 3, (5, ("ARM", "TUR"))),
        ("along the border between Tajikistan and Kyrgyzstan", 2, (6, ("TJK", "KGZ"))),
        ("Armenia's border with Turkey", 0, (3, ("ARM", "TUR"))),
        ("the Russia/Kazakhstan frontier", 1, (3, ("RUS", "KAZ"))),
    ],
)
def test_each_rule_gives_the_phrase_s_last_word_and_the_two_countries(phrases, reader, text, start, expected):
    words = reader.read(text)
    assert start in phrases.starts(words)
    assert phrases.phrase_at(words, start) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Armenia and Turkey border talks",  # no hyphen between the two
        "the Armenian-Armenian border",  # one country twice
        "the Armenian - Turkish, border",  # the word 'border' is not joined to the pair
        "Armenia's border near Turkey",
    ],
)
def test_a_pair_that_is_not_one_phrase_is_no_two_country_border(phrases, reader, text):
    words = reader.read(text)
    assert not any(len(found[1]) == 2 for i in range(words.count) if (found := phrases.phrase_at(words, i)))


@pytest.mark.parametrize(
    "text, start, expected",
    [
        ("Refugees crossed the Tajik border at night.", 3, (4, ("TJK",))),
        ("Georgia's border crossing stayed open.", 0, (1, ("GEO",))),
        ("Fighting along the southern Kyrgyz frontier.", 4, (5, ("KGZ",))),
        ("Armenia and Turkey border talks", 2, (3, ("TUR",))),
    ],
)
def test_one_country_and_a_border_word_is_a_one_party_border(phrases, reader, text, start, expected):
    words = reader.read(text)
    assert phrases.phrase_at(words, start) == expected


@pytest.mark.parametrize(
    "text",
    [
        "The Kyrgyz border service said the shots came at dawn.",
        "Armenia's border guards counted the cars.",
        "They reached the Armenian border town of Goris.",
        "the Tajik-and-the border",
    ],
)
def test_a_border_compound_is_no_border(phrases, reader, text):
    words = reader.read(text)
    assert not any(phrases.phrase_at(words, i) for i in range(words.count))


def test_a_pair_resolves_to_the_line_named_for_it_or_to_none(phrases):
    assert phrases.border_of(("ARM", "TUR")).id == "feature:arm-tur-border"
    assert phrases.border_of(("TUR", "ARM")).id == "feature:arm-tur-border"
    assert phrases.border_of(("RUS", "KAZ")) is None
    assert len(phrases.memos()[0]) == 2  # one entry a pair, in either order


@pytest.mark.parametrize(
    "text, surface, place_id",
    [
        ("Shots were fired on the Armenian-Turkish border.", "Armenian-Turkish border", "feature:arm-tur-border"),
        (
            "Fighting flared along the border between Tajikistan and Kyrgyzstan.",
            "border between Tajikistan and Kyrgyzstan",
            "feature:tjk-kgz-border",
        ),
        ("Armenia's border with Turkey stays closed.", "Armenia's border with Turkey", "feature:arm-tur-border"),
        ("Clashes on the Kyrgyz–Tajik frontier.", "Kyrgyz–Tajik frontier", "feature:tjk-kgz-border"),
        ("Iran objects to changes on the Armenia-Iran border.", "Armenia-Iran border", "feature:arm-irn-border"),
        ("Azerbaijani–Armenian border talks resumed.", "Azerbaijani–Armenian border", "feature:arm-aze-border"),
        ("Clashes on the Kyrgyz-Tajik boundary.", "Kyrgyz-Tajik boundary", "feature:tjk-kgz-border"),
        (
            "Shelling along the boundary between Armenia and Azerbaijan.",
            "boundary between Armenia and Azerbaijan",
            "feature:arm-aze-border",
        ),
    ],
)
def test_border_phrases_are_one_mention_resolved_to_the_border(found, text, surface, place_id):
    assert (surface, "border", place_id) in found(text)
    assert not any(
        s in ("Armenia", "Turkey", "Tajikistan", "Kyrgyzstan")
        for s, _, _ in found(text)
        if s != surface and "Iran objects" not in text
    )


def test_a_border_the_gazetteer_does_not_draw_is_found_without_a_place(found):
    assert found("Trucks queued at the Russian-Kazakh border.") == [("Russian-Kazakh border", "border", None)]
