"""geo/news/unlisted.py: words that mark capitalised names as settlements, and the possible places the gazetteer
lacks, kept rather than dropped."""

import pytest

from geo.news.candidates import MONTH_WORDS
from geo.news.geoparse import POSSIBLE
from geo.news.unlisted import SettlementCues, cued_words
from geo.news.words import WordReader


@pytest.fixture(scope="module")
def cued_runs(keys, lexicon):
    """The cued runs of a text, as the words they span."""
    reader, cues = WordReader(keys, frozenset()), SettlementCues(lexicon, lexicon.common_words | MONTH_WORDS)

    def runs_in(text: str) -> list[str]:
        words = reader.read(text)
        return [words.span(run.first, run.last) for run in cues.runs(words)]

    return runs_in


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Shells fell on the village of Zorakan at night.", ["Zorakan"]),
        ("Residents of Ak-Sai and Ak-Tatyr left.", ["Ak-Sai", "Ak-Tatyr"]),
        ("Fighting began near Kok-Tash on Friday.", ["Kok-Tash"]),
        ("The outskirts of Sotk, Kut and Verin Shorzha were hit.", ["Sotk", "Kut", "Verin Shorzha"]),
        ("The border crossing at Upper Lars stayed open.", ["Upper Lars"]),
        ("Residents of the Medeu and Almaly districts lost power.", ["Medeu", "Almaly"]),
        ("Families in Chinari and Aygepar, two villages in Tavush, hid.", ["Chinari", "Aygepar"]),
        ("Buses left Leylek district at noon.", ["Leylek"]),
        ("A drill near Lake Sevan ended.", ["Lake Sevan"]),  # a feature word may open a run another word continues
        ("Trucks use the Torugart and Irkeshtam passes.", ["Torugart", "Irkeshtam"]),
        ("Fighting along the Aras river stopped.", ["Aras"]),
        ("A drill on Lake Issyk-Kul ended.", ["Lake Issyk-Kul"]),
        ("Ships crossed the Black Sea and the Amu Darya.", ["Black Sea", "Amu Darya"]),
        ("AYGEPAR, 5 May — Shots were fired.", ["AYGEPAR"]),  # a dateline's place
        ("Shells hit Zorvakhta, a village in Syunik.", ["Zorvakhta"]),  # an apposition after the name
        ("Shells hit Zorvakhta, a small border village.", ["Zorvakhta"]),  # with words before the noun
        ("Fire was opened in the direction of Zorvakhta and Tegh.", ["Zorvakhta", "Tegh"]),  # a ministry's phrase
        ("Clashes broke out in the Vorukh exclave.", ["Vorukh"]),
        ("Guards in the exclave of Sokh fired.", ["Sokh"]),
        ("The Chorkuh jamoat was shelled.", ["Chorkuh"]),  # a Tajik rural municipality; the article opens the line
    ],
)
def test_cues_and_settlement_nouns_mark_the_names_they_govern(cued_runs, text, expected):
    assert cued_runs(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Guards stood near Zvartnots airport.",  # a facility named after a place
        "A drill at the Edelweiss range ended.",  # a range may be a training ground
        "Sea levels rose. River traffic stopped.",  # a feature word alone, or opening a sentence
        "Goods move along the Middle Corridor.",  # a route, named with an area noun
        "Talks near NATO headquarters stalled.",  # an acronym
        "Village leaders met. Near Tokyo, prices rose.",  # a cue must be right before the name, in one sentence
        "The district centre and Village Council met.",
        "He lives near. Kapan is far.",
        "However, a village elder spoke.",  # a sentence's first word is capitalised whatever it is
        "Yerevan, the capital, and a big village nearby.",  # the noun must follow the apposition's article
    ],
)
def test_other_capitalised_words_are_not_cued(cued_runs, text):
    assert cued_runs(text) == []


def test_the_cued_words_are_the_runs_first_words(keys, lexicon):
    words = WordReader(keys, frozenset()).read("Residents of Verin Shorzha and Kut left.")
    runs = SettlementCues(lexicon, lexicon.common_words | MONTH_WORDS).runs(words)
    assert cued_words(runs) == {words.spellings.index("Verin"), words.spellings.index("Kut")}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Residents of Zorvakhta fled to Kapan in Armenia.", ("Zorvakhta", POSSIBLE, None)),
        ("Buses took families from Leylek district to camps.", ("Leylek district", POSSIBLE, None)),
        ("Voters in the town of Kant are few.", ("Kant", POSSIBLE, None)),  # known, but not placed without support
        ("Smugglers cross the Wakhan corridor.", ("Wakhan corridor", POSSIBLE, None)),  # an area noun is kept
        ("Fighting along the Aras river stopped.", ("Aras", POSSIBLE, None)),  # a river's is not
    ],
)
def test_a_cued_name_the_gazetteer_cannot_place_is_a_possible_place(found, text, expected):
    assert expected in found(text)


def test_a_possible_place_is_not_added_over_a_placed_one(found):
    placed = [("Kapan", "city", "gn:174875"), ("Armenia", "country", "country:ARM")]
    assert found("Residents of Kapan in Armenia left.") == placed
