"""The geoparser as callers use it: mentions with offsets, kinds, confidence and matched name; demonyms on request;
memos that change no answer; a draft event's countries. Each step has its own test file (words, candidates,
borders, resolution, cues)."""

import pytest

from geo.news.geoparse import DEMONYM, Mention, countries_mentioned
from tests.conftest import HOSTILE, ROOT

GYUMRI = "gn:616635"


@pytest.mark.parametrize(
    "text",
    [
        "Armenian and Russian officials met Azerbaijani and Kazakh diplomats.",
        "Kyrgyz and Tajik troops exchanged fire; Georgians protested.",
        "the Kazakh capital",
    ],
)
def test_demonyms_are_not_mentions_by_default(found, text):
    assert found(text) == []


def test_demonyms_can_be_asked_for(found):
    assert found("Armenian and Russian officials met.", demonyms=True) == [
        ("Armenian", DEMONYM, "country:ARM"),
        ("Russian", DEMONYM, "country:RUS"),
    ]


def test_offsets_count_characters_not_bytes(geoparser):
    text = "🕊️ Azerbaijan, Şuşa — «Gyumri» and Kiev."
    mentions = geoparser.mentions(text)
    assert [(m.surface, text[m.start : m.end]) for m in mentions] == [
        ("Azerbaijan", "Azerbaijan"),
        ("Şuşa", "Şuşa"),
        ("Gyumri", "Gyumri"),
        ("Kiev", "Kiev"),
    ]


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_text_yields_nothing_unexpected(found, hostile):
    assert found(f"{hostile} Flights to Gyumri {hostile}") == [("Gyumri", "city", GYUMRI)]


def test_forgetting_the_memos_changes_no_answer(geoparser):
    text = (ROOT / "bench" / "corpus" / "06-kant-base.txt").read_text(encoding="utf-8")
    remembered = geoparser.mentions(text)
    geoparser.forget(keep_vocabulary=True)
    assert geoparser.mentions(text) == remembered
    geoparser.forget()
    assert geoparser.mentions(text) == remembered


def test_mentions_carry_confidence_and_the_matched_name(geoparser):
    mention = geoparser.mentions("Columns neared Kiev.")[0]
    assert isinstance(mention, Mention) and 0.5 < mention.confidence <= 1.0
    assert (mention.place.name, mention.matched) == ("Kyiv", "Kiev")


def test_countries_mentioned_most_often_come_first(geoparser):
    mentions = geoparser.mentions("Shelling hit Goris and Kapan in Armenia; Baku denied it. Trucks reached Gyumri.")
    assert countries_mentioned(mentions) == ("ARM", "AZE")
