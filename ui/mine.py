"""The user's own events: proposing one from an article, and listing, deleting, exporting and importing them."""

import streamlit as st

from geo.dates import FuzzyDate, Precision
from geo.problems import DataError
from geo.render.markdown import md_text
from geo.store.my_events import new_event
from ui import loaders


def propose_event(places: list, dates: list, countries: tuple[str, ...], source: str) -> None:
    """A draft event from the article: the user writes the title and confirms place and date."""
    st.subheader("Propose an event", anchor=False)
    dated = [d for d in dates if d.date is not None]
    with st.form("propose_event", clear_on_submit=True):
        title = st.text_input("Title (your own words)", max_chars=200)
        place = st.selectbox(
            "Place",
            places,
            format_func=lambda p: f"{p.name} ({p.kind}, {p.country_iso3 or '—'})",
            index=0 if places else None,
        )
        found = st.selectbox(
            "Date found in the article",
            dated,
            index=0 if dated else None,
            format_func=lambda d: f"{d.date.label} — “{d.surface}”",
        )
        other = st.date_input("…or another date", value=None)
        chosen = st.multiselect(
            "Countries involved (ISO3)",
            sorted(set(countries) | {p.country_iso3 for p in places if p.country_iso3}),
            default=list(countries[:4]),
        )
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
        picked = st.multiselect(
            "Select events to delete", events, key="delete_events", format_func=lambda e: f"{e.start.label} · {e.title}"
        )
        if st.button("Delete selected", disabled=not picked):
            st.toast(f"Deleted {store.delete(e.id for e in picked)} events")
            st.rerun()
        left, right = st.columns(2)
        left.download_button("Export (CSV)", store.export_csv(), "my-events.csv", "text/csv")
        right.download_button("Export (GeoJSON)", store.export_geojson(), "my-events.geojson", "application/geo+json")
    upload = st.file_uploader(
        "Import events (CSV or GeoJSON exported here)", type=["csv", "geojson", "json"], key="import_events"
    )
    if upload is not None and st.button("Import this file"):
        try:
            report = store.import_file(upload.name, upload.getvalue())
        except DataError as error:
            st.error("Nothing was imported:\n\n" + "\n".join(f"- {md_text(str(p))}" for p in error.problems))
        else:
            st.success(f"Imported {report.added} events ({report.already_present} were already there).")
