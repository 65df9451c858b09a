import json

import pyarrow as pa

from tests.screens.conftest import page


def _specs(at):
    return [json.loads(chart.proto.spec) for chart in at.get("vega_lite_chart")]


def test_timeline_draws_events_and_membership():
    at = page("timeline", year=2022).run()
    assert not at.exception
    assert len(at.get("vega_lite_chart")) == 3
    assert at.caption[0].value.startswith("53 events")


def test_filters_change_the_timeline():
    at = page("timeline", year=2022, categories=["exercise"]).run()
    count = int(at.caption[0].value.split()[0])
    assert 0 < count < 53
    at.session_state["year"] = 2010
    at.run()
    assert "the band marks 2010" in at.caption[0].value


def test_a_clicked_event_is_shown_under_the_chart():
    at = page("timeline", year=2022)
    at.session_state["timeline_pick"] = {"selection": {"pick": [{"id": "E22"}]}}
    at.run()
    assert not at.exception
    assert "Yerevan" in at.subheader[0].value
    assert any(b.label == "Show on the map" for b in at.button)


def test_timeline_has_a_karabakh_control_band():
    at = page("timeline", year=2021).run()
    assert not at.exception
    assert "Nagorno-Karabakh: who held each area" in [s.value for s in at.subheader]
    frames = [pa.ipc.open_stream(d.data.data).read_pandas() for d in at.get("vega_lite_chart")[2].proto.datasets]
    periods = next(frame for frame in frames if "holder" in frame.columns)
    assert {"Kalbajar (Kəlbəcər)", "Lachin corridor", "Russian peacekeeping zone"} <= set(periods["area"])
    assert set(periods["holder"]) == {
        "Azerbaijan",
        "Armenian forces",
        "contested (war)",
        "Russian peacekeepers",
        "blockaded",
    }
    assert "Russian peacekeepers (part), 10 Nov 2020 – 12 Jun 2024" in set(periods["period"])
