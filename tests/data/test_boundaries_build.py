"""The boundary build (data/boundaries/build/): fix tables load and validate; a rebuild gives the committed files."""

import dataclasses
import os
import shutil
from pathlib import Path

import geopandas as gpd
import pytest
import shapely

from geo.cli.build import boundary_build
from geo.places import boundaries
from geo.problems import DataError
from tests.conftest import HOSTILE, ROOT

FOLDER = ROOT / "data" / boundaries.BOUNDARIES
build = boundary_build()


@pytest.fixture(scope="module")
def tables():
    return build.tables.load_fix_tables()


@pytest.fixture
def copied_tables(tmp_path: Path) -> Path:
    """A curator's copy of the tables to break."""
    for name in build.tables.COLUMNS:
        shutil.copy(FOLDER / name, tmp_path / name)
    return tmp_path


def test_the_tables_give_the_build_every_fix(tables):
    assert len(tables.province_fixes) == 32
    assert tables.iso3_from_adm0["KOS"] == "XKX" and tables.iso3_from_adm0["CYN"] == "CYP"
    assert tables.iso3_from_gu == {"CCK": "CCK", "CXR": "CXR"}
    assert tables.country_names["TUR"] == "Türkiye"
    assert tables.dropped_adm0 == {"PGA", "ATA"} and tables.dropped_provinces == {"RU-X01~"}
    assert tables.replaced_codes["KZ-ALA"] == "KZ-75" and len(tables.replaced_codes) == 16
    assert tables.merged_provinces == (("-99-X05~", "KZ-43"),)


def test_a_province_fix_changes_only_its_filled_columns(tables):
    fixes = {fix.gn_a1_code: fix for fix in tables.province_fixes}
    assert fixes["AZ.28"].changes == {"name": "Laçın", "name_en": "Lachin", "iso_3166_2": "AZ-LAC"}
    assert fixes["BY.05"].changes == {"name_en": "Minsk Region", "type_en": "Region"}
    assert fixes["AZ.28"].iso3 == "AZE" and "GeoNames AZ.28" in fixes["AZ.28"].reason


def test_every_fix_has_a_unique_gn_a1_code(tables):
    codes = [fix.gn_a1_code for fix in tables.province_fixes]
    assert len(codes) == len(set(codes))


def test_a_second_fix_for_one_gn_a1_code_is_refused(copied_tables):
    path = copied_tables / build.tables.PROVINCE_FIXES_FILE
    with path.open("a", encoding="utf-8") as handle:
        handle.write("AZ.28,AZE,Lachin,,,,a second opinion on the same record\n")
    with pytest.raises(DataError) as error:
        build.tables.load_fix_tables(copied_tables)
    assert str(error.value) == f"{path}:34: gn_a1_code: 'AZ.28' already has a row (line 2)"


def test_every_bad_row_of_every_table_is_reported_with_file_line_and_field(copied_tables):
    fixes = copied_tables / build.tables.PROVINCE_FIXES_FILE
    lines = fixes.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",AZE,", ",Az,", 1)  # line 3
    lines.append(f"XX.1,ARM,,,,,{HOSTILE[0]}")  # line 34: changes nothing
    fixes.write_text("\n".join(lines) + "\n", encoding="utf-8")
    codes = copied_tables / build.tables.COUNTRY_CODES_FILE
    with codes.open("a", encoding="utf-8") as handle:
        handle.write("adm1_code,ABC,ABD,\n")  # line 19: wrong field, no reason
    (copied_tables / build.tables.REPLACED_CODES_FILE).unlink()
    with pytest.raises(DataError) as error:
        build.tables.load_fix_tables(copied_tables)
    assert [str(problem) for problem in error.value.problems] == [
        f"{fixes}:3: iso3: 'Az' is not three capital letters (ISO 3166-1 alpha-3)",
        f"{fixes}:34: name: changes nothing: fill one of name, name_en, iso_3166_2, type_en",
        f"{codes}:19: ne_field: 'adm1_code' is not adm0_a3 or gu_a3",
        f"{codes}:19: reason: is empty",
        f"{copied_tables / build.tables.REPLACED_CODES_FILE}:1: (file): is missing",
    ]


def test_a_table_missing_its_reason_column_is_named(copied_tables):
    path = copied_tables / build.tables.MERGED_PROVINCES_FILE
    path.write_text("iso_3166_2,into\n-99-X05~,KZ-43\n", encoding="utf-8")
    with pytest.raises(DataError, match=rf"{path.name}:1: reason: column is missing"):
        build.tables.load_fix_tables(copied_tables)


def test_fixes_then_replaced_codes_apply_to_the_records_they_name(tables):
    """Almaty region: the fix gives it its own code, which ISO then replaced; a renamed province keeps NE's name."""
    wanted = {"KZ.01", "KZ.10"}
    only = dataclasses.replace(
        tables, merged_provinces=(), province_fixes=tuple(f for f in tables.province_fixes if f.gn_a1_code in wanted)
    )
    admin1 = gpd.GeoDataFrame(
        {
            "gn_a1_code": ["KZ.01", "KZ.10", "KZ.02"],
            "iso3": ["KAZ"] * 3,
            "name": ["Almaty", "South Kazakhstan", "Almaty City"],
            "iso_3166_2": ["KZ-ALA", "KZ-YUZ", "KZ-ALA"],
        },
        geometry=[shapely.box(i, 0, i + 1, 1) for i in range(3)],
        crs=4326,
    )
    fixed = build.units.fixed_provinces(admin1, only)
    assert fixed[["name", "iso_3166_2", "name_ne"]].values.tolist() == [
        ["Almaty", "KZ-19", None],
        ["Turkistan", "KZ-61", "South Kazakhstan"],
        ["Almaty City", "KZ-75", None],
    ]


def test_a_fix_that_matches_no_record_stops_the_build(tables):
    admin1 = gpd.GeoDataFrame(
        {"gn_a1_code": ["KZ.01"], "iso3": ["KAZ"], "name": ["Almaty"], "iso_3166_2": ["KZ-ALA"]},
        geometry=[shapely.box(0, 0, 1, 1)],
        crs=4326,
    )
    with pytest.raises(ValueError, match="fix for AZ.28 matches 0 records"):
        build.units.fixed_provinces(admin1, tables)


def test_the_readme_tables_every_province_fix_as_in_the_csv(tables):
    readme = (FOLDER / "README.md").read_text(encoding="utf-8")
    assert build.writing.province_fixes_markdown(tables.province_fixes) in readme


def test_a_pipe_in_a_reason_stays_inside_its_cell():
    fix = build.tables.Fix("AZ.28", "AZE", {"name": "A|B"}, "one | two")
    row = build.writing.province_fixes_markdown([fix]).splitlines()[-1]
    assert row == r"| AZ.28 | AZE | `name` A\|B | one \| two |"


@pytest.mark.build
@pytest.mark.skipif(
    os.environ.get("ALLIANCE_ATLAS_BUILD") != "1",
    reason="fetches packages from npm and Debian: set ALLIANCE_ATLAS_BUILD=1",
)
def test_build_reproduces_the_committed_files(tmp_path, tables):
    sizes = build.build_boundaries(tmp_path / "sources", tmp_path / "out", tables)
    assert sizes == {name: (FOLDER / name).stat().st_size for name in sizes}
    for name in (boundaries.COUNTRIES_FILE, boundaries.PROVINCES_FILE, boundaries.FEATURES_FILE):
        assert (tmp_path / "out" / name).read_bytes() == (FOLDER / name).read_bytes(), name
