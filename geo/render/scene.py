"""What the map shows for one choice of organisation, filters and layers, and the figures its caption reports."""
from collections.abc import Sequence
from dataclasses import dataclass

import folium

from geo.render import layers
from geo.atlas import Atlas
from geo.alliance.events import Event
from geo.alliance.filters import Filters, user_events_matching
from geo.alliance.membership import Status
from geo.store.userstore import UserEvent


@dataclass(frozen=True)
class Scene:
    groups: list[folium.FeatureGroup]
    events: list[Event]  # matching the filters; those without a place are listed but not drawn
    shaded: dict[str, Status]  # countries drawn in a status colour
    unplaced: list[Event]


def country_names(atlas: Atlas) -> dict[str, str]:
    return dict(zip(atlas.countries["iso3"], atlas.countries["name"]))


def scene(atlas: Atlas, org: str, filters: Filters, shown: set[str], mine: Sequence[UserEvent] = ()) -> Scene:
    names = country_names(atlas)
    events = atlas.events_matching(filters)
    statuses = atlas.memberships.statuses_in_year(org, filters.year)
    shaded = {c: s.status for c, s in statuses.items() if s.status is not Status.NON_MEMBER and c in names}
    groups = []
    if "status" in shown:
        groups.append(layers.status_layer(org, filters.year, atlas.memberships, names))
    if "regions" in shown:
        groups.append(layers.regions_layer(atlas.features))
    if "bases" in shown:
        groups.append(layers.places_layer(atlas.bases, events, filters.year))
    if "events" in shown:
        groups.append(layers.event_layer(events, atlas.categories, names))
    if "mine" in shown and (my_events := user_events_matching(mine, filters)):
        groups.append(layers.my_events_layer(my_events))
    return Scene(layers.with_stable_ids(groups), events, shaded if "status" in shown else {}, [e for e in events if not e.places])


def base_map(atlas: Atlas, org: str, outlines: str, tiles: bool = False, more_legend: str = "") -> folium.Map:
    """`outlines`: layers.fetched(url) in the app, layers.inlined(atlas.outlines) for a standalone page."""
    legend = layers.legend_html(atlas.memberships.organisations[org].short_name, atlas.categories.values())
    legend += f"<details><summary><b>Imported events</b></summary>{more_legend}</details>" if more_legend else ""
    return layers.base_map(atlas.view, legend, outlines, tiles=tiles)


def caption(view: Scene, filters: Filters) -> str:
    """One line telling the reader what the map holds, incl. events the map cannot place."""
    first, last = filters.window
    window = f"{first:%d %b %Y} – {last:%d %b %Y}" if filters.date_from else str(filters.year)
    text = (f"{len(view.shaded)} countries shaded · {len(view.events)} events in {window}"
            f"{' (filtered)' if filters.categories or filters.countries else ''}")
    if view.unplaced:
        text += f" · {len(view.unplaced)} without a documented place (listed, not drawn)"
    return text
