"""geo/ is the domain: it must import without Streamlit (house rule)."""
import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import pkgutil, importlib, sys, geo
for module in pkgutil.walk_packages(geo.__path__, "geo."):
    importlib.import_module(module.name)
assert "streamlit" not in sys.modules, "streamlit imported by geo"
assert "streamlit_folium" not in sys.modules
print(len(list(pkgutil.walk_packages(geo.__path__))))
"""


def test_geo_never_imports_streamlit():
    result = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 15
