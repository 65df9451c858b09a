"""geo/render/scene.py: what the map holds for one view, the part shared by every reader kept apart from one
reader's own events, and the lines that tell the reader what is shown."""

from datetime import date

import folium
import pytest

from geo.alliance.control import load_control
from geo.alliance.filters import Filters
from geo.alliance.membership import Status
from geo.alliance.my_event import MyEvent
from geo.atlas import load_atlas
from geo.dates import parse_fuzzy
from geo.render.scene import Scene, caption, map_title, private_copy, scene, shared_scene, status_note, with_my_events
from tests.conftest import ROOT

EVERY_LAYER = {"status", "control", "regions", "bases", "events", "mine"}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "data")


def mine(title="Private note on the summit") -> MyEvent:
    return MyEvent(
        "u1", title, parse_fuzzy("2022-11-23"), "Yerevan", 40.18, 44.51, "city", "ARM", ("ARM",), "", "", None
    )


def rendered(groups) -> str:
    """The page of a bare map holding these groups, with the map's random name made fixed so pages compare."""
    fmap = folium.Map(tiles=None)
    for group in groups:
        group.add_to(fmap)
    return fmap.get_root().render().replace(fmap.get_name(), "map")


def test_the_scene_follows_the_year(atlas):
    view_2022 = shared_scene(atlas, "CSTO", Filters(2022), EVERY_LAYER)
    view_2024 = shared_scene(atlas, "CSTO", Filters(2024), EVERY_LAYER)
    assert view_2022.shaded["ARM"] is Status.MEMBER and view_2024.shaded["ARM"] is Status.SUSPENDED
    assert {e.id for e in view_2022.events} != {e.id for e in view_2024.events}


def test_layers_switched_off_are_not_built(atlas):
    view = shared_scene(atlas, "CSTO", Filters(2022), {"events"})
    assert len(view.groups) == 1 and view.shaded == {}


def test_the_control_layer_needs_its_table_and_its_switch(atlas):
    control = load_control(ROOT / "data")
    with_control = shared_scene(atlas, "CSTO", Filters(2021), {"control"}, control)
    assert len(with_control.groups) == 1 and "Russian peacekeepers" in rendered(with_control.groups)
    assert shared_scene(atlas, "CSTO", Filters(2021), {"control"}).groups == []


def test_my_events_are_added_to_a_new_scene_never_to_the_shared_one(atlas):
    shared = shared_scene(atlas, "CSTO", Filters(2022), EVERY_LAYER)
    names = [group.get_name() for group in shared.groups]
    own = with_my_events(shared, Filters(2022), EVERY_LAYER, [mine("{{ 7*7 }} <img src=x onerror=alert(1)>")])
    assert [group.get_name() for group in shared.groups] == names
    assert own.groups[:-1] == shared.groups and own.groups[-1].get_name() == f"feature_group_aa{len(names)}x0"
    page = rendered(own.groups[-1:])
    assert "&#123;&#123; 7*7 &#125;&#125; &lt;img src=x onerror=alert(1)&gt;" in page and "<img src=x" not in page
    assert with_my_events(shared, Filters(2022), EVERY_LAYER - {"mine"}, [mine()]) is shared
    assert with_my_events(shared, Filters(2019), EVERY_LAYER, [mine()]) is shared  # not in that year
    assert with_my_events(shared, Filters(2022, categories=frozenset({"summit"})), EVERY_LAYER, [mine()]) is shared


def test_a_private_copy_renders_as_the_shared_scene_would_and_leaves_it_untouched(atlas):
    """The status layer's script sets its own template, which a plain deep copy would lose (an empty layer)."""
    shared = scene(atlas, "CSTO", Filters(2022), EVERY_LAYER)
    first, second = private_copy(shared), private_copy(shared)
    assert first.events is shared.events and not set(map(id, first.groups)) & set(map(id, shared.groups))
    page = rendered(first.groups)
    assert page.count("aa-event") > 0 and page == rendered(second.groups)
    assert [group._parent for group in shared.groups] == [None] * len(shared.groups)
    assert rendered(shared.groups) == page


def test_an_event_without_a_place_is_listed_and_counted_but_not_drawn(atlas):
    window = Filters(1999, date(1999, 1, 1), date(2002, 12, 31))  # E02 (1999) has no documented place, E03 has one
    view = shared_scene(atlas, "CSTO", window, EVERY_LAYER)
    assert [e.id for e in view.events] == ["E02", "E03"] and [e.id for e in view.unplaced] == ["E02"]
    page = rendered(view.groups)
    assert 'data-event="E02"' not in page and 'data-event="E03"' in page
    assert caption(view, window).endswith(
        "2 events in 01 Jan 1999 – 31 Dec 2002 · 1 without a documented place (listed, not drawn)"
    )


def test_the_caption_says_a_range_a_filter_and_events_it_cannot_draw(atlas):
    placed, unplaced = atlas.event("E22"), atlas.event("E02")
    view = Scene([], [placed, unplaced], {"ARM": Status.SUSPENDED}, [unplaced])
    ranged = Filters(2022, date(2022, 12, 31), date(2022, 9, 1), categories=frozenset({"summit"}))
    assert caption(view, ranged) == (
        "1 country shaded · 2 events in 01 Sep 2022 – 31 Dec 2022 (filtered) · "
        "1 without a documented place (listed, not drawn)"
    )


def test_the_status_note_says_whether_the_shading_still_holds(atlas):
    today = date(2026, 12, 1)
    assert status_note(atlas.memberships, "CSTO", 2023, today) == "statuses on 31 Dec 2023"
    assert status_note(atlas.memberships, "CSTO", 2025, today) == "statuses on 31 Dec 2025, still current"
    assert status_note(atlas.memberships, "CSTO", 2026, today) == "statuses on 1 Dec 2026, still current"


def test_the_title_says_when_it_shows_the_year_a_first_look_opens_on():
    assert map_title("CSTO", Filters(2025), 2025) == "CSTO in 2025 · the latest year with events"
    assert map_title("CSTO", Filters(2023), 2025) == "CSTO in 2023"
    assert map_title("CSTO", Filters(2025, date(2025, 3, 1), date(2025, 4, 1)), 2025) == "CSTO in 2025"
