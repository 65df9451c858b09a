"""geo/render/markdown.py: data shown in Streamlit markdown reads literally, and links only to whole web addresses.

A source cell whose address carries a newline or a space is checked, for both link builders, in test_html.py.
"""

import pytest

from geo.render.markdown import WORD_JOINER, md_link, md_text, under_title
from tests.conftest import HOSTILE


@pytest.mark.parametrize(
    "value", [*HOSTILE, "[click](javascript:alert(1))", "**bold** _it_ # head", "a|b~c$d$", "{x} +1 -2 3. !img: `code`"]
)
def test_every_special_character_is_escaped(value):
    escaped = md_text(value)
    for char in "[]()*_#<>`$|~{}+-.!:":
        assert escaped.count(char) == escaped.count("\\" + char), char


def test_a_backslash_in_data_is_shown_not_used_as_an_escape():
    assert md_text("C:\\*not bold*") == "C\\:\\\\\\*not bold\\*"


def test_whitespace_runs_and_newlines_become_one_space():
    """A newline would start a new markdown block (a heading, a list, an image) from data."""
    assert md_text("Yerevan\n# Heading\n\n- item\t![x](y)") == "Yerevan \\# Heading \\- item \\!\\[x\\]\\(y\\)"


@pytest.mark.parametrize("text", ["see https://phish.example/login", "www.phish.example", "write to a@phish.example"])
def test_addresses_in_data_text_are_not_made_clickable(text):
    """Streamlit links addresses it finds in text, escaped or not; a word joiner breaks them, invisibly."""
    shown = md_text(text).replace("\\", "")
    assert shown.replace(WORD_JOINER, "") == text  # the reader sees the text unchanged
    assert "://" not in shown and "www." not in shown and "@p" not in shown


def test_a_link_has_an_escaped_label_and_an_angle_bracketed_address():
    assert md_link("https://x.org/a(b)", "[TASS] *news*") == "[\\[TASS\\] \\*news\\*](<https://x.org/a(b)>)"
    assert md_link("https://x.org/a b", "x") == "x"  # a space inside: not an address, only the label is shown


def test_a_newline_in_a_label_cannot_start_an_image_or_a_second_link():
    link = md_link("https://tass.com/1", "TASS\n![p](https://t.example/p.png)")
    assert link == "[TASS \\!\\[p\\]\\(https\\:\u2060//t\\.example/p\\.png\\)](<https://tass.com/1>)"


@pytest.mark.parametrize("url", ["javascript:alert(1)", "data:text/html,<b>x</b>", "Yerevan"])
def test_a_non_web_address_shows_only_its_label(url):
    assert md_link(url, "Evil <b>") == "Evil \\<b\\>"


def test_a_document_under_a_page_title_has_smaller_headings_and_untouched_code():
    document = "# Data\n\nText #1.\n\n```sh\n# a comment\nmake run\n```\n## Sources\n##### Deep\n#not a heading"
    assert under_title(document) == (
        "### Data\n\nText #1.\n\n```sh\n# a comment\nmake run\n```\n#### Sources\n###### Deep\n#not a heading"
    )
