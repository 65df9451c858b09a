"""geo/news/borderside.py: a border named by one country gets its other side from the text."""

import pytest

from geo.news.borderside import sentence_of
from geo.news.words import WordReader


@pytest.mark.parametrize(
    "text, surface, place_id",
    [
        # a speaker in the sentence
        ("Bishkek said the Tajik border had been crossed.", "Tajik border", "feature:tjk-kgz-border"),
        ("Dushanbe blamed troops from across the Kyrgyz border.", "Kyrgyz border", "feature:tjk-kgz-border"),
        # a town named in the sentence, though the text names another neighbour more
        (
            "Azerbaijan and Azerbaijani envoys met in Baku. Turkey waited. Officials in Kars say the Armenian border "
            "may reopen.",
            "Armenian border",
            "feature:arm-tur-border",
        ),
        (
            "Turkey and Turkish envoys met in Ankara. Azerbaijan regained Karabakh. The Armenian border at Kornidzor "
            "saw queues back to Shusha.",
            "Armenian border",
            "feature:arm-aze-border",
        ),
        # else the other country the text names most
        (
            "Azerbaijani shelling hit Jermuk. Armenian officials in Yerevan said the Armenian border was crossed.",
            "Armenian border",
            "feature:arm-aze-border",
        ),
    ],
)
def test_the_other_side_comes_from_the_sentence_else_the_text(found, text, surface, place_id):
    assert (surface, "border", place_id) in found(text)


def test_a_pair_without_a_drawn_line_is_found_without_a_place(found):
    assert ("Tajik border", "border", None) in found("Afghan soldiers fled across the Tajik border in July.")


def test_a_lone_border_with_no_other_country_in_the_text_is_found_without_a_place(found):
    assert found("Night fell on the Georgian border.") == [("Georgian border", "border", None)]


def test_the_possessive_form_keeps_its_s_and_leaves_the_country_out(found):
    mentions = found("In North Ossetia, Georgia's border crossing at Upper Lars stayed open.")
    assert ("Georgia's border", "border", None) in mentions
    assert not any(surface == "Georgia" for surface, _, _ in mentions)


def test_a_sentence_runs_from_its_opening_word_to_the_next_one(keys, lexicon):
    words = WordReader(keys, frozenset(lexicon.demonyms)).read("One two. Three four five. Six")
    assert sentence_of(words, 3) == (2, 4)
    assert sentence_of(words, 0) == (0, 1)
    assert sentence_of(words, 5) == (5, 5)
