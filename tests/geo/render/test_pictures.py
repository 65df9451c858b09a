"""Pictures to take away: sizes, frames, and the legend and Karabakh colours a reader sees in the pixels."""

import io
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from geo.alliance.control import Control, load_control
from geo.alliance.filters import Filters
from geo.alliance.membership import Status
from geo.atlas import load_atlas
from geo.render.control_layers import FILL_OPACITY
from geo.render.palette import CONTROL_COLOURS, LAND, STATUS_COLOURS
from geo.render.pictures import STATUS_ALPHA, map_png, years_gif

ROOT = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
def data():
    return load_atlas(ROOT / "data"), load_control(ROOT / "data")


def _over(colour: str, alpha: float, background: str = "#ffffff") -> np.ndarray:
    """What a fill of `colour` at `alpha` looks like on `background`, as 0-255 RGB."""
    rgb = np.array([int(colour[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    base = np.array([int(background[i : i + 2], 16) for i in (1, 3, 5)], dtype=float)
    return alpha * rgb + (1 - alpha) * base


def _count(pixels: np.ndarray, rgb: np.ndarray, tolerance: float = 4) -> int:
    return int((np.abs(pixels.astype(float) - rgb).max(axis=-1) <= tolerance).sum())


def _png(atlas, control, year: int) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(map_png(atlas, "CSTO", control, Filters(year=year)))).convert("RGB"))


def test_png_is_article_sized_with_every_legend_colour(data):
    pixels = _png(*data, 2021)
    height, width, _ = pixels.shape
    assert (width, height) == (1920, 1152)
    legend = pixels[int(height * 0.53) :, int(width * 0.72) :]  # the right-hand panel under the inset
    for status, colour in STATUS_COLOURS.items():
        assert _count(legend, _over(colour, STATUS_ALPHA)) > 100, status
    for control, colour in CONTROL_COLOURS.items():
        if control is not Control.PEACEKEEPERS:  # drawn as a dashed outline, not a swatch
            assert _count(legend, _over(colour, FILL_OPACITY["whole"])) > 100, control
    for category in data[0].categories.values():
        assert _count(legend, _over(category.colour, 1)) > 20, category.label


def test_karabakh_inset_changes_with_the_year(data):
    armenian = _over(CONTROL_COLOURS[Control.ARMENIAN], FILL_OPACITY["whole"], LAND)
    azerbaijan = _over(CONTROL_COLOURS[Control.AZERBAIJAN], FILL_OPACITY["whole"], LAND)
    insets = {}
    for year in (2019, 2024):
        pixels = _png(*data, year)
        height, width, _ = pixels.shape
        insets[year] = pixels[int(height * 0.10) : int(height * 0.50), int(width * 0.725) :]
    assert _count(insets[2019], armenian) > 2000  # the seven districts, held whole by Armenian forces
    assert _count(insets[2024], armenian) == 0
    assert _count(insets[2024], azerbaijan) > 5 * _count(insets[2019], azerbaijan)


def test_member_shading_follows_the_status_year(data):
    member = _over(STATUS_COLOURS[Status.MEMBER], STATUS_ALPHA, LAND)
    frozen = _over(STATUS_COLOURS[Status.SUSPENDED], STATUS_ALPHA, LAND)
    maps = {year: _png(*data, year)[150:1100, :1400] for year in (2023, 2024)}
    assert _count(maps[2023], frozen) == 0
    assert _count(maps[2024], frozen) > 1000  # Armenia froze its participation in Feb 2024
    assert _count(maps[2023], member) > _count(maps[2024], member)


def test_gif_has_one_1200px_frame_per_year_and_loops(data):
    atlas, control = data
    gif = Image.open(io.BytesIO(years_gif(atlas, "CSTO", control, Filters(year=2021), range(2019, 2022))))
    assert gif.size == (1200, 720)
    assert gif.n_frames == 3
    assert gif.info["loop"] == 0 and gif.info["duration"] == 900
    frames = []
    for index in range(3):
        gif.seek(index)
        frames.append(np.asarray(gif.convert("RGB")))
    assert not np.array_equal(frames[0], frames[2])  # 2019 and 2021 differ (Karabakh, events)
    inset = [frame[72:360, 870:] for frame in frames]
    armenian = _over(CONTROL_COLOURS[Control.ARMENIAN], FILL_OPACITY["whole"], LAND)
    assert _count(inset[0], armenian, 6) > 500 and _count(inset[2], armenian, 6) < _count(inset[0], armenian, 6) / 5
