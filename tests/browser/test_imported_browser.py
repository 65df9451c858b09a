"""100,000 imported events: hexagons with counts over a wide view, markers once the reader zooms in."""

import csv

import pytest
from playwright.sync_api import expect

from bench.generate_acled import write_export
from geo.store import imported
from tests.browser.conftest import ARTIFACTS, open_page, start_streamlit, stop

pytestmark = pytest.mark.browser
EVENTS = 100_000


@pytest.fixture(scope="module")
def app_with_imports(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    export = home / "acled.csv"
    write_export(EVENTS, export, seed=7)
    store = imported.open_store(home / "bulk.duckdb")
    assert imported.commit(store, imported.stage_acled(store, export)) == EVENTS
    store.close()
    with export.open(encoding="utf-8") as handle:
        first_2020 = next(row for row in csv.DictReader(handle) if row["year"] == "2020")
    process, url = start_streamlit({"ALLIANCE_ATLAS_HOME": str(home)})
    yield url, (float(first_2020["latitude"]), float(first_2020["longitude"]))
    stop(process)


def map_window(page):
    for frame in page.frames:
        if frame.evaluate("() => typeof window.map !== 'undefined' && !!window.map.setView"):
            return frame
    raise AssertionError("no Leaflet map in the page")


def test_hexagons_turn_into_markers_when_zoomed_in(browser, offsite, app_with_imports):
    url, (lat, lon) = app_with_imports
    page = open_page(browser, offsite, f"{url}/?year=2020&events=false&status=false")
    caption = page.get_by_text("imported events in view")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=60_000)
    map_window(page).evaluate("() => window.map.setView([45, 55], 3)")  # a wide view: the region and beyond
    expect(caption).to_contain_text("hexagons", timeout=60_000)
    expect(frame.locator(".aa-bin-count").first).to_be_attached(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "imported-hexagons.png")
    map_window(page).evaluate(f"() => window.map.setView([{lat}, {lon}], 11)")
    expect(caption).to_contain_text("markers", timeout=60_000)
    expect(frame.locator(".aa-bin-count")).to_have_count(0, timeout=30_000)
    page.screenshot(path=ARTIFACTS / "imported-markers.png")
    assert offsite.blocked == []
