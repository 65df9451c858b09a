"""geo/weblinks.py: which texts may become links. Checked when sources are loaded and again when links are drawn."""

import pytest

from geo.weblinks import MAX_URL_CHARS, is_web_url, web_url


@pytest.mark.parametrize(
    "url",
    [
        "https://tass.com/politics/1710501",
        "http://example.org/a?b=c#d",
        "HTTPS://EXAMPLE.ORG/",
        "https://[2001:db8::1]/x",
    ],
)
def test_a_whole_http_address_with_a_host_is_a_link(url):
    assert is_web_url(url) and web_url(url) == url  # already safe: linked as written


@pytest.mark.parametrize(
    "url",
    [
        "javascript:alert(1)",
        "data:text/html,<script>",
        "file:///etc/passwd",
        "//evil.example",
        "https://",
        "ftp://example.org/x",
        "https://[::1",
        "Yerevan",
    ],
)
def test_other_schemes_and_broken_addresses_are_text(url):
    assert web_url(url) is None and not is_web_url(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://a.org/x\n![p](https://t.example/p.png)",
        "https://a.org/x y",
        "https://a.org/\u2028x",
        "https://a.org/\x00",
        "https://a.org/\u200bx",
    ],
)
def test_a_control_character_or_space_inside_keeps_it_text(url):
    """Each would end a markdown or HTML link early and let the rest run as markup."""
    assert web_url(url) is None


def test_unsafe_characters_are_percent_encoded_and_outer_spaces_trimmed():
    assert web_url(' https://x.org/a"b<c>ОДКБ ') == "https://x.org/a%22b%3Cc%3E%D0%9E%D0%94%D0%9A%D0%91"
    assert web_url("https://x.org/a?b=c&d=%20e#f") == "https://x.org/a?b=c&d=%20e#f"  # reserved and escapes kept


def test_an_address_longer_than_any_real_source_is_text():
    base = "https://x.org/"
    assert web_url(base + "a" * (MAX_URL_CHARS - len(base))) is not None
    assert web_url(base + "a" * (MAX_URL_CHARS - len(base) + 1)) is None
