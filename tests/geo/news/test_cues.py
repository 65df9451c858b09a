"""geo/news/cues.py: the words around a name that make it part of an organisation's or a person's name, a natural
feature or a dateline, the words that keep it a place ('Baku Airport', 'Official Moscow'), bylines, and the cities
that speak for their governments."""

import pytest

from geo.news.candidates import MONTH_WORDS, Candidate
from geo.news.cues import byline, dateline, metonym_indexes, ruled_out
from geo.news.geoparse import METONYM
from geo.news.words import WordReader
from geo.places.gazetteer import Place

MOSCOW, BAKU, YEREVAN = "gn:524901", "gn:587084", "gn:616052"
CITIES = {
    name: Place(place_id, name, "city", 0.0, 0.0, iso3, place_id[3:], 1_000_000)
    for name, place_id, iso3 in (("Moscow", MOSCOW, "RUS"), ("Baku", BAKU, "AZE"), ("Yerevan", YEREVAN, "ARM"))
}


@pytest.fixture(scope="module")
def reader(keys) -> WordReader:
    return WordReader(keys, frozenset())


@pytest.fixture(scope="module")
def rules_out(reader, lexicon):
    """Whether the cues rule out the one word `name` in `text` as a place of `kind`."""
    common_words = lexicon.common_words | MONTH_WORDS

    def ruled_out_in(text: str, name: str, kind: str) -> bool:
        words = reader.read(text)
        at = words.spellings.index(name)
        return ruled_out(words, at, at, kind, lexicon, common_words)

    return ruled_out_in


@pytest.mark.parametrize(
    "text, name, kind, expected",
    [
        ("President Kant spoke.", "Kant", "city", True),  # a title: a person
        ("President Kant spoke.", "Kant", "country", False),  # ... but titles rule out towns and provinces only
        ("The Bank of Georgia lent it.", "Georgia", "country", True),  # organisations rule out every kind
        ("The Moscow Times ran it.", "Moscow", "city", True),
        ("Yerevan State University opened.", "Yerevan", "city", True),  # a capitalised word follows
        ("A drill on Lake Sevan ended.", "Sevan", "province", True),
        ("Reading the statement, analysts frowned.", "Reading", "city", True),  # a gerund opening a sentence
        ("Reading the statement, analysts frowned.", "Reading", "province", False),
        ("In Kapan the shelling stopped.", "Kapan", "city", False),  # a sentence's first function word
        ("Troops reached Gyumri May 5.", "Gyumri", "city", False),  # a month is no part of a name
        ("Flights left Baku Airport late.", "Baku", "city", False),  # a facility at the place
        ("Staff at the Yerevan Office of the mission agreed.", "Yerevan", "city", False),
        ("Official Moscow says so.", "Moscow", "city", False),  # a qualifier before it
        ("Students of Yerevan State University marched.", "Yerevan", "city", True),  # still a body's name
        ("The Summit Kapan Office opened.", "Kapan", "city", True),  # a capitalised word before, no qualifier
        ("Gyumri Khachatryan spoke.", "Gyumri", "district", True),  # districts are ruled out as towns are
        ("Astana 06.01.2022 — talks began.", "Astana", "city", False),  # a dateline, no 'France 24'
    ],
)
def test_the_words_around_a_name_rule_it_out_or_not(rules_out, text, name, kind, expected):
    assert rules_out(text, name, kind) is expected


def test_a_dateline_is_a_capitalised_place_at_the_start_of_a_line(reader):
    words = reader.read("YEREVAN, 22 February 2024 — Officials met in BAKU, said one.\nBISHKEK (Reuters) — ")
    assert dateline(words, 0, 0) and dateline(words, 10, 10)
    assert not dateline(words, 7, 7)  # not at the start of its line


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Astana 06.01.2022 — The president spoke.", True),
        ("Brussels, 6 January — Ministers met.", True),
        ("Tbilisi January 6, 2022 - Crowds gathered.", True),
        ("Minsk 2022-01-06 (AP) — Crowds gathered.", True),
        ("Astana says it will act.", False),  # no date
        ("Astana, the capital, 6 January — a date later on", False),
        ("Brussels 06.01.2022 without a dash", False),
    ],
)
def test_a_dateline_written_in_any_case_needs_a_date_and_a_dash(reader, text, expected):
    assert dateline(reader.read(text), 0, 0) is expected


@pytest.mark.parametrize(
    "text, expected",
    [("By Madina Karimova\nText", True), ("Text\nBy Madina Karimova", True), ("Stand By Madina", False)],
)
def test_a_byline_is_a_line_opening_with_by(reader, text, expected):
    words = reader.read(text)
    assert byline(words, words.spellings.index("Madina")) is expected


def test_cities_that_speak_are_metonyms_with_the_cities_coordinated_with_them(reader, lexicon):
    words = reader.read("Baku and Yerevan agreed to talk. Flights to Moscow resumed; Moscow's response was muted.")
    kept = [
        Candidate(i, i, "name", CITIES[spelling]) for i, spelling in enumerate(words.spellings) if spelling in CITIES
    ]
    assert metonym_indexes(words, kept, lexicon) == {0, 1, 3}
    assert metonym_indexes(words, [Candidate(0, 0, "demonym", CITIES["Baku"])], lexicon) == set()


@pytest.mark.parametrize(
    "text",
    [
        "France24 reported the clashes.",
        "France 24 reported the clashes.",
        "The Moscow Times and the Kyiv Independent ran live blogs.",
        "The OSCE Minsk Group was silent.",
        "Students of Yerevan State University held a vigil.",
        "A loan from the Bank of Georgia and the University of Central Asia.",
        "BBC and TASS reported it.",
    ],
)
def test_organisation_and_media_names_are_not_places(found, text):
    assert found(text) == []


@pytest.mark.parametrize(
    "text, expected",
    [
        ("The Kremlin said it had not been notified.", [("Kremlin", METONYM, MOSCOW)]),
        ("Moscow insists that nothing changed.", [("Moscow", METONYM, MOSCOW)]),
        ("Baku and Yerevan agreed to talk.", [("Baku", METONYM, BAKU), ("Yerevan", METONYM, YEREVAN)]),
        ("Moscow's response was muted.", [("Moscow", METONYM, MOSCOW)]),
        (
            "Flights to Moscow resumed, and Yerevan has a new airport.",
            [("Moscow", "city", MOSCOW), ("Yerevan", "city", YEREVAN)],
        ),
        # where the speakers are, not who speaks: the cities stay places (an event can be kept there)
        ("Officials in Baku and Yerevan said so.", [("Baku", "city", BAKU), ("Yerevan", "city", YEREVAN)]),
        ("The mayor of Moscow said so.", [("Moscow", "city", MOSCOW)]),
    ],
)
def test_metonyms_are_marked(found, text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "Vladimir Putin met Kassym-Jomart Tokayev and President Sadyr Japarov.",
        "Reading the statement, analysts frowned.",
        "The number fell. The Summit Council and State Department spoke.",
        "A drill on Lake Issyk-Kul and along the Aras river.",
    ],
)
def test_people_and_natural_features_are_not_towns(found, text):
    assert not any(kind == "city" for _, kind, _ in found(text))


def test_a_capitalised_dateline_is_a_place(found):
    assert found("YEREVAN, 22 February 2024 — Officials met.") == [("YEREVAN", "city", YEREVAN)]


def test_a_title_case_dateline_with_a_date_is_a_place(found):
    assert found("Astana 06.01.2022 — Officials met.") == [("Astana", "city", "gn:1526273")]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Official Yerevan says the talks are over.", [("Yerevan", METONYM, YEREVAN)]),
        ("Crowds waited at Baku Airport all night.", [("Baku", "city", BAKU)]),
        ("The Moscow Office of the mission said so.", [("Moscow", "city", MOSCOW)]),
        ("Students of Yerevan State University marched.", []),
    ],
)
def test_a_known_place_beside_a_facility_or_a_qualifier_is_kept(found, text, expected):
    assert found(text) == expected
