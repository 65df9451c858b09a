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
    assert keys.starts_name(text[1]) and list(keys.name_lengths(text, 1)) == [2, 1]  # "Nizhny Novgorod", "Nizhny"
    assert list(keys.name_lengths(text, 4)) == [1]


def test_a_word_that_starts_no_name_yields_nothing(keys):
    text = words("the quarrelsome blorptasticum")
    assert not keys.starts_name(text[2]) and list(keys.name_lengths(text, 2)) == []


def test_a_name_is_not_read_past_the_end_of_the_text(keys):
    """Both "Baku" and "Baku Quarter" are names; in a text that ends at "Baku" only the first can be there."""
    assert list(keys.name_lengths(words("to Baku Quarter"), 1)) == [2, 1]
    assert list(keys.name_lengths(words("to Baku"), 1)) == [1]


def test_organisations_are_known_by_their_words(keys):
    text = [normal_form(word) for word in ("the", "Collective", "Security", "Treaty", "Organization", "met")]
    assert keys.starts_organisation(text[1]) and keys.organisation_length(text, 1) == 4
    assert keys.organisation_length(text, 5) == 0
