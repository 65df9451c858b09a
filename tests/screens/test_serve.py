"""serve.py is what `make run` starts: an ASGI app that Streamlit's CLI discovers, warming caches at start."""

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
from pathlib import Path
from streamlit.web.server.app_discovery import discover_asgi_app
result = discover_asgi_app(Path("serve.py"))
assert result.is_asgi_app, result
import serve
serve._warm()
import sys
assert "streamlit_folium" not in sys.modules  # a component imported outside the runtime would 404 in the browser
print("ok")
"""


def test_serve_is_discovered_and_warms_without_components(tmp_path):
    env = {"ALLIANCE_ATLAS_HOME": str(tmp_path), "PATH": "/usr/bin:/bin"}
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith("ok")
