"""A hostile file imported and a hostile article ingested, as a user would: every payload reads as literal text on
the Map (legend, tooltip, popup, side panel), nothing runs, nothing is fetched from elsewhere (issue 10)."""

import csv
import re

import pytest
from playwright.sync_api import expect

from bench.generate_acled import COLUMNS
from tests.browser.conftest import ARTIFACTS, open_page, start_streamlit, stop

pytestmark = pytest.mark.browser

PAYLOADS = [
    "{{ 7*7 }}",
    "{% if 1 %}x{% endif %}",
    "{# c #}",
    "<img src=x onerror=alert(1)>",
    "</script>",
    "`tick`",
    "${1}",
    "javascript:alert(1)",
]
PAYLOAD = " ".join(PAYLOADS)
# A source cell whose newline would start a tracking pixel and a phishing link in markdown (finding 7).
SMUGGLED_SOURCE = "https://acleddata.com/x\n![pixel](https://tracker.example/p.png) [Log in](https://phish.example)"
VANADZOR, MEGHRI = (40.81, 44.49), (38.9, 46.24)


def acled_row(key: str, lat: float, lon: float, **cells: str) -> list[str]:
    row = {
        "event_id_cnty": key,
        "event_date": "2023-05-10",
        "year": "2023",
        "time_precision": "1",
        "disorder_type": "Political violence",
        "event_type": f"T {PAYLOAD}",
        "sub_event_type": PAYLOAD,
        "actor1": f"A1 {PAYLOAD}",
        "actor2": f"A2 {PAYLOAD}",
        "country": "Armenia",
        "admin1": PAYLOAD,
        "location": f"L {PAYLOAD}",
        "latitude": str(lat),
        "longitude": str(lon),
        "geo_precision": "1",
        "source": SMUGGLED_SOURCE,
        "notes": f"N {PAYLOAD} tab\there bell\x07 vt\x0b end",
        "fatalities": "0",
    }
    return [(row | cells)[c] for c in COLUMNS]


def write_csv(path, rows: list[list[str]]):
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("home")
    process, url = start_streamlit({"ALLIANCE_ATLAS_HOME": str(home)})
    yield url
    stop(process)


@pytest.fixture
def dialogs():
    return []


def watched_page(browser, offsite, dialogs, url: str):
    page = open_page(browser, offsite, url)
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    return page


def map_frame(page):
    return page.frame_locator('iframe[title="streamlit_folium.st_folium"]')


def leaflet_window(page):
    for frame in page.frames:
        if frame.evaluate("() => typeof window.map !== 'undefined' && !!window.map.setView"):
            return frame
    raise AssertionError("no Leaflet map in the page")


def upload_and_check(page, path) -> None:
    uploader = page.locator('[data-testid="stFileUploader"] input[type="file"]')
    expect(uploader).to_be_attached(timeout=60_000)
    uploader.set_input_files(str(path))
    page.get_by_role("button", name="Check the file").click()
    expect(page.get_by_text("Check report")).to_be_visible(timeout=60_000)


def assert_literal(text: str, where: str) -> None:
    for payload in PAYLOADS:
        assert payload in text, (payload, where)
    assert "49" not in text, where


def test_a_hostile_import_shows_every_payload_as_text_on_the_map(browser, offsite, dialogs, server, tmp_path):
    hostile = write_csv(
        tmp_path / "hostile.csv",
        [acled_row("ARM9001", *VANADZOR), acled_row("ARM9002", *MEGHRI, notes="M" * 1_000_000)],
    )
    page = watched_page(browser, offsite, dialogs, f"{server}/imports")
    upload_and_check(page, hostile)
    page.screenshot(path=ARTIFACTS / "hostile-import-report.png", full_page=True)
    page.get_by_role("button", name="Keep the").click()
    expect(page.get_by_text("events written")).to_be_visible(timeout=60_000)
    assert page.locator('[data-testid="stException"]').count() == 0

    page.goto(f"{server}/?year=2023&events=false&bases=false&regions=false&status=false")
    frame = map_frame(page)
    legend = frame.locator(".aa-legend")
    expect(legend).to_contain_text(f"T {PAYLOAD}", timeout=60_000)
    imported_legend = legend.locator("summary", has_text="Imported events")
    imported_legend.click()
    assert_literal(legend.inner_text(), "legend")
    assert frame.locator(".aa-legend img").count() == 0
    page.screenshot(path=ARTIFACTS / "hostile-import-legend.png")
    imported_legend.click()  # closed again, so the legend does not cover the marker

    leaflet = leaflet_window(page)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=30_000)
    point = leaflet.evaluate(f"""() => {{
        const p = window.map.latLngToContainerPoint([{VANADZOR[0]}, {VANADZOR[1]}]);
        return [p.x, p.y]; }}""")
    box = page.locator('iframe[title="streamlit_folium.st_folium"]').bounding_box()
    page.mouse.move(box["x"] + point[0], box["y"] + point[1])
    tooltip = frame.locator(".leaflet-tooltip").last
    expect(tooltip).to_contain_text(f"T {PAYLOAD}", timeout=10_000)
    assert_literal(tooltip.inner_text(), "tooltip")
    assert tooltip.inner_text().strip().endswith("… (shortened)")  # the event panel has the whole text
    assert frame.locator(".leaflet-tooltip img").count() == 0
    page.mouse.click(box["x"] + point[0], box["y"] + point[1])
    panel = page.locator('[data-testid="stMainBlockContainer"]')  # the map's page: the event panel is below the map
    expect(panel).to_contain_text(f"N {PAYLOAD}", timeout=30_000)
    assert_literal(panel.inner_text(), "event panel")
    assert "![pixel]" in panel.inner_text()  # the smuggled markdown, shown as the text it is
    assert panel.locator("img").count() == 0
    assert panel.locator('a[href*="phish"], a[href*="tracker"], a[href^="javascript"]').count() == 0
    page.wait_for_timeout(500)
    page.screenshot(path=ARTIFACTS / "hostile-import-map.png")
    assert dialogs == []
    assert offsite.blocked == []


def test_a_hostile_article_becomes_a_my_event_shown_as_text(browser, offsite, dialogs, server):
    page = watched_page(browser, offsite, dialogs, f"{server}/ingest")
    page.get_by_label("Article text").fill(f"Published: 2023-05-10\n\nOn May 9 leaders met in Yerevan. {PAYLOAD}")
    page.get_by_label("Article text").press("Control+Enter")
    expect(page.get_by_text("1 place mention,")).to_be_visible(timeout=60_000)
    article = page.locator('[data-testid="stHtml"]').first
    assert_literal(article.inner_text(), "highlighted article")
    page.get_by_label("Title (your own words)").fill(f"My {PAYLOAD}")
    page.get_by_label("Note").fill(f"Note {PAYLOAD}")
    page.get_by_label("Source (URL or article name)").fill(f"javascript:alert(1) {PAYLOAD}")
    page.get_by_role("button", name="Keep this event").click()
    expect(page.get_by_text("Kept")).to_be_visible(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "hostile-ingest.png", full_page=True)

    page.goto(f"{server}/?year=2023&events=false&bases=false&regions=false&status=false&imported=false")
    frame = map_frame(page)
    mine = frame.locator(".aa-mine-icon")
    expect(mine).to_have_count(1, timeout=60_000)
    mine.dispatch_event("mouseover")
    tooltip = frame.locator(".leaflet-tooltip").last
    expect(tooltip).to_contain_text("My {{ 7*7 }}", timeout=10_000)
    assert_literal(tooltip.inner_text(), "tooltip")
    mine.dispatch_event("mouseout")
    mine.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text("Note {{ 7*7 }}", timeout=10_000)
    assert_literal(popup.inner_text(), "popup")
    assert popup.locator("img").count() == 0 and popup.locator("a").count() == 0
    page.wait_for_timeout(500)
    page.screenshot(path=ARTIFACTS / "hostile-my-event.png")
    assert dialogs == []
    assert offsite.blocked == []


def test_a_megabyte_cell_is_reported_at_its_line_and_field(browser, offsite, dialogs, server, tmp_path):
    upload = write_csv(
        tmp_path / "long-cell.csv",
        [acled_row("ARM9101", *VANADZOR), acled_row("ARM9102", *MEGHRI, notes="M" * 1_000_000)],
    )
    page = watched_page(browser, offsite, dialogs, f"{server}/imports")
    upload_and_check(page, upload)
    report = page.locator('[data-testid="stDataFrame"]')
    expect(report).to_be_visible(timeout=30_000)
    page.screenshot(path=ARTIFACTS / "hostile-long-cell.png", full_page=True)
    # Each row's source cell holds a newline, so the megabyte row starts on line 4 and its notes cell sits on line 5.
    expect(report).to_contain_text(re.compile(r"5\s*notes\s*is longer than the 10,000 characters allowed"))
    assert dialogs == [] and offsite.blocked == []
