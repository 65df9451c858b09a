"""A real `streamlit run` on a free loopback port, and Debian's Chromium driven by Playwright, with no internet."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from tests.conftest import ROOT

ARTIFACTS = ROOT / "artifacts"
CHROMIUM = "/usr/bin/chromium"
FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK = {"127.0.0.1", "localhost", "[::1]", "::1"}


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def start_streamlit(env_extra: dict[str, str] | None = None) -> tuple[subprocess.Popen, str]:
    """What `make run` starts (serve.py), on a free loopback port."""
    port = free_port()
    env = {**os.environ, **(env_extra or {})}
    ARTIFACTS.mkdir(exist_ok=True)  # the benches start servers without the browser fixture
    log = (ARTIFACTS / f"streamlit-{port}.log").open("w")
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            str(ROOT / "serve.py"),
            "--server.port",
            str(port),
            "--server.address",
            "127.0.0.1",
            "--server.headless",
            "true",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:  # poll the health endpoint rather than sleeping a fixed time
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return process, url
        except OSError:
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited: see {log.name}") from None
            time.sleep(0.2)
    process.kill()
    raise RuntimeError("streamlit did not become healthy in 60 s")


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=10)
    except subprocess.TimeoutExpired:
        process.kill()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    from playwright.sync_api import sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
        yield chromium
        chromium.close()


class OffsiteLog:
    """Every request that would leave the machine is blocked and recorded."""

    def __init__(self) -> None:
        self.blocked: list[str] = []

    def route(self, route) -> None:
        host = urlparse(route.request.url).hostname or ""
        if route.request.url.startswith(("data:", "blob:", "about:")) or host in LOOPBACK:
            route.continue_()
        else:
            self.blocked.append(route.request.url)
            route.abort()


@pytest.fixture
def offsite():
    return OffsiteLog()


def open_page(browser, offsite: OffsiteLog, url: str):
    context = browser.new_context(viewport={"width": 1500, "height": 1000})
    context.route("**/*", offsite.route)
    page = context.new_page()
    page.goto(url)
    return page
