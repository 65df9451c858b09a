"""Any CSV through a column mapping: rows placed by name, dates read as the curated data reads them."""

from datetime import date

import pytest

from geo.dates import parse_fuzzy
from geo.problems import DataError
from geo.store import imported
from geo.store.imported.mapping import ColumnMapping, raw_sources
from tests.geo.store.imported.conftest import GYUMRI, SYUNIK, resolve

SPREADSHEET = """\
When,Lat,Lon,Town,What,Kind,Link,Land
2020-05-03,40.18,44.51,,Rally,protest,https://example.org/a,Armenia
2021-07,,,Gyumri,Summit,summit,,ARM
2019,,,Syunik,Shelling,clash,,
2019,,,Atlantis,Lost,other,,
2019-02-30,1,2,,Bad date,other,,
2019-02-03,91,2,,Bad latitude,other,,
2020-05-03,40.18,44.51,,Rally,protest,https://example.org/a,Armenia
,,,,,,,
"""
MAPPING = ColumnMapping(
    date="When",
    latitude="Lat",
    longitude="Lon",
    place="Town",
    title="What",
    category="Kind",
    source="Link",
    country="Land",
)


def test_a_mapped_spreadsheet_imports_placing_rows_by_name(store, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(SPREADSHEET)
    staged = imported.stage_mapped(store, path, MAPPING, resolve=resolve)
    assert [(p.line, p.field, p.message) for p in imported.staged_problems(store, staged)] == [
        (5, "Town", "'Atlantis' is not a place the gazetteer knows"),
        (6, "When", "'2019-02-30' is not a real date"),
        (7, "Lat", "'91' is not a latitude (-90..90)"),
        (8, "(row)", "is the same as an earlier row"),
        (9, "Town", "has no coordinates and no place name"),
        (9, "When", "is empty"),
    ]
    assert imported.commit(store, staged) == 3
    rows = store.rows("SELECT title, first_day, last_day, lat, geo_precision, country_iso3 FROM events ORDER BY title")
    assert rows == [
        ("Rally", date(2020, 5, 3), date(2020, 5, 3), 40.18, 1, "ARM"),
        ("Shelling", date(2019, 1, 1), date(2019, 12, 31), SYUNIK.lat, 2, "ARM"),
        ("Summit", date(2021, 7, 1), date(2021, 7, 31), GYUMRI.lat, 1, "ARM"),
    ]
    again = imported.stage_mapped(store, path, MAPPING, resolve=resolve)
    assert (again.new, again.unchanged) == (0, 3)


@pytest.mark.parametrize(
    "written",
    [
        "2022-11-23",
        "2022-11",
        "2022",
        "2022-13-01",
        "2022-02-30",
        "2022-1-5",
        "23.11.2022",
        "0000",
        "2022-11-23T10:00",
        " 2022-11 ",
    ],
)
def test_mapped_dates_are_read_as_the_curated_data_reads_them(store, tmp_path, written):
    path = tmp_path / "dates.csv"
    path.write_text(f"date,lat,lon\n{written},40,44\n")
    staged = imported.stage_mapped(store, path, ColumnMapping(date="date", latitude="lat", longitude="lon"))
    try:
        expected = parse_fuzzy(written)
    except ValueError:
        assert staged.bad_rows == 1
        return
    assert staged.bad_rows == 0
    imported.commit(store, staged)
    assert store.rows("SELECT first_day, last_day FROM events") == [(expected.first, expected.last)]


def test_a_mapping_names_columns_the_file_must_have(store, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(SPREADSHEET)
    with pytest.raises(DataError, match="mine.csv:1: Date: column is missing"):
        imported.stage_mapped(store, path, ColumnMapping(date="Date", latitude="Lat", longitude="Lon"))


def test_a_mapping_names_each_column_once_under_a_fixed_name():
    mapping = ColumnMapping(date="When", latitude="Lat", longitude="Lon", title="When", country="Land")
    assert mapping.columns() == ("When", "Lat", "Lon", "Land")
    assert raw_sources(mapping) == {
        "raw_date": "When",
        "raw_place": None,
        "raw_title": "When",
        "raw_category": None,
        "raw_source": None,
        "raw_country": "Land",
        "raw_actor": None,
        "raw_lat": "Lat",
        "raw_lon": "Lon",
    }
