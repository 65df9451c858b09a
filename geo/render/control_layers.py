"""The map layer of who controlled Nagorno-Karabakh's areas on a day, and the legend lines that explain it."""

from datetime import date

import folium
import shapely
from branca.element import Template

from geo.alliance.control import Area, Control, ControlTable, Period
from geo.render.frame import CONTROL_PANE
from geo.render.html import html_text
from geo.render.palette import BLACK, CONTROL_COLOURS
from geo.render.script import Script, js_json, promised

FILL_OPACITY = {"whole": 0.6, "part": 0.25}  # 'part': pale, as the holder had only some of the drawn unit
APPROXIMATE_DASH, PART_DASH = "6 5", "2 4"


def control_layer(table: ControlTable, day: date, source: str | None = None) -> folium.FeatureGroup:
    """Each area with a holder that day, shaded by holder; the tooltip tells its whole history.

    `day` is 31 December of the year shown, or the last day of a dates range. The areas' shapes never change, so
    they are one static file the browser fetches once (`source`, a JS promise of control_shapes_json; by default the
    data in the page, for the HTML download); a year change sends only each area's style and label.
    """
    group = folium.FeatureGroup(name=f"Nagorno-Karabakh control on {day.day} {day:%b %Y}")
    kinds = dict(zip(table.shapes["id"], table.shapes.geometry.geom_type))
    areas = {
        area_id: {
            "style": _style(period, table.areas[area_id], kinds[area_id]),
            "label": control_tooltip(table, table.areas[area_id], period, day),
        }
        for area_id, period in table.control_on(day).items()
    }
    source = source or promised(control_shapes_json(table))
    group.add_child(Script(_CONTROL_JS, areas=js_json(areas), source=source, pane=js_json(CONTROL_PANE)))
    return group


def control_shapes_json(table: ControlTable) -> str:
    """Every area's shape under its id: what the layer's script picks from, whatever the day."""
    return js_json(
        {
            "type": "FeatureCollection",
            "features": [
                {"type": "Feature", "geometry": shapely.geometry.mapping(geometry), "properties": {"id": area_id}}
                for area_id, geometry in zip(table.shapes["id"], table.shapes.geometry)
            ],
        }
    )


_CONTROL_JS = Template("""{% macro script(this, kwargs) %}
(function (areas, group) {
  {{ this.source }}.then(function (data) {
    var layer = L.geoJSON({type: "FeatureCollection", features: data.features.filter(function (f) {
      return areas.hasOwnProperty(f.properties.id);
    })}, {pane: {{ this.pane }}, style: function (f) { return areas[f.properties.id].style; }});
    layer.eachLayer(function (l) { l.bindTooltip(areas[l.feature.properties.id].label, {sticky: true}); });
    layer.addTo(group);
  });
})({{ this.areas }}, {{ this._parent.get_name() }});
{% endmacro %}""")


def control_tooltip(table: ControlTable, area: Area, period: Period, day: date) -> str:
    """Escaped text: the holder that day, every period since 1991, and what the drawn shape stands for."""
    shape = "Approximate shape" if area.approximate else "Shape"
    return html_text(
        f"{area.name}, {day.day} {day:%b %Y}: {period.label}. History: {table.history_line(area.id)}. "
        f"{shape}: {area.note}"
    )


def _style(period: Period, area: Area, geom_type: str) -> dict:
    colour = CONTROL_COLOURS[period.control]
    dash = APPROXIMATE_DASH if area.approximate else PART_DASH if period.extent == "part" else None
    if geom_type in ("LineString", "MultiLineString"):
        return {"color": colour, "weight": 5, "opacity": 0.9, "dashArray": dash}
    if period.control is Control.PEACEKEEPERS:  # a zone over the oblast: an outline, the oblast's holder shows through
        return {"color": colour, "weight": 2.5, "fillOpacity": 0, "dashArray": dash}
    return {
        "color": colour,
        "weight": 1.5,
        "fillColor": colour,
        "fillOpacity": FILL_OPACITY[period.extent],
        "dashArray": dash,
    }


def control_legend_html() -> str:
    """Legend lines for the control layer, from escaped labels (the lead adds them to the map's legend)."""
    swatches = "".join(
        f'<div><i style="background:{colour};opacity:.7"></i>{html_text(control.label)}</div>'
        for control, colour in CONTROL_COLOURS.items()
    )
    return (
        "<details><summary><b>Nagorno-Karabakh: who held it (end of the year or dates shown)</b></summary>"
        + swatches
        + f"<div><i style='background:{CONTROL_COLOURS[Control.ARMENIAN]};opacity:.3'></i>pale: held in part "
        "(no offline line of contact; the whole district is shaded)</div>"
        f"<div><i style='border:2px dashed {BLACK};height:8px;width:8px'></i>dashed: approximate shape "
        "(peacekeeping zone, Lachin corridor)</div></details>"
    )
