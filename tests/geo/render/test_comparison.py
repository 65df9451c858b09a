"""geo/render/comparison.py: the changes between two years, statuses and control, as escaped markdown lines."""

import pytest

from geo.alliance.control import load_control
from geo.alliance.membership import load_memberships
from geo.render.comparison import difference_lines
from tests.conftest import ROOT

NAMES = {"ARM": "Armenia", "UZB": "Uzbekistan"}


@pytest.fixture(scope="module")
def data():
    return load_memberships(), load_control(ROOT / "data")


def test_armenias_freeze_and_karabakhs_changes_between_2021_and_2024(data):
    memberships, control = data
    lines = difference_lines(memberships, control, "CSTO", 2021, 2024, NAMES)
    assert lines[0] == "- **Armenia**: member → participation frozen"
    assert any(line.startswith("- **Lachin corridor**: Russian peacekeepers → Azerbaijan") for line in lines)
    assert not any("Kalbajar" in line for line in lines)  # Azerbaijan's at both ends


def test_two_years_alike_give_no_lines_and_control_can_be_left_out(data):
    memberships, control = data
    assert difference_lines(memberships, control, "CSTO", 2024, 2025, NAMES) == []
    assert difference_lines(memberships, None, "CSTO", 2019, 2021, NAMES) == []


def test_names_from_data_are_escaped(data):
    memberships, _ = data
    lines = difference_lines(memberships, None, "CSTO", 2021, 2024, {"ARM": "**Arm** [x](javascript:1)"})
    assert lines == ["- **\\*\\*Arm\\*\\* \\[x\\]\\(javascript\\:1\\)**: member → participation frozen"]
