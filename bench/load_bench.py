"""Many readers at once: N sessions drive the Map through Streamlit's own websocket protocol.

Prints figures; asserts nothing.

    .venv/bin/python bench/load_bench.py [--sessions 1 20 50 100] [--changes 5] [--url http://127.0.0.1:8501]
        [--team-state $ALLIANCE_ATLAS_HOME/team/team.json]

Each session speaks what the browser speaks on `/_stcore/stream` (binary BackMsg/ForwardMsg protobufs): it opens the
map with a `rerun_script` carrying the query string, then moves the Year slider (a `rerun_script` carrying the
slider's widget state) `--changes` times, pausing 0.2-1.0 s after each answer, as a reader does. A rerun's latency is
the time from sending the BackMsg to the `script_finished` ForwardMsg. A year change only counts if the title names
the new year and the map component was sent again with different layers (its bytes are reported), so a rerun that
did nothing cannot pass for a fast one. Without `--url` it starts serve.py on a free loopback port, as the browser
tests do; either way only loopback addresses are accepted, and every level is bounded by `--deadline` seconds.

Through the team proxy (`python -m team serve`, then `--url` at nginx): each session first fetches the page, as a
browser does, and sends the sticky `atlas_replica` cookie nginx set with its websocket, so nginx's consistent hash
spreads sessions over the replicas as it spreads browsers. Readers need no password. `--team-state` names the
supervisor's team.json, so the CPU and memory watched are the replicas' (each reported), not nginx's.
"""

import argparse
import asyncio
import json
import os
import random
import signal
import statistics
import sys
import tempfile
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlparse

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tests.browser.conftest import LOOPBACK, start_streamlit, stop  # noqa: E402

FIRST_YEAR_SHOWN = 2023
THINK_SECONDS = (0.2, 1.0)
PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Rerun:
    seconds: float
    title: str = ""
    map_bytes: int = 0  # the st_folium element's ForwardMsg: what the browser redraws from
    map_args: bytes = b""
    slider: tuple[str, int, int] | None = None  # widget id, min, max
    page_hash: str = ""


@dataclass
class Level:
    opens: list[float] = field(default_factory=list)
    changes: list[float] = field(default_factory=list)
    change_bytes: list[int] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)  # reruns that did not show what was asked


async def rerun(ws, query: str, page_hash: str = "", widgets: list | None = None) -> Rerun:
    """Send one rerun_script and read ForwardMsgs until its script_finished."""
    message = BackMsg()
    message.rerun_script.query_string = query
    message.rerun_script.page_script_hash = page_hash
    for widget in widgets or ():
        message.rerun_script.widget_states.widgets.append(widget)
    began = time.perf_counter()
    await ws.send(message.SerializeToString())
    result = Rerun(0.0)
    while True:
        raw = await ws.recv()
        forward = ForwardMsg()
        forward.ParseFromString(raw)
        kind = forward.WhichOneof("type")
        if kind == "new_session":
            result.page_hash = forward.new_session.page_script_hash
        elif kind == "delta" and forward.delta.WhichOneof("type") == "new_element":
            _read_element(forward.delta.new_element, len(raw), result)
        elif kind == "script_finished" and forward.script_finished != ForwardMsg.FINISHED_EARLY_FOR_RERUN:
            result.seconds = time.perf_counter() - began
            if forward.script_finished != ForwardMsg.FINISHED_SUCCESSFULLY:
                result.title = f"script_finished status {forward.script_finished}"
            return result


def _read_element(element, size: int, result: Rerun) -> None:
    kind = element.WhichOneof("type")
    if kind == "heading" and not result.title:
        result.title = element.heading.body
    elif kind == "slider" and element.slider.label == "Year":
        result.slider = (element.slider.id, int(element.slider.min), int(element.slider.max))
    elif kind == "component_instance":
        result.map_bytes, result.map_args = size, element.component_instance.json_args.encode()
    elif kind == "exception":
        where = element.exception.stack_trace[-1].strip() if element.exception.stack_trace else "?"
        result.title = f"exception: {element.exception.type}: {element.exception.message} at {where}"


def year_widget(widget_id: str, year: int):
    """A slider's state as the frontend sends it: a double array, one value for a single-thumb slider."""
    state = BackMsg().rerun_script.widget_states.widgets.add()
    state.id = widget_id
    state.double_array_value.data.append(float(year))
    return state


def sticky_cookie(url: str) -> str:
    """The `Cookie` header a browser would send after loading the page: the proxy's `atlas_replica` choice ("" when
    no proxy sets one, as a replica alone does not)."""
    with urllib.request.urlopen(f"{url}/_stcore/health", timeout=60) as response:
        cookies = [value.split(";", 1)[0] for value in response.headers.get_all("Set-Cookie") or ()]
    return "; ".join(c for c in cookies if c.startswith("atlas_replica="))


async def reader(
    url: str, changes: int, level: Level, rng: random.Random, think: tuple[float, float] = THINK_SECONDS
) -> None:
    """One reader: opens the map, then moves the Year slider `changes` times, `think` seconds apart (uniform)."""
    stream = url.replace("http://", "ws://", 1) + "/_stcore/stream"
    cookie = await asyncio.to_thread(sticky_cookie, url)
    # no client keepalive pings: a busy server answers them late, and browsers do not send them either
    async with websockets.connect(
        stream,
        subprotocols=["streamlit"],
        origin=url,
        max_size=None,
        ping_interval=None,
        open_timeout=120,  # a browser waits for a busy server's handshake far longer than websockets' 10 s default
        additional_headers={"Cookie": cookie} if cookie else None,
    ) as ws:
        year = FIRST_YEAR_SHOWN
        opened = await rerun(ws, urlencode({"year": year}))
        level.opens.append(opened.seconds)
        if opened.slider is None or f"in {year}" not in opened.title:
            level.wrong.append(f"open: {opened.title!r}")
            return
        widget_id, first, last = opened.slider
        before = opened.map_args
        for _ in range(changes):
            await asyncio.sleep(rng.uniform(*think))
            year = rng.choice([y for y in range(first, last + 1) if y != year])
            moved = await rerun(ws, urlencode({"year": year}), opened.page_hash, [year_widget(widget_id, year)])
            level.changes.append(moved.seconds)
            level.change_bytes.append(moved.map_bytes)
            if f"in {year}" not in moved.title or not moved.map_args or moved.map_args == before:
                level.wrong.append(f"year {year}: {moved.title!r}, map {moved.map_bytes} bytes")
            before = moved.map_args


class ServerWatch:
    """Peak RSS (summed) and CPU seconds (each) of the server processes, read from /proc while a level runs."""

    def __init__(self, pids: list[int]) -> None:
        self.pids, self.peak_rss, self._stop = pids, 0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def cpu_seconds(self) -> list[float]:
        return [_cpu_seconds(pid) for pid in self.pids]

    def _rss(self) -> int:
        return sum(int(Path(f"/proc/{pid}/statm").read_text().split()[1]) * PAGE_SIZE for pid in self.pids)

    def _sample(self) -> None:
        while not self._stop.wait(0.05):
            self.peak_rss = max(self.peak_rss, self._rss())

    def __enter__(self):
        if self.pids:
            self.peak_rss, self.cpu_at_start = self._rss(), self.cpu_seconds()
            self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self.pids:
            self._thread.join()
            self.cpu_used = [end - start for end, start in zip(self.cpu_seconds(), self.cpu_at_start, strict=True)]


def _cpu_seconds(pid: int) -> float:
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS  # utime, stime


def replica_pids(team_state: Path) -> list[int]:
    """The replicas `python -m team serve` runs, from the team.json its supervisor writes."""
    return [replica["pid"] for replica in json.loads(team_state.read_text())["replicas"]]


def listening_pid(port: int) -> int | None:
    """The process listening on a loopback port (for --url): its socket's inode in /proc/net, then /proc/*/fd."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for line in Path(table).read_text().splitlines()[1:]:
            columns = line.split()
            if columns[3] == "0A" and int(columns[1].rsplit(":", 1)[1], 16) == port:  # 0A: LISTEN
                inodes.add(f"socket:[{columns[9]}]")
    for fd_dir in Path("/proc").glob("[0-9]*/fd"):
        try:
            if any(os.readlink(fd) in inodes for fd in fd_dir.iterdir()):
                return int(fd_dir.parent.name)
        except OSError:  # another user's process, or one that just ended
            continue
    return None


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def spread(values: list[float]) -> str:
    if not values:
        return "no data"
    return f"p50 {statistics.median(values):6.3f}  p95 {percentile(values, 0.95):6.3f}  max {max(values):6.3f} s"


async def run_level(
    url: str, sessions: int, changes: int, seed: int, deadline: float, think: tuple[float, float] = THINK_SECONDS
) -> tuple[Level, float]:
    level = Level()
    rngs = [random.Random(seed * 1000 + n) for n in range(sessions)]
    began = time.perf_counter()
    tasks = [asyncio.create_task(reader(url, changes, level, rng, think)) for rng in rngs]
    done, pending = await asyncio.wait(tasks, timeout=deadline)
    for task in pending:
        task.cancel()
    level.wrong += [f"session failed: {task.exception()!r}" for task in done if task.exception()]
    level.wrong += [f"{len(pending)} sessions still running at the {deadline:.0f} s deadline"] if pending else []
    return level, time.perf_counter() - began


def report(sessions: int, level: Level, wall: float, watch: ServerWatch) -> None:
    reruns = len(level.opens) + len(level.changes)
    print(f"\n{sessions} sessions: {len(level.opens)} opens, {len(level.changes)} year changes in {wall:.1f} s")
    print(f"  first open     {spread(level.opens)}")
    print(f"  year change    {spread(level.changes)}")
    print(f"  reruns per s   {reruns / wall:6.1f}")
    if level.change_bytes:
        print(
            f"  map per change {statistics.median(level.change_bytes) / 1e3:6.1f} kB (median ForwardMsg of st_folium)"
        )
    if watch.pids and reruns:
        used = sum(watch.cpu_used)
        each = " (" + " + ".join(f"{seconds:.1f}" for seconds in watch.cpu_used) + ")" if len(watch.pids) > 1 else ""
        print(
            f"  server         peak RSS {watch.peak_rss / 2**20:6.0f} MB, CPU {used:.1f} s{each} "
            f"= {1000 * used / reruns:.0f} ms per rerun"
        )
    for problem in level.wrong[:5]:
        print(f"  WRONG: {problem}")
    if len(level.wrong) > 5:
        print(f"  WRONG: … {len(level.wrong) - 5} more")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sessions", type=int, nargs="+", default=[1, 20, 50, 100])
    parser.add_argument("--changes", type=int, default=5, help="year changes per session (default 5)")
    parser.add_argument("--url", help="a running server on a loopback address; default: start serve.py")
    parser.add_argument("--team-state", type=Path, help="with --url at the proxy: its team.json")
    parser.add_argument("--deadline", type=float, default=600, help="seconds a level may take (default 600)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--think",
        type=float,
        nargs=2,
        default=THINK_SECONDS,
        metavar=("MIN", "MAX"),
        help="seconds a reader waits between year changes (default 0.2 1.0); 0 0 asks as fast as the server answers, "
        "which measures what it can serve at most",
    )
    parser.add_argument(
        "--warm-sessions",
        type=int,
        default=1,
        help="sessions of the unreported warm-up, 5 changes each (default 1, 2 changes); e.g. 20 builds most years' "
        "views on every replica first, as on servers that have been up a while",
    )
    args = parser.parse_args()
    if not 0 < max(args.sessions) <= 200 or not 0 <= args.changes <= 100:
        parser.error("1-200 sessions and 0-100 changes per session")
    signal.signal(signal.SIGTERM, lambda *_: sys.exit("stopped"))  # so `finally` stops the server it started
    process = None
    if args.url:
        parsed = urlparse(args.url.rstrip("/"))
        if parsed.scheme != "http" or parsed.hostname not in LOOPBACK:
            parser.error("--url must be http:// on a loopback address")
        url = args.url.rstrip("/")
        pids = replica_pids(args.team_state) if args.team_state else [listening_pid(parsed.port or 80)]
    else:
        home = tempfile.mkdtemp(prefix="load-bench-")  # no user events or imports: the curated map every reader sees
        process, url = start_streamlit({"ALLIANCE_ATLAS_HOME": home})
        pids = [process.pid]
    try:
        warm_changes = 2 if args.warm_sessions == 1 else 5
        asyncio.run(run_level(url, args.warm_sessions, warm_changes, args.seed + 999, args.deadline))  # not reported
        for sessions in args.sessions:
            with ServerWatch([pid for pid in pids if pid]) as watch:
                level, wall = asyncio.run(
                    run_level(url, sessions, args.changes, args.seed, args.deadline, tuple(args.think))
                )
            report(sessions, level, wall, watch)
    finally:
        if process:
            stop(process)


if __name__ == "__main__":
    main()
