import json
import re
from datetime import date

from geo.atlas import load_atlas
from geo.alliance.filters import Filters
from geo.render.html import html_text
from geo.render.layers import STATUS_COLOURS
from geo.alliance.membership import Status
from tests.conftest import ROOT
from tests.screens.conftest import HOSTILE_TITLE, page

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
    events.write_text(events.read_text().replace("places: [Yerevan]\n  countries: [ARM]\n  confidence: low",
                                                 "places: [Qqxyz Nowhere]\n  countries: [ARM]\n  confidence: low"))
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
