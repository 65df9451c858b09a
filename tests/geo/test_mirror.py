"""tests/geo/ mirrors geo/: every module has its test file at the same place, or a named reason why not."""

from tests.conftest import ROOT

GEO, TESTS = ROOT / "geo", ROOT / "tests" / "geo"
# module (relative to geo/) -> why it has no test file of its own
EXEMPT = {"alliance/my_event.py": "a record with no behaviour of its own; store/test_my_events.py round-trips it"}
# test file (relative to tests/geo/) -> the property it checks across several modules, so it mirrors none
CROSS_CUTTING = {
    "test_layering.py": "which concern may import which, read from every module's imports",
    "test_mirror.py": "this mirroring itself",
    "test_module_sizes.py": "the length of every module and class",
    "render/test_hostile_rendering.py": (
        "Jinja and HTML payloads in every text field, through every map piece and export"
    ),
}


def modules_without_tests() -> list[str]:
    missing = []
    for path in sorted(GEO.rglob("*.py")):
        relative = path.relative_to(GEO)
        if path.name.startswith("__"):
            continue
        expected = TESTS / relative.parent / f"test_{path.name}"
        if not expected.exists() and str(relative) not in EXEMPT:
            missing.append(str(relative))
    return missing


def test_every_module_has_a_mirrored_test_file():
    assert modules_without_tests() == []


def test_every_exemption_names_an_existing_module_and_a_reason():
    for module, reason in EXEMPT.items():
        assert (GEO / module).exists(), f"{module} is exempt but no longer exists"
        assert len(reason.split()) >= 4, f"{module}: say why it has no test file"


def test_every_test_file_mirrors_a_module():
    orphans = [
        str(path.relative_to(TESTS))
        for path in sorted(TESTS.rglob("test_*.py"))
        if str(path.relative_to(TESTS)) not in CROSS_CUTTING
        if not (GEO / path.relative_to(TESTS).parent / f"{path.stem.removeprefix('test_')}.py").exists()
    ]
    assert orphans == []
