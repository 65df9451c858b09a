"""Which event the user picked (from what st_folium returned after a click, or from the URL), and how the map
shows it."""

import html
import re
from collections.abc import Mapping, Sequence

import folium

from geo.alliance.events import Event
from geo.render.palette import SELECTED
from geo.render.popups import event_label

_TAG = re.compile(r"<[^>]+>")
SELECTED_ZOOM = 7  # a province or two across: the place and its neighbours read at once


def clicked_event(returned: Mapping | None, events: Sequence[Event], tolerance_deg: float = 0.05) -> Event | None:
    """The tooltip names the marker exactly; st_folium reports the marker's point, shared by events at one place."""
    if not returned:
        return None
    tooltip = returned.get("last_object_clicked_tooltip")
    if isinstance(tooltip, str):
        text = " ".join(html.unescape(_TAG.sub("", tooltip)).split())
        for event in events:
            if event_label(event) == text:
                return event
    point = returned.get("last_object_clicked")
    if not isinstance(point, Mapping):
        return None
    try:
        lat, lng = float(point["lat"]), float(point["lng"])
    except (KeyError, TypeError, ValueError):
        return None
    near = [(abs(e.main_place.lat - lat) + abs(e.main_place.lon - lng), e.id, e) for e in events if e.main_place]
    near = [item for item in near if item[0] <= tolerance_deg]
    return min(near)[-1] if near else None


def event_id_from_query(params: Mapping[str, object], known_ids: Sequence[str]) -> str | None:
    """Only an id we know is taken from the URL; anything else is ignored."""
    value = params.get("event")
    if isinstance(value, list):
        value = value[-1] if value else None
    return value if isinstance(value, str) and value in known_ids else None


def selection_ring(event: Event) -> folium.FeatureGroup:
    """A ring around the selected event's place, so the eye finds it after the map moves there; never clickable, so a
    click still reaches the event's own marker under it."""
    group = folium.FeatureGroup(name="Selected event", control=False)
    place = event.main_place
    folium.CircleMarker(
        (place.lat, place.lon),
        radius=18,
        color=SELECTED,
        weight=3,
        fill=False,
        interactive=False,
        class_name="aa-selected",
    ).add_to(group)
    return group


def drawn_selection(event: Event | None, shown: Sequence[Event]) -> Event | None:
    """The selected event if the map draws it (among the events shown, with a place): only then is it ringed."""
    return event if event in shown and event.main_place else None


def selection_centre(event: Event | None) -> tuple[float, float] | None:
    """Where the map centres for a selected event with a place; None leaves the reader's own pan and zoom alone."""
    return (event.main_place.lat, event.main_place.lon) if event and event.main_place else None
