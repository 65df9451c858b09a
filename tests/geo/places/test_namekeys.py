"""geo/places/namekeys.py: which runs of words the gazetteer knows, longest first, as the geoparser scans text."""
import pytest

from geo.places.gazetteer import Gazetteer, folded_form, normal_form
from geo.places.namekeys import NameKeys
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def keys() -> NameKeys:
    return NameKeys(Gazetteer.load(ROOT / "data"))


def words(text: str) -> list[str]:
    return [folded_form(normal_form(word)) for word in text.split()]


def test_a_name_of_several_words_is_found_longest_first(keys):
    text = words("from Nizhny Novgorod to Gyumri")
    assert keys.starts_name(text[1]) and list(keys.name_lengths(text, 1))[0] == 2
    assert next(keys.name_lengths(text, 4)) == 1


def test_a_word_that_starts_no_name_yields_nothing(keys):
    text = words("the quarrelsome blorptasticum")
    assert not keys.starts_name(text[2]) and list(keys.name_lengths(text, 2)) == []


def test_a_name_is_not_read_past_the_end_of_the_text(keys):
    text = words("Nizhny")
    assert 2 not in keys.name_lengths(text, 0)


def test_organisations_are_known_by_their_words(keys):
    text = [normal_form(w) for w in "the Collective Security Treaty Organization met".split()]
    assert keys.starts_organisation(text[1]) and keys.organisation_length(text, 1) == 4
    assert keys.organisation_length(text, 5) == 0

