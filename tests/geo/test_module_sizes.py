"""geo/'s pieces stay small enough to read whole: no module over 450 lines, no class over 250 (issue 11)."""

import ast
from pathlib import Path

from tests.conftest import ROOT

MAX_MODULE_LINES, MAX_CLASS_LINES = 450, 250


def oversized(root: Path = ROOT / "geo") -> list[str]:
    found = []
    for path in sorted(root.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        name = str(path.relative_to(root))
        if (lines := len(text.splitlines())) > MAX_MODULE_LINES:
            found.append(f"{name}: {lines} lines")
        for node in ast.walk(ast.parse(text)):
            if isinstance(node, ast.ClassDef) and (length := node.end_lineno - node.lineno + 1) > MAX_CLASS_LINES:
                found.append(f"{name}: class {node.name} {length} lines")
    return found


def test_no_module_or_class_is_too_long_to_read_whole():
    assert oversized() == []


def test_the_check_names_a_long_module_and_a_long_class(tmp_path):
    (tmp_path / "long.py").write_text("x = 1\n" * 451)
    (tmp_path / "big.py").write_text("class Big:\n" + "    x = 1\n" * 250)
    assert oversized(tmp_path) == ["big.py: class Big 251 lines", "long.py: 451 lines"]
