"""The geoparser on short texts, one case of the issue per test: what is a mention, where it is, and what it means."""

import pytest

import geo.news.geoparse as geoparse
from geo.news.geoparse import DEMONYM, METONYM, Geoparser, Mention, countries_mentioned
from geo.places.gazetteer import Gazetteer
from tests.conftest import HOSTILE, ROOT
from tests.linecount import lines_run

GYUMRI, KYIV, MOSCOW, BAKU, YEREVAN = "gn:616635", "gn:703448", "gn:524901", "gn:587084", "gn:616052"
SYUNIK = {"feature:syunik", "province:AM-SU"}  # the curated outline and Natural Earth's province: one territory


@pytest.fixture(scope="session")
def geoparser() -> Geoparser:
    return Geoparser(Gazetteer.load(ROOT / "data"))


def found(parser: Geoparser, text: str, **options) -> list[tuple[str, str, str | None]]:
    mentions = parser.mentions(text, **options)
    for mention in mentions:
        assert text[mention.start:mention.end] == mention.surface
    return [(m.surface, m.kind, m.place and m.place.id) for m in mentions]


@pytest.mark.parametrize("text, expected", [
    ("Talks on the South Caucasus opened.", [("South Caucasus", "macro-region", "macro:south-caucasus")]),
    ("Leaders of Central Asia met.", [("Central Asia", "macro-region", "macro:central-asia")]),
    ("In Soviet times Transcaucasia was one republic.", [("Transcaucasia", "macro-region", "macro:south-caucasus")]),
    ("Trains run from Saint Petersburg to Nizhny Novgorod.",
     [("Saint Petersburg", "city", "gn:498817"), ("Nizhny Novgorod", "city", "gn:520555")]),
    ("Voting in the United States and the Kyrgyz Republic", [("United States", "country", "country:USA"),
                                                             ("Kyrgyz Republic", "country", "country:KGZ")]),
])
def test_multi_word_names_and_macro_regions_are_one_mention(geoparser, text, expected):
    assert found(geoparser, text) == expected


@pytest.mark.parametrize("text, surface, place_id", [
    ("Refugees from Arcakh arrived in Armenia.", "Arcakh", "feature:nagorno-karabakh"),
    ("Columns moved towards Kiev from Belarus.", "Kiev", KYIV),
    ("The earthquake destroyed Leninakan in Armenia.", "Leninakan", GYUMRI),
    ("Protests in Alma-Ata, Kazakhstan, turned violent.", "Alma-Ata", "gn:1526384"),
    ("Bishkek was called Frunze until 1991, when Kyrgyzstan became independent.", "Frunze", "gn:1528675"),
    ("Armenians call the town Shushi; Azerbaijan calls it Şuşa.", "Şuşa", "gn:147105"),
])
def test_variant_and_historical_spellings_resolve_to_the_place(geoparser, text, surface, place_id):
    assert (surface, place_id) in {(s, p) for s, _, p in found(geoparser, text)}


@pytest.mark.parametrize("text, surface, place_id", [
    ("Shots were fired on the Armenian-Turkish border.", "Armenian-Turkish border", "feature:arm-tur-border"),
    ("Fighting flared along the border between Tajikistan and Kyrgyzstan.",
     "border between Tajikistan and Kyrgyzstan", "feature:tjk-kgz-border"),
    ("Armenia's border with Turkey stays closed.", "Armenia's border with Turkey", "feature:arm-tur-border"),
    ("Clashes on the Kyrgyz–Tajik frontier.", "Kyrgyz–Tajik frontier", "feature:tjk-kgz-border"),
    ("Iran objects to changes on the Armenia-Iran border.", "Armenia-Iran border", "feature:arm-irn-border"),
    ("Azerbaijani–Armenian border talks resumed.", "Azerbaijani–Armenian border", "feature:arm-aze-border"),
    ("Clashes on the Kyrgyz-Tajik boundary.", "Kyrgyz-Tajik boundary", "feature:tjk-kgz-border"),
    ("Shelling along the boundary between Armenia and Azerbaijan.", "boundary between Armenia and Azerbaijan",
     "feature:arm-aze-border"),
])
def test_border_phrases_are_one_mention_resolved_to_the_border(geoparser, text, surface, place_id):
    assert (surface, "border", place_id) in found(geoparser, text)
    assert not any(s in ("Armenia", "Turkey", "Tajikistan", "Kyrgyzstan") for s, _, _ in found(geoparser, text)
                   if s != surface and "Iran objects" not in text)


def test_a_border_the_gazetteer_does_not_draw_is_found_without_a_place(geoparser):
    assert found(geoparser, "Trucks queued at the Russian-Kazakh border.") == [
        ("Russian-Kazakh border", "border", None)]


@pytest.mark.parametrize("text, surface, expected", [
    ("Shelling hit villages across Syunik in Armenia.", "Syunik", SYUNIK),
    ("Refugees fled Nagorno-Karabakh.", "Nagorno-Karabakh", {"feature:nagorno-karabakh"}),
    ("Officials in Batken Region said rockets fell.", "Batken Region", {"province:KG-B"}),
    ("Officials in the Sughd region said so.", "Sughd region", {"province:TJ-SU"}),
    ("The Sughd and Batken regions were evacuated.", "Batken", {"province:KG-B"}),
    ("Shirak province was hit hardest.", "Shirak province", {"province:AM-SH"}),
])
def test_regions_and_provinces(geoparser, text, surface, expected):
    places = {s: p for s, _, p in found(geoparser, text)}
    assert places[surface] in expected


@pytest.mark.parametrize("text", [
    "Armenian and Russian officials met Azerbaijani and Kazakh diplomats.",
    "Kyrgyz and Tajik troops exchanged fire; Georgians protested.",
    "the Kazakh capital",
])
def test_demonyms_are_not_mentions_by_default(geoparser, text):
    assert found(geoparser, text) == []


def test_demonyms_can_be_asked_for(geoparser):
    assert found(geoparser, "Armenian and Russian officials met.", demonyms=True) == [
        ("Armenian", DEMONYM, "country:ARM"), ("Russian", DEMONYM, "country:RUS")]


def test_demonyms_say_which_countries_a_text_is_about(geoparser):
    # Armavir is a Russian city of 200,000 and an Armenian town of 30,000; the adjective decides
    assert found(geoparser, "Armenian police said the rally in Armavir was calm.") == [("Armavir", "city", "gn:616631")]
    assert found(geoparser, "Russian police said the rally in Armavir was calm.") == [("Armavir", "city", "gn:580922")]


@pytest.mark.parametrize("text", [
    "France24 reported the clashes.",
    "France 24 reported the clashes.",
    "The Moscow Times and the Kyiv Independent ran live blogs.",
    "The OSCE Minsk Group was silent.",
    "The CSTO, NATO and the Collective Security Treaty Organization issued statements.",
    "Students of Yerevan State University held a vigil.",
    "A loan from the Bank of Georgia and the University of Central Asia.",
    "BBC and TASS reported it.",
])
def test_organisation_and_media_names_are_not_places(geoparser, text):
    assert found(geoparser, text) == []


@pytest.mark.parametrize("text, expected", [
    ("The Kremlin said it had not been notified.", [("Kremlin", METONYM, MOSCOW)]),
    ("Moscow insists that nothing changed.", [("Moscow", METONYM, MOSCOW)]),
    ("Baku and Yerevan agreed to talk.", [("Baku", METONYM, BAKU), ("Yerevan", METONYM, YEREVAN)]),
    ("Moscow's response was muted.", [("Moscow", METONYM, MOSCOW)]),
    ("Flights to Moscow resumed, and Yerevan has a new airport.", [("Moscow", "city", MOSCOW),
                                                                    ("Yerevan", "city", YEREVAN)]),
])
def test_metonyms_are_marked(geoparser, text, expected):
    assert found(geoparser, text) == expected


@pytest.mark.parametrize("text, surface, place_id", [
    ("Putin visited the air base at Kant, east of Bishkek in Kyrgyzstan.", "Kant", "gn:1528193"),
    ("Refugees reached Goris, in southern Armenia.", "Goris", "gn:174895"),
    ("Russian tanks stopped near Gori in Georgia.", "Gori", "gn:614455"),
    ("The 102nd base in Gyumri and the town of Armavir, both in Armenia.", "Armavir", "gn:616631"),
    ("Krasnodar Krai towns such as Armavir and Sochi in Russia.", "Armavir", "gn:580922"),
    ("Leaders met in Moscow.", "Moscow", MOSCOW),
])
def test_ambiguous_names_follow_the_other_places_in_the_text(geoparser, text, surface, place_id):
    assert (surface, place_id) in {(s, p) for s, _, p in found(geoparser, text)}


@pytest.mark.parametrize("text", [
    "Vladimir Putin met Kassym-Jomart Tokayev and President Sadyr Japarov.",
    "Police said many troops left. Union leaders and Officials agreed.",
    "In May the drills began; in March and August they ended.",
    "Plans for next year include a drill. Cars and buses queued; cars waited.",
    "Voters in the town of Kant are few.",
    "Reading the statement, analysts frowned.",
    "Pashinyan Says Armenians Will Decide\nBy Anna Petrosyan, Armenian Service\n",
    "The number fell. The Summit Council and State Department spoke.",
    "A drill on Lake Issyk-Kul and along the Aras river.",
])
def test_people_common_words_months_and_natural_features_are_not_towns(geoparser, text):
    assert found(geoparser, text) == []


def test_a_capitalised_dateline_is_a_place(geoparser):
    assert found(geoparser, "YEREVAN, 22 February 2024 — Officials met.") == [("YEREVAN", "city", YEREVAN)]


def test_offsets_count_characters_not_bytes(geoparser):
    text = "🕊️ Azerbaijan, Şuşa — «Gyumri» and Kiev."
    mentions = geoparser.mentions(text)
    assert [(m.surface, text[m.start:m.end]) for m in mentions] == [
        ("Azerbaijan", "Azerbaijan"), ("Şuşa", "Şuşa"), ("Gyumri", "Gyumri"), ("Kiev", "Kiev")]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_yields_nothing_unexpected(geoparser, hostile):
    assert found(geoparser, f"{hostile} Flights to Gyumri {hostile}") == [("Gyumri", "city", GYUMRI)]


def test_forgetting_the_memos_changes_no_answer(geoparser):
    text = (ROOT / "bench" / "corpus" / "06-kant-base.txt").read_text(encoding="utf-8")
    remembered = geoparser.mentions(text)
    geoparser.forget(keep_vocabulary=True)
    assert geoparser.mentions(text) == remembered
    geoparser.forget()
    assert geoparser.mentions(text) == remembered


@pytest.mark.parametrize("before", ["", "\n\n"])
def test_a_town_in_a_title_case_heading_is_a_place_even_before_a_capitalised_word(geoparser, before):
    text = f"{before}Troops Leave Gyumri Base After Talks\nThe base was quiet."
    assert found(geoparser, text) == [("Gyumri", "city", GYUMRI)]


def test_mentions_carry_confidence_and_the_matched_name(geoparser):
    mention = geoparser.mentions("Columns neared Kiev.")[0]
    assert isinstance(mention, Mention) and 0.5 < mention.confidence <= 1.0
    assert (mention.place.name, mention.matched) == ("Kyiv", "Kiev")


def test_countries_mentioned_most_often_come_first(geoparser):
    mentions = geoparser.mentions("Shelling hit Goris and Kapan in Armenia; Baku denied it. Trucks reached Gyumri.")
    assert countries_mentioned(mentions) == ("ARM", "AZE")


def test_a_place_named_thousands_of_times_is_looked_for_in_lower_case_once(geoparser):
    """Each sentence-opening 'Gyumri' searched the whole text for 'gyumri' (2 MB of such text: 87 s)."""
    def text(n: int) -> str:
        return "Gyumri and Kant, not xgyumrix. " * n
    small, large = (lines_run(geoparse, lambda: geoparser.mentions(text(n))) for n in (200, 400))
    assert large < 2.2 * small  # quadratic work would make it close to 4 times
    assert [m.surface for m in geoparser.mentions(text(3))] == ["Gyumri"] * 3
