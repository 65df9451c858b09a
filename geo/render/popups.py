"""Popup and tooltip text for map objects, assembled only from escaped pieces (geo.render.html).

Every data field is shortened to a fixed length first: the map's page travels to the browser on each update, so
a megabyte-long field must not make a megabyte-long page. The side panel shows the whole text.
"""

from geo.alliance.bases import Base
from geo.alliance.events import Category, Event
from geo.alliance.my_event import MyEvent
from geo.news.reader_places import VILLAGE
from geo.render.html import html_text, safe_link

LABEL_CHARS = 160  # a tooltip, a title or any other one-line field
TEXT_CHARS = 800  # a summary, a note, a tooltip that carries a note
LEGEND_CHARS = 120  # a category or event type in the legend
SHORTENED = "… (shortened)"


def shortened(text: str, limit: int) -> str:
    """The text if it fits, else its first `limit` characters and a note saying so."""
    return text if len(text) <= limit else text[:limit].rstrip() + SHORTENED


def event_label(event: Event) -> str:
    """Tooltip text; also how a click on a marker is traced back to its event (geo.render.selection)."""
    return f"{shortened(event.title, LABEL_CHARS)} ({event.date_label})"


def _line(text: str) -> str:
    return html_text(shortened(text, LABEL_CHARS))


def _paragraph(text: str) -> str:
    return html_text(shortened(text, TEXT_CHARS))


def _source_link(url: str, label: str) -> str:
    return safe_link(url, shortened(label, LABEL_CHARS))


def event_popup_html(event: Event, category: Category, country_names: dict[str, str]) -> str:
    places = ", ".join(
        p.name + (" (approximate)" if p.approximate or p.kind not in ("city",) else "") for p in event.places
    )
    rows = [
        f'<div class="aa-popup" data-event="{html_text(event.id)}">',
        f"<b>{_line(event.title)}</b>",
        f"<div>{html_text(event.date_label)} <small>(precision: {html_text(event.precision_label)})</small></div>",
        f"<div><i>{_line(category.label)}</i> · {_line(event.id)}</div>",
        f"<div>Places: {_line(places or 'not documented')}</div>",
    ]
    if event.place_note:
        rows.append(f"<div><small>{_paragraph(event.place_note)}</small></div>")
    rows.append(f"<p>{_paragraph(event.summary)}</p>")
    if event.disputed:
        rows.append(f"<div><b>Sources disagree:</b> {_paragraph(event.disputed)}</div>")
    countries = ", ".join(country_names.get(c, c) for c in event.countries)
    rows.append(f"<div>Countries: {_line(countries)}</div>")
    links = "".join(f"<li>{_source_link(s.url, source_label(s.outlet, s.title, s.date))}</li>" for s in event.sources)
    rows.append(f"<div>Sources ({html_text(event.confidence)} confidence):<ul>{links}</ul></div></div>")
    return "".join(rows)


def source_label(outlet: str, title: str, day: str | None) -> str:
    return ", ".join(part for part in (outlet, title, day) if part)


def base_label(base: Base) -> str:
    where = f"{base.place.name}" + (" (point is the town, not the facility)" if base.approximate_location else "")
    return shortened(f"{base.name} — {base.kind}, {base.years_label}, at {where}", LABEL_CHARS)


def base_popup_html(base: Base) -> str:
    links = "".join(f"<li>{_source_link(url, url)}</li>" for url in base.sources)
    return (
        f"<b>{_line(base.name)}</b><div>{_line(base.kind)}, {html_text(base.years_label)}</div>"
        f"<p>{_paragraph(base.note)}</p><div>Sources:<ul>{links}</ul></div>"
    )


def my_event_label(event: MyEvent, own: bool = True) -> str:
    """A reader's own event, or (in team mode) one another analyst kept and published to the team."""
    return f"{shortened(event.title, LABEL_CHARS)} ({event.start.label}) — {'my event' if own else 'team event'}"


def _placed_by_hand(event: MyEvent) -> str:
    """A place the analyst put on the map by a click (Ingest) is theirs, not a gazetteer's, and only approximate."""
    return " <small>(placed by hand on the map: approximate point)</small>" if event.place_kind == VILLAGE else ""


def my_event_popup_html(event: MyEvent, own: bool = True) -> str:
    """The same layout as a curated event's popup, with what a user event has: place, countries, note, source; and
    whose it is (the reader's own, or another analyst's, published to the team)."""
    source = _source_link(event.source, event.source) if event.source else "none given"
    return (
        f'<div class="aa-popup" data-event="{html_text(event.id)}"><b>{_line(event.title)}</b>'
        f"<div>{html_text(event.start.label)} <small>(precision: {html_text(event.start.precision.value)})"
        f"</small></div><div><i>{'My event' if own else 'Published to the team by another analyst'}</i></div>"
        f"<div>Place: {_line(event.place_name or 'not given')}{_placed_by_hand(event)}</div>"
        f"<p>{_paragraph(event.note)}</p><div>Countries: {_line(', '.join(event.countries) or '—')}</div>"
        f"<div>Source: {source}</div></div>"
    )
