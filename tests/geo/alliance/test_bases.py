"""geo/alliance/bases.py: Russian bases with the years they were present, each row checked and sourced."""

import pytest

from geo.alliance.bases import BASE_KINDS, load_bases
from geo.places.gazetteer import Place
from geo.problems import DataError
from tests.conftest import ROOT

GYUMRI = Place("gn:616635", "Gyumri", "city", 40.79, 43.85, "ARM", "616635")
HEADER = "id,name,place,country_iso3,operator_iso3,kind,start,end,approximate_location,sources,note\n"
GOOD = "B1,102nd base,Gyumri,ARM,RUS,military base,1995,,false,https://example.org/a ; https://example.org/b,Note\n"


def resolve(name, countries):
    return GYUMRI if name == "Gyumri" else None


def write(tmp_path, *rows):
    path = tmp_path / "bases.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8")
    return path


def test_a_base_is_present_from_its_start_to_its_end(tmp_path):
    (base,) = load_bases(write(tmp_path, GOOD.replace("1995,,", "1995,2024-06,")), resolve)
    assert (base.place, base.sources) == (GYUMRI, ("https://example.org/a", "https://example.org/b"))
    assert [base.present_in(y) for y in (1994, 1995, 2024, 2025)] == [False, True, True, False]
    assert base.years_label == "1995 – Jun 2024"


def test_a_base_without_an_end_is_still_present(tmp_path):
    (base,) = load_bases(write(tmp_path, GOOD), resolve)
    assert base.end is None and base.present_in(2030) and base.years_label == "1995 – present"


def test_every_problem_of_a_row_is_named_by_line_and_field(tmp_path):
    bad = "B2,,Atlantis,ARM,RUS,fortress,199x,,maybe,javascript:alert(1),\n"
    with pytest.raises(DataError) as raised:
        load_bases(write(tmp_path, GOOD, bad), resolve)
    assert {(p.line, p.field) for p in raised.value.problems} == {
        (3, "name"),
        (3, "kind"),
        (3, "approximate_location"),
        (3, "start"),
        (3, "sources"),
        (3, "place"),
    }


def test_the_curated_bases_load_with_known_kinds_and_sources():
    from geo.atlas import load_atlas

    bases = load_atlas(ROOT / "data").bases
    assert bases and all(b.kind in BASE_KINDS and b.sources for b in bases)
    assert any(b.place.country_iso3 == "ARM" and b.present_in(2024) for b in bases)  # Gyumri's base stays
