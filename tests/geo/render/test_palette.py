"""geo/render/palette.py: every colour is named there and nowhere else, and the categories stay tellable apart."""

import re

import pytest

from geo.render import palette
from tests.conftest import ROOT

COLOUR = re.compile(r"#[0-9a-fA-F]{6}\b|#[0-9a-fA-F]{3}\b|rgba?\(\d")
CODE = ("geo", "ui", "screens")


def colour_literals(root=ROOT) -> list[str]:
    found = []
    for folder in CODE:
        for path in sorted((root / folder).rglob("*.py")):
            if path == root / "geo" / "render" / "palette.py":
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if COLOUR.search(line.replace("&#123;", "").replace("&#125;", "")):
                    found.append(f"{path.relative_to(root)}:{number}")
    return found


def test_no_colour_is_written_outside_the_palette():
    assert colour_literals() == []


def test_the_check_finds_a_colour_written_elsewhere(tmp_path):
    (tmp_path / "geo" / "render").mkdir(parents=True)
    (tmp_path / "ui").mkdir()
    (tmp_path / "screens").mkdir()
    (tmp_path / "ui" / "x.py").write_text('STYLE = "color:#fa0"\nESCAPED = "&#123;"\n')
    (tmp_path / "screens" / "y.py").write_text('SHADOW = "rgba(0,0,0,.3)"\n')
    assert colour_literals(tmp_path) == ["ui/x.py:1", "screens/y.py:1"]


def rgb(colour: str) -> tuple[int, int, int]:
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))


@pytest.mark.parametrize("scheme", ["STATUS_COLOURS", "CONTROL_COLOURS", "ACLED_TYPE_COLOURS"])
def test_each_category_has_its_own_colour_distinct_from_the_land(scheme):
    colours = [c.lower() for c in getattr(palette, scheme).values()]
    assert len(set(colours)) == len(colours)
    assert palette.LAND.lower() not in colours and palette.WATER.lower() not in colours


def test_control_never_reuses_a_status_colour():
    """A shaded Karabakh district must not read as a CSTO status."""
    assert not set(palette.CONTROL_COLOURS.values()) & set(palette.STATUS_COLOURS.values())


def test_hexagon_counts_darken_as_they_grow():
    lightness = [sum(rgb(c)) for c in palette.COUNT_SCALE]
    assert lightness == sorted(lightness, reverse=True)
