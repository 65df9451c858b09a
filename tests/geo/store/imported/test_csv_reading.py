"""CSV files: line endings, glob characters, header names, long cells, records DuckDB would lose."""

import pytest

from bench.generate_acled import COLUMNS
from geo.problems import DataError
from geo.store import imported
from geo.store.imported import csv_reading
from geo.store.imported.mapping import ColumnMapping
from tests.geo.store.imported.conftest import acled_row, stored_countries, write_csv


@pytest.mark.parametrize(
    "body, line, found, expected",
    [
        (b"2020,40,44\r\n2021,40,44\n2022,40,44\r\n", 3, "LF (\\n)", "CRLF (\\r\\n)"),
        (b'2020,40,44\n"2021\r\n",40,44\n2022,40,44\r\n', 5, "CRLF (\\r\\n)", "LF (\\n)"),
    ],
)
def test_mixed_line_endings_are_one_problem_at_the_first_odd_line(store, tmp_path, body, line, found, expected):
    header = b"date,lat,lon" + (b"\r\n" if expected.startswith("CRLF") else b"\n")
    path = tmp_path / "mixed.csv"
    path.write_bytes(header + body)
    with pytest.raises(DataError) as caught:
        imported.stage_mapped(store, path, ColumnMapping(date="date", latitude="lat", longitude="lon"))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}: (file): line ends with {found} where the header ends with {expected}: save the file with "
        "one kind of line ending"
    ]


def test_a_line_break_of_the_other_kind_inside_quotes_is_kept(store, tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_bytes(b'date,lat,lon,title\r\n2020,40.18,44.51,"two\nlines"\r\n')
    mapping = ColumnMapping(date="date", latitude="lat", longitude="lon", title="title")
    imported.commit(store, imported.stage_mapped(store, path, mapping))
    assert stored_countries(store) == {"two\nlines": (None, "ARM")}


def test_a_crlf_split_between_two_reads_is_one_ending(tmp_path):
    line, cr_at = b"2020,40.18,44.51\r\n", (1 << 20) - 1  # the last byte of the first read
    before = (cr_at - len(line) + 2 - len(b"date,lat,lon\r\n")) // len(line)
    header = b"date,lat,lon" + b" " * (cr_at - len(line) + 2 - before * len(line) - len(b"date,lat,lon\r\n")) + b"\r\n"
    path = tmp_path / "long.csv"
    path.write_bytes(header + line * (before + 3) + b"2021,40.18,44.51\n")
    assert path.read_bytes()[cr_at : cr_at + 2] == b"\r\n"
    assert csv_reading._mixed_line_ending(path) == (before + 5, b"\r\n", b"\n")


def test_a_name_with_glob_characters_is_read_as_itself(store, tmp_path):
    write_csv(tmp_path / "acled1.csv", [acled_row(event_id_cnty="OTHER")])
    staged = imported.stage_acled(
        store, write_csv(tmp_path / "acled[1].csv", [acled_row(), acled_row(event_id_cnty="ARM2")])
    )
    assert staged.rows == 2
    imported.commit(store, staged)
    assert imported.imported_event(store, "OTHER") is None and imported.imported_event(store, "ARM2") is not None


@pytest.mark.parametrize(
    "header, field, message",
    [
        (
            "event_id_cnty,Event_ID_cnty",
            "event_id_cnty",
            "column names 'event_id_cnty', 'Event_ID_cnty' differ only in case",
        ),
        ("event_id_cnty,", "(column 19)", "column has no name"),
    ],
)
def test_header_names_duckdb_cannot_tell_apart_are_refused_whole(store, tmp_path, header, field, message):
    path = tmp_path / "names.csv"
    path.write_text(",".join(COLUMNS) + header.removeprefix("event_id_cnty") + "\n")
    with pytest.raises(DataError) as caught:
        imported.stage_acled(store, path)
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [(1, field, message)]


@pytest.mark.parametrize("size", [200_000, 3_000_000])  # over Python csv's field limit; over DuckDB's line limit
def test_a_long_cell_is_its_rows_problem_and_no_record_is_lost(store, tmp_path, size):
    rows = [acled_row(event_id_cnty=f"ARM{i}") for i in range(4)]
    rows[1]["notes"], rows[3]["latitude"] = "x" * size, "north"
    staged = imported.stage_acled(store, write_csv(tmp_path / "long.csv", rows))
    assert (staged.rows, staged.bad_rows) == (4, 2)
    assert [(p.line, p.field, p.message) for p in imported.staged_problems(store, staged)] == [
        (3, "notes", "is longer than the 10,000 characters allowed (accept truncation to keep it cut)"),
        (5, "latitude", "'north' is not a number"),
    ]


def test_records_duckdb_does_not_deliver_refuse_the_file(store, tmp_path):
    path = write_csv(tmp_path / "quotes.csv", [acled_row(), acled_row(event_id_cnty="ARM2")])
    path.write_text(path.read_text().replace("Shelling.", 'She said "no'), encoding="utf-8")
    with pytest.raises(DataError, match="records but"):
        imported.stage_acled(store, path)


def test_a_header_cell_over_pythons_csv_limit_is_read(store, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(COLUMNS) + "," + "h" * 200_000 + "\n")
    assert imported.columns_of(path)[-1] == "h" * 200_000
