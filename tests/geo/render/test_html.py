import pytest

from geo.render.html import html_text, safe_link
from geo.weblinks import is_web_url
from geo.render.markdown import md_link, md_text
from tests.conftest import HOSTILE


@pytest.mark.parametrize("value", HOSTILE)
def test_html_text_leaves_nothing_active(value):
    escaped = html_text(value)
    assert not set("<>`$\\").intersection(escaped)


@pytest.mark.parametrize("url, linked", [
    ("https://tass.com/politics/1710501", True),
    ("http://example.org/a?b=c", True),
    ("javascript:alert(1)", False),
    ("data:text/html,<script>alert(1)</script>", False),
    ("//evil.example", False),
    ("https://", False),
])
def test_only_web_addresses_become_links(url, linked):
    assert is_web_url(url) is linked
    assert ("<a href" in safe_link(url, "label")) is linked
    assert ("](<" in md_link(url, "label")) is linked


def test_safe_link_escapes_the_address_and_label():
    link = safe_link('https://x.org/"onmouseover="alert(1)', "<b>")
    assert '"onmouseover' not in link and "&lt;b&gt;" in link


@pytest.mark.parametrize("value", HOSTILE + ["[click](javascript:alert(1))", "**bold** _it_ # head"])
def test_md_text_escapes_markdown(value):
    escaped = md_text(value)
    for char in "[]()*_#<>`$":
        assert escaped.count(char) == escaped.count("\\" + char)
