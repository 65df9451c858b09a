"""N Streamlit replicas of serve.py on loopback ports, and the supervisor that keeps them (and the rest) running.

Replicas listen on 127.0.0.1 only, so just the proxy on this host reaches them and the user header cannot be forged
from outside. They share one cookie secret, so a browser that fails over to another replica keeps a valid XSRF token.
"""

import json
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

from team.proxy import USER_HEADER

ROOT = Path(__file__).resolve().parent.parent
USER_KEY = "name"  # st.user["name"] carries the proxy's user name (ui/signin.py reads it)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def replica_environment(cookie_secret: str, database_url: str | None) -> dict[str, str]:
    """Streamlit options as environment variables (no shell, no quoting): trusted header, shared secret, no
    telemetry, no file watcher."""
    env = {
        **os.environ,
        "STREAMLIT_SERVER_TRUSTED_USER_HEADERS": json.dumps({USER_HEADER: USER_KEY}),
        "STREAMLIT_SERVER_COOKIE_SECRET": cookie_secret,
        "STREAMLIT_SERVER_HEADLESS": "true",
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "STREAMLIT_SERVER_ADDRESS": "127.0.0.1",
        # No reloading of edited source under running readers: measured, a module re-imported mid-run made enum
        # members stop matching the keys of dicts built before (KeyError on the map for every reader). A deployment
        # restarts the replicas instead.
        "STREAMLIT_SERVER_FILE_WATCHER_TYPE": "none",
    }
    if database_url:
        env["ALLIANCE_ATLAS_DATABASE_URL"] = database_url
    return env


@dataclass
class Replica:
    port: int
    log: Path
    process: subprocess.Popen | None = None
    restarts: int = 0

    def start(self, env: dict[str, str]) -> None:
        with self.log.open("ab") as sink:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "streamlit", "run", str(ROOT / "serve.py"), "--server.port", str(self.port)],
                cwd=ROOT,
                env=env,
                stdout=sink,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )

    def healthy(self) -> bool:
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}/_stcore/health", timeout=1) as response:
                return response.status == 200
        except OSError:
            return False


@dataclass
class Team:
    """The processes `make team` runs; `state_file` tells operators and tests which replica is where."""

    run: Path
    replicas: list[Replica]
    env: dict[str, str]
    others: dict[str, subprocess.Popen] = field(default_factory=dict)  # "proxy", "postgres": not restartable here

    @classmethod
    def on_free_ports(cls, run: Path, count: int, database_url: str | None) -> "Team":
        run.mkdir(parents=True, exist_ok=True)
        replicas = [Replica(free_port(), run / f"replica-{index}.log") for index in range(count)]
        return cls(run, replicas, replica_environment(secrets.token_hex(32), database_url))

    def start_replicas(self, timeout: float = 120) -> None:
        for replica in self.replicas:
            replica.start(self.env)
        deadline = time.monotonic() + timeout
        while not all(replica.healthy() for replica in self.replicas):
            if dead := [r for r in self.replicas if r.process.poll() is not None]:
                raise RuntimeError(f"replica on port {dead[0].port} exited: see {dead[0].log}")
            if time.monotonic() > deadline:
                raise TimeoutError(f"replicas not healthy in {timeout:.0f} s: see {self.run}/replica-*.log")
            time.sleep(0.2)
        self.write_state()

    def supervise(self, poll: float = 0.5) -> str:
        """Restart any replica that dies; return why we stopped when the proxy or the database dies."""
        while True:
            for name, process in self.others.items():
                if process.poll() is not None:
                    return f"{name} exited with status {process.returncode}"
            for replica in self.replicas:
                if replica.process.poll() is not None:
                    print(
                        f"replica on port {replica.port} exited ({replica.process.returncode}); restarting", flush=True
                    )
                    replica.restarts += 1
                    replica.start(self.env)
                    self.write_state()
            time.sleep(poll)

    def write_state(self) -> None:
        state = {
            "replicas": [{"port": r.port, "pid": r.process.pid, "restarts": r.restarts} for r in self.replicas],
            **{name: {"pid": process.pid} for name, process in self.others.items()},
        }
        (self.run / "team.json").write_text(json.dumps(state, indent=1), encoding="utf-8")

    def stop(self) -> None:
        """The proxy first (no new requests), then the replicas, then the database (committed data is safe)."""
        order = [self.others.get("proxy"), *(r.process for r in self.replicas), self.others.get("postgres")]
        for process in filter(None, order):
            if process.poll() is None:
                process.send_signal(signal.SIGINT)  # SIGINT: nginx, streamlit and postgres all shut down cleanly on it
                try:
                    process.wait(timeout=20)
                except subprocess.TimeoutExpired:
                    process.kill()
                    process.wait()
