"""Blocks that more than one screen shows: the event details panel and its related events."""

import streamlit as st

from geo.alliance.events import Event
from geo.alliance.filters import related_events
from geo.atlas import Atlas
from geo.render.markdown import md_link, md_text
from geo.render.popups import source_label
from geo.render.scene import counted, country_names
from geo.render.selection import event_id_from_query


def select_event(event_id: str | None) -> None:
    """The selected event lives in the URL (?event=E22), so a copied link shows it too."""
    if event_id:
        st.query_params["event"] = event_id
    else:
        st.query_params.pop("event", None)


def event_panel(event: Event, atlas: Atlas, related: bool = True) -> None:
    names = country_names(atlas)
    category = atlas.categories[event.category]
    st.subheader(md_text(event.title), anchor=False)
    st.caption(md_text(f"{event.date_label} · precision: {event.precision_label} · {category.label} · {event.id}"))
    places = ", ".join(f"{p.name}{' (approximate area or line)' if p.kind != 'city' else ''}" for p in event.places)
    st.markdown(f"**Places:** {md_text(places or 'not documented')}")
    if event.place_note:
        st.caption(md_text(event.place_note))
    st.markdown(md_text(event.summary))
    if event.disputed:
        st.warning(md_text(f"Sources disagree: {event.disputed}"), icon="⚖️")
    st.markdown(f"**Countries:** {md_text(', '.join(names.get(c, c) for c in event.countries))}")
    st.markdown(f"**Sources** ({md_text(event.confidence)} confidence):")
    st.markdown("\n".join(f"- {md_link(s.url, source_label(s.outlet, s.title, s.date))}" for s in event.sources))
    if related:
        related_list(event, atlas)


def related_list(event: Event, atlas: Atlas) -> None:
    """Events at the same place or among the same countries, each a button that selects it."""
    related = related_events(event, atlas.events)
    if related:
        st.markdown("**Related events**")
        for other in related:
            st.button(
                md_text(f"{other.start.label} · {other.title}"),
                key=f"related_{other.id}",
                on_click=select_event,
                args=(other.id,),
                width="stretch",
            )
    st.button("Clear selection", key="clear_event", on_click=select_event, args=(None,))


def is_new_click(returned: dict | None) -> bool:
    """st_folium keeps returning the last click; only a click we have not handled yet selects an event."""
    click = repr((returned or {}).get("last_object_clicked")) + repr(
        (returned or {}).get("last_object_clicked_tooltip")
    )
    if st.session_state.get("handled_click") == click:
        return False
    st.session_state.handled_click = click
    return True


def event_list(events: list[Event]) -> None:
    """One list to pick from, not a button per event: a widget costs about as much to send as the rest of a year
    change, so ten buttons were a fifth of one (bench/README-load.md)."""
    labels = {event.id: md_text(f"{event.start.label} · {event.title}") for event in events}
    st.radio(
        f"**{counted(len(events), 'event', 'events')}** — click a marker, or pick one here:",
        list(labels),
        index=None,
        format_func=labels.__getitem__,
        key="event_pick",
        on_change=_picked,
    )


def _picked() -> None:
    """Select the event picked, and leave the list unpicked for when the reader comes back to it."""
    select_event(st.session_state.event_pick)
    st.session_state.event_pick = None


def selected_event(atlas: Atlas) -> Event | None:
    """The event named by the URL's `event`, if the atlas knows it."""
    return atlas.event(event_id_from_query(st.query_params, atlas.event_ids) or "")


def selection_panel(atlas: Atlas, shown: list[Event], year: int) -> None:
    """The selected event in full (with a way to its own year when another is shown), or the list to pick from."""
    if selected := selected_event(atlas):
        if not selected.first_day.year <= year <= selected.last_day.year:
            st.button(
                f"Show {selected.first_day.year} on the map (this event is not in {year})",
                key="event_year",
                on_click=_show_year,
                args=(selected.first_day.year,),
                type="primary",
            )
        event_panel(selected, atlas)
    else:
        event_list(shown)


def _show_year(year: int) -> None:
    """A button's callback runs before the next run draws the Year slider, so the slider may still be set."""
    st.session_state.year = year
