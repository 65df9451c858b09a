import json
from datetime import date

import pandas as pd
import pytest

from geo.alliance.control import load_control
from geo.atlas import load_atlas
from geo.render.charts import (
    control_band,
    control_frame,
    event_timeline,
    membership_gantt,
    picked_event_id,
    status_matrix_frame,
)
from geo.render.scene import country_names
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "data")


@pytest.mark.parametrize(
    "state, expected",
    [
        ({"selection": {"pick": [{"id": "E22"}]}}, "E22"),
        ({"selection": {"pick": []}}, None),
        ({"selection": {}}, None),
        (None, None),
        ("garbage", None),
    ],
)
def test_picked_event_id(state, expected):
    assert picked_event_id(state) == expected


def test_timeline_marks_the_year_and_colours_by_category(atlas):
    spec = json.dumps(event_timeline(atlas.events, atlas.categories, 2023).to_dict())
    assert "2023-01-01" in spec and atlas.categories["summit"].colour in spec


def test_matrix_has_one_cell_per_country_and_year(atlas):
    frame = status_matrix_frame(atlas.memberships, "CSTO", country_names(atlas), range(2020, 2026))
    armenia = frame[frame["iso3"] == "ARM"].set_index("year")["status"]
    assert armenia[2023] == "member" and armenia[2024] == "participation frozen" and len(frame) == 9 * 6


def test_gantt_bars_follow_effective_status(atlas):
    data = membership_gantt(atlas.memberships, "CSTO", country_names(atlas), date(2026, 1, 1)).data
    uzbekistan = data[data["country"] == "Uzbekistan"]["status"].tolist()
    assert uzbekistan == ["member", "former member", "member", "former member"]


def test_control_band_has_one_bar_per_period_coloured_by_holder():
    table = load_control(ROOT / "data")
    frame = control_frame(table, date(2025, 6, 1))
    assert len(frame) == len(table.periods)
    kalbajar = frame[frame["area"] == "Kalbajar (Kəlbəcər)"]
    assert list(kalbajar["holder"]) == ["Azerbaijan", "Armenian forces", "Azerbaijan"]
    assert kalbajar["to"].iloc[-1] == pd.Timestamp(2025, 6, 1)
    assert list(frame.loc[frame["area"] == "Agdam (Ağdam)", "extent"]) == ["whole", "part", "whole"]
    spec = control_band(table, date(2025, 6, 1), 2021).to_dict()
    scale = spec["layer"][1]["encoding"]["color"]["scale"]
    assert dict(zip(scale["domain"], scale["range"]))["Armenian forces"] == "#D55E00"
    assert any(row.get("from", "").startswith("2021-01-01") for rows in spec["datasets"].values() for row in rows)
