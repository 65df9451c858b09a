"""geo/places/shapes.py: lighter country shapes for the browser that stay valid and keep their place."""

import geopandas as gpd
import shapely

from geo.places import boundaries
from geo.places.shapes import BROWSER_GRID_DEG, for_browser
from tests.conftest import ROOT


def test_shapes_lose_vertices_not_their_outline():
    countries = boundaries.countries(ROOT / "data")
    lighter = for_browser(countries)
    before = shapely.get_num_coordinates(countries.geometry.values).sum()
    after = shapely.get_num_coordinates(lighter.geometry.values).sum()
    assert after < 0.9 * before  # the stored shapes are already light; the browser gets lighter still
    assert lighter.geometry.is_valid.all() and list(lighter["iso3"]) == list(countries["iso3"])
    armenia = countries.geometry[countries["iso3"] == "ARM"].iloc[0]
    light_armenia = lighter.geometry[lighter["iso3"] == "ARM"].iloc[0]
    assert abs(light_armenia.area - armenia.area) / armenia.area < 0.02


def test_coordinates_are_snapped_to_the_grid_and_the_input_is_left_alone():
    square = shapely.Polygon([(44.12345, 40.12345), (44.98765, 40.12345), (44.98765, 40.98765), (44.12345, 40.98765)])
    frame = gpd.GeoDataFrame({"iso3": ["ARM"]}, geometry=[square], crs=4326)
    lighter = for_browser(frame)
    xs, ys = lighter.geometry.iloc[0].exterior.xy
    assert all(abs(v / BROWSER_GRID_DEG - round(v / BROWSER_GRID_DEG)) < 1e-6 for v in [*xs, *ys])
    assert frame.geometry.iloc[0].equals(square)
