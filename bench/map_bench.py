"""Cold start, year change and payload of the Map screen, measured in Debian's Chromium.

Prints figures; asserts nothing.

.venv/bin/python bench/map_bench.py [--runs 3]
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from geo.alliance.membership import Status  # noqa: E402
from geo.render.palette import STATUS_COLOURS  # noqa: E402
from tests.browser.conftest import CHROMIUM, FLAGS, start_streamlit, stop  # noqa: E402

FRAME = 'iframe[title="streamlit_folium.st_folium"]'
FROZEN = STATUS_COLOURS[Status.SUSPENDED]


def one_run(playwright) -> dict[str, float]:
    """The reader's browser is already open; the clock starts when `streamlit run` does."""
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS, headless=True)
    began = time.perf_counter()
    process, url = start_streamlit()
    healthy = time.perf_counter() - began
    try:
        page = browser.new_page(viewport={"width": 1500, "height": 1000})
        received = {"ws": 0, "http": 0}
        page.on(
            "websocket",
            lambda ws: ws.on(
                "framereceived",
                lambda f: received.__setitem__("ws", received["ws"] + len(f if isinstance(f, (bytes, str)) else b"")),
            ),
        )
        page.on(
            "response",
            lambda r: (
                received.__setitem__("http", received["http"] + len(r.body() or b""))
                if r.ok and r.request.method == "GET"
                else None
            ),
        )
        page.goto(f"{url}/?year=2023")
        page_loaded = time.perf_counter() - began
        page.locator("h1").first.wait_for(timeout=120_000)
        titled = time.perf_counter() - began
        frame = page.frame_locator(FRAME)
        frame.locator(".aa-event").first.wait_for(state="attached", timeout=120_000)
        cold = time.perf_counter() - began
        page.wait_for_timeout(1500)
        first_ws = received["ws"]
        page.get_by_role("slider").first.focus()
        changed = time.perf_counter()
        page.keyboard.press("ArrowRight")
        frame.locator(f'path[fill="{FROZEN}"]').first.wait_for(state="attached", timeout=60_000)
        redraw = time.perf_counter() - changed
        page.wait_for_timeout(1000)
        result = {
            "cold start to map drawn (s)": cold,
            "  of which: server healthy (s)": healthy,
            "  page loaded (s)": page_loaded,
            "  title drawn: first run sent (s)": titled,
            "year change to map redrawn (s)": redraw,
            "websocket bytes, first view (MB)": first_ws / 1e6,
            "websocket bytes, one year change (MB)": (received["ws"] - first_ws) / 1e6,
            "HTTP bytes (JS, CSS, component) (MB)": received["http"] / 1e6,
        }
        browser.close()
        return result
    finally:
        stop(process)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    with sync_playwright() as playwright:
        runs = [one_run(playwright) for _ in range(args.runs)]
    for name in runs[0]:
        values = [run[name] for run in runs]
        print(f"{name:42s} median {statistics.median(values):7.3f}   ({', '.join(f'{v:.3f}' for v in values)})")


if __name__ == "__main__":
    main()
