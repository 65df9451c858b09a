"""`python -m team serve` as readers and analysts meet it: nginx on one port in front of two replicas.

A reader is served without signing in, a forged user header is dropped, a password from the users file signs an
analyst in (the sidebar names them), the map's websocket works through the proxy, and with one replica killed the
other keeps serving while the supervisor restarts the dead one. Two analysts keep events on Ingest in the PostgreSQL
store: what one publishes, the other and every reader see on the map; a draft only its author sees; only the author
lists (and so may delete) an event; a reader gets a sign-in link instead of Ingest.
"""

import base64
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect

from team.users import add_user
from tests.browser.conftest import ARTIFACTS, free_port
from tests.browser.test_map_browser import MAP_FRAME, map_frame
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
PASSWORD = "correct horse"


@pytest.fixture(scope="module")
def team(postgres_url):
    home = Path(tempfile.mkdtemp(prefix="alliance-atlas-team-"))
    home.chmod(0o711)  # nginx runs as the service account and must reach its folder inside
    for analyst in ("alice", "bob"):
        add_user(home / "users.htpasswd", analyst, PASSWORD)
    port = free_port()
    log = (ARTIFACTS / f"team-{port}.log").open("w")
    env = {**os.environ, "ALLIANCE_ATLAS_HOME": str(home), "ALLIANCE_ATLAS_DATABASE_URL": postgres_url}
    process = subprocess.Popen(
        [sys.executable, "-m", "team", "serve", "--port", str(port), "--replicas", "2"],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 120
    while status(f"{url}/_stcore/health") != 200:
        assert process.poll() is None, f"team exited: see {log.name}"
        assert time.monotonic() < deadline, f"team not serving in 120 s: see {log.name}"
        time.sleep(0.2)
    yield url, home / "team" / "team.json"
    process.send_signal(signal.SIGINT)
    process.wait(timeout=60)
    shutil.rmtree(home, ignore_errors=True)


def status(url: str, headers: dict[str, str] | None = None) -> int:
    try:
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {}), timeout=5) as response:
            return response.status
    except urllib.error.HTTPError as error:
        return error.code
    except OSError:
        return 0


def sidebar_line(browser, url: str, shot: str, **context_options) -> str:
    """What the sidebar says about signing in, once the map has been drawn over the proxied websocket."""
    context = browser.new_context(viewport={"width": 1500, "height": 1000}, **context_options)
    page = context.new_page()
    try:
        page.goto(url)
        map_frame(page)
        sidebar = page.get_by_test_id("stSidebar")
        line = sidebar.get_by_text("Signed in as", exact=False).or_(
            sidebar.get_by_text("Reading as a guest", exact=False)
        )
        expect(line).to_be_visible(timeout=30_000)
        return line.inner_text()
    finally:
        page.screenshot(path=ARTIFACTS / f"team-{shot}.png")
        context.close()


def test_a_reader_who_has_not_signed_in_reads_the_map(browser, team):
    url, _ = team
    assert sidebar_line(browser, url, "reader").startswith("Reading as a guest")


def test_a_user_header_sent_by_the_browser_is_dropped(browser, team):
    url, _ = team
    assert sidebar_line(browser, url, "forged", extra_http_headers={"X-Atlas-User": "mallory"}).startswith(
        "Reading as a guest"
    )


def test_the_replica_itself_would_believe_that_header(browser, team):
    """Why replicas listen on loopback only: reached directly, a forged header signs anyone in."""
    _, state = team
    replica = json.loads(state.read_text())["replicas"][0]["port"]
    line = sidebar_line(
        browser, f"http://127.0.0.1:{replica}", "forged-direct", extra_http_headers={"X-Atlas-User": "mallory"}
    )
    assert line == "Signed in as mallory"


def test_an_analyst_signs_in_with_a_password_from_the_users_file(browser, team):
    url, _ = team
    credentials = {"username": "alice", "password": PASSWORD}
    assert sidebar_line(browser, f"{url}/signin", "alice", http_credentials=credentials) == "Signed in as alice"


def test_a_wrong_password_is_refused_and_does_not_sign_in(team):
    url, _ = team
    forged = {"Authorization": "Basic " + base64.b64encode(b"alice:guess").decode()}
    assert status(f"{url}/signin", forged) == 401
    assert status(f"{url}/signin") == 401


def test_with_one_replica_killed_the_other_serves_and_the_dead_one_comes_back(browser, team):
    url, state = team
    victim = json.loads(state.read_text())["replicas"][0]
    os.kill(victim["pid"], signal.SIGKILL)
    # Different sticky cookies hash to both replicas; every one of them must still be answered.
    cookies = [{"Cookie": f"atlas_replica={secrets.token_hex(16)}"} for _ in range(20)]
    assert [status(f"{url}/_stcore/health", cookie) for cookie in cookies] == [200] * 20
    assert sidebar_line(browser, url, "one-replica-killed").startswith("Reading as a guest")
    deadline = time.monotonic() + 120
    while status(f"http://127.0.0.1:{victim['port']}/_stcore/health") != 200:
        assert time.monotonic() < deadline, "the supervisor did not restart the killed replica in 120 s"
        time.sleep(0.5)
    assert json.loads(state.read_text())["replicas"][0]["restarts"] == 1


ARTICLE = "Published: 2022-11-24\n\nOn November 23 leaders met in Yerevan; the Russian base in Gyumri stayed quiet."
PUBLISHED = "Alice: leaders meet in Yerevan"
ALICE_DRAFT = "Alice: a draft on Gyumri"
BOB_DRAFT = "Bob: a draft of his own"


def analyst(browser, url: str, name: str):
    """A browser that has signed in at /signin, as an analyst does; the sidebar names them."""
    context = browser.new_context(
        viewport={"width": 1500, "height": 1000}, http_credentials={"username": name, "password": PASSWORD}
    )
    page = context.new_page()
    page.goto(f"{url}/signin")
    expect(page.get_by_test_id("stSidebar").get_by_text(f"Signed in as {name}")).to_be_visible(timeout=60_000)
    return page


def keep_event(page, url: str, title: str) -> None:
    """Ingest: paste the article, give the event a title, keep it (unpublished, as every kept event starts)."""
    page.goto(f"{url}/ingest")
    page.get_by_label("Article text").fill(ARTICLE)
    page.get_by_label("Article text").press("Control+Enter")
    expect(page.get_by_text("place mentions")).to_contain_text("place mentions", timeout=60_000)
    page.get_by_label("Title (your own words)").fill(title)
    page.get_by_role("button", name="Keep this event").click()
    expect(page.get_by_text(f"Kept “{title}”")).to_be_visible(timeout=30_000)


def my_events_picker(page):
    """The multiselect of My events on Ingest (the sidebar and the proposal form have multiselects too)."""
    return page.get_by_test_id("stMultiSelect").filter(has_text="Select events to delete or publish")


def publish(page, title: str) -> None:
    """Picks the event in My events, waits for the rerun that enables the button, publishes; the list then says so."""
    my_events_picker(page).click()
    page.get_by_role("option", name=title, exact=False).click()
    page.keyboard.press("Escape")
    button = page.get_by_role("button", name="Publish to the team")
    expect(button).to_be_enabled(timeout=30_000)
    button.click()
    expect(button).to_be_disabled(timeout=30_000)  # the rerun that publishes has emptied the pick (a busy machine
    my_events_picker(page).click()  # otherwise showed the old pick, the event still chosen and not among the options)
    expect(page.get_by_role("option", name=f"{title} · published")).to_be_visible(timeout=30_000)
    page.keyboard.press("Escape")


def map_tooltips(page, url: str, shot: str) -> list[str]:
    """The tooltips of the user events this browser's map shows in 2022, hovering each marker as a reader would."""
    page.goto(f"{url}/?year=2022")
    frame = map_frame(page)
    markers = frame.locator(".aa-mine-icon")
    expect(markers.first).to_be_attached(timeout=60_000)
    tooltips = []
    for index in range(markers.count()):
        markers.nth(index).dispatch_event("mouseover")
        tooltips.append(frame.locator(".leaflet-tooltip").last.inner_text().strip())
        markers.nth(index).dispatch_event("mouseout")
    page.screenshot(path=ARTIFACTS / f"team-{shot}-map.png")
    return sorted(tooltips)


def popup_of(page, title: str) -> str:
    """What a click on the marker whose tooltip starts with `title` opens."""
    frame = page.frame_locator(MAP_FRAME)
    markers = frame.locator(".aa-mine-icon")
    for index in range(markers.count()):
        markers.nth(index).dispatch_event("mouseover")
        if frame.locator(".leaflet-tooltip").last.inner_text().startswith(title):
            markers.nth(index).dispatch_event("click")  # the curated events' clusters may lie over it
            popup = frame.locator(".leaflet-popup-content")
            expect(popup).to_contain_text(title, timeout=10_000)
            return popup.inner_text()
        markers.nth(index).dispatch_event("mouseout")
    raise AssertionError(f"no user event on the map has a tooltip starting {title!r}")


@pytest.fixture(scope="module")
def kept(browser, team):
    """Alice keeps two events and publishes one; Bob keeps one; returns their signed-in pages."""
    url, _ = team
    alice, bob = analyst(browser, url, "alice"), analyst(browser, url, "bob")
    keep_event(alice, url, PUBLISHED)
    keep_event(alice, url, ALICE_DRAFT)
    publish(alice, PUBLISHED)
    alice.screenshot(path=ARTIFACTS / "team-alice-ingest.png", full_page=True)
    keep_event(bob, url, BOB_DRAFT)
    yield alice, bob
    for page in (alice, bob):
        page.context.close()


def titles(tooltips: list[str]) -> list[str]:
    return sorted(tooltip.split(" (")[0] for tooltip in tooltips)


def listed(page) -> list[str]:
    """What My events lists, without the dates (the article offers two): "title" or "title · published"."""
    my_events_picker(page).click()
    expect(page.get_by_role("option").first).to_be_visible(timeout=30_000)
    options = page.get_by_role("option").all_inner_texts()
    page.keyboard.press("Escape")
    return sorted(option.split(" · ", 1)[1] for option in options if " · " in option)


def test_an_analyst_sees_her_published_event_and_her_draft_but_not_anothers_draft(team, kept):
    url, _ = team
    alice, _ = kept
    assert titles(map_tooltips(alice, url, "alice")) == sorted([PUBLISHED, ALICE_DRAFT])
    alice.goto(f"{url}/ingest")
    expect(alice.get_by_text("My events (2)")).to_be_visible(timeout=60_000)
    assert listed(alice) == [ALICE_DRAFT, f"{PUBLISHED} · published"]


def test_another_analyst_sees_the_published_event_but_cannot_delete_it(team, kept):
    url, _ = team
    _, bob = kept
    tooltips = map_tooltips(bob, url, "bob")
    assert titles(tooltips) == sorted([PUBLISHED, BOB_DRAFT])
    # Alice's event is the team's to him, his draft his own
    assert {t.split(" — ")[-1] for t in tooltips if t.startswith(PUBLISHED)} == {"team event"}
    assert {t.split(" — ")[-1] for t in tooltips if t.startswith(BOB_DRAFT)} == {"my event"}
    assert "Published to the team by another analyst" in popup_of(bob, PUBLISHED)
    bob.goto(f"{url}/ingest")
    expect(bob.get_by_text("My events (1)")).to_be_visible(timeout=60_000)
    assert listed(bob) == [BOB_DRAFT]  # Alice's published event is not his to select, so not his to delete
    bob.screenshot(path=ARTIFACTS / "team-bob-ingest.png", full_page=True)


def test_a_reader_sees_only_the_published_event_and_a_sign_in_link_instead_of_ingest(browser, team, kept):
    url, _ = team
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    reader = context.new_page()
    try:
        assert titles(map_tooltips(reader, url, "reader")) == [PUBLISHED]
        assert PUBLISHED in popup_of(reader, PUBLISHED)
        reader.goto(f"{url}/ingest")
        expect(reader.get_by_text("Ingesting articles is for the team's analysts")).to_be_visible(timeout=60_000)
        link = reader.get_by_test_id("stMain").get_by_role("link", name="Sign in")
        assert link.get_attribute("href") == "/signin"
        assert reader.get_by_label("Article text").count() == 0
        assert reader.get_by_role("button", name="Keep this event").count() == 0
        assert reader.get_by_test_id("stMain").get_by_text("My events").count() == 0  # the sidebar's layer switch aside
        reader.screenshot(path=ARTIFACTS / "team-reader-ingest.png", full_page=True)
    finally:
        context.close()
