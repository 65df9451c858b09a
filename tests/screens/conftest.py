"""AppTest helpers: pages run from their files, and a copy of data/ with a hostile event for escaping tests."""

import json
import shutil

import pytest
from streamlit import config
from streamlit.testing.v1 import AppTest

from tests.conftest import ROOT

HOSTILE_TITLE = "<img src=x onerror=alert(1)> ${1} `tick` \\\\"
HOSTILE_EVENT = f"""
- id: X01
  start: 2022-11-24
  end: null
  precision: day
  title: '{HOSTILE_TITLE}'
  summary: '[click me](javascript:alert(1)) <script>alert(2)</script> **not bold**'
  category: summit
  places: [Yerevan]
  countries: [ARM]
  confidence: low
  sources:
    - outlet: '<b>Outlet</b>'
      title: 'Evil link'
      date: null
      url: https://example.org/a"onmouseover="alert(3)
"""


def page(name: str, **state) -> AppTest:
    at = AppTest.from_file(str(ROOT / "screens" / f"{name}.py"), default_timeout=60)
    for key, value in state.items():
        at.session_state[key] = value
    return at


@pytest.fixture(autouse=True)
def own_home(tmp_path, monkeypatch):
    """The user's stores (SQLite, DuckDB) in a fresh folder per test: parallel tests never share a file (nor a
    database a developer's environment may name)."""
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "home"))
    monkeypatch.delenv("ALLIANCE_ATLAS_DATABASE_URL", raising=False)
    return tmp_path / "home"


@pytest.fixture
def team_mode():
    """What `python -m team serve` configures in each replica; restored afterwards (config is process-global).
    AppTest sends no websocket headers, so a run is a reader who has not signed in unless `at.user` names someone."""
    previous = config.get_option("server.trustedUserHeaders")
    config.set_option("server.trustedUserHeaders", {"X-Atlas-User": "name"})
    yield
    config.set_option("server.trustedUserHeaders", previous)


@pytest.fixture
def hostile_data(tmp_path, monkeypatch):
    data = tmp_path / "data"
    shutil.copytree(ROOT / "data", data)
    with (data / "events.yaml").open("a", encoding="utf-8") as handle:
        handle.write(HOSTILE_EVENT)
    monkeypatch.setenv("ALLIANCE_ATLAS_DATA", str(data))
    return data


def map_assets(at) -> list[str]:
    """Every script and style each st_folium map on the page asks the browser for (st_folium collects them from
    the map's elements and would add CDN addresses of its own, e.g. d3 for a colour scale)."""
    links = []
    for component in at.get("component_instance"):
        args = json.loads(component.proto.json_args)
        links += args["js_links"] + args["css_links"]
    return links
