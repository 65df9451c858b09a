"""Imported events: the Import screen's steps, and on the Map the view's markers or hexagons and details."""

from collections.abc import Mapping
from dataclasses import replace
from pathlib import Path

import folium
import streamlit as st

from geo.alliance.filters import Filters
from geo.alliance.view import View
from geo.problems import DataError
from geo.render import bulk_layers
from geo.render.markdown import md_link, md_text
from geo.render.scene import counted
from geo.store import bins, imported

IN_USE = (
    "The imported events are open in another program (another copy of the atlas, or an import on the "
    "command line). Close it, then reload this page; the rest of the atlas works without them."
)


@st.cache_resource
def store() -> imported.EventStore:
    """One store per process: DuckDB lets one process write its file, and threads take cursors (PostgreSQL: their
    own connections). Raises imported.StoreInUse while another process holds the DuckDB file; that is not cached,
    so the next run tries again."""
    return imported.open_store()


def store_in_use() -> bool:
    """Whether an existing store is held by another process, so pages leave imported events out and say why."""
    if not imported.store_exists():
        return False
    try:
        store()
    except imported.StoreInUse:
        return True
    return False


def has_imports() -> bool:
    """Without an import the store file is never created, so a plain reader's map opens no database."""
    return imported.store_exists() and not store_in_use() and store().has_events()


def event_types() -> list[str]:
    """Imported event types, offered beside the curated categories so one filter serves both."""
    return imported.choices(store(), "event_type", limit=50) if has_imports() else []


def view_for_map(
    filters: Filters, actor: str, shown: set[str], last_view: Mapping | None, opening: View
) -> bins.ViewFeatures | None:
    """Features for the view the map reported last (its opening view before the first report)."""
    if "imported" not in shown or not has_imports():
        return None
    bounds = bins.bounds_from_map(last_view) or bins.Bounds(opening.south, opening.west, opening.north, opening.east)
    return bins.features_for_view(store(), filters, bounds, bins.zoom_from_map(last_view, default=4), actor)


def legend() -> str:
    """The imported events' symbols, once there are any (built from escaped event types)."""
    return bulk_layers.imported_legend_html(imported.choices(store(), "event_type", limit=12)) if has_imports() else ""


def groups(view: bins.ViewFeatures | None) -> list[folium.FeatureGroup]:
    return [bulk_layers.imported_layer(view)] if view else []


def imported_caption(view: bins.ViewFeatures | None) -> str:
    if view is None:
        return " · imported events not shown: they are open in another program" if store_in_use() else ""
    shown = len(view.bins) if view.binned else len(view.points)
    if view.binned:
        shape = f"{counted(shown, 'hexagon', 'hexagons')} (H3 level {view.resolution})"
    else:
        shape = counted(shown, "marker", "markers")
    return f" · {counted(view.total, 'imported event', 'imported events')} in view as {shape}"


def panel(returned: Mapping | None, view: bins.ViewFeatures | None) -> bool:
    """Details of a clicked imported event; False when the click was not on one."""
    point = bins.clicked_point(returned, view) if view else None
    event = imported.imported_event(store(), point.key) if point else None
    if event is None:
        return False
    st.subheader(md_text(event.title or event.event_type), anchor=False)
    st.caption(md_text(f"{event.date_label} · {event.event_type} · imported"))
    where = ", ".join(p for p in (event.location, event.admin1, event.country) if p)
    st.markdown(f"**Where:** {md_text(where or 'not given')} (ACLED geo precision {event.geo_precision})")
    actors = " vs ".join(a for a in (event.actor1, event.actor2) if a)
    if actors:
        st.markdown(f"**Actors:** {md_text(actors)}")
    if event.fatalities is not None:
        st.markdown(f"**Fatalities reported:** {event.fatalities}")
    if event.notes:
        st.markdown(md_text(event.notes))
    if event.source:
        st.markdown(f"**Source:** {md_link(event.source, event.source)}")
    return True


def view_returns(view: bins.ViewFeatures | None) -> list[str]:
    return ["bounds", "zoom"] if view is not None else []


def uploader_key() -> str:
    """The uploader starts empty again once its file is kept or discarded (its upload is deleted then)."""
    return f"imported_file_{st.session_state.get('upload_round', 0)}"


def keep_label(staged: imported.Staged) -> str:
    """What keeping writes: the good rows not stored yet, or revised; a file stored before says so."""
    writes = staged.new + staged.changed
    if not writes:
        return "Nothing new to keep: every good row is stored already"
    return f"Keep the {writes:,} new or revised events" + (
        f" ({staged.unchanged:,} already stored)" if staged.unchanged else ""
    )


def keep_file(store: imported.EventStore) -> None:
    """The staged file's good rows written; the outcome is told on the page drawn next."""
    staged = st.session_state.pop("staged")
    added = imported.commit(store, staged)
    _finish_upload(staged)
    st.session_state.import_outcome = (f"{added:,} events written.", True)


def discard_file(store: imported.EventStore) -> None:
    staged = st.session_state.pop("staged")
    imported.discard(store, staged)
    _finish_upload(staged)
    st.session_state.import_outcome = ("Nothing was imported.", False)


def _finish_upload(staged: imported.Staged) -> None:
    imported.remove_upload(Path(staged.path))
    st.session_state.upload_round = st.session_state.get("upload_round", 0) + 1


def mapping_form(columns: list[str]) -> imported.ColumnMapping | bool:
    """Which column holds what; False until a date and either coordinates or a place name are chosen."""
    pick = {}
    left, right = st.columns(2)
    for index, (field, label) in enumerate(MAPPED_FIELDS.items()):
        column = left if index % 2 == 0 else right
        pick[field] = column.selectbox(label, columns, index=None, key=f"map_{field}", placeholder="(none)")
    located = (pick["latitude"] and pick["longitude"]) or pick["place"]
    return imported.ColumnMapping(**pick) if pick["date"] and located else False


def stage(path: Path, mapping: imported.ColumnMapping | None, progress, truncate: bool) -> imported.Staged:
    return imported.stage_file(store(), path, mapping, progress, imported.CellLimit(truncate=truncate))


def problems_text(error: Exception, name: str) -> str:
    """Problems under the file's own name: the saved upload's path on the server is nobody's business."""
    if isinstance(error, DataError):
        return "The file cannot be read:\n\n" + "\n".join(
            f"- {md_text(str(replace(p, path=name)))}" for p in error.problems
        )
    return md_text(str(error))


def report(staged: imported.Staged) -> None:
    """What keeping the file would do, and every problem (a page at a time) with its line and field."""
    st.subheader("Check report", anchor=False)
    counts = st.columns(4)
    counts[0].metric("Rows read", f"{staged.rows:,}")
    counts[1].metric("Rows with problems", f"{staged.bad_rows:,}")
    counts[2].metric("New events", f"{staged.new:,}")
    counts[3].metric("Already stored", f"{staged.unchanged:,}", help=f"{staged.changed:,} revised ones replace theirs")
    if staged.truncated:
        st.warning(
            f"{staged.truncated:,} rows have text longer than {imported.MAX_CELL_CHARS:,} characters: they are "
            "kept with that text cut."
        )
    if staged.problem_count:
        page = st.number_input("Problems page", 1, max(1, -(-staged.problem_count // PROBLEMS_PAGE)), 1)
        problems = imported.staged_problems(store(), staged, PROBLEMS_PAGE, (page - 1) * PROBLEMS_PAGE)
        st.dataframe(
            [{"line": p.line, "field": p.field, "problem": p.message} for p in problems],
            hide_index=True,
            width="stretch",
        )


MAPPED_FIELDS = {
    "date": "Date",
    "latitude": "Latitude",
    "longitude": "Longitude",
    "place": "Place name to geocode",
    "title": "Title",
    "category": "Category",
    "source": "Source",
    "country": "Country",
    "actor": "Actor",
}
PROBLEMS_PAGE = 500
