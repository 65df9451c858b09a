"""The curated data as a whole: every file loads, every event place resolves, and near where the sources put it."""

import csv
import math
from datetime import date

import pytest

from geo.atlas import load_atlas
from tests.conftest import FACTS as FACTS_DIR
from tests.conftest import ROOT

FACTS = FACTS_DIR / "events.csv"


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "data")


def km(lat1, lon1, lat2, lon2) -> float:
    p1, p2, dl = math.radians(lat1), math.radians(lat2), math.radians(lon2 - lon1)
    return 6371 * math.acos(min(1.0, math.sin(p1) * math.sin(p2) + math.cos(p1) * math.cos(p2) * math.cos(dl)))


def test_everything_loads_with_its_sources(atlas):
    assert len(atlas.events) >= 45 and len(atlas.bases) >= 3
    assert all(e.sources for e in atlas.events) and all(b.sources for b in atlas.bases)
    assert all(len(e.places) == len(e.place_names) for e in atlas.events)


def test_no_event_says_armenia_left_the_csto(atlas):
    for event in atlas.events:
        text = f"{event.title} {event.summary}".lower()
        assert not any(word in text for word in ("armenia quits", "armenia withdrew", "armenia left the csto"))


@pytest.mark.skipif(not FACTS.exists(), reason="reference facts not beside the repository")
def test_event_cities_lie_within_25_km_of_the_reference_point(atlas):
    reference = {row["id"]: row for row in csv.DictReader(FACTS.open(encoding="utf-8"))}
    checked = 0
    for event in atlas.events:
        row = reference.get(event.id)
        if not row or not row["lat"] or "[city]" not in row["place_names"] or event.main_place.kind != "city":
            continue
        distance = km(float(row["lat"]), float(row["lon"]), event.main_place.lat, event.main_place.lon)
        assert distance <= 25, f"{event.id} {event.main_place.name}: {distance:.1f} km from the reference point"
        checked += 1
    assert checked >= 25


def test_regions_and_borders_resolve_to_curated_geometries(atlas):
    feature_ids = set(atlas.features["id"])
    for event in atlas.events:
        for place in event.places:
            if place.kind in ("region", "border", "corridor"):
                assert place.feature_id in feature_ids or place.feature_id.startswith("province:"), place


def test_bases_have_years_of_presence(atlas):
    gyumri = next(b for b in atlas.bases if "102nd" in b.name)
    assert gyumri.present_in(2024) and not gyumri.present_in(1994) and gyumri.place.name == "Gyumri"
    peacekeepers = next(b for b in atlas.bases if b.kind == "peacekeeping")
    assert peacekeepers.present_in(2021) and not peacekeepers.present_in(2025)


def test_the_opening_year_is_the_latest_with_events_never_a_year_to_come(atlas):
    latest = atlas.years[1]
    assert atlas.opening_year(date(latest + 1, 6, 1)) == latest  # a new year without events yet
    assert atlas.opening_year(date(latest - 1, 6, 1)) == latest - 1  # the calendar bounds it
