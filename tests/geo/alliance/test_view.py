"""geo/alliance/view.py: the map's opening frame is data, checked to be a box on the globe."""

import pytest

from geo.alliance.view import View, load_view
from geo.problems import DataError
from tests.conftest import ROOT


def write(tmp_path, row: str):
    path = tmp_path / "views.csv"
    path.write_text("id,south,west,north,east,note\n" + row, encoding="utf-8")
    return path


def test_the_opening_frame_holds_the_south_caucasus_and_central_asia():
    view = load_view(ROOT / "data" / "views.csv")
    for lat, lon in ((40.18, 44.51), (40.41, 49.87), (42.87, 74.59), (38.56, 68.77)):  # Yerevan Baku Bishkek Dushanbe
        assert view.south < lat < view.north and view.west < lon < view.east


def test_a_named_view_is_read_as_numbers(tmp_path):
    assert load_view(write(tmp_path, "default,1,2,3,4,\nother,-10,-20,10,20,x\n"), "other") == View(-10, -20, 10, 20)


@pytest.mark.parametrize(
    "row, line, message",
    [
        ("default,1,west,3,4,\n", 2, "south/west/north/east: must be numbers"),
        ("default,1,2,3,\n", 2, "south/west/north/east: must be numbers"),
        ("default,50,2,40,4,\n", 2, "south/west/north/east: is not a box on the globe"),
        ("default,1,2,3,200,\n", 2, "south/west/north/east: is not a box on the globe"),
        ("other,1,2,3,4,\n", 1, "id: no 'default' view"),
    ],
)
def test_a_view_that_is_not_a_box_is_refused_with_its_line(tmp_path, row, line, message):
    path = write(tmp_path, row)
    with pytest.raises(DataError) as raised:
        load_view(path)
    assert str(raised.value) == f"{path}:{line}: {message}"
