"""geo/render/markdown.py: data shown in Streamlit markdown reads literally, and links only to whole web addresses."""
import pytest

from geo.render.markdown import WORD_JOINER, md_link, md_text
from tests.conftest import HOSTILE


@pytest.mark.parametrize("value", [*HOSTILE, "[click](javascript:alert(1))", "**bold** _it_ # head", "a|b~c$d$"])
def test_every_special_character_is_escaped(value):
    escaped = md_text(value)
    for char in "[]()*_#<>`$|~":
        assert escaped.count(char) == escaped.count("\\" + char)


def test_whitespace_runs_and_newlines_become_one_space():
    """A newline would start a new markdown block (a heading, a list, an image) from data."""
    assert md_text("Yerevan\n# Heading\n\n- item") == "Yerevan \\# Heading \\- item"


@pytest.mark.parametrize("text", ["see https://phish.example/login", "www.phish.example", "a@phish.example"])
def test_addresses_inside_text_are_broken_by_an_invisible_joiner(text):
    shown = md_text(text)
    assert WORD_JOINER in shown and shown.replace(WORD_JOINER, "").replace("\\", "") == text


def test_a_link_has_an_escaped_label_and_an_angle_bracketed_address():
    assert md_link("https://x.org/a b", "x") == "x"  # a space inside: not an address, only the label is shown
    assert md_link("https://x.org/a(b)", "[TASS] *news*") == "[\\[TASS\\] \\*news\\*](<https://x.org/a(b)>)"


def test_a_non_web_address_shows_only_its_label():
    assert md_link("javascript:alert(1)", "Evil") == "Evil"
