"""The dashboard as a reader sees it: shading, markers, popups, layer switches, and no request leaving the machine."""

import re

import pytest
from playwright.sync_api import expect

from geo.alliance.control import Control
from geo.alliance.filters import Filters
from geo.alliance.membership import Status
from geo.atlas import load_atlas
from geo.render.palette import CONTROL_COLOURS, LAND, STATUS_COLOURS
from geo.render.popups import event_label
from tests.browser.conftest import ARTIFACTS, open_page, start_streamlit, stop
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
MEMBER, FROZEN = STATUS_COLOURS[Status.MEMBER], STATUS_COLOURS[Status.SUSPENDED]
SHADES = tuple(STATUS_COLOURS.values())


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    process, url = start_streamlit({"ALLIANCE_ATLAS_HOME": str(tmp_path_factory.mktemp("home"))})
    yield url
    stop(process)


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "data")


UNCOVERED = """b => { const r = b.getBoundingClientRect();
    return b.contains(document.elementFromPoint(r.x + r.width / 2, r.y + r.height / 2)); }"""


def map_frame(page):
    page.wait_for_selector(MAP_FRAME, timeout=60_000)
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("path.leaflet-interactive").first).to_be_attached(timeout=60_000)
    return frame


def fills(frame) -> list[str]:
    return [
        f.lower()
        for f in frame.locator("path.leaflet-interactive").evaluate_all(
            "paths => paths.map(p => p.getAttribute('fill'))"
        )
        if f
    ]


def wait_for_fill_count(page, frame, colour: str, count: int) -> None:
    for _ in range(100):
        if fills(frame).count(colour.lower()) == count:
            return
        page.wait_for_timeout(200)
    raise AssertionError(f"{colour}: expected {count} paths, found {fills(frame).count(colour.lower())}")


def find_marker(page, frame, label: str, lat: float, lon: float):
    """The marker whose tooltip reads `label` (hovering each in turn, as a reader would), after clicking open the
    numbered cluster over its place (lat, lon) while there is one."""
    markers = frame.locator(".aa-event-icon")
    for _ in range(4):
        for index in range(markers.count()):
            markers.nth(index).dispatch_event("mouseover")
            shown = frame.locator(".leaflet-tooltip").all_inner_texts()  # no waiting: a rerun may just have removed it
            if shown and shown[-1].strip() == label:
                markers.nth(index).dispatch_event("mouseout")
                return markers.nth(index)
            markers.nth(index).dispatch_event("mouseout")
        nearest = frame.locator("body").evaluate(NEAREST_CLUSTER, [lat, lon])
        if nearest is None:
            break
        frame.locator(".aa-cluster").nth(nearest).click()
        page.wait_for_timeout(1000)  # the zoom's animation, then the clusters re-form
    raise AssertionError(f"no marker has the tooltip {label!r}")


NEAREST_CLUSTER = """(_, [lat, lng]) => {
    const map = Object.values(window).find(v => v && window.L && v instanceof L.Map);
    const point = map.latLngToContainerPoint([lat, lng]), frame = map.getContainer().getBoundingClientRect();
    const clusters = Array.from(document.querySelectorAll(".aa-cluster")).map((c, i) => {
        const b = c.getBoundingClientRect();
        return [Math.hypot(b.x + b.width / 2 - frame.x - point.x, b.y + b.height / 2 - frame.y - point.y), i];
    }).sort((a, b) => a[0] - b[0]);
    return clusters.length && clusters[0][0] < 40 ? clusters[0][1] : null;
}"""


def shown_event_count(frame) -> int:
    """Markers drawn alone, plus the events each numbered cluster says it holds."""
    clusters = frame.locator(".aa-cluster").all_inner_texts()
    return frame.locator(".aa-event").count() + sum(int(text) for text in clusters)


def test_2022_shading_and_markers(browser, offsite, server, atlas):
    page = open_page(browser, offsite, f"{server}/?year=2022")
    frame = map_frame(page)
    statuses = atlas.memberships.statuses_in_year("CSTO", 2022)
    shaded = [c for c, s in statuses.items() if s.status is not Status.NON_MEMBER]
    expected_markers = sum(1 for e in atlas.events_matching(Filters(year=2022)) if e.places)
    expect(frame.locator(".aa-event").first).to_be_visible(timeout=30_000)
    assert shown_event_count(frame) == expected_markers
    wait_for_fill_count(page, frame, MEMBER, 6)  # the shading is drawn once the outlines have arrived
    shaded_paths = [f for f in fills(frame) if f in {s.lower() for s in SHADES}]
    assert len(shaded_paths) == len(shaded) == 9
    assert shaded_paths.count(MEMBER.lower()) == 6
    page.screenshot(path=ARTIFACTS / "map-2022.png")
    assert offsite.blocked == []


def test_year_change_turns_armenia_frozen_and_keeps_the_view(browser, offsite, server):
    page = open_page(browser, offsite, f"{server}/?year=2023")
    frame = map_frame(page)
    wait_for_fill_count(page, frame, MEMBER, 6)
    wait_for_fill_count(page, frame, FROZEN, 0)
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(600)
    zoomed = frame.locator(".leaflet-map-pane").get_attribute("style")
    page.get_by_role("slider").first.focus()
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="CSTO in 2024")).to_be_visible(timeout=30_000)
    wait_for_fill_count(page, frame, FROZEN, 1)
    wait_for_fill_count(page, frame, MEMBER, 5)
    frame.locator(f'path[fill="{FROZEN}"]').dispatch_event("mouseover")
    expect(frame.locator(".leaflet-tooltip")).to_contain_text("Armenia: participation frozen")
    assert frame.locator(".leaflet-map-pane").get_attribute("style") == zoomed  # zoom and centre kept
    assert "year=2024" in page.url
    page.screenshot(path=ARTIFACTS / "map-2024.png")
    assert offsite.blocked == []


def test_clicking_the_yerevan_summit_opens_its_popup_and_panel(browser, offsite, server, atlas):
    summit = atlas.event("E22")
    page = open_page(browser, offsite, f"{server}/?year=2022")
    frame = map_frame(page)
    markers = frame.locator(".aa-event-icon")
    expect(markers.first).to_be_visible(timeout=30_000)
    yerevan = summit.main_place
    marker = find_marker(page, frame, event_label(summit), yerevan.lat, yerevan.lon)
    marker.click()
    popup = frame.locator(".leaflet-popup-content")
    expect(popup).to_contain_text(summit.title, timeout=10_000)
    assert "Yerevan" in popup.inner_text() and "Sources" in popup.inner_text()
    expect(page.get_by_role("heading", name=re.compile(re.escape(summit.title[:30])))).to_be_visible(timeout=30_000)
    assert "event=E22" in page.url
    page.screenshot(path=ARTIFACTS / "map-popup.png")
    assert offsite.blocked == []


def test_switching_the_events_layer_off_removes_the_markers(browser, offsite, server):
    page = open_page(browser, offsite, f"{server}/?year=2022")
    frame = map_frame(page)
    expect(frame.locator(".aa-event").first).to_be_visible(timeout=30_000)
    page.locator('[data-testid="stSidebar"]').get_by_text("Events", exact=True).click()
    expect(frame.locator(".aa-event")).to_have_count(0, timeout=30_000)
    assert "events=false" in page.url.lower()
    assert offsite.blocked == []


def test_web_tiles_fall_back_to_the_offline_basemap_when_unreachable(browser, offsite, server):
    page = open_page(browser, offsite, f"{server}/?year=2022&basemap=tiles")
    frame = map_frame(page)
    expect(frame.locator(".leaflet-tile").first).to_be_attached(timeout=30_000)
    land = frame.locator(f'path[fill="{LAND}"]').first
    expect(land).to_have_attribute("fill-opacity", "1", timeout=30_000)
    assert offsite.blocked and all("tile.openstreetmap.org" in url for url in offsite.blocked)
    page.screenshot(path=ARTIFACTS / "map-tiles-offline.png")


def test_play_advances_the_year_and_the_step_buttons_move_it(browser, offsite, server):
    page = open_page(browser, offsite, f"{server}/?year=2020")
    map_frame(page)
    sidebar = page.locator('[data-testid="stSidebar"]')
    sidebar.get_by_role("button", name="▶").click()
    expect(page.get_by_role("heading", name="CSTO in 2021")).to_be_visible(timeout=30_000)
    sidebar.get_by_text("Play", exact=True).click()
    expect(page.get_by_role("heading", name="CSTO in 2023")).to_be_visible(timeout=30_000)
    sidebar.get_by_text("Play", exact=True).click()
    assert "year=202" in page.url
    assert offsite.blocked == []


def test_every_event_at_the_opening_zoom_can_be_clicked(browser, offsite, server, atlas):
    """2022 in the South Caucasus: markers too close to tell apart gather in a numbered cluster; every marker left
    on its own is the topmost thing at its centre, and clicking the cluster spreads its events."""
    page = open_page(browser, offsite, f"{server}/?year=2022")
    frame = map_frame(page)
    expect(frame.locator(".aa-cluster").first).to_be_visible(timeout=30_000)
    shown = sum(1 for e in atlas.events_matching(Filters(year=2022)) if e.places)
    assert shown_event_count(frame) == shown
    covered = frame.locator(".aa-event").evaluate_all(
        """markers => markers.filter(m => {
            const box = m.getBoundingClientRect();
            const top = document.elementFromPoint(box.x + box.width / 2, box.y + box.height / 2);
            return !(top === m || m.contains(top));
        }).length"""
    )
    assert covered == 0
    before = frame.locator(".aa-event").count()
    frame.locator(".aa-cluster").first.click()
    for _ in range(30):
        if frame.locator(".aa-event").count() > before:
            break
        page.wait_for_timeout(200)
    assert frame.locator(".aa-event").count() > before and shown_event_count(frame) >= before
    page.screenshot(path=ARTIFACTS / "map-cluster-spread.png")
    assert offsite.blocked == []


def test_an_event_link_opens_centred_on_its_event_with_its_popup_open(browser, offsite, server, atlas):
    summit = atlas.event("E22")
    page = open_page(browser, offsite, f"{server}/?year=2022&event=E22")
    frame = map_frame(page)
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(summit.title, timeout=30_000)
    expect(frame.locator("path.aa-selected")).to_have_count(1)
    view = next(filter(None, (f.evaluate(MAP_VIEW) for f in page.frames if f != page.main_frame)), None)
    # the popup pans the map up a little to fit, so the centre is Yerevan's longitude, a little north
    assert view is not None and view[2] == 7 and view[1] == pytest.approx(44.51, abs=0.1)
    assert 40.1 < view[0] < 41.2
    page.screenshot(path=ARTIFACTS / "map-event-link.png")
    assert offsite.blocked == []


MAP_VIEW = """() => { for (const name of Object.keys(window)) {
    const value = window[name];
    if (name.startsWith("map_") && value && value.getCenter) {
        const c = value.getCenter(); return [c.lat, c.lng, value.getZoom()];
    } } return null; }"""


def test_a_linked_event_from_another_year_is_one_click_away_then_centred_and_ringed(browser, offsite, server, atlas):
    """The 2022 Yerevan summit linked while 2024 is shown: the panel offers 2022; after the click the map has moved
    from its opening frame to Yerevan and rings the event."""
    page = open_page(browser, offsite, f"{server}/?year=2024&event=E22")
    frame = map_frame(page)
    jump = page.get_by_role("button", name="Show 2022 on the map (this event is not in 2024)")
    expect(jump).to_be_visible(timeout=30_000)
    jump.click()
    expect(page.get_by_role("heading", name="CSTO in 2022")).to_be_visible(timeout=30_000)
    expect(frame.locator("path.aa-selected")).to_have_count(1, timeout=30_000)
    view = None
    for _ in range(50):
        view = next(filter(None, (f.evaluate(MAP_VIEW) for f in page.frames if f != page.main_frame)), None)
        if view and 40.1 < view[0] < 41.2:
            break
        page.wait_for_timeout(200)
    # centred on Yerevan, then panned up a little by its popup, opened for the selection
    assert view is not None and 40.1 < view[0] < 41.2 and view[1] == pytest.approx(44.51, abs=0.1) and view[2] == 7
    expect(frame.locator(".leaflet-popup-content")).to_contain_text(atlas.event("E22").title)
    page.screenshot(path=ARTIFACTS / "map-selected.png")
    assert "year=2022" in page.url and "event=E22" in page.url and offsite.blocked == []


@pytest.mark.parametrize("width, height", [(1400, 950), (390, 844)])
def test_the_opening_view_shows_the_latest_year_on_a_map_that_fills_the_screen(
    browser, offsite, server, atlas, width, height
):
    """A first open, no year in the link: the latest year with events, a map at least 65% of the window's height and
    the content's full width, and on a phone the sidebar closed and nothing to scroll sideways."""
    latest = atlas.years[1]
    context = browser.new_context(viewport={"width": width, "height": height})
    context.route("**/*", offsite.route)
    page = context.new_page()
    page.goto(server)
    expect(page.get_by_role("heading", name=f"CSTO in {latest} · the latest year with events")).to_be_visible(
        timeout=60_000
    )
    frame = map_frame(page)
    expect(frame.locator(".aa-event").first).to_be_visible(timeout=30_000)
    box = page.locator(MAP_FRAME).bounding_box()
    content = page.locator('[data-testid="stHeading"]').first.bounding_box()  # as wide as the page's content
    assert box["height"] >= 0.65 * height and box["width"] >= 0.98 * content["width"]
    assert page.evaluate("() => document.documentElement.scrollWidth") <= width
    sidebar = page.locator('[data-testid="stSidebar"]')  # on a phone it starts closed, over nothing
    expect(sidebar).to_have_attribute("data-collapsed", "true" if width < 600 else "false")
    folded = frame.locator(".aa-legend details:not([open])")
    expect(folded).to_have_count(frame.locator(".aa-legend details").count() if width < 600 else 2, timeout=10_000)
    page.wait_for_timeout(500)
    page.screenshot(path=ARTIFACTS / f"map-opening-{width}.png")
    # an event's popup: inside the map, clear of its buttons (its close button is the element at its own centre),
    # and the legend steps aside while it is open
    page.goto(f"{server}/?year=2022&event=E22")
    frame = page.frame_locator(MAP_FRAME)
    popup, close = frame.locator(".leaflet-popup"), frame.locator(".leaflet-popup-close-button")
    expect(popup).to_be_visible(timeout=60_000)
    expect(frame.locator(".aa-legend")).to_be_hidden(timeout=10_000)
    area, shown = frame.locator("#map_div").bounding_box(), popup.bounding_box()
    assert area["x"] <= shown["x"] and shown["x"] + shown["width"] <= area["x"] + area["width"]
    for _ in range(50):  # the map may still be panning the popup into view
        if close.evaluate(UNCOVERED):
            break
        page.wait_for_timeout(100)
    else:
        raise AssertionError("the popup's close button stays under another element")
    close.click()
    expect(frame.locator(".aa-legend")).to_be_visible(timeout=10_000)
    # two years compared: side by side on a laptop, one above the other on a phone, each map as wide as it can be
    page.goto(f"{server}/?year={latest}&compare=2021")
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator("#map_div2 path.leaflet-interactive").first).to_be_attached(timeout=60_000)
    left, right = (frame.locator(f"#{name}").bounding_box() for name in ("map_div", "map_div2"))
    if width < 600:
        assert right["y"] >= left["y"] + left["height"] - 1 and left["width"] >= 0.9 * box["width"]
    else:
        assert right["x"] >= left["x"] + left["width"] - 1 and abs(right["y"] - left["y"]) < 1
    context.close()
    assert offsite.blocked == []


def test_karabakh_areas_change_holder_between_2019_2021_and_2024(browser, offsite, server):
    """Moving the year as a reader does: Armenian forces' districts in 2019; Azerbaijan's districts beside the
    Armenian-held rest of the oblast, the peacekeepers' zone outlined, in 2021; Azerbaijan's alone in 2024."""
    armenian, azerbaijan = CONTROL_COLOURS[Control.ARMENIAN].lower(), CONTROL_COLOURS[Control.AZERBAIJAN].lower()
    peacekeepers = CONTROL_COLOURS[Control.PEACEKEEPERS].lower()
    page = open_page(browser, offsite, f"{server}/?year=2019")
    frame = map_frame(page)

    def holders(expected: set[str]) -> set[str]:
        found: set[str] = set()
        for _ in range(100):
            paths = frame.locator("path.leaflet-interactive").evaluate_all(
                "ps => ps.map(p => [p.getAttribute('fill'), p.getAttribute('stroke'), p.getAttribute('fill-opacity')])"
            )
            control = {c.lower() for c in CONTROL_COLOURS.values()}
            found = {(f or "").lower() for f, _, o in paths if o != "0"} & control
            found |= {"zone" for _, stroke, o in paths if (stroke or "").lower() == peacekeepers and o == "0"}
            if found == expected:
                break
            page.wait_for_timeout(200)
        return found

    assert holders({armenian}) == {armenian}
    slider = page.get_by_role("slider").first
    slider.focus()
    page.keyboard.press("ArrowRight")
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="CSTO in 2021")).to_be_visible(timeout=30_000)
    assert holders({armenian, azerbaijan, "zone"}) == {armenian, azerbaijan, "zone"}
    page.screenshot(path=ARTIFACTS / "map-karabakh-2021.png")
    for _ in range(3):
        page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="CSTO in 2024")).to_be_visible(timeout=30_000)
    assert holders({azerbaijan}) == {azerbaijan}
    # five year changes, and the shapes of the countries, the regions and the areas were each fetched once
    loaded = frame.locator("body").evaluate("() => performance.getEntriesByType('resource').map(e => e.name)")
    for shapes in ("countries-", "regions-", "control-areas-"):
        assert sum(f"/app/static/data/{shapes}" in url for url in loaded) == 1, shapes
    assert offsite.blocked == []


def test_a_comparison_draws_both_years_side_by_side_moving_together_and_lists_the_changes(browser, offsite, server):
    """2024 beside 2021: Armenia frozen on the left only; dragging the left map pans the right one, and zooming the
    right one zooms the left; below, the changes in the order they happened."""
    page = open_page(browser, offsite, f"{server}/?year=2024&compare=2021")
    expect(page.get_by_role("heading", name="2024 compared with 2021")).to_be_visible(timeout=60_000)
    expect(page.get_by_text("Armenia: member → participation frozen")).to_be_visible(timeout=30_000)
    frame = map_frame(page)
    left, right = frame.locator("#map_div"), frame.locator("#map_div2")
    expect(left.locator(f'path[fill="{FROZEN}"]')).to_have_count(1, timeout=30_000)
    expect(right.locator(f'path[fill="{MEMBER}"]').first).to_be_attached(timeout=30_000)
    assert right.locator(f'path[fill="{FROZEN}"]').count() == 0
    assert [left.locator(".aa-map-label").inner_text(), right.locator(".aa-map-label").inner_text()] == ["2024", "2021"]
    before = frame.locator("body").evaluate(BOTH_VIEWS)
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.move(box["x"] + box["width"] * 0.3, box["y"] + box["height"] * 0.5)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.15, box["y"] + box["height"] * 0.35, steps=8)
    page.mouse.up()
    page.wait_for_timeout(500)
    dragged = frame.locator("body").evaluate(BOTH_VIEWS)
    assert dragged[0] == dragged[1] and dragged[0] != before[0]
    right.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(800)
    zoomed = frame.locator("body").evaluate(BOTH_VIEWS)
    assert zoomed[0] == zoomed[1] and zoomed[0][2] == dragged[0][2] + 1
    page.get_by_role("slider").first.focus()  # a year on, still compared with 2021: the reader's view stays
    page.keyboard.press("ArrowRight")
    expect(page.get_by_role("heading", name="2025 compared with 2021")).to_be_visible(timeout=30_000)
    expect(left.locator(".aa-map-label")).to_have_text("2025", timeout=30_000)
    assert frame.locator("body").evaluate(BOTH_VIEWS) == zoomed
    page.screenshot(path=ARTIFACTS / "map-compare.png")
    assert offsite.blocked == []


# Centre (rounded to 0.01°) and zoom of the pair's left and right maps.
BOTH_VIEWS = """() => [window.map_div, window.map_div2].map(m => {
    const c = m.getCenter(); return [Math.round(c.lat * 100) / 100, Math.round(c.lng * 100) / 100, m.getZoom()];
})"""
