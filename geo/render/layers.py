"""Folium layers for the map: CSTO status, events, bases, regions and borders (the frame they sit in: frame.py)."""

from collections import OrderedDict, defaultdict
from collections.abc import Iterable, Sequence
from math import cos, pi, sin

import folium
import geopandas as gpd
import shapely
from branca.element import Element, Template
from folium.plugins import MarkerCluster

from geo.alliance.bases import Base
from geo.alliance.events import Category, Event
from geo.alliance.membership import Memberships
from geo.alliance.my_event import MyEvent
from geo.render.frame import REGIONS_PANE, STATUS_PANE
from geo.render.html import html_text
from geo.render.palette import (
    CAPTION,
    CORRIDOR_LINE,
    COUNTRY_EDGE,
    FEATURE_COLOURS,
    INK,
    LAND,
    LAND_EDGE,
    MARKER_EDGE,
    MY_EVENT,
    STATUS_COLOURS,
    WHITE,
)
from geo.render.popups import (
    LABEL_CHARS,
    LEGEND_CHARS,
    TEXT_CHARS,
    base_label,
    base_popup_html,
    event_label,
    event_popup_html,
    my_event_label,
    my_event_popup_html,
    shortened,
)
from geo.render.script import Script, js_json, promised
from geo.render.selection import SELECTED_ZOOM

MARKER_PX, RING_PX, CLUSTER_PX = 14, 11, 28


def status_layer(org: str, year: int, memberships: Memberships, names: dict[str, str]) -> folium.FeatureGroup:
    """Countries shaded by their status on 31 December; a tooltip tells the status and the whole history.

    Only colours and labels travel with each year change: shapes come from the basemap's outlines.
    """
    group = folium.FeatureGroup(name=html_text(f"{org} status in {year}"))  # the layer control sets innerHTML
    styles = {}
    for iso3, year_status in sorted(memberships.statuses_in_year(org, year).items()):
        changed = " (changed during the year)" if year_status.changed else ""
        label = (
            f"{names.get(iso3, iso3)}: {year_status.status.label} at the end of {year}{changed}. "
            f"History: {memberships.history_line(org, iso3) or 'none'}"
        )
        styles[iso3] = {
            "colour": STATUS_COLOURS.get(year_status.status),
            "label": html_text(shortened(label, TEXT_CHARS)),
        }
    group.add_child(Script(_STATUS_JS, styles=js_json(styles), edge=js_json(COUNTRY_EDGE), pane=js_json(STATUS_PANE)))
    return group


def event_layer(events: Sequence[Event], categories: dict[str, Category], names: dict[str, str]) -> folium.FeatureGroup:
    """One marker per event at its main place; events sharing a place sit on a small ring so each can be clicked, and
    markers that would overlap at the zoom shown (Yerevan and Gyumri at the opening one) gather in a numbered disc."""
    group = folium.FeatureGroup(name="Events")
    clusters = _EventClusters().add_to(group)
    by_place: dict[str, list[Event]] = defaultdict(list)
    for event in events:
        if event.main_place:
            by_place[event.main_place.id].append(event)
    for shared in by_place.values():
        for index, event in enumerate(shared):
            place = event.main_place
            category = categories[event.category]
            hollow = place.kind != "city" or place.approximate
            folium.Marker(
                (place.lat, place.lon),
                icon=_marker_icon(category.colour, hollow, index, len(shared)),
                aaColour=category.colour,  # for the ring of the cluster it may join
                z_index_offset=_ABOVE_BASES,
                tooltip=folium.Tooltip(html_text(event_label(event))),
                popup=folium.Popup(event_popup_html(event, category, names), max_width=360, max_height=320),
            ).add_to(clusters)
    return group


_ABOVE_BASES = 1000  # an event's marker is drawn over a base's diamond that would hide it


class _EventClusters(MarkerCluster):
    """Only markers closer than a marker's width cluster, and none from the zoom a selection opens at, so what a
    reader selects is always a marker of its own. The plugin's script and layout come with the map frame (offline)."""

    default_js, default_css = [], []

    def __init__(self) -> None:
        super().__init__(
            control=False,
            icon_create_function=_CLUSTER_ICON_JS,
            maxClusterRadius=CLUSTER_PX // 2 + MARKER_PX // 2 + 4,  # so no marker is left half under a disc
            disableClusteringAtZoom=SELECTED_ZOOM,
            showCoverageOnHover=False,
        )


# How many events a cluster holds, on a dark disc ringed by their categories' colours (each marker's `aaColour`, a
# checked #rrggbb). Built as DOM, not HTML text: a value can only ever be a style or a text there.
_CLUSTER_ICON_JS = f"""function (cluster) {{
  var colours = cluster.getAllChildMarkers().map(function (m) {{ return m.options.aaColour; }}).sort();
  var stops = colours.map(function (colour, i) {{
    return colour + " " + (100 * i / colours.length) + "% " + (100 * (i + 1) / colours.length) + "%";
  }});
  var disc = document.createElement("b");
  disc.textContent = colours.length;
  disc.title = colours.length + " events here: click to see them";
  disc.style.background = "radial-gradient({INK} 58%, transparent 60%), conic-gradient(" + stops.join(", ") + ")";
  return L.divIcon({{html: disc, className: "aa-cluster", iconSize: L.point({CLUSTER_PX}, {CLUSTER_PX})}});
}}"""


def my_events_layer(events: Iterable[MyEvent], others: frozenset[str] = frozenset()) -> folium.FeatureGroup:
    """The user's own events (Ingest screen), drawn as squares so they never pass for curated ones; in team mode
    also those other analysts published (`others`: their ids), labelled as the team's."""
    group = folium.FeatureGroup(name="My events")
    for event in events:
        if event.lat is None or event.lon is None:
            continue
        own = event.id not in others
        folium.Marker(
            (event.lat, event.lon),
            icon=folium.DivIcon(
                html='<div class="aa-mine"></div>', icon_size=(12, 12), icon_anchor=(6, 6), class_name="aa-mine-icon"
            ),
            tooltip=folium.Tooltip(html_text(my_event_label(event, own))),
            popup=folium.Popup(my_event_popup_html(event, own), max_width=340, max_height=320),
        ).add_to(group)
    return group


def places_layer(bases: Iterable[Base], events: Sequence[Event], year: int) -> folium.FeatureGroup:
    """Russian bases present that year, and the other towns the shown events name (their main place has the marker)."""
    group = folium.FeatureGroup(name="Places and bases")
    for base in bases:
        if base.present_in(year):
            folium.Marker(
                (base.place.lat, base.place.lon),
                icon=folium.DivIcon(
                    html='<div class="aa-base"></div>',
                    icon_size=(12, 12),
                    icon_anchor=(6, 18),
                    class_name="aa-base-icon",
                ),
                tooltip=folium.Tooltip(html_text(base_label(base))),
                popup=folium.Popup(base_popup_html(base), max_width=340),
            ).add_to(group)
    for place, titles in _other_towns(events).items():
        folium.CircleMarker(
            (place.lat, place.lon),
            radius=4,
            color=MARKER_EDGE,
            weight=1,
            fill=True,
            fill_color=WHITE,
            fill_opacity=1,
            tooltip=folium.Tooltip(
                html_text(shortened(f"{place.name}: also named in {'; '.join(titles)}", LABEL_CHARS))
            ),
        ).add_to(group)
    return group


def _other_towns(events: Sequence[Event]) -> dict:
    towns: dict = defaultdict(list)
    for event in events:
        for place in event.places[1:]:
            if place.kind == "city" and place != event.main_place:
                towns[place].append(event.title)
    return towns


def regions_layer(features: gpd.GeoDataFrame, source: str | None = None) -> folium.FeatureGroup:
    """Regions and borders in distinct styles; approximate geometries are dashed and say so.

    They are the same in every year, so their shapes, styles and labels are one static file the browser fetches once
    (`source`, a JS promise of regions_json; by default the data in the page, for the HTML download): the layer's
    script, sent again with each year change, is a few hundred bytes instead of their 33 kB."""
    group = folium.FeatureGroup(name="Regions and borders")
    group.add_child(Script(_REGIONS_JS, source=source or promised(regions_json(features)), pane=js_json(REGIONS_PANE)))
    return group


def regions_json(features: gpd.GeoDataFrame) -> str:
    """Each region or border with its style and its escaped label (Leaflet tooltips set innerHTML)."""
    collection = {"type": "FeatureCollection", "features": []}
    for row in features.itertuples():
        colour = FEATURE_COLOURS.get(row.kind, CAPTION)
        approximate = bool(row.approximate)
        label = f"{row.name} ({row.kind}{', approximate' if approximate else ''}): {row.note}"
        collection["features"].append(
            {
                "type": "Feature",
                "geometry": shapely.geometry.mapping(row.geometry),
                "properties": {
                    "style": _outline(colour, approximate, row.kind),
                    "label": html_text(shortened(label, TEXT_CHARS)),
                },
            }
        )
    return js_json(collection)


def _outline(colour: str, approximate: bool, kind: str) -> dict:
    return {
        "color": colour,
        "weight": 3 if kind != "region" else 2,
        "dashArray": "6 5" if approximate else None,
        "fillColor": colour,
        "fillOpacity": 0.12 if kind == "region" else 0,
    }


_REGIONS_JS = Template("""{% macro script(this, kwargs) %}
(function (group) {
  {{ this.source }}.then(function (data) {
    var layer = L.geoJSON(data, {pane: {{ this.pane }}, style: function (f) { return f.properties.style; }});
    layer.eachLayer(function (l) { l.bindTooltip(l.feature.properties.label, {sticky: true}); });
    layer.addTo(group);
  });
})({{ this._parent.get_name() }});
{% endmacro %}""")


def _marker_icon(colour: str, hollow: bool, index: int, count: int) -> folium.DivIcon:
    angle = 2 * pi * index / count
    dx, dy = (RING_PX * cos(angle), RING_PX * sin(angle)) if count > 1 else (0.0, 0.0)
    fill = WHITE if hollow else colour
    half = MARKER_PX / 2
    return folium.DivIcon(
        html=f'<div class="aa-event" style="background:{fill};border-color:{colour}"></div>',
        icon_size=(MARKER_PX, MARKER_PX),
        icon_anchor=(round(half - dx), round(half - dy)),
        class_name="aa-event-icon",
    )


_STATUS_JS = Template("""{% macro script(this, kwargs) %}
(function (styles, edge, group) {
  window.aaCountries.then(function (data) {
    var layer = L.geoJSON({type: "FeatureCollection", features: data.features.filter(function (f) {
      return styles.hasOwnProperty(f.properties.iso3);
    })}, {pane: {{ this.pane }}, style: function (f) {
      var colour = styles[f.properties.iso3].colour;
      return colour ? {fillColor: colour, fillOpacity: 0.55, color: edge, weight: 0.8}
                    : {fillOpacity: 0, opacity: 0, weight: 0};
    }});
    layer.eachLayer(function (l) { l.bindTooltip(styles[l.feature.properties.iso3].label, {sticky: true}); });
    layer.addTo(group);
  });
})({{ this.styles }}, {{ this.edge }}, {{ this._parent.get_name() }});
{% endmacro %}""")


def atlas_legend_html(org: str, categories: Iterable[Category]) -> str:
    """Status colours, event categories and what the marker shapes mean, from escaped data labels."""
    statuses = "".join(
        f'<div><i style="background:{colour};opacity:.75"></i>{html_text(status.label)}</div>'
        for status, colour in STATUS_COLOURS.items()
    )
    kinds = "".join(
        f'<div><i class="dot" style="background:{c.colour};border-color:{c.colour}"></i>'
        f"{html_text(shortened(c.label, LEGEND_CHARS))}</div>"
        for c in categories
    )
    return (
        f"<details open><summary><b>{html_text(org)} status (31 Dec)</b></summary>{statuses}<div><i style='"
        f"background:{LAND};border:1px solid {LAND_EDGE}'></i>non-member</div></details>"
        f"<details><summary><b>Events and symbols</b></summary>{kinds}"
        f"<div><i class='dot' style='background:{WHITE};border-color:{MARKER_EDGE}'></i>hollow: located to a "
        f"region or border</div><div><i style='background:{INK};transform:rotate(45deg);width:9px;height:9px'>"
        f"</i>Russian base or deployment</div><div><i class='dot' style='background:{INK};border-color:{INK}'></i>"
        "events too close to tell apart at this zoom: click to zoom in</div>"
        f"<div><i class='dot' style='background:{WHITE};border:1px solid "
        f"{MARKER_EDGE};width:8px;height:8px'></i>other town an event names</div>"
        f"<div><i style='background:{WHITE};border:3px solid {MY_EVENT};width:8px;height:8px'></i>my event</div>"
        f"<div><i style='border-top:3px dashed {CORRIDOR_LINE};height:0'></i>"
        "approximate line</div></details>"
    )


def layer_control() -> folium.LayerControl:
    return folium.LayerControl(collapsed=True, position="topright")


def with_stable_ids(groups: list[folium.FeatureGroup]) -> list[folium.FeatureGroup]:
    """folium names elements with random ids; st_folium redraws layers whose script changed, closing open popups.

    Numbering the elements in a fixed order makes an unchanged layer render the same script on every rerun.
    """
    for number, group in enumerate(groups):
        elements = _walk(group)
        for index, element in enumerate(elements):
            element._id = f"aa{number}x{index}"
        for element in elements:  # templates also use the names children were registered under
            element._children = OrderedDict((child.get_name(), child) for child in element._children.values())
    return groups


def _walk(element: Element) -> list[Element]:
    """Children, and the header/html/script parts a Popup keeps outside its children."""
    found = [element]
    parts = [getattr(element, name, None) for name in ("header", "html", "script")]
    for child in [*element._children.values(), *(p for p in parts if isinstance(p, Element))]:
        found.extend(_walk(child))
    return found
