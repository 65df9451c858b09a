"""ACLED exports: every row as written, dates as wide as ACLED's precision, each bad cell by line and field."""

import csv
from datetime import date

import pytest

from bench.generate_acled import COLUMNS, write_export
from geo.problems import DataError
from geo.store import imported
from tests.geo.store.imported.conftest import acled_row, write_csv


def test_a_generated_export_imports_every_row_as_written(store, tmp_path, cities):
    path = tmp_path / "acled.csv"
    write_export(300, path, seed=7, cities=cities)
    staged = imported.stage_acled(store, path)
    assert (staged.rows, staged.bad_rows, staged.new) == (300, 0, 300)
    assert imported.commit(store, staged) == 300
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[::37]:
        event = imported.imported_event(store, row["event_id_cnty"])
        assert (event.lat, event.lon, event.event_type, event.actor1, event.notes, event.fatalities) == (
            float(row["latitude"]),
            float(row["longitude"]),
            row["event_type"],
            row["actor1"],
            row["notes"],
            int(row["fatalities"]),
        )
        assert event.first_day <= date.fromisoformat(row["event_date"]) <= event.last_day


@pytest.mark.parametrize(
    "cells, first, last, precision, label",
    [
        ({"time_precision": "1"}, date(2022, 9, 13), date(2022, 9, 13), "day", "13 Sep 2022"),
        ({"time_precision": "2"}, date(2022, 9, 10), date(2022, 9, 16), "week", "week of 10 Sep 2022 – 16 Sep 2022"),
        ({"time_precision": "3"}, date(2022, 9, 1), date(2022, 9, 30), "month", "Sep 2022"),
        ({"event_date": "13 September 2022"}, date(2022, 9, 13), date(2022, 9, 13), "day", "13 Sep 2022"),
        ({"event_date": "13-09-2022"}, date(2022, 9, 13), date(2022, 9, 13), "day", "13 Sep 2022"),
    ],
)
def test_acled_dates_become_the_days_they_may_mean(store, tmp_path, cells, first, last, precision, label):
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "one.csv", [acled_row(**cells)])))
    event = imported.imported_event(store, "ARM1")
    assert (event.first_day, event.last_day, event.date_precision, event.date_label) == (first, last, precision, label)


MALFORMED = [
    acled_row(event_id_cnty="ARM1", notes="Two\nlines"),  # lines 2-3: good
    acled_row(event_id_cnty="ARM2", event_date="2022-13-01"),  # line 4
    acled_row(event_id_cnty="ARM3", latitude="95.5", longitude="east"),  # line 5
    acled_row(event_id_cnty="ARM4", time_precision="7", geo_precision=""),  # line 6
    acled_row(event_id_cnty="", year="2021"),  # line 7
    acled_row(event_id_cnty="ARM1"),  # line 8: repeats line 2's id
    acled_row(event_id_cnty="ARM5", fatalities="-2", event_type=" "),  # line 9
    acled_row(event_id_cnty="ARM6"),  # line 10: good
]


def test_a_malformed_file_reports_each_bad_row_by_line_and_field(store, tmp_path):
    path = write_csv(tmp_path / "bad.csv", MALFORMED)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("ARM7,2022-09-13,2022\r\n")  # line 11: too few cells
    staged = imported.stage_acled(store, path)
    found = [(p.line, p.field, p.message) for p in imported.staged_problems(store, staged)]
    assert found == [
        (4, "event_date", "'2022-13-01' is not a date (YYYY-MM-DD, DD-MM-YYYY or D Month YYYY)"),
        (5, "latitude", "'95.5' is outside -90..90"),
        (5, "longitude", "'east' is not a number"),
        (6, "geo_precision", "'' is not 1, 2 or 3"),
        (6, "time_precision", "'7' is not 1, 2 or 3"),
        (7, "event_id_cnty", "is empty"),
        (7, "year", "'2021' is not the year of event_date"),
        (8, "event_id_cnty", "repeats an earlier row's id"),
        (9, "event_type", "is empty"),
        (9, "fatalities", "'-2' is not a whole number of 0 or more"),
        (11, "(row)", "has fewer cells than the header (18)"),
    ]
    assert all(p.path == str(path) for p in imported.staged_problems(store, staged))
    assert (staged.rows, staged.bad_rows, staged.problem_count, staged.new) == (9, 7, 11, 2)
    assert imported.commit(store, staged) == 2
    assert imported.imported_event(store, "ARM1").notes == "Two\nlines"


def test_a_file_without_acled_columns_is_refused_whole(store, tmp_path):
    path = write_csv(
        tmp_path / "short.csv", [acled_row()], columns=[c for c in COLUMNS if c not in ("latitude", "fatalities")]
    )
    with pytest.raises(DataError) as caught:
        imported.stage_acled(store, path)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: latitude: column is missing",
        f"{path}:1: fatalities: column is missing",
    ]
    assert store.rows("SELECT count(*) FROM imports")[0][0] == 0


def test_an_export_is_recognised_by_its_columns():
    assert imported.is_acled([*COLUMNS, "tags"])
    assert not imported.is_acled([c for c in COLUMNS if c != "fatalities"])
