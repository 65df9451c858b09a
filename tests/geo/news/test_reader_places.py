"""geo/news/reader_places.py: a click on the Ingest map read from what st_folium returns, and the place a reader makes
of a possible place there: their own kind, id and source, approximate, in the country under the point."""

import math

import pytest

from geo.news.reader_places import (
    READER_PREFIX,
    VILLAGE,
    clicked_point,
    is_placed_by_reader,
    placed_on_map,
    placed_source,
)
from geo.places.gazetteer import Place
from tests.conftest import HOSTILE

# What st_folium 0.27.4 returned in Chromium for a click on the Ingest map east of Berd (returned_objects=
# ["last_clicked"]), and a point at Aygepar
BROWSER_CLICK = {"last_clicked": {"lat": 40.67927089575929, "lng": 45.92372399194894}}
CLICKED = (40.67927, 45.92372)
AYGEPAR = (40.91219, 45.3714)


@pytest.mark.parametrize(
    ("returned", "point"),
    [
        (BROWSER_CLICK, CLICKED),
        ({"last_clicked": {"lat": 40.67927089575929, "lng": 45.92372399194894 + 360}}, CLICKED),  # a world east
        ({"last_clicked": {"lat": 40.9, "lng": -314.63}}, (40.9, 45.37)),
        ({"last_clicked": {"lat": -90, "lng": 180}}, (-90, -180)),
        (None, None),
        ({}, None),
        ({"last_clicked": None}, None),  # st_folium's value before any click
        ({"last_clicked": {"lat": "40.9", "lng": 45.3}}, None),
        ({"last_clicked": {"lat": True, "lng": 45.3}}, None),
        ({"last_clicked": {"lat": math.nan, "lng": 45.3}}, None),
        ({"last_clicked": {"lat": 40.9, "lng": math.inf}}, None),
        ({"last_clicked": {"lat": 91.0, "lng": 45.3}}, None),
        ({"last_clicked": {"lat": 40.9}}, None),
        ({"last_clicked": [40.9, 45.3]}, None),
    ],
)
def test_a_click_is_read_from_what_st_folium_returns(returned, point):
    assert clicked_point(returned) == point


def test_a_place_put_on_the_map_is_the_readers_approximate_village_in_the_country_under_it(countries):
    place = placed_on_map("Aygepar", AYGEPAR, countries)
    assert (place.name, place.kind, place.lat, place.lon, place.country_iso3) == ("Aygepar", VILLAGE, *AYGEPAR, "ARM")
    assert place.approximate and place.id.startswith(READER_PREFIX) and is_placed_by_reader(place)
    assert place.id == placed_on_map("AYGEPAR", AYGEPAR, countries).id  # the same name at the same point
    assert place.id != placed_on_map("Aygepar", (40.9, 45.37), countries).id
    assert placed_on_map("Verin \n Shorzha", (40.0, 45.5), countries).name == "Verin Shorzha"
    assert placed_on_map("Aygepar", (42.0, 34.0), countries).country_iso3 is None  # the Black Sea


@pytest.mark.parametrize("surface", [*HOSTILE, "{{ 7*7 }}"])
def test_a_hostile_name_is_kept_as_it_was_written(countries, surface):
    assert placed_on_map(surface, AYGEPAR, countries).name == surface.strip()


def test_only_a_place_put_on_the_map_is_the_readers_and_its_source_names_who_placed_it():
    assert not is_placed_by_reader(Place("gn:616802", "Berd", "city", 40.88, 45.39, "ARM", "616802"))
    assert placed_source(None) == "placed by you on the map"
    assert placed_source("alice") == "placed by alice on the map"
