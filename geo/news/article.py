"""News articles as plain text: .txt and .md as written, .html stripped to its words, with a size limit.

Text and Markdown are kept character for character (decoded as UTF-8, line ends untouched), so mention offsets point
into the file itself. HTML becomes text through the standard library's parser: script, style and other non-content
elements are dropped, block elements end a line, and a publication date is read from the usual meta tags.
"""

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

from geo.dates import Precision
from geo.news.textdates import find_dates

MAX_ARTICLE_BYTES = 2_000_000
MAX_HTML_TAGS = 100_000  # a 2 MB news page has some 20,000; the standard parser takes about 20 µs a tag
SUFFIXES = {".txt": "text", ".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html"}
DROPPED = {"script", "style", "noscript", "template", "svg", "iframe", "object", "head"}
BLOCKS = {
    "p",
    "div",
    "br",
    "li",
    "ul",
    "ol",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "tr",
    "td",
    "th",
    "table",
    "section",
    "article",
    "header",
    "footer",
    "blockquote",
    "pre",
    "hr",
    "figcaption",
    "title",
    "dd",
    "dt",
}
VOID = {"br", "hr", "img", "meta", "link", "input", "area", "base", "col", "embed", "source", "track", "wbr"}
DATE_META = {
    "article:published_time",
    "datepublished",
    "pubdate",
    "publishdate",
    "date",
    "dc.date",
    "dc.date.issued",
    "og:published_time",
    "sailthru.date",
}
_LEADING_DATE = re.compile(r"(\d{4}-\d{2}-\d{2})")
_TEXT_DATE_LINE = re.compile(r"^(?:published|date|dated)\s*:\s*(\d{4}-\d{2}-\d{2})\b", re.IGNORECASE | re.MULTILINE)
_SPACES = re.compile(r"[ \t\r\f\v\u00a0]+")
_BLANK_LINES = re.compile(r"\n\s*\n+")


class ArticleError(ValueError):
    """An article that cannot be read; the message names the file and says what to do."""


@dataclass(frozen=True, slots=True)
class Article:
    name: str  # file name as uploaded or given
    text: str  # what the geoparser reads; mention offsets index into it
    format: str  # "text" | "markdown" | "html"
    published: date | None  # from HTML meta tags or a 'Published: YYYY-MM-DD' line near the top


def read_article(path: Path, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """Reads at most max_bytes + 1 bytes, so an oversized file is refused without loading it whole."""
    with path.open("rb") as stream:
        data = stream.read(max_bytes + 1)
    return article_from_bytes(path.name, data, max_bytes)


def article_from_bytes(name: str, data: bytes, max_bytes: int = MAX_ARTICLE_BYTES) -> Article:
    """An uploaded file (st.file_uploader gives name and bytes); ArticleError says why one is refused."""
    file_format = SUFFIXES.get(Path(name).suffix.casefold())
    if file_format is None:
        raise ArticleError(f"{name}: only {', '.join(sorted(SUFFIXES))} files can be read")
    if len(data) > max_bytes:
        raise ArticleError(
            f"{name}: the file is over the {_size(max_bytes)} limit for articles; upload a shorter extract"
        )
    try:
        decoded = data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise ArticleError(f"{name}: byte {error.start} is not UTF-8; save the file as UTF-8 and try again") from None
    if file_format == "html":
        if decoded.count("<") > MAX_HTML_TAGS:
            raise ArticleError(
                f"{name}: the page has over {MAX_HTML_TAGS:,} tags; save the article's text "
                f"(or only its main part) and upload that"
            )
        parsed = _parsed(decoded)
        return Article(name, _text_of(parsed), file_format, next(filter(None, map(_iso_date, parsed.dates)), None))
    return Article(name, decoded, file_format, text_published(decoded))


def _parsed(markup: str) -> "_TextParser":
    parser = _TextParser()
    parser.feed(markup)
    parser.close()
    return parser


def _text_of(parser: "_TextParser") -> str:
    lines = (_SPACES.sub(" ", line).strip() for line in "".join(parser.parts).split("\n"))
    return _BLANK_LINES.sub("\n\n", "\n".join(lines)).strip()


def text_published(text: str) -> date | None:
    """A 'Published: 2023-10-05' (or 'Date:') line within the first 500 characters, else the whole date of a
    dateline opening the text ('YEREVAN, 14 March 2025 —', 'Brussels 06.01.2022 —')."""
    found = _TEXT_DATE_LINE.search(text[:500])
    return _iso_date(found.group(1)) if found else dateline_date(text)


# A dateline: a place of up to three capitalised words opening the text, a date, and a dash after it.
_DATELINE_HEAD = re.compile(r"\s*(?P<head>[^\n—–]{4,60}?)\s*(?:[—–]|-\s)")
_PLACE = re.compile(r"(?:[A-Z][^\s\d,]*(?:,?\s+|$)){1,3}")
# first words that open a sentence dated in it ("On 3 May 2024 —"), not a place
_NOT_PLACES = frozenset({"on", "in", "at", "by", "since", "until", "from", "after", "before", "as", "the"})
_DOTTED = re.compile(r"(?P<d>[0-3]?\d)\.(?P<m>[01]?\d)\.(?P<y>\d{4})$")  # day first, as European agencies write


def dateline_date(text: str) -> date | None:
    """The day a dateline gives, when it gives one whole: day, month and year, and nothing but the place before."""
    found = _DATELINE_HEAD.match(text[:120])
    if not found:
        return None
    head = found.group("head")
    if dotted := _DOTTED.search(head):
        start, day = dotted.start(), _day(int(dotted["y"]), int(dotted["m"]), int(dotted["d"]))
    else:
        dates = find_dates(head)
        last = dates[-1] if dates else None
        if last is None or last.end != len(head) or last.precision is not Precision.DAY or last.date is None:
            return None
        start, day = last.start, last.date.first
    place = head[:start]
    return day if _PLACE.fullmatch(place) and place.split()[0].casefold() not in _NOT_PLACES else None


def _day(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


class _TextParser(HTMLParser):
    """Keeps a count of each open dropped element beside their stack, so an end tag never scans the stack: with a
    scan per end tag, 180 KB of nested tags took 3.3 s; each element is now pushed and popped once."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.dates: list[str] = []
        self._dropped: list[str] = []  # open dropped elements; text inside any of them is skipped
        self._open: Counter[str] = Counter()  # how many of each tag _dropped holds

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if tag == "meta":
            key = (found.get("property") or found.get("name") or found.get("itemprop") or "").casefold()
            if key in DATE_META and found.get("content"):
                self.dates.append(found["content"])
        elif tag == "time" and found.get("datetime"):
            self.dates.append(found["datetime"])
        if tag == "body":
            self._close("head")  # </head> may be left out: the body closes it and whatever is still open in it
        if tag == "title" and self._dropped == ["head"]:
            self._open_dropped("title")  # the title is shown even though it sits in the head
        elif tag in DROPPED and tag not in VOID:
            self._open_dropped(tag)
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        self._close(tag)
        if tag in BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._dropped or self._dropped[-1] == "title":
            self.parts.append(data)

    def _open_dropped(self, tag: str) -> None:
        self._dropped.append(tag)
        self._open[tag] += 1

    def _close(self, tag: str) -> None:
        """Closes the innermost open `tag` and the elements opened inside it; nothing if `tag` is not open."""
        if not self._open[tag]:
            return
        while (closed := self._dropped.pop()) != tag:
            self._open[closed] -= 1
        self._open[tag] -= 1


def _iso_date(value: str) -> date | None:
    found = _LEADING_DATE.match(value.strip())
    if not found:
        return None
    try:
        return date.fromisoformat(found.group(1))
    except ValueError:
        return None


def _size(count: int) -> str:
    return f"{count / 1_000_000:g} MB" if count >= 1_000_000 else f"{count / 1000:g} KB"
