"""The map's frame: what never changes with filters (the offline basemap, the opening frame, the scale, the legend
and the page's style), for one map or for two side by side that pan and zoom together.

st_folium keeps a reader's zoom and centre across reruns only while the frame's script stays the same, so the
frame carries no layer that changes with the year or the filters.
"""

import json

import folium
import geopandas as gpd
from branca.element import Element, MacroElement, Template
from folium.plugins import DualMap

from geo.alliance.view import View
from geo.render import offline
from geo.render.html import html_text
from geo.render.palette import (
    INK,
    LAND,
    LAND_EDGE,
    LEGEND_BOX,
    MY_EVENT,
    SHADOW,
    WATER,
    WHITE,
)
from geo.render.script import Script, js_json, promised

MAP_HEIGHT_PX = 620  # the Map screen's map: two thirds of a laptop's height

# A zoom limit of the map's own, as no tile layer gives one: the marker clusters need it (ahead of street level,
# where the offline basemap has nothing more to show).
MAX_ZOOM = 16
# Panes for the layers whose shapes arrive by fetch, bottom to top: drawn in this order whichever file comes first,
# above the basemap (Leaflet's overlay pane) and below the markers.
STATUS_PANE, CONTROL_PANE, REGIONS_PANE = "aaStatus", "aaControl", "aaRegions"

_MAP_OPTIONS = {
    "tiles": None,
    "control_scale": False,
    "zoom_control": True,
    "world_copy_jump": False,
    "maxZoom": MAX_ZOOM,
    "zoomSnap": 0.5,  # the opening frame fills the map more closely than whole zoom steps allow
}


def map_frame(view: View, legend: str, outlines: str, tiles: bool = False) -> folium.Map:
    """One map. `outlines` is a JS promise of the countries (`fetched` or `inlined`): served as a static file, the
    world's outlines reach the browser once instead of with every rerun."""
    fmap = folium.Map(**_MAP_OPTIONS)
    _dress(fmap, view, outlines, tiles)
    _style_page(fmap, legend)
    return fmap


class SideBySide(DualMap):
    """Two maps of one frame, the year shown on the left and another on the right, each following the other's pans
    and zooms. folium's DualMap loads Leaflet.Sync from a CDN; this one has our own small script (js/sync.js), served
    with Leaflet. st_folium draws both, and the groups it is given go to the left map; the right one's are `right`."""

    default_js = [offline.SYNC_JS]

    def __init__(
        self, view: View, legend: str, outlines: str, labels: tuple[str, str], right: list, tiles: bool = False
    ) -> None:
        super().__init__(layout="horizontal", **_MAP_OPTIONS)
        for fmap, label in zip((self.m1, self.m2), labels, strict=True):
            _dress(fmap, view, outlines, tiles)
            fmap.add_child(Script(_LABEL_JS, text=js_json(label)))
        for group in right:
            group.add_to(self.m2)
        self._legend = _style_page(self.m1, legend)

    def render(self, **kwargs) -> None:
        """st_folium renders a pair alone, not the page around it, so the legend box is rendered with it."""
        super().render(**kwargs)
        self._legend.render()


def _dress(fmap: folium.Map, view: View, outlines: str, tiles: bool) -> None:
    """The offline basemap (web tiles under it when asked for), the opening frame and the scale."""
    fmap.default_js, fmap.default_css = offline.JS, offline.CSS
    # never in the layer control (a lone base layer there is a radio button with no choice), so the control names
    # only the map's groups (ui/map_component.py renders it apart from the frame)
    tile_layer = (
        folium.TileLayer("OpenStreetMap", name="OpenStreetMap tiles (online)", control=False) if tiles else None
    )
    if tile_layer:
        tile_layer.add_to(fmap)
    fmap.add_child(
        Script(
            _BASEMAP_JS,
            source=outlines,
            tile_layer=tile_layer,
            style={"fillColor": LAND, "fillOpacity": 0 if tiles else 1, "color": LAND_EDGE, "weight": 0.6},
        )
    )
    fmap.add_child(
        Script(
            _CONTROLS_JS,
            frame=js_json([[view.south, view.west], [view.north, view.east]]),
            panes=js_json([STATUS_PANE, CONTROL_PANE, REGIONS_PANE]),
        )
    )


def _style_page(fmap: folium.Map, legend: str) -> MacroElement:
    """Once per page, for one map or two: the style rules and the legend box (returned)."""
    fmap.get_root().header.add_child(_Css())
    box = _Legend(legend)
    fmap.get_root().add_child(box)
    return box


def inlined(countries: gpd.GeoDataFrame) -> str:
    """For a page that must open without a server (the HTML download)."""
    return promised(outlines_json(countries))


def outlines_json(countries: gpd.GeoDataFrame) -> str:
    """ISO3 and escaped name per country (Leaflet tooltips set innerHTML), compact, safe inside <script>."""
    data = json.loads(countries[["iso3", "name", "geometry"]].to_json(drop_id=True))
    for feature in data["features"]:
        feature["properties"]["name"] = html_text(str(feature["properties"]["name"]))
    return js_json(data)


class _Legend(MacroElement):
    """The legend box; its body (escaped HTML from atlas_legend_html) is a value, never template source."""

    _template = Template('{% macro html(this, kwargs) %}<div class="aa-legend">{{ this.body }}</div>{% endmacro %}')

    def __init__(self, body: str) -> None:
        super().__init__()
        self.body = body


_BASEMAP_JS = Template("""{% macro script(this, kwargs) %}
window.aaCountries = window.aaCountries || {{ this.source }};
(function (map) {
  var layer = null;
  {% if this.tile_layer %}
  // readers offline who chose web tiles still get a map: a failed tile fills the land again
  {{ this.tile_layer.get_name() }}.once("tileerror", function () {
    map.aaWebMapFailed = true;
    if (layer) { layer.setStyle({fillOpacity: 1}); }
  });
  {% endif %}
  window.aaCountries.then(function (data) {
    layer = L.geoJSON(data, {style: {{ this.style|tojson }}});
    if (map.aaWebMapFailed) { layer.setStyle({fillOpacity: 1}); }
    layer.bindTooltip(function (l) { return l.feature.properties.name; }, {sticky: true});
    layer.addTo(map);
    layer.bringToBack();
  });
})({{ this._parent.get_name() }});
{% endmacro %}""")

# The opening frame is set without animation: a zoom still animating would end after, and undo, the view that
# st_folium sets next for a selected event (a `?event=` link would open on the whole region, not on its event).
# Kilometres only, at the bottom right. The legend box sits at the top right, under the layer button, over the empty
# north rather than over the Caucasus (bottom left) or Moscow (top left). On a
# phone the legend starts folded to its headings, so it does not cover the map it explains.
_CONTROLS_JS = Template("""{% macro script(this, kwargs) %}
{{ this._parent.get_name() }}.fitBounds({{ this.frame }}, {animate: false});
{{ this.panes }}.forEach(function (pane, i) {
  var div = {{ this._parent.get_name() }}.createPane(pane);
  div.style.zIndex = 401 + i;
  div.style.pointerEvents = "none";  // empty parts of a pane's drawing let the pointer through to the panes under it
});
L.control.scale({imperial: false, position: "bottomright"}).addTo({{ this._parent.get_name() }});
// an open popup is what the reader is reading: it opens clear of the buttons at the map's top (its close button
// under the layers button could not be pressed on a phone), and the legend box, above the map's panes, steps aside
L.Popup.mergeOptions({autoPanPaddingTopLeft: [10, 60], autoPanPaddingBottomRight: [10, 10]});
{{ this._parent.get_name() }}.on("popupopen", function () { document.body.classList.add("aa-popup-open"); });
{{ this._parent.get_name() }}.on("popupclose", function () { document.body.classList.remove("aa-popup-open"); });
if (window.innerWidth < 600) {
  document.querySelectorAll(".aa-legend details[open]").forEach(function (d) { d.open = false; });
}
{% endmacro %}""")


# Which year a map of a pair shows, as text (never markup), at its top left under the zoom buttons.
def shown_year_label(text: str) -> folium.FeatureGroup:
    """A group that writes the year shown into the left map's label. The pair's frame, with its labels, is kept
    while the reader moves that year (a new frame would lose their zoom and pan); this group comes with every rerun's
    layers, so the label follows the year. Never in the layer control."""
    group = folium.FeatureGroup(name="year shown", control=False)
    group.add_child(Script(_SHOWN_YEAR_JS, text=js_json(text)))
    return group


_SHOWN_YEAR_JS = Template("""{% macro script(this, kwargs) %}
(function (box) { if (box) { box.textContent = {{ this.text }}; } })(document.querySelector("#map_div .aa-map-label"));
{% endmacro %}""")

_LABEL_JS = Template("""{% macro script(this, kwargs) %}
(function (map, text) {
  var label = L.control({position: "topleft"});
  label.onAdd = function () {
    var box = L.DomUtil.create("div", "aa-map-label");
    box.textContent = text;
    return box;
  };
  label.addTo(map);
})({{ this._parent.get_name() }}, {{ this.text }});
{% endmacro %}""")


_MARKER_CSS = (
    ".aa-event{width:14px;height:14px;border-radius:50%;border:3px solid;box-sizing:border-box;"
    f"box-shadow:0 0 0 1px {WHITE}}}"
    ".aa-popup{font:13px/1.4 sans-serif;overflow-wrap:anywhere}.aa-popup p{margin:6px 0}"
    ".aa-popup ul{margin:2px 0;padding-left:16px}"
    f".aa-mine{{width:12px;height:12px;background:{WHITE};border:3px solid {MY_EVENT};box-sizing:border-box}}"
    f".aa-base{{width:12px;height:12px;background:{INK};transform:rotate(45deg);border:1px solid {WHITE}}}"
    f".aa-cluster b{{display:block;width:28px;height:28px;border-radius:50%;color:{WHITE};text-align:center;"
    f"font:bold 12px/28px sans-serif;box-shadow:0 0 0 2px {WHITE};cursor:pointer}}"
    ".aa-cluster{z-index:100000!important}"  # above the markers and diamonds, which would hide its count
    ".aa-selected{pointer-events:none}"  # the selection's ring: a click goes to the marker or the map under it
    f".aa-legend{{position:absolute;z-index:1000;top:64px;right:10px;background:{LEGEND_BOX};"
    f"padding:5px 8px;font:12px/1.35 sans-serif;border-radius:4px;box-shadow:0 1px 4px {SHADOW};max-width:230px;"
    "max-height:70%;overflow-y:auto}.aa-legend summary{cursor:pointer}"
    ".aa-legend i{display:inline-block;width:12px;height:12px;margin-right:5px;vertical-align:-2px}"
    ".aa-legend .dot{border-radius:50%;border:3px solid;box-sizing:border-box}"
    f".aa-map-label{{background:{LEGEND_BOX};padding:2px 8px;font:bold 15px/1.4 sans-serif;border-radius:4px;"
    f"box-shadow:0 1px 4px {SHADOW}}}"
)


# Two years side by side on a phone would be two maps a few centimetres wide: below 600 px st_folium's two halves
# (its `.double .float-child` boxes) stack, each half the map's height, the year shown above the other. In pixels:
# the frame's height is set after Leaflet has measured the maps, so a share of it would leave them mis-fitted.
# A popup there is kept narrower than the map (Leaflet measures it under this rule before fixing its width).
_NARROW_PAIR_CSS = (
    "@media (max-width:600px){.double .float-child{width:100%;float:none}"
    f".double #map_div,.double #map_div2{{height:{MAP_HEIGHT_PX // 2}px!important}}"
    ".leaflet-popup-content{max-width:calc(100vw - 90px)}}"  # and a popup narrower than the phone's map
)
_POPUP_OPEN_CSS = ".aa-popup-open .aa-legend{display:none}"


class _Css(Element):
    """The page's style rules (constants, no data), compiled once like folium's own elements."""

    _template = Template("<style>{{ this.rules }}</style>")
    rules = f".leaflet-container{{background:{WATER}}}{_MARKER_CSS}{_NARROW_PAIR_CSS}{_POPUP_OPEN_CSS}"
