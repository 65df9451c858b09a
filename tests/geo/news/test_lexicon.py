"""The geoparser's word lists in data/geoparse/: what they hold, and how a bad row is reported."""

import shutil
from pathlib import Path

import pytest

from geo.news.geoparse import Geoparser
from geo.news.lexicon import PHRASE_LISTS, WORD_LISTS, lexicon_dir, load_lexicon
from geo.problems import DataError

MOSCOW = "gn:524901"


@pytest.fixture
def lexicon_copy(tmp_path: Path) -> Path:
    folder = tmp_path / "geoparse"
    shutil.copytree(lexicon_dir(), folder)
    return folder


def problems_of(error: DataError) -> set[tuple[str, int, str]]:
    return {(Path(p.path).name, p.line, p.field) for p in error.problems}


def test_the_shipped_lists_load_with_what_the_rules_need(gazetteer):
    lexicon = load_lexicon(gazetteer)
    assert lexicon.demonyms["armenian"] == "ARM" and lexicon.demonyms["kirghiz"] == "KGZ"
    assert lexicon.seats["kremlin"].id == MOSCOW and lexicon.seat_words == 2
    assert {"president", "times", "bank", "police", "said", "has", "response", "border", "lake", "regions"} <= (
        lexicon.titles
        | lexicon.organisation_heads
        | lexicon.organisation_openers
        | lexicon.common_words
        | lexicon.reporting_verbs
        | lexicon.auxiliaries
        | lexicon.possessed_nouns
        | lexicon.border_words
        | lexicon.feature_words
        | lexicon.plural_designators
    )
    assert {"guards", "airport", "official", "villages"} <= (
        lexicon.border_compounds | lexicon.facility_words | lexicon.place_qualifiers | lexicon.place_nouns
    )
    assert {"village of", "near"} <= lexicon.place_cues  # phrases of one or more words


def test_every_list_is_a_file_of_its_own(gazetteer):
    expected = {"demonyms", "seats_of_power", *WORD_LISTS, *PHRASE_LISTS}
    assert {path.stem for path in lexicon_dir().glob("*.csv")} == expected


def test_malformed_rows_are_reported_by_file_line_and_field(gazetteer, lexicon_copy):
    (lexicon_copy / "demonyms.csv").write_text("demonym,country\narmenian,ARM\nArmenian,ARM\nnarnian,NRN\n,KGZ\n")
    (lexicon_copy / "seats_of_power.csv").write_text("phrase,city,country\nkremlin,Yerevan,RUS\nwhite house,,USA\n")
    (lexicon_copy / "reporting_verbs.csv").write_text("word\nsaid\nsaid\nsaid so\n<img src=x onerror=alert(1)>\n")
    (lexicon_copy / "titles.csv").write_text("title\npresident\n")
    (lexicon_copy / "auxiliaries.csv").unlink()
    (lexicon_copy / "place_cues.csv").write_text("phrase\nvillage of\nVillage Of\n")  # phrases may have two words
    with pytest.raises(DataError) as raised:
        load_lexicon(gazetteer, lexicon_copy)
    assert problems_of(raised.value) == {
        ("demonyms.csv", 3, "demonym"),  # not in normal form: 'armenian'
        ("demonyms.csv", 4, "country"),  # no such country
        ("demonyms.csv", 5, "demonym"),  # empty
        ("seats_of_power.csv", 2, "city"),  # no Yerevan in Russia
        ("seats_of_power.csv", 3, "city"),  # empty
        ("reporting_verbs.csv", 3, "word"),  # repeats line 2
        ("reporting_verbs.csv", 4, "word"),  # two words
        ("reporting_verbs.csv", 5, "word"),  # markup is not a word
        ("titles.csv", 1, "word"),  # column missing
        ("auxiliaries.csv", 1, "(file)"),  # file missing
        ("place_cues.csv", 3, "phrase"),  # not in normal form
    }
    assert "demonyms.csv:3: demonym: 'Armenian' is not in normal form" in str(raised.value)
    assert "repeats line 2" in str(raised.value)


def test_a_geoparser_is_not_built_on_a_bad_list(gazetteer, lexicon_copy):
    (lexicon_copy / "border_words.csv").write_text("word\nborder\nFrontier\n")
    with pytest.raises(DataError, match=r"border_words\.csv:3: word: 'Frontier'"):
        Geoparser(gazetteer, lexicon_copy)


def test_the_lists_are_what_the_rules_read(gazetteer, lexicon_copy):
    text = "Moscow grumbled about the plan."
    assert [m.kind for m in Geoparser(gazetteer, lexicon_copy).mentions(text)] == ["city"]
    with (lexicon_copy / "reporting_verbs.csv").open("a", encoding="utf-8") as stream:
        stream.write("grumbled\n")
    assert [m.kind for m in Geoparser(gazetteer, lexicon_copy).mentions(text)] == ["metonym"]
