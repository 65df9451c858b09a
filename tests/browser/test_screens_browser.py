"""Every screen opens in a real browser with the shared filters, shows its content, and stays on this machine."""

import pytest
from playwright.sync_api import expect

from geo.atlas import load_atlas
from tests.browser.conftest import ARTIFACTS, open_page, start_streamlit, stop
from tests.conftest import ROOT
from tests.screens.conftest import HOSTILE_EVENT, HOSTILE_TITLE

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """A copy of data/ with one hostile event, so escaping is checked where it matters: in the browser."""
    import shutil

    data = tmp_path_factory.mktemp("hostile") / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "events.yaml").open("a", encoding="utf-8") as handle:
        handle.write(HOSTILE_EVENT)
    home = tmp_path_factory.mktemp("home")
    process, url = start_streamlit({"ALLIANCE_ATLAS_DATA": str(data), "ALLIANCE_ATLAS_HOME": str(home)})
    yield url
    stop(process)


@pytest.mark.parametrize(
    "path, heading, content",
    [
        ("timeline?year=2022&categories=Military+exercise", "Timeline", "canvas, svg.marks"),
        (
            "membership?org=CSTO",
            "Membership of the Collective Security Treaty Organization",
            '[data-testid="stDataFrame"]',
        ),
        ("places?place=Leninakan", "Places", 'iframe[title="streamlit_folium.st_folium"]'),
        ("sources?year=2023", "Data & sources", '[data-testid="stDownloadButton"]'),
    ],
)
def test_screen_opens(browser, offsite, server, path, heading, content):
    page = open_page(browser, offsite, f"{server}/{path}")
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible(timeout=60_000)
    expect(page.locator(content).first).to_be_visible(timeout=60_000)
    page.wait_for_timeout(1000)  # let charts and maps finish drawing before the picture
    assert page.locator('[data-testid="stException"]').count() == 0
    sidebar = page.locator('[data-testid="stSidebar"]')
    expect(sidebar.get_by_text("Year", exact=True)).to_be_visible()  # the shared sidebar, even as a first request
    expect(sidebar.get_by_role("link", name="Data & sources")).to_be_visible()
    if path.startswith("timeline"):
        exercises = sum(e.category == "exercise" for e in load_atlas(ROOT / "data").events)
        expect(page.get_by_text("events with the sidebar's categories")).to_contain_text(f"{exercises} events")
    if path.startswith("places"):
        expect(page.get_by_text("Best match: Gyumri")).to_be_visible()
    page.screenshot(path=ARTIFACTS / f"screen-{path.split('?')[0]}.png", full_page=True)
    assert offsite.blocked == []


def test_hostile_event_is_shown_as_text_in_popup_and_panel(browser, offsite, server):
    dialogs = []
    page = open_page(browser, offsite, f"{server}/?year=2022&event=X01")
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    panel = page.get_by_role("heading", name="<img src=x", exact=False)
    expect(panel).to_be_visible(timeout=60_000)
    assert (
        HOSTILE_TITLE.replace("\\\\", "\\") in panel.inner_text()
        or "<img src=x onerror=alert(1)>" in panel.inner_text()
    )
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    marker = frame.locator(".aa-event-icon")
    expect(marker.first).to_be_attached(timeout=30_000)
    from tests.browser.test_map_browser import find_marker

    find_marker(page, frame, f"{HOSTILE_TITLE} (24 Nov 2022)", 40.18, 44.51)  # its tooltip, hovered
    popup = frame.locator(".leaflet-popup-content")  # opened by the selection itself
    expect(popup).to_contain_text("<img src=x onerror=alert(1)>", timeout=10_000)
    assert frame.locator(".leaflet-popup-content img").count() == 0
    assert frame.locator('.leaflet-popup-content a[href^="javascript"]').count() == 0
    page.wait_for_timeout(500)
    assert dialogs == []
    page.screenshot(path=ARTIFACTS / "hostile-event.png")
    assert offsite.blocked == []


def test_an_ingested_article_becomes_my_event_on_the_map(browser, offsite, server):
    page = open_page(browser, offsite, f"{server}/ingest")
    page.get_by_label("Article text").fill(
        "Published: 2022-11-24\n\nOn November 23 leaders met in Yerevan, while the Russian base in Gyumri stayed quiet."
    )
    page.get_by_label("Article text").press("Control+Enter")
    expect(page.get_by_text("place mentions")).to_contain_text("2 place mentions", timeout=60_000)
    page.get_by_label("Title (your own words)").fill("Leaders meet in Yerevan (my reading)")
    page.get_by_role("button", name="Keep this event").click()
    expect(page.get_by_text("Kept")).to_be_visible(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "ingest.png", full_page=True)
    page.goto(f"{server}/?year=2022")
    frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
    mine = frame.locator(".aa-mine-icon")
    expect(mine).to_have_count(1, timeout=60_000)
    mine.dispatch_event("mouseover")
    expect(frame.locator(".leaflet-tooltip").last).to_contain_text("Leaders meet in Yerevan (my reading)")
    assert offsite.blocked == []


def test_two_sessions_keeping_events_at_once_both_keep_theirs(browser, offsite, server):
    pages = [open_page(browser, offsite, f"{server}/ingest") for _ in range(2)]
    for number, page in enumerate(pages):
        page.get_by_label("Article text").fill(f"Published: 2023-05-0{number + 1}\n\nTalks in Yerevan and Baku.")
        page.get_by_label("Article text").press("Control+Enter")
        expect(page.get_by_text("place mentions")).to_be_visible(timeout=60_000)
        page.get_by_label("Title (your own words)").fill(f"Concurrent event {number}")
    before = int(pages[0].get_by_text("My events (").inner_text().split("(")[1].rstrip(")"))
    for page in pages:  # both submits are in flight before either finishes
        page.get_by_role("button", name="Keep this event").dispatch_event("click")
    for page in pages:
        expect(page.get_by_text("Kept")).to_be_visible(timeout=30_000)
    pages[0].reload()
    expect(pages[0].get_by_text(f"My events ({before + 2})")).to_be_visible(timeout=60_000)
    assert offsite.blocked == []
