"""An article shown with its place and date mentions marked, built only from escaped text (geo.render.html)."""

from collections.abc import Sequence

from geo.news.geoparse import Mention
from geo.news.textdates import DateMention
from geo.render.html import html_text
from geo.render.palette import DATE_MARK, DATE_UNDERLINE, PLACE_MARK, PLACE_UNDERLINE

PLACE_STYLE = f"background:{PLACE_MARK};border-bottom:2px solid {PLACE_UNDERLINE};padding:0 1px"
DATE_STYLE = f"background:{DATE_MARK};border-bottom:2px solid {DATE_UNDERLINE};padding:0 1px"


def highlighted_html(text: str, places: Sequence[Mention], dates: Sequence[DateMention] = ()) -> str:
    """Marks never overlap: a span that starts inside an earlier one is left unmarked."""
    spans = sorted(
        [(m.start, m.end, PLACE_STYLE, _place_title(m)) for m in places]
        + [(d.start, d.end, DATE_STYLE, d.date.label if d.date else "date (year unknown)") for d in dates]
    )
    pieces, cursor = [], 0
    for start, end, style, title in spans:
        if start < cursor:
            continue
        pieces.append(_plain(text[cursor:start]))
        pieces.append(f'<mark style="{style}" title="{html_text(title)}">{_plain(text[start:end])}</mark>')
        cursor = end
    pieces.append(_plain(text[cursor:]))
    return '<div style="line-height:1.7;white-space:normal">' + "".join(pieces) + "</div>"


def _plain(text: str) -> str:
    return html_text(text).replace("\n", "<br>")


def _place_title(mention: Mention) -> str:
    if mention.place is None:
        return f"{mention.kind}: not drawn"
    place = mention.place
    approximate = ", approximate point" if place.approximate else ""
    return f"{place.name} ({mention.kind}, {place.country_iso3 or '—'}{approximate}) {mention.confidence:.2f}"
