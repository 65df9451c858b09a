"""Reading articles: text kept exactly, HTML stripped to what a reader sees, sizes and encodings refused clearly."""

from datetime import date

import pytest

import geo.news.article
from geo.news.article import ArticleError, article_from_bytes, read_article
from tests.conftest import HOSTILE
from tests.linecount import lines_run


def html_to_text(markup: str) -> str:
    """What the geoparser reads of an uploaded HTML page."""
    return article_from_bytes("page.html", markup.encode("utf-8")).text


def test_text_and_markdown_are_kept_character_for_character():
    raw = "Published: 2023-10-05\r\n\r\n# Gyumri\r\n\ufeffŞuşa — *Kant*\r\n"
    for name in ("a.txt", "a.md"):
        article = article_from_bytes(name, raw.encode("utf-8"))
        assert article.text == raw  # line ends untouched, so offsets point into the file
        assert article.published == date(2023, 10, 5)
    assert article_from_bytes("a.txt", b"no date here").published is None


def test_html_becomes_the_text_a_reader_sees():
    markup = """<!doctype html><html><head><title>Kant &amp; Bishkek</title>
    <meta property="article:published_time" content="2023-10-13T08:00:00Z">
    <style>p { color: red }</style><script>var place = "Moscow";</script></head>
    <body><h1>CSTO summit</h1><p>Leaders met in <b>Bishkek</b>&nbsp;on Friday.</p>
    <noscript>Enable JavaScript in Paris</noscript><ul><li>Kant</li><li>Minsk</li></ul></body></html>"""
    article = article_from_bytes("page.html", markup.encode())
    assert article.text == "Kant & Bishkek\n\nCSTO summit\n\nLeaders met in Bishkek on Friday.\n\nKant\n\nMinsk"
    assert article.published == date(2023, 10, 13)
    assert article.format == "html"


def test_html_without_a_closing_head_still_keeps_the_body():
    assert html_to_text("<html><head><title>T</title><body><p>Yerevan</p>") == "T\n\nYerevan"


def test_the_body_closes_what_the_head_left_open():
    assert html_to_text("<head><noscript>Enable scripts<body><p>Yerevan</p>") == "Yerevan"


def test_deeply_nested_elements_are_dropped_and_what_follows_is_kept():
    depth = 20_000  # 220 KB of markup: with a stack scan per end tag this took seconds on every rerun
    markup = "<p>Gyumri</p>" + "<svg><text>Paris</text>" * depth + "</svg>" * depth + "<p>Kant</p>"
    assert html_to_text(markup) == "Gyumri\n\nKant"


def test_work_grows_with_the_markup_not_with_its_square():
    """Each <body> used to rebuild the whole stack of open elements."""

    def markup(n: int) -> str:
        return "<svg>" * n + "<head><body>" * n

    small, large = (lines_run(geo.news.article, lambda n=n: html_to_text(markup(n))) for n in (500, 1000))
    assert large < 2.2 * small  # quadratic work would make it close to 4 times


@pytest.mark.parametrize(
    "markup, published",
    [
        ('<meta name="date" content="2022-09-14">', date(2022, 9, 14)),
        ('<meta itemprop="datePublished" content="2024-02-22T10:00">', date(2024, 2, 22)),
        ('<time datetime="2021-04-29">29 April</time>', date(2021, 4, 29)),
        ('<meta name="date" content="yesterday">', None),
        ('<meta name="date" content="2022-13-40">', None),
    ],
)
def test_html_publication_dates(markup, published):
    page = f"<html><head>{markup}</head><body>x</body></html>".encode()
    assert article_from_bytes("a.html", page).published == published


@pytest.mark.parametrize("hostile", HOSTILE)
def test_hostile_markup_leaves_no_tags(hostile):
    text = html_to_text(f"<p>Gyumri {hostile}</p><script>{hostile}</script>")
    assert "<script" not in text and "<img" not in text and "alert(1)</script>" not in text
    assert text.startswith("Gyumri")


def test_an_oversized_upload_is_refused_with_the_limit():
    with pytest.raises(ArticleError, match=r"big\.html: the file is over the 1 KB limit"):
        article_from_bytes("big.html", b"x" * 1001, max_bytes=1000)
    assert article_from_bytes("ok.txt", b"x" * 1000, max_bytes=1000).text == "x" * 1000


def test_a_page_of_too_many_tags_is_refused_with_the_limit():
    with pytest.raises(ArticleError, match=r"deep\.html: the page has over 100,000 tags; save the article's text"):
        article_from_bytes("deep.html", b"<svg>" * 100_001)
    assert article_from_bytes("ok.html", b"<b>" * 100_000).text == ""


def test_reading_a_large_file_stops_at_the_limit(tmp_path):
    path = tmp_path / "huge.txt"
    path.write_bytes(b"Gyumri " * 10_000)
    with pytest.raises(ArticleError, match="huge.txt"):
        read_article(path, max_bytes=5_000)
    assert read_article(path, max_bytes=100_000).text.startswith("Gyumri ")


def test_other_file_types_and_encodings_are_refused():
    with pytest.raises(ArticleError, match=r"report\.pdf: only .*\.html.*\.txt"):
        article_from_bytes("report.pdf", b"%PDF")
    with pytest.raises(ArticleError, match="notes.txt: byte 7 is not UTF-8"):
        article_from_bytes("notes.txt", "Gyumri é".encode("latin-1"))


@pytest.mark.parametrize(
    "text, published",
    [
        ("YEREVAN, 14 March 2025 — Shelling hit Sotk on Tuesday.", date(2025, 3, 14)),
        ("Brussels 06.01.2022 — NATO said.", date(2022, 1, 6)),  # day first, as European agencies write it
        ("NUR-SULTAN, 14 Sept 2021 - Officials said.", date(2021, 9, 14)),
        ("Upper Lars, 3 May 2024 — Trucks waited.", date(2024, 5, 3)),
        ("Published: 2023-10-05\nYEREVAN, 14 March 2025 — x", date(2023, 10, 5)),  # an explicit line wins
        ("ALMATY, 5 January — Protests spread.", None),  # no year: completed by the date, not the other way
        ("On 3 May 2024 — the talks began.", None),  # a sentence dated in it, not a dateline
        ("Shells fell on 12 March 2023 - witnesses said.", None),
        ("KAPAN, 31.02.2024 — x", None),  # no such day
    ],
)
def test_a_dateline_opening_a_text_gives_its_publication_date(text, published):
    """So 'on Tuesday' and '12 March' in the article get their year without the reader typing the date."""
    assert article_from_bytes("pasted.txt", text.encode()).published == published
