"""Problems at the line where their record ends, and DuckDB's reasons for rejecting a record in words."""

from pathlib import Path

from geo.store.imported import problem_lines


def test_a_records_line_is_where_it_ends_counting_quoted_line_breaks(tmp_path):
    path = tmp_path / "lines.csv"
    path.write_text('a,b\n1,"two\nlines"\n2,x\nbroken\n3,y\n')
    # DuckDB numbers records from the header (1): "broken" is its record 4, and the kept rows are ordinals 0, 1, 2
    assert problem_lines._record_lines(path, [0, 2], {4}) == ({0: 3, 2: 6}, {4: 5})


def test_a_features_line_is_its_number():
    assert problem_lines._record_lines(Path("any.geojson"), [0, 4], set()) == ({0: 1, 4: 5}, {})


def test_duckdbs_reasons_for_rejecting_a_record_are_said_in_words():
    assert problem_lines._reject_message("MISSING COLUMNS", "Expected Number of Columns: 18 Found: 3") == (
        "has fewer cells than the header (18)"
    )
    assert problem_lines._reject_message("INVALID ENCODING", "Invalid unicode") == "is not valid UTF-8"
    assert problem_lines._reject_message("SOMETHING NEW", "first line\nsecond") == "first line"
