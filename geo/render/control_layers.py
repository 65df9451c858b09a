"""The map layer of who controlled Nagorno-Karabakh's areas on a day, and the legend lines that explain it."""

from datetime import date

import folium
import shapely

from geo.alliance.control import Area, Control, ControlTable, Period
from geo.render.html import html_text
from geo.render.palette import BLACK, CONTROL_COLOURS

FILL_OPACITY = {"whole": 0.6, "part": 0.25}  # 'part': pale, as the holder had only some of the drawn unit
APPROXIMATE_DASH, PART_DASH = "6 5", "2 4"


def control_layer(table: ControlTable, day: date) -> folium.FeatureGroup:
    """Each area with a holder that day, shaded by holder; the tooltip tells its whole history.

    `day` is 31 December of the year shown, or the last day of a dates range.
    """
    group = folium.FeatureGroup(name=f"Nagorno-Karabakh control on {day.day} {day:%b %Y}")
    shapes = dict(zip(table.shapes["id"], table.shapes.geometry))
    for area_id, period in table.control_on(day).items():
        area = table.areas[area_id]
        geometry = shapes[area_id]
        folium.GeoJson(
            shapely.geometry.mapping(geometry),
            style_function=_style(period, area, geometry.geom_type),
            tooltip=folium.Tooltip(control_tooltip(table, area, period, day), sticky=True),
        ).add_to(group)
    return group


def control_tooltip(table: ControlTable, area: Area, period: Period, day: date) -> str:
    """Escaped text: the holder that day, every period since 1991, and what the drawn shape stands for."""
    shape = "Approximate shape" if area.approximate else "Shape"
    return html_text(
        f"{area.name}, {day.day} {day:%b %Y}: {period.label}. History: {table.history_line(area.id)}. "
        f"{shape}: {area.note}"
    )


def _style(period: Period, area: Area, geom_type: str):
    colour = CONTROL_COLOURS[period.control]
    dash = APPROXIMATE_DASH if area.approximate else PART_DASH if period.extent == "part" else None
    if geom_type in ("LineString", "MultiLineString"):
        style = {"color": colour, "weight": 5, "opacity": 0.9, "dashArray": dash}
    elif (
        period.control is Control.PEACEKEEPERS
    ):  # a zone over the oblast: an outline, the oblast's holder shows through
        style = {"color": colour, "weight": 2.5, "fillOpacity": 0, "dashArray": dash}
    else:
        style = {
            "color": colour,
            "weight": 1.5,
            "fillColor": colour,
            "fillOpacity": FILL_OPACITY[period.extent],
            "dashArray": dash,
        }

    def style_function(_feature: dict) -> dict:
        return style

    return style_function


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
