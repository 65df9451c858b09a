"""`python -m team serve` as readers and analysts meet it: nginx on one port in front of two replicas.

A reader is served without signing in, a forged user header is dropped, a password from the users file signs an
analyst in (the sidebar names them), the map's websocket works through the proxy, and with one replica killed the
other keeps serving while the supervisor restarts the dead one.
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
from tests.browser.test_map_browser import map_frame
from tests.conftest import ROOT

pytestmark = pytest.mark.browser
PASSWORD = "correct horse"


@pytest.fixture(scope="module")
def team(postgres_url):
    home = Path(tempfile.mkdtemp(prefix="alliance-atlas-team-"))
    home.chmod(0o711)  # nginx runs as the service account and must reach its folder inside
    add_user(home / "users.htpasswd", "alice", PASSWORD)
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
