"""Which event the user picked (from what st_folium returned after a click, or from the URL), and how the map
shows it."""

import html
import re
from collections.abc import Mapping, Sequence

import folium
from branca.element import Template

from geo.alliance.events import Event
from geo.render.palette import SELECTED
from geo.render.popups import event_label
from geo.render.script import Script, js_json

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


def selection_group(event: Event) -> folium.FeatureGroup:
    """A ring around the selected event's place, so the eye finds it after the map moves there, and its popup opened.

    The ring is never clickable, so a click still reaches the event's own marker under it. The popup is the marker's
    own (in the shared events layer), found by the event id its content carries once the ring is on the map."""
    group = folium.FeatureGroup(name="Selected event", control=False)
    place = event.main_place
    folium.CircleMarker(
        (place.lat, place.lon),
        radius=18,
        color=SELECTED,
        weight=3,
        fill=False,
        class_name="aa-selected",  # which the map's style makes transparent to clicks (folium drops `interactive`)
    ).add_to(group)
    group.add_child(Script(_OPEN_POPUP_JS, event_id=js_json(event.id)))
    return group


# Waits for the map to settle (a selection moves it, and clusters re-form after a zoom), then opens the popup of the
# marker whose popup names the event: directly when the marker is drawn, through its cluster group when it is not.
_OPEN_POPUP_JS = Template("""{% macro script(this, kwargs) %}
(function (ring, eventId) {
  function find(layer, clusters) {
    var popup = layer.getPopup && layer.getPopup();
    var content = popup && popup.getContent();
    var tagged = content && content.querySelector && content.querySelector("[data-event]");
    if (tagged && tagged.getAttribute("data-event") === eventId) { return {marker: layer, clusters: clusters}; }
    var found = null;
    if (layer !== ring && layer.eachLayer) {
      layer.eachLayer(function (child) { found = found || find(child, layer.zoomToShowLayer ? layer : clusters); });
    }
    return found;
  }
  ring.once("add", function () {
    var map = ring._map;
    setTimeout(function open() {
      if (map._animatingZoom) { map.once("zoomend", function () { setTimeout(open, 0); }); return; }
      var found = null;
      map.eachLayer(function (layer) { found = found || find(layer, null); });
      if (!found) { return; }
      if (found.marker._icon || !found.clusters) { found.marker.openPopup(); }
      else { found.clusters.zoomToShowLayer(found.marker, function () { found.marker.openPopup(); }); }
    }, 0);
  });
})({{ this._parent.get_name() }}, {{ this.event_id }});
{% endmacro %}""")


def drawn_selection(event: Event | None, shown: Sequence[Event]) -> Event | None:
    """The selected event if the map draws it (among the events shown, with a place): only then is it ringed."""
    return event if event in shown and event.main_place else None


def selection_centre(event: Event | None) -> tuple[float, float] | None:
    """Where the map centres for a selected event with a place; None leaves the reader's own pan and zoom alone."""
    return (event.main_place.lat, event.main_place.lon) if event and event.main_place else None
