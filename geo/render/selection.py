"""Which event the user picked: from what st_folium returned after a click, or from the URL."""
import html
import re
from collections.abc import Mapping, Sequence

from geo.alliance.events import Event
from geo.render.popups import event_label

_TAG = re.compile(r"<[^>]+>")


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
