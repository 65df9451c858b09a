"""Altair charts for the Timeline and Membership screens (data shaped here, drawn by Streamlit)."""

from collections.abc import Iterable, Mapping, Sequence
from datetime import date

import altair as alt
import pandas as pd

from geo.alliance.control import ControlTable
from geo.alliance.events import Category, Event
from geo.alliance.membership import Memberships, Status
from geo.render.palette import BLACK, CONTROL_COLOURS, NON_MEMBER, STATUS_COLOURS, WHITE

PICK = "pick"  # the click selection on the event timeline; picked_event_id() reads it back
STATUS_ORDER = [Status.MEMBER, Status.SUSPENDED, Status.WITHDRAWN, Status.OBSERVER, Status.NON_MEMBER]


def events_frame(events: Iterable[Event], categories: dict[str, Category]) -> pd.DataFrame:
    rows = [
        {
            "id": e.id,
            "title": e.title,
            "date": e.date_label,
            "start": pd.Timestamp(e.first_day),
            "end": pd.Timestamp(e.last_day),
            "category": categories[e.category].label,
            "places": ", ".join(p.name for p in e.places),
            "countries": ", ".join(e.countries),
        }
        for e in events
    ]
    return pd.DataFrame(rows, columns=["id", "title", "date", "start", "end", "category", "places", "countries"])


def event_timeline(events: Sequence[Event], categories: dict[str, Category], year: int) -> alt.Chart:
    """Events over time by category; the chosen year is a shaded band, so the chart follows the slider."""
    frame = events_frame(events, categories)
    scale = alt.Scale(domain=[c.label for c in categories.values()], range=[c.colour for c in categories.values()])
    pick = alt.selection_point(name=PICK, fields=["id"], on="click")
    points = (
        alt.Chart(frame)
        .mark_circle(size=90, opacity=0.85, cursor="pointer")
        .encode(
            x=alt.X("start:T", title=None),
            y=alt.Y("category:N", title=None, sort=scale.domain, axis=_all_labels()),
            color=alt.Color("category:N", scale=scale, legend=None),
            tooltip=["title:N", "date:N", "places:N", "countries:N", "id:N"],
        )
        .add_params(pick)
    )
    spans = (
        alt.Chart(frame[frame["end"] > frame["start"]])
        .mark_rule(strokeWidth=3, opacity=0.6)
        .encode(
            x="start:T",
            x2="end:T",
            y=alt.Y("category:N", sort=scale.domain),
            color=alt.Color("category:N", scale=scale, legend=None),
        )
    )
    band = alt.Chart(pd.DataFrame({"from": [pd.Timestamp(date(year, 1, 1))], "to": [pd.Timestamp(date(year, 12, 31))]}))
    band = band.mark_rect(opacity=0.12, color=BLACK).encode(x="from:T", x2="to:T")
    return (band + spans + points).properties(height=380)


def picked_event_id(state: Mapping | None) -> str | None:
    """The id of the event clicked on the timeline, from what st.altair_chart(on_select=...) returned."""
    try:
        return str((state or {})["selection"][PICK][0]["id"])
    except (KeyError, IndexError, TypeError):
        return None


def membership_gantt(memberships: Memberships, org: str, names: dict[str, str], today: date) -> alt.Chart:
    """One bar per span of effective status per country (predecessors included, as on the map)."""
    rows = [
        {
            "country": names.get(country, country),
            "status": status.label,
            "from": pd.Timestamp(start),
            "to": pd.Timestamp(end),
            "span": f"{start:%d %b %Y} – {end:%d %b %Y}",
        }
        for country in memberships.countries(org)
        for start, end, status in memberships.segments(org, country, today)
    ]
    frame = pd.DataFrame(rows, columns=["country", "status", "from", "to", "span"])
    return (
        alt.Chart(frame)
        .mark_bar(height=16)
        .encode(
            x=alt.X("from:T", title=None),
            x2="to:T",
            y=alt.Y("country:N", title=None, axis=_all_labels()),
            color=_status_colour(),
            tooltip=["country:N", "status:N", "span:N"],
        )
        .properties(height=_rows_height(frame["country"].nunique()))
    )


def control_frame(table: ControlTable, today: date) -> pd.DataFrame:
    """One row per control period, open periods running to today, with the label a tooltip shows."""
    rows = [
        {
            "area": table.areas[p.area].name,
            "holder": p.control.label,
            "extent": p.extent,
            "from": pd.Timestamp(p.start.first),
            "to": pd.Timestamp(p.end.first if p.end else today),
            "period": p.label,
            "note": p.note,
        }
        for area in table.areas
        for p in table.periods_of(area)
    ]
    return pd.DataFrame(rows, columns=["area", "holder", "extent", "from", "to", "period", "note"])


def control_band(table: ControlTable, today: date, year: int) -> alt.Chart:
    """Who held each Karabakh area over time, pale where held in part; the chosen year is a shaded band."""
    frame = control_frame(table, today)
    colours = alt.Scale(domain=[c.label for c in CONTROL_COLOURS], range=list(CONTROL_COLOURS.values()))
    bars = (
        alt.Chart(frame)
        .mark_bar(height=14)
        .encode(
            x=alt.X("from:T", title=None),
            x2="to:T",
            y=alt.Y("area:N", title=None, sort=list(dict.fromkeys(frame["area"])), axis=_all_labels()),
            color=alt.Color("holder:N", scale=colours, legend=alt.Legend(orient="bottom", title=None)),
            opacity=alt.Opacity(
                "extent:N",
                scale=alt.Scale(domain=["whole", "part"], range=[0.9, 0.35]),
                legend=alt.Legend(orient="bottom", title="held"),
            ),
            tooltip=["area:N", "period:N", "note:N"],
        )
    )
    band = alt.Chart(pd.DataFrame({"from": [pd.Timestamp(date(year, 1, 1))], "to": [pd.Timestamp(date(year, 12, 31))]}))
    band = band.mark_rect(opacity=0.12, color=BLACK).encode(x="from:T", x2="to:T")
    return (band + bars).properties(height=_rows_height(frame["area"].nunique()))


def status_matrix_frame(memberships: Memberships, org: str, names: dict[str, str], years: range) -> pd.DataFrame:
    rows = []
    for year in years:
        for country, year_status in memberships.statuses_in_year(org, year).items():
            rows.append(
                {
                    "country": names.get(country, country),
                    "iso3": country,
                    "year": year,
                    "status": year_status.status.label,
                    "changed": "yes" if year_status.changed else "no",
                }
            )
    return pd.DataFrame(rows, columns=["country", "iso3", "year", "status", "changed"])


def status_matrix(frame: pd.DataFrame) -> alt.Chart:
    """Country × year, coloured by status at year end; a dot marks years in which the status changed."""
    cells = (
        alt.Chart(frame)
        .mark_rect(stroke=WHITE)
        .encode(
            x=alt.X("year:O", title=None),
            y=alt.Y("country:N", title=None, axis=_all_labels()),
            color=_status_colour(),
            tooltip=["country:N", "year:O", "status:N", "changed:N"],
        )
    )
    marks = (
        alt.Chart(frame[frame["changed"] == "yes"])
        .mark_point(shape="circle", filled=True, size=18, color=BLACK)
        .encode(x="year:O", y="country:N")
    )
    return (cells + marks).properties(height=_rows_height(frame["country"].nunique()))


def _status_colour() -> alt.Color:
    labels = [s.label for s in STATUS_ORDER]
    colours = [STATUS_COLOURS.get(s, NON_MEMBER) for s in STATUS_ORDER]
    return alt.Color("status:N", scale=alt.Scale(domain=labels, range=colours), legend=alt.Legend(orient="bottom"))


def _all_labels() -> alt.Axis:
    """Every row named: Vega-Lite otherwise drops labels it thinks overlap."""
    return alt.Axis(labelOverlap=False, labelLimit=220)


def _rows_height(rows: int) -> int:
    return max(140, 30 * rows)
