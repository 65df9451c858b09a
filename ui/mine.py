"""The user's own events: proposing one from an article, and listing, deleting, publishing (in team mode),
exporting and importing them."""

from collections.abc import Callable

import streamlit as st

from geo.dates import FuzzyDate, Precision
from geo.places.gazetteer import Place
from geo.problems import DataError
from geo.render.markdown import md_text
from geo.store.authorship import kept_now
from geo.store.my_events import Kept, new_event
from ui import loaders, signin


def _act(action: Callable[[list[str]], str]) -> None:
    """A button's action on the picked events, run before the page is drawn again: the pick is emptied then, so
    the list shows the events as they now are and nothing stays picked for the next button by mistake."""
    ids = [k.event.id for k in st.session_state.get("picked_events") or ()]
    st.toast(action(ids))
    st.session_state.picked_events = []


def _delete(ids: list[str]) -> str:
    return f"Deleted {loaders.store().delete(ids, signin.viewer())} events"


def _publish(ids: list[str]) -> str:
    return f"Published {loaders.store().publish(ids, signin.viewer())} events: every reader sees them on the map"


def _withdraw(ids: list[str]) -> str:
    withdrawn = loaders.store().publish(ids, signin.viewer(), published=False)
    return f"Withdrew {withdrawn} events: only you see them"


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
                made = new_event(title, start, place, countries=chosen, note=note, source=link)
                viewer = signin.viewer()
                loaders.store().add(made, kept_now(viewer.user), viewer)
            except DataError as error:
                st.error("\n".join(f"- {md_text(p.field)}: {md_text(p.message)}" for p in error.problems))
                return
            st.success(f"Kept “{md_text(title)}” in your events.")


def keep_aliases(corrections: list[tuple[str, Place]]) -> None:
    """Keeps the reader's placings of possible places as aliases and reruns, so this article and the next read them.
    The mentions table starts afresh: its edits are kept by row number, and the article read with a new alias may
    have more rows (the name found again where no cue marks it), which would move an edit onto another row."""
    if not corrections:
        return
    store, viewer = loaders.store(), signin.viewer()
    for surface, place in corrections:
        store.keep_alias(surface, place, kept_now(viewer.user), viewer)
    st.session_state.pop("mention_table", None)
    st.toast(f"Kept {len(corrections)} place name{'s' if len(corrections) > 1 else ''} for your next articles")
    st.rerun()


def my_events() -> None:
    """The user's own events: list, delete, publish, export and import (a bad import adds nothing and says why)."""
    store, viewer = loaders.store(), signin.viewer()
    kept = store.mine(viewer)
    st.subheader(f"My events ({len(kept)})", anchor=False)
    if kept:
        label = "Select events to delete or publish" if viewer.team else "Select events to delete"
        picked = st.multiselect(label, kept, key="picked_events", format_func=_label(viewer.team))
        buttons = st.columns(3 if viewer.team else 1)
        buttons[0].button("Delete selected", disabled=not picked, on_click=_act, args=(_delete,))
        if viewer.team:
            buttons[1].button("Publish to the team", disabled=not picked, on_click=_act, args=(_publish,))
            buttons[2].button("Withdraw from the team", disabled=not picked, on_click=_act, args=(_withdraw,))
        left, right = st.columns(2)
        left.download_button("Export (CSV)", store.export_csv(viewer), "my-events.csv", "text/csv")
        right.download_button(
            "Export (GeoJSON)", store.export_geojson(viewer), "my-events.geojson", "application/geo+json"
        )
    upload = st.file_uploader(
        "Import events (CSV or GeoJSON exported here)", type=["csv", "geojson", "json"], key="import_events"
    )
    if upload is not None and st.button("Import this file"):
        try:
            report = store.import_file(upload.name, upload.getvalue(), kept_now(viewer.user), viewer)
        except DataError as error:
            st.error("Nothing was imported:\n\n" + "\n".join(f"- {md_text(str(p))}" for p in error.problems))
        else:
            st.success(f"Imported {report.added} events ({report.already_present} were already there).")


def _label(team: bool) -> Callable[[Kept], str]:
    """In team mode each event says whether the team sees it; alone, there is nobody to publish to."""
    return lambda k: (
        f"{k.event.start.label} · {k.event.title}" + (" · published" if team and k.authorship.published else "")
    )
