import json
import re
import threading
from datetime import UTC, date, datetime

import pytest

from geo.alliance.control import Control
from geo.alliance.filters import Filters
from geo.alliance.membership import Status
from geo.atlas import load_atlas
from geo.dates import parse_fuzzy
from geo.render.html import html_text
from geo.render.palette import CONTROL_COLOURS, STATUS_COLOURS
from geo.store.authorship import SOLO, Authorship, kept_now
from geo.store.my_events import new_event
from geo.store.my_events_sqlite import SqliteMyEvents
from tests.conftest import ROOT
from tests.screens.conftest import HOSTILE_TITLE, map_assets, page
from ui import loaders

MEMBER, FROZEN = STATUS_COLOURS[Status.MEMBER], STATUS_COLOURS[Status.SUSPENDED]


def _layers_js(at) -> str:
    return json.loads(at.get("component_instance")[0].proto.json_args)["feature_group"]


def test_map_2022_shows_members_and_events():
    at = page("map", year=2022).run()
    assert not at.exception
    assert at.title[0].value == "CSTO in 2022"
    caption = at.caption[0].value
    assert caption.startswith("9 countries shaded")  # 6 members; Azerbaijan, Georgia, Uzbekistan former members
    js = _layers_js(at)
    assert MEMBER in js and FROZEN not in js
    assert "CSTO summit" in js or "Yerevan" in js


def test_changing_the_year_changes_armenia():
    at = page("map", year=2023).run()
    assert "Armenia: member at the end of 2023" in _layers_js(at)
    at.session_state["year"] = 2024
    at.run()
    js = _layers_js(at)
    assert "Armenia: participation frozen at the end of 2024" in js and FROZEN in js
    assert at.title[0].value == "CSTO in 2024"


def test_category_filter_reduces_events():
    at = page("map", year=2022).run()
    all_events = int(at.caption[0].value.split("· ")[1].split()[0])
    at.session_state["categories"] = ["exercise"]
    at.run()
    exercises = int(at.caption[0].value.split("· ")[1].split()[0])
    assert 0 < exercises < all_events


def test_switching_the_events_layer_off_removes_markers():
    at = page("map", year=2022).run()
    assert "aa-event" in _layers_js(at)
    at.session_state["events"] = False
    at.run()
    assert "aa-event" not in _layers_js(at)


def test_event_in_url_opens_its_panel_with_related_events():
    at = page("map", year=2022)
    at.query_params["event"] = "E22"
    at.run()
    assert not at.exception
    assert "Yerevan" in at.subheader[0].value
    assert any(b.label.startswith("Related") or "·" in b.label for b in at.button)


def test_unknown_event_in_url_is_ignored():
    at = page("map", year=2022)
    at.query_params["event"] = "<script>"
    at.run()
    assert not at.exception and not at.subheader


def test_hostile_event_shows_as_text(hostile_data):
    at = page("map", year=2022)
    at.query_params["event"] = "X01"
    at.run()
    assert not at.exception
    heading = at.subheader[0].value
    assert "<img" not in heading.replace("\\<img", "")  # markdown-escaped: shown literally
    js = _layers_js(at)
    assert "<img src=x" not in js and "&lt;img src=x onerror=alert(1)&gt;" in js
    assert 'href="javascript' not in js and 'onmouseover="alert' not in js
    assert HOSTILE_TITLE not in js


def test_bad_data_is_listed_with_file_line_and_field(hostile_data):
    events = hostile_data / "events.yaml"
    events.write_text(
        events.read_text().replace(
            "places: [Yerevan]\n  countries: [ARM]\n  confidence: low",
            "places: [Qqxyz Nowhere]\n  countries: [ARM]\n  confidence: low",
        )
    )
    at = page("map", year=2022).run()
    shown = at.error[0].value.replace("\\", "")  # the message is markdown-escaped
    assert re.search(r"data/events\.yaml:\d+: places: 'Qqxyz Nowhere' is not a place the gazetteer knows", shown)


def test_a_date_range_replaces_the_year_for_events():
    september = (date(2022, 9, 1), date(2022, 9, 30))
    expected = load_atlas(ROOT / "data").events_matching(Filters(2010, *september))
    at = page("map", year=2010, dates=september).run()
    caption = at.caption[0].value
    assert f"{len(expected)} events in 01 Sep 2022 – 30 Sep 2022" in caption and len(expected) >= 4
    js = _layers_js(at)
    assert all(html_text(e.title) in js for e in expected if e.places)


def test_readers_share_a_view_only_when_they_pick_the_same_one():
    """Sessions run in one process, so both AppTests draw on the same shared cache, as two readers on a server do."""
    atlas = load_atlas(ROOT / "data")
    exercises_2023 = Filters(2023, categories=frozenset({"exercise"}))
    first = page("map", year=2023, categories=["exercise"]).run()
    second = page("map", year=2024).run()
    first_js, second_js = _layers_js(first), _layers_js(second)
    assert "Armenia: member at the end of 2023" in first_js and FROZEN not in first_js
    assert "Armenia: participation frozen at the end of 2024" in second_js and FROZEN in second_js
    shown_2023 = [e for e in atlas.events_matching(exercises_2023) if e.places]
    hidden_2023 = [e for e in atlas.events_matching(Filters(2023)) if e.places and e.category != "exercise"]
    assert shown_2023 and all(html_text(e.title) in first_js for e in shown_2023)
    assert hidden_2023 and not any(html_text(e.title) in first_js for e in hidden_2023)
    assert all(html_text(e.title) in second_js for e in atlas.events_matching(Filters(2024)) if e.places)
    again = page("map", year=2023, categories=["exercise"]).run()
    assert _layers_js(again) == first_js

    every_layer = {"status", "events", "bases", "regions", "mine", "imported"}
    shared = loaders.shared_view("CSTO", exercises_2023, every_layer)
    assert loaders.shared_view("CSTO", Filters(2023, categories=frozenset({"exercise"})), set(every_layer)) is shared
    assert loaders.shared_view("CSTO", Filters(2024, categories=frozenset({"exercise"})), every_layer) is not shared
    rendered = loaders.scene("CSTO", exercises_2023, every_layer, [])
    assert rendered.events is shared.events and not set(map(id, rendered.groups)) & set(map(id, shared.groups))


def test_one_readers_own_events_and_selection_never_reach_another(own_home):
    """A reader with My events shown and an event selected fills the shared view; a reader of it with My events off
    sees neither, and a later reader with the layer on still gets the events."""
    yerevan = load_atlas(ROOT / "data").event("E22").main_place
    made = new_event("Private reading of the summit", parse_fuzzy("2022-11-23"), yerevan)
    SqliteMyEvents.open(own_home).add(made, kept_now(None), SOLO)
    with_mine = page("map", year=2022)
    with_mine.query_params["event"] = "E22"
    with_mine.run()
    assert "Private reading of the summit" in _layers_js(with_mine) and "Yerevan" in with_mine.subheader[0].value
    without_mine = page("map", year=2022, mine=False).run()
    assert "Private reading of the summit" not in _layers_js(without_mine) and "aa-mine" not in _layers_js(without_mine)
    assert not without_mine.subheader  # no event selected: the list of events, not E22's panel
    later = page("map", year=2022).run()
    assert "Private reading of the summit" in _layers_js(later)


def test_in_team_mode_a_reader_sees_published_events_and_an_analyst_also_their_own(own_home, team_mode):
    yerevan = load_atlas(ROOT / "data").event("E22").main_place
    store = SqliteMyEvents.open(own_home)
    for title, published in [("Draft by Alice", False), ("Published by Alice", True)]:
        store.add(
            new_event(title, parse_fuzzy("2022-11-23"), yerevan),
            Authorship("alice", datetime(2024, 2, 23, tzinfo=UTC), published),
            SOLO,  # as a store used by a team before: kept in alice's name
        )
    reader = page("map", year=2022).run()
    assert "Published by Alice" in _layers_js(reader) and "Draft by Alice" not in _layers_js(reader)
    alice = page("map", year=2022)
    alice.user = {"name": "alice"}
    assert "Draft by Alice" in _layers_js(alice.run())


def _layer_names(at) -> str:
    return json.loads(at.get("component_instance")[0].proto.json_args)["layer_control"]


def _control_fills(js: str) -> set[str]:
    """Fill colours of the control layer's areas: the holders' colours among the area styles it hands Leaflet."""
    return set(CONTROL_COLOURS.values()) & set(re.findall(r'"fillColor":"(#[0-9A-Fa-f]{6})"', js))


def test_nagorno_karabakh_control_follows_the_year():
    """1994-2020 the districts are held by Armenian forces; after the 2020 war Azerbaijan's, with Russian
    peacekeepers in the zone; in 2024 Azerbaijan's alone, the peacekeepers gone. The tooltip tells the history."""
    armenian, azerbaijan = CONTROL_COLOURS[Control.ARMENIAN], CONTROL_COLOURS[Control.AZERBAIJAN]
    at = page("map", year=2019).run()
    js = _layers_js(at)
    assert "Nagorno-Karabakh control on 31 Dec 2019" in _layer_names(at)
    assert "Kalbajar (Kəlbəcər), 31 Dec 2019: Armenian forces" in js and "History: " in js
    assert _control_fills(js) == {armenian}
    at.session_state["year"] = 2021
    at.run()
    js = _layers_js(at)
    assert "Kalbajar (Kəlbəcər), 31 Dec 2021: Azerbaijan" in js and "31 Dec 2021: Russian peacekeepers" in js
    assert _control_fills(js) == {armenian, azerbaijan}
    at.session_state["year"] = 2024
    at.run()
    js = _layers_js(at)
    assert "31 Dec 2024: Russian peacekeepers" not in js and "31 Dec 2024: Armenian forces" not in js
    assert _control_fills(js) == {azerbaijan}


def test_the_control_layer_can_be_switched_off():
    at = page("map", year=2021).run()
    assert "31 Dec 2021: Russian peacekeepers" in _layers_js(at)
    at.session_state["control"] = False
    at.run()
    assert "Russian peacekeepers" not in _layers_js(at) and "Nagorno-Karabakh control" not in _layer_names(at)


def test_without_a_year_the_map_opens_on_the_latest_year_with_events():
    """Not on the calendar year, which may have no events yet; the title and caption say what is shown."""
    latest = load_atlas(ROOT / "data").opening_year(date.today())
    at = page("map").run()
    assert at.title[0].value == f"CSTO in {latest} · the latest year with events"
    caption = at.caption[0].value
    assert f"events in {latest}" in caption and not caption.split("·")[1].startswith(" 0 events")
    assert caption.endswith(f"statuses on 31 Dec {latest}, still current")


def test_a_past_year_says_its_statuses_are_history():
    at = page("map", year=2023).run()
    assert at.title[0].value == "CSTO in 2023" and at.caption[0].value.endswith("statuses on 31 Dec 2023")


def _map_args(at) -> dict:
    return json.loads(at.get("component_instance")[0].proto.json_args)


def test_an_event_from_another_year_offers_its_year_then_is_centred_and_ringed():
    """?year=2024&event=E22 (the 2022 Yerevan summit): one click shows 2022, where the map centres on Yerevan at a
    province's zoom and rings the event."""
    at = page("map", year=2024)
    at.query_params["event"] = "E22"
    at.run()
    assert "aa-selected" not in _layers_js(at) and _map_args(at)["center"] is None
    jump = next(b for b in at.button if b.key == "event_year")
    assert jump.label == "Show 2022 on the map (this event is not in 2024)"
    jump.click().run()
    assert at.title[0].value == "CSTO in 2022" and not any(b.key == "event_year" for b in at.button)
    args = _map_args(at)
    assert args["center"] == pytest.approx([40.18, 44.51], abs=0.05) and args["zoom"] == 7  # Yerevan
    assert "aa-selected" in args["feature_group"]


def test_without_a_selection_the_map_keeps_its_own_frame():
    at = page("map", year=2022).run()
    args = _map_args(at)
    assert args["center"] is None and "aa-selected" not in args["feature_group"]


def test_the_shared_layers_handed_to_st_folium_are_what_it_renders_from_the_scene_itself():
    """ui/prerendered.py renders a shared view once for every reader: its text must be st_folium's own rendering."""
    import folium
    from streamlit_folium import _get_feature_group_string

    from geo.alliance.control import load_control
    from geo.render.control_layers import control_shapes_json
    from geo.render.layers import regions_json
    from geo.render.offline import publish
    from geo.render.scene import ShapeSources, shared_scene
    from geo.render.script import fetched

    at = page("map", year=2021).run()
    shown = {"status", "control", "events", "bases", "regions"}
    atlas, control = load_atlas(ROOT / "data"), load_control(ROOT / "data")
    static = ROOT / "static"  # the app's static files are named by their content: the same shapes, the same names
    sources = ShapeSources(
        fetched(publish(static, "regions", regions_json(atlas.features))),
        fetched(publish(static, "control-areas", control_shapes_json(control))),
    )
    view = shared_scene(atlas, "CSTO", Filters(2021), shown, control, sources)
    fmap = folium.Map(tiles=None)
    expected = "".join(_get_feature_group_string(group, fmap, index) for index, group in enumerate(view.groups))
    assert _layers_js(at) == expected and "Russian peacekeepers" in expected


def test_comparing_with_another_year_lists_what_changed_and_draws_that_year_beside():
    at = page("map", year=2024, compare=2021).run()
    assert not at.exception
    assert at.subheader[0].value == "2024 compared with 2021"
    changes = next(m.value for m in at.markdown if "Armenia" in m.value)
    assert "**Armenia**: member → participation frozen" in changes and "Lachin corridor" in changes
    maps = at.get("component_instance")
    assert len(maps) == 1  # one component, two maps: the year shown (left) and 2021 (right), panned together
    args = json.loads(maps[0].proto.json_args)
    assert "map_div2" in args["script"] and "map_div.sync(map_div2)" in args["script"]
    assert (
        "Armenia: member at the end of 2021" in args["script"] and "31 Dec 2021: Russian peacekeepers" in args["script"]
    )
    assert "Armenia: participation frozen at the end of 2024" in args["feature_group"]  # the left map's layers
    assert '"2024"' in args["script"] and '"2021"' in args["script"]  # each map's label
    at.session_state["year"] = 2023  # compared with the same year: the same frame (the reader's view stays) ...
    at.run()
    moved = json.loads(at.get("component_instance")[0].proto.json_args)
    assert moved["script"] == args["script"]
    assert 'textContent = "2023"' in moved["feature_group"]  # ... and the left map's label follows the year
    at.session_state["compare"] = None
    at.run()
    args = json.loads(at.get("component_instance")[0].proto.json_args)
    assert "map_div2" not in args["script"] and not any("compared with" in s.value for s in at.subheader)


def test_both_maps_load_leaflet_and_jquery_from_this_server_only():
    """No internet: the libraries (and our sync script) come from pip packages and our code under /app/static, never
    from a CDN."""
    at = page("map", year=2024, compare=2021).run()
    assets = map_assets(at)
    assert len(at.get("component_instance")) == 1 and "/app/static/vendor/atlas/sync.js" in assets
    assert all(link.startswith("/app/static/vendor/") for link in assets)
    assert "/app/static/vendor/leaflet/leaflet.js" in assets and "/app/static/vendor/jquery/jquery.min.js" in assets


def test_picking_an_event_from_the_list_selects_it_and_the_list_comes_back_unpicked():
    at = page("map", year=2022).run()
    pick = at.radio(key="event_pick")
    assert pick.value is None and len(pick.options) == 9 and any("Yerevan" in o for o in pick.options)
    pick.set_value("E22").run()
    assert at.query_params["event"] in ("E22", ["E22"]) and "Yerevan" in at.subheader[0].value
    at.query_params.pop("event")
    at.run()
    assert at.radio(key="event_pick").value is None


def test_after_a_first_open_every_year_of_that_view_is_rendered_and_a_year_change_is_a_look_up(monkeypatch):
    monkeypatch.setattr(loaders, "PRERENDER_AFTER_SECONDS", 0)
    loaders._prerendering.clear()
    loaders._shared_layers.cache_clear()
    at = page("map", year=2022).run()
    for thread in [t for t in threading.enumerate() if t.name == "prerender-years"]:
        thread.join(timeout=120)
    misses = loaders._shared_layers.cache_info().misses
    for year in (2019, 1995, 2024):
        at.session_state["year"] = year
        at.run()
        assert not at.exception and at.title[0].value.startswith(f"CSTO in {year}")
    assert loaders._shared_layers.cache_info().misses == misses
