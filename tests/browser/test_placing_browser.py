"""Ingest in a real browser: a village the gazetteer lacks is placed by a click on the map, shown as placed by the
reader, and the next article naming it, with no cue, gets it."""

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS, open_page, start_streamlit, stop

pytestmark = pytest.mark.browser

FIRST = "Shells hit Berd in Armenia and the village of Aygepar overnight."
SECOND = "Shelling resumed near Berd in Armenia on Tuesday. Aygepar was hit again."
PLACED = "Placed by you on the map, approximate (the point clicked): Aygepar"


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, url = start_streamlit({"ALLIANCE_ATLAS_HOME": str(tmp_path_factory.mktemp("home"))})
    yield url
    stop(process)


def paste(page, text: str) -> None:
    page.get_by_label("Article text").fill(text)
    page.get_by_label("Article text").press("Control+Enter")


def test_a_village_placed_by_a_click_is_the_readers_and_the_next_article_gets_it(browser, offsite, server):
    page = open_page(browser, offsite, f"{server}/ingest")
    paste(page, FIRST)
    expect(page.get_by_text("1 possible place, not found in the gazetteer")).to_be_visible(timeout=60_000)
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)  # the map is drawn
    area = frame.locator(".leaflet-container").first
    box = area.bounding_box()
    area.click(position={"x": box["width"] * 0.45, "y": box["height"] * 0.3})  # away from the markers
    page.get_by_role("button", name="Place “Aygepar” at").click(timeout=30_000)
    expect(page.get_by_text(PLACED)).to_be_visible(timeout=30_000)
    expect(page.get_by_text("possible place, not found")).to_have_count(0)
    expect(page.get_by_role("button", name="Place “Aygepar” at")).to_have_count(0)  # the click is spent
    page.wait_for_timeout(1000)  # the map fits its new places with an animation: let it end before the picture
    page.screenshot(path="/tmp/ingest-placed-on-map.png", full_page=True)
    paste(page, SECOND)
    expect(page.get_by_text("3 place mentions")).to_be_visible(timeout=60_000)
    expect(page.get_by_text(PLACED)).to_be_visible()
    page.screenshot(path=ARTIFACTS / "ingest-placed-on-map-next.png", full_page=True)
    assert page.locator('[data-testid="stException"]').count() == 0
    assert offsite.blocked == []
