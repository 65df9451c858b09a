"""Blocks that more than one screen shows: the event details panel and its related events."""
import streamlit as st

from geo.atlas import Atlas
from geo.dates import FuzzyDate, Precision
from geo.events import Event
from geo.filters import related_events
from geo.markdown import md_link, md_text
from geo.popups import source_label
from geo.problems import DataError
from geo.scene import country_names
from geo.selection import event_id_from_query
from geo.userstore import new_event
from ui import loaders


def select_event(event_id: str | None) -> None:
    """The selected event lives in the URL (?event=E22), so a copied link shows it too."""
    if event_id:
        st.query_params["event"] = event_id
    else:
        st.query_params.pop("event", None)


def event_panel(event: Event, atlas: Atlas) -> None:
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
    related = related_events(event, atlas.events)
    if related:
        st.markdown("**Related events**")
        for other in related:
            st.button(md_text(f"{other.start.label} · {other.title}"), key=f"related_{other.id}", on_click=select_event,
                      args=(other.id,), width="stretch")
    st.button("Clear selection", key="clear_event", on_click=select_event, args=(None,))


def is_new_click(returned: dict | None) -> bool:
    """st_folium keeps returning the last click; only a click we have not handled yet selects an event."""
    click = repr((returned or {}).get("last_object_clicked")) + repr((returned or {}).get("last_object_clicked_tooltip"))
    if st.session_state.get("handled_click") == click:
        return False
    st.session_state.handled_click = click
    return True


def event_list(events: list[Event]) -> None:
    st.markdown(f"**{len(events)} events** — click a marker, or pick one here:")
    for event in events:
        st.button(md_text(f"{event.start.label} · {event.title}"), key=f"list_{event.id}", on_click=select_event,
                  args=(event.id,), width="stretch")


def propose_event(places: list, dates: list, countries: tuple[str, ...], source: str) -> None:
    """A draft event from the article: the user writes the title and confirms place and date."""
    st.subheader("Propose an event", anchor=False)
    dated = [d for d in dates if d.date is not None]
    with st.form("propose_event", clear_on_submit=True):
        title = st.text_input("Title (your own words)", max_chars=200)
        place = st.selectbox("Place", places, format_func=lambda p: f"{p.name} ({p.kind}, {p.country_iso3 or '—'})",
                             index=0 if places else None)
        found = st.selectbox("Date found in the article", dated, index=0 if dated else None,
                             format_func=lambda d: f"{d.date.label} — “{d.surface}”")
        other = st.date_input("…or another date", value=None)
        chosen = st.multiselect("Countries involved (ISO3)", sorted(set(countries) | {p.country_iso3 for p in places
                                                                                    if p.country_iso3}),
                                default=list(countries[:4]))
        note = st.text_area("Note", max_chars=2000)
        link = st.text_input("Source (URL or article name)", value=source, max_chars=500)
        if st.form_submit_button("Keep this event", type="primary"):
            start = FuzzyDate(other, Precision.DAY) if other else (found.date if found else None)
            if start is None:
                st.error("Choose a date found in the article or enter one.")
                return
            try:
                loaders.store().add(new_event(title, start, place, countries=chosen, note=note, source=link))
            except DataError as error:
                st.error("\n".join(f"- {md_text(p.field)}: {md_text(p.message)}" for p in error.problems))
                return
            st.success(f"Kept “{md_text(title)}” in your events.")


def my_events() -> None:
    """The user's own events: list, delete, export and import (a bad import adds nothing and says why)."""
    store = loaders.store()
    events = store.events()
    st.subheader(f"My events ({len(events)})", anchor=False)
    if events:
        picked = st.multiselect("Select events to delete", events, key="delete_events",
                                format_func=lambda e: f"{e.start.label} · {e.title}")
        if st.button("Delete selected", disabled=not picked):
            st.toast(f"Deleted {store.delete(e.id for e in picked)} events")
            st.rerun()
        left, right = st.columns(2)
        left.download_button("Export (CSV)", store.export_csv(), "my-events.csv", "text/csv")
        right.download_button("Export (GeoJSON)", store.export_geojson(), "my-events.geojson", "application/geo+json")
    upload = st.file_uploader("Import events (CSV or GeoJSON exported here)", type=["csv", "geojson", "json"],
                              key="import_events")
    if upload is not None and st.button("Import this file"):
        try:
            report = store.import_file(upload.name, upload.getvalue())
        except DataError as error:
            st.error("Nothing was imported:\n\n" + "\n".join(f"- {md_text(str(p))}" for p in error.problems))
        else:
            st.success(f"Imported {report.added} events ({report.already_present} were already there).")


def selection_panel(atlas: Atlas, shown: list[Event]) -> None:
    """The selected event (from the URL) in full, or the list of shown events to pick from."""
    if selected := atlas.event(event_id_from_query(st.query_params, atlas.event_ids) or ""):
        event_panel(selected, atlas)
    else:
        event_list(shown)
