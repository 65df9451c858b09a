import pytest

from geo.render.html import html_text, safe_link
from geo.render.markdown import md_link
from geo.weblinks import is_web_url
from tests.conftest import HOSTILE


@pytest.mark.parametrize("value", HOSTILE)
def test_html_text_leaves_nothing_active(value):
    escaped = html_text(value)
    assert not set("<>`$\\").intersection(escaped)


@pytest.mark.parametrize(
    "url, linked",
    [
        ("https://tass.com/politics/1710501", True),
        ("http://example.org/a?b=c", True),
        ("javascript:alert(1)", False),
        ("data:text/html,<script>alert(1)</script>", False),
        ("//evil.example", False),
        ("https://", False),
    ],
)
def test_only_web_addresses_become_links(url, linked):
    assert is_web_url(url) is linked
    assert ("<a href" in safe_link(url, "label")) is linked
    assert ("](<" in md_link(url, "label")) is linked


def test_safe_link_escapes_the_address_and_label():
    link = safe_link('https://x.org/"onmouseover="alert(1)', "<b>")
    assert '"onmouseover' not in link and "&lt;b&gt;" in link


# A source cell of an imported file (issue 10, finding 7): a newline starts an image (an outside request) and a
# phishing link in the side panel; a tab, a line separator or a space inside do the same with other renderers.
SMUGGLED = [
    "https://acleddata.com/a\n![pixel](https://tracker.example/p.png) [Log in again](https://phish.example)",
    "https://acleddata.com/a\r\n<img src=x onerror=alert(1)>",
    "https://acleddata.com/a\t[x](javascript:alert(1))",
    "https://acleddata.com/a\u2028![pixel](https://tracker.example/p.png)",
    "https://acleddata.com/a ![pixel](https://tracker.example/p.png)",
    "https://acleddata.com/a\x00b",
    "javascript:alert(1)//https://acleddata.com",
]


@pytest.mark.parametrize("url", SMUGGLED)
def test_an_address_with_control_characters_or_spaces_is_shown_as_text(url):
    assert not is_web_url(url)
    markdown = md_link(url, url)
    assert "](" not in markdown.replace("\\]\\(", "") and "\n" not in markdown
    assert "://" not in markdown.replace("\\:", ":")  # Streamlit would link a bare address found in the text
    assert "<a " not in safe_link(url, url) and "<img" not in safe_link(url, url)


@pytest.mark.parametrize(
    "url, address",
    [
        ("https://ru.wikipedia.org/wiki/ОДКБ", "https://ru.wikipedia.org/wiki/%D0%9E%D0%94%D0%9A%D0%91"),
        ('https://x.org/a>b<c"d\\e`f{g}', "https://x.org/a%3Eb%3Cc%22d%5Ce%60f%7Bg%7D"),
        ("  https://x.org/a?b=c&d=%20e#f  ", "https://x.org/a?b=c&d=%20e#f"),
    ],
)
def test_a_whole_web_address_is_linked_with_unsafe_characters_percent_encoded(url, address):
    assert md_link(url, "label") == f"[label](<{address}>)"
    assert f'href="{address.replace("&", "&amp;")}"' in safe_link(url, "label")
