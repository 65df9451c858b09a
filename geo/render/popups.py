"""Popup and tooltip text for map objects, assembled only from escaped pieces (geo.render.html)."""
from geo.alliance.bases import Base
from geo.alliance.events import Category, Event
from geo.render.html import html_text, safe_link
from geo.store.userstore import UserEvent


def event_label(event: Event) -> str:
    """Tooltip text; also how a click on a marker is traced back to its event (geo.render.selection)."""
    return f"{event.title} ({event.date_label})"


def event_popup_html(event: Event, category: Category, country_names: dict[str, str]) -> str:
    places = ", ".join(p.name + (" (approximate)" if p.approximate or p.kind not in ("city",) else "") for p in event.places)
    rows = [
        f'<div class="aa-popup" data-event="{html_text(event.id)}">',
        f"<b>{html_text(event.title)}</b>",
        f"<div>{html_text(event.date_label)} <small>(precision: {html_text(event.precision_label)})</small></div>",
        f"<div><i>{html_text(category.label)}</i> · {html_text(event.id)}</div>",
        f"<div>Places: {html_text(places or 'not documented')}</div>",
    ]
    if event.place_note:
        rows.append(f"<div><small>{html_text(event.place_note)}</small></div>")
    rows.append(f"<p>{html_text(event.summary)}</p>")
    if event.disputed:
        rows.append(f"<div><b>Sources disagree:</b> {html_text(event.disputed)}</div>")
    countries = ", ".join(country_names.get(c, c) for c in event.countries)
    rows.append(f"<div>Countries: {html_text(countries)}</div>")
    links = "".join(f"<li>{safe_link(s.url, source_label(s.outlet, s.title, s.date))}</li>" for s in event.sources)
    rows.append(f"<div>Sources ({html_text(event.confidence)} confidence):<ul>{links}</ul></div></div>")
    return "".join(rows)


def source_label(outlet: str, title: str, day: str | None) -> str:
    return ", ".join(part for part in (outlet, title, day) if part)


def base_label(base: Base) -> str:
    where = f"{base.place.name}" + (" (point is the town, not the facility)" if base.approximate_location else "")
    return f"{base.name} — {base.kind}, {base.years_label}, at {where}"


def base_popup_html(base: Base) -> str:
    links = "".join(f"<li>{safe_link(url, url)}</li>" for url in base.sources)
    return (f"<b>{html_text(base.name)}</b><div>{html_text(base.kind)}, {html_text(base.years_label)}</div>"
            f"<p>{html_text(base.note)}</p><div>Sources:<ul>{links}</ul></div>")


def user_event_label(event: UserEvent) -> str:
    return f"{event.title} ({event.start.label}) — my event"


def user_event_popup_html(event: UserEvent) -> str:
    """The same layout as a curated event's popup, with what a user event has: place, countries, note, source."""
    source = safe_link(event.source, event.source) if event.source else "none given"
    return (f'<div class="aa-popup" data-event="{html_text(event.id)}"><b>{html_text(event.title)}</b>'
            f"<div>{html_text(event.start.label)} <small>(precision: {html_text(event.start.precision.value)})"
            f"</small></div><div><i>My event</i></div>"
            f"<div>Place: {html_text(event.place_name or 'not given')}</div>"
            f"<p>{html_text(event.note)}</p><div>Countries: {html_text(', '.join(event.countries) or '—')}</div>"
            f"<div>Source: {source}</div></div>")
