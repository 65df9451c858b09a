"""geo/render/scene.py: what the map holds for one view, the part shared by every reader kept apart from one
reader's own events, and the lines that tell the reader what is shown."""
from datetime import date

import pytest

from geo.alliance.control import load_control
from geo.alliance.filters import Filters
from geo.alliance.membership import Status
from geo.alliance.my_event import MyEvent
from geo.atlas import load_atlas
from geo.dates import parse_fuzzy
from geo.render.scene import caption, private_copy, scene, shared_scene, status_note, with_my_events
from tests.conftest import ROOT

EVERY_LAYER = {"status", "control", "regions", "bases", "events", "mine"}


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "data")


def mine(title="Private note on the summit") -> MyEvent:
    return MyEvent("u1", title, parse_fuzzy("2022-11-23"), "Yerevan", 40.18, 44.51, "city", "ARM", ("ARM",), "", "",
                   None)


def rendered(groups) -> str:
    import folium

    fmap = folium.Map(tiles=None)
    for group in groups:
        group.add_to(fmap)
    return fmap.get_root().render()


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
    before = len(shared.groups)
    own = with_my_events(shared, Filters(2022), EVERY_LAYER, [mine()])
    assert len(own.groups) == before + 1 and len(shared.groups) == before
    assert "Private note on the summit" in rendered(own.groups[-1:])
    assert with_my_events(shared, Filters(2022), EVERY_LAYER - {"mine"}, [mine()]) is shared
    assert with_my_events(shared, Filters(2019), EVERY_LAYER, [mine()]) is shared  # not in that year


def test_a_private_copy_shares_no_element_with_the_shared_scene(atlas):
    shared = scene(atlas, "CSTO", Filters(2022), EVERY_LAYER)
    copied = private_copy(shared)
    assert copied.events is shared.events and not set(map(id, copied.groups)) & set(map(id, shared.groups))
    assert rendered(copied.groups).count("aa-event") == rendered(shared.groups).count("aa-event") > 0


def test_the_caption_counts_what_is_shown_and_what_cannot_be_placed(atlas):
    view = shared_scene(atlas, "CSTO", Filters(2022), EVERY_LAYER)
    text = caption(view, Filters(2022))
    assert text.startswith(f"{len(view.shaded)} countries shaded · {len(view.events)} events in 2022")
    ranged = Filters(2022, date(2022, 9, 1), date(2022, 12, 31))
    assert "events in 01 Sep 2022 – 31 Dec 2022" in caption(shared_scene(atlas, "CSTO", ranged, EVERY_LAYER), ranged)


def test_the_status_note_says_whether_the_shading_still_holds(atlas):
    today = date(2026, 12, 1)
    assert status_note(atlas.memberships, "CSTO", 2023, today) == "statuses on 31 Dec 2023"
    assert status_note(atlas.memberships, "CSTO", 2025, today) == "statuses on 31 Dec 2025, still current"
    assert status_note(atlas.memberships, "CSTO", 2026, today) == "statuses on 1 Dec 2026, still current"
