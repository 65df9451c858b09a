"""geo/'s design, enforced: which concern may import which, and which libraries only the render concern may use.

places <- alliance <- news <- store <- render: a subpackage imports only those to its left (and the shared top-level
modules). The imports are read from the source (every `import`, also inside functions), so a lazy import cannot
slip through; a second test imports the whole package and checks that Streamlit never came along.
"""

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT

GEO = ROOT / "geo"
ORDER = ("places", "alliance", "news", "store", "render")
# Top-level modules every concern may use: they import none of the concerns (nor each other's composers).
BASE = {"problems", "records", "dates", "files", "weblinks", "spreadsheet"}
# Modules that compose concerns, with what each may import: `atlas` gathers places and alliance for the screens, so
# the concerns above alliance may use it; `cli` is the command line over everything; `__main__` only dispatches.
COMPOSERS = {"atlas": {"places", "alliance"}, "cli": {*ORDER, "atlas"}, "__main__": {"cli"}}
RENDER_ONLY = ("folium", "branca", "altair", "matplotlib", "PIL")
NOWHERE = ("streamlit", "streamlit_folium")


def imported_modules(path: Path) -> set[str]:
    modules = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            modules.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module)
            if node.module == "geo":
                modules.update(f"geo.{alias.name}" for alias in node.names)
    return modules


def concern_of(module: str) -> str | None:
    """'geo.places.gazetteer' -> 'places'; a shared module -> its own name; not geo -> None."""
    parts = module.split(".")
    return parts[1] if parts[0] == "geo" and len(parts) > 1 else None


def allowed_concerns(relative: tuple[str, ...]) -> set[str]:
    """What the module at `relative` (inside geo/) may import: the shared base, and the concerns below its own."""
    own = relative[0].removesuffix(".py")
    if own in COMPOSERS:
        return COMPOSERS[own] | BASE
    if own in ORDER:
        below = set(ORDER[: ORDER.index(own)])
        composers = {name for name, uses in COMPOSERS.items() if uses <= below}
        return below | {own} | composers | BASE
    return BASE


def layering_violations(root: Path = GEO) -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        relative = path.relative_to(root).parts
        name = "/".join(relative)
        allowed = allowed_concerns(relative)
        in_render = relative[0] == "render"
        for module in sorted(imported_modules(path)):
            top = module.split(".")[0]
            concern = concern_of(module)
            if top in NOWHERE:
                found.append(f"{name} imports {module}: geo/ never imports Streamlit")
            elif top in RENDER_ONLY and not in_render:
                found.append(f"{name} imports {module}: only geo/render/ builds HTML, JS and pictures")
            elif concern and concern not in allowed:
                found.append(f"{name} imports {module}: {relative[0].removesuffix('.py')} may not depend on {concern}")
    return found


def test_every_concern_imports_only_those_below_it():
    assert layering_violations() == []


def test_a_forbidden_import_is_reported(tmp_path):
    """The check itself can fail: a places module that reaches into render, and one that draws with folium."""
    (tmp_path / "places").mkdir()
    (tmp_path / "places" / "leak.py").write_text("def f():\n    from geo.render.html import html_text\n")
    (tmp_path / "places" / "draw.py").write_text("import folium\n")
    (tmp_path / "problems.py").write_text("from geo.store import imported\n")
    (tmp_path / "alliance").mkdir()
    (tmp_path / "alliance" / "composed.py").write_text("from geo.atlas import Atlas\nfrom geo.cli import geocode\n")
    (tmp_path / "store").mkdir()
    (tmp_path / "store" / "fine.py").write_text("from geo.atlas import Atlas\nfrom geo.news import article\n")
    assert layering_violations(tmp_path) == [
        "alliance/composed.py imports geo.atlas: alliance may not depend on atlas",
        "alliance/composed.py imports geo.cli: alliance may not depend on cli",
        "places/draw.py imports folium: only geo/render/ builds HTML, JS and pictures",
        "places/leak.py imports geo.render.html: places may not depend on render",
        "problems.py imports geo.store: problems may not depend on store",
    ]


@pytest.mark.parametrize("concern", ORDER)
def test_each_concern_is_a_package_with_a_docstring(concern):
    init = GEO / concern / "__init__.py"
    assert ast.get_docstring(ast.parse(init.read_text(encoding="utf-8")))


IMPORT_ALL = """
import pkgutil, importlib, sys, geo
for module in pkgutil.walk_packages(geo.__path__, "geo."):
    if module.name != "geo.__main__":
        importlib.import_module(module.name)
assert "streamlit" not in sys.modules, "streamlit imported by geo"
assert "streamlit_folium" not in sys.modules
print(len(list(pkgutil.walk_packages(geo.__path__, "geo."))))
"""


def test_geo_imports_without_streamlit():
    result = subprocess.run([sys.executable, "-c", IMPORT_ALL], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) >= 40
