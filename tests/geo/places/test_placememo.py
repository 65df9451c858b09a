import pytest

from geo.places import placememo
from geo.places.geocode import shared_gazetteer
from geo.places.placememo import ANSWERING_MODULES, PlaceMemo, memo_key
from tests.conftest import ROOT

DATA = ROOT / "data"


@pytest.fixture(scope="module")
def gazetteer():
    return shared_gazetteer(DATA)


def test_a_warm_memo_answers_without_loading_the_gazetteer(tmp_path, gazetteer):
    loads = []

    def loader():
        loads.append(1)
        return gazetteer

    first = PlaceMemo(DATA, loader, tmp_path)
    kant = first.resolve("Kant", ("KGZ",))
    assert kant.country_iso3 == "KGZ" and first.resolve("Qqxyz Nowhere", ("ARM",)) is None
    first.save()
    second = PlaceMemo(DATA, loader, tmp_path)
    assert second.resolve("Kant", ("KGZ",)) == kant and second.resolve("Qqxyz Nowhere", ("ARM",)) is None
    assert len(loads) == 2  # two misses in the first memo, none in the second


def test_context_is_part_of_the_key(tmp_path, gazetteer):
    memo = PlaceMemo(DATA, lambda: gazetteer, tmp_path)
    assert memo.resolve("Kant", ("KGZ",)).country_iso3 == "KGZ"
    assert memo.resolve("Kant", ("IND",)).country_iso3 == "IND"


def test_a_damaged_memo_is_rebuilt(tmp_path, gazetteer):
    memo = PlaceMemo(DATA, lambda: gazetteer, tmp_path)
    memo.resolve("Gyumri", ("ARM",))
    memo.save()
    [path] = tmp_path.glob("places-*.json")
    path.write_text("{not json")
    assert PlaceMemo(DATA, lambda: gazetteer, tmp_path).resolve("Gyumri", ("ARM",)).name == "Gyumri"


@pytest.mark.parametrize("module", ANSWERING_MODULES)
def test_a_change_to_the_lookups_or_the_ranking_starts_a_new_memo(tmp_path, monkeypatch, module):
    """The index key covers the builder; a memo also outlives no edit of the code that picks its answers."""
    before = memo_key(DATA)
    copies = {name: tmp_path / f"{name}.py" for name in ANSWERING_MODULES}
    for name, path in zip(ANSWERING_MODULES, placememo.module_files(ANSWERING_MODULES)):
        copies[name].write_bytes(path.read_bytes())
    monkeypatch.setattr(placememo, "module_files", lambda names: [copies[name] for name in names])
    assert memo_key(DATA) == before
    copies[module].write_bytes(copies[module].read_bytes() + b"\n")
    assert memo_key(DATA) != before
