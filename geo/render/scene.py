"""What the map shows for one choice of organisation, filters and layers, and the figures its caption reports."""

import copy
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date

import folium
from branca.element import Element

from geo.alliance.control import ControlTable
from geo.alliance.events import Event
from geo.alliance.filters import Filters, my_events_matching
from geo.alliance.membership import Memberships, Status
from geo.alliance.my_event import MyEvent
from geo.atlas import Atlas
from geo.render import frame, layers
from geo.render.control_layers import control_layer, control_legend_html


@dataclass(frozen=True)
class Scene:
    groups: list[folium.FeatureGroup]
    events: list[Event]  # matching the filters; those without a place are listed but not drawn
    shaded: dict[str, Status]  # countries drawn in a status colour
    unplaced: list[Event]


def country_names(atlas: Atlas) -> dict[str, str]:
    return dict(zip(atlas.countries["iso3"], atlas.countries["name"]))


@dataclass(frozen=True)
class ShapeSources:
    """Where the browser gets the shapes that stay the same from year to year: JS promises of
    layers.regions_json and control_layers.control_shapes_json (script.fetched(url) of a static file in the app).
    None puts the data in the page itself, as a map opened from disk needs."""

    regions: str | None = None
    control: str | None = None


SHARED_LAYERS = frozenset({"status", "control", "regions", "bases", "events"})  # drawn from the curated data alone


def scene(
    atlas: Atlas,
    org: str,
    filters: Filters,
    shown: set[str],
    mine: Sequence[MyEvent] = (),
    control: ControlTable | None = None,
) -> Scene:
    return with_my_events(shared_scene(atlas, org, filters, shown, control), filters, shown, mine)


def shared_scene(
    atlas: Atlas,
    org: str,
    filters: Filters,
    shown: set[str],
    control: ControlTable | None = None,
    sources: ShapeSources = ShapeSources(),
) -> Scene:
    """Everything the curated data shows for this view: the same for every reader, so it can be built once and shared.

    Nagorno-Karabakh's control is drawn as it stood at the end of the window (31 December, or a range's last day),
    above the status shading and below the events.
    """
    names = country_names(atlas)
    events = atlas.events_matching(filters)
    statuses = atlas.memberships.statuses_in_year(org, filters.year)
    shaded = {c: s.status for c, s in statuses.items() if s.status is not Status.NON_MEMBER and c in names}
    groups = []
    if "status" in shown:
        groups.append(layers.status_layer(org, filters.year, atlas.memberships, names))
    if "control" in shown and control is not None:
        groups.append(control_layer(control, filters.window[1], sources.control))
    if "regions" in shown:
        groups.append(layers.regions_layer(atlas.features, sources.regions))
    if "bases" in shown:
        groups.append(layers.places_layer(atlas.bases, events, filters.year))
    if "events" in shown:
        groups.append(layers.event_layer(events, atlas.categories, names))
    return Scene(
        layers.with_stable_ids(groups), events, shaded if "status" in shown else {}, [e for e in events if not e.places]
    )


def with_my_events(
    shared: Scene, filters: Filters, shown: set[str], mine: Sequence[MyEvent], others: frozenset[str] = frozenset()
) -> Scene:
    """A shared scene plus one reader's own events (and the team's published ones, `others`: their ids), in a new
    Scene: the shared one is never changed.

    The reader's layer is numbered after the shared ones (stand-in groups take their numbers), so its element names
    are those the whole scene would have had, and renumbering the shared groups, which other sessions render, is
    avoided.
    """
    if "mine" not in shown or not (my_events := my_events_matching(mine, filters)):
        return shared
    stand_ins = [folium.FeatureGroup() for _ in shared.groups]
    own = layers.with_stable_ids([*stand_ins, layers.my_events_layer(my_events, others)])[-1]
    return replace(shared, groups=[*shared.groups, own])


def private_copy(shared: Scene) -> Scene:
    """Layers one session may render: st_folium renames and re-parents every element it renders, so a shared Scene's
    layers are copied, never handed out.

    branca drops an element's own `_template` when it is copied and rebuilds it only from `_template_str`, so
    templates set directly are put back; compiled templates are immutable, so the copy shares them.
    """
    groups = copy.deepcopy(shared.groups)
    for original, copied in zip(_elements(shared.groups), _elements(groups), strict=True):
        if "_template" in vars(original) and "_template" not in vars(copied):
            copied._template = original._template
    return replace(shared, groups=groups)


def _elements(elements: Iterable[Element]) -> Iterator[Element]:
    """Every element below, depth first, incl. the header/html/script parts a Popup keeps outside its children."""
    for element in elements:
        yield element
        parts = (getattr(element, name, None) for name in ("header", "html", "script"))
        yield from _elements([*element._children.values(), *(p for p in parts if isinstance(p, Element))])


def base_map(
    atlas: Atlas, org: str, outlines: str, tiles: bool = False, more_legend: str = "", control: bool = False
) -> folium.Map:
    """`outlines`: script.fetched(url) in the app, frame.inlined(atlas.outlines) for a standalone page; `control`
    adds the legend lines of the Nagorno-Karabakh control layer."""
    return frame.map_frame(atlas.view, _legend(atlas, org, more_legend, control), outlines, tiles=tiles)


def base_pair(
    atlas: Atlas,
    org: str,
    outlines: str,
    labels: tuple[str, str],
    right: list[folium.FeatureGroup],
    tiles: bool = False,
    more_legend: str = "",
    control: bool = False,
) -> frame.SideBySide:
    """Two maps of base_map's frame side by side, panned and zoomed together: `right` holds the second's layers."""
    legend = _legend(atlas, org, more_legend, control)
    return frame.SideBySide(atlas.view, legend, outlines, labels, right, tiles=tiles)


def _legend(atlas: Atlas, org: str, more_legend: str, control: bool) -> str:
    legend = layers.atlas_legend_html(atlas.memberships.organisations[org].short_name, atlas.categories.values())
    legend += control_legend_html() if control else ""
    legend += f"<details><summary><b>Imported events</b></summary>{more_legend}</details>" if more_legend else ""
    return legend


def map_title(short_name: str, filters: Filters, opening_year: int) -> str:
    """'CSTO in 2025', saying so when that is the year a first look opens on."""
    latest = filters.year == opening_year and not filters.date_from
    return f"{short_name} in {filters.year}" + (" · the latest year with events" if latest else "")


def status_note(memberships: Memberships, org: str, year: int, today: date) -> str:
    """When the shading holds: the end of the year shown, and whether nothing has changed since."""
    day = min(date(year, 12, 31), today)
    current = ", still current" if memberships.still_current(org, year, today) else ""
    return f"statuses on {day.day} {day:%b %Y}{current}"


def caption(view: Scene, filters: Filters) -> str:
    """One line telling the reader what the map holds, incl. events the map cannot place."""
    first, last = filters.window
    window = f"{first:%d %b %Y} – {last:%d %b %Y}" if filters.date_from else str(filters.year)
    text = (
        f"{counted(len(view.shaded), 'country', 'countries')} shaded · "
        f"{counted(len(view.events), 'event', 'events')} in {window}"
        f"{' (filtered)' if filters.categories or filters.countries else ''}"
    )
    if view.unplaced:
        text += f" · {len(view.unplaced)} without a documented place (listed, not drawn)"
    return text


def counted(number: int, one: str, many: str) -> str:
    """'1 country', '9 countries', '12,345 imported events': for the captions under the map."""
    return f"{number:,} {one if number == 1 else many}"
