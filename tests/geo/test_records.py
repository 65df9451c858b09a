"""geo/records.py: curated CSV and YAML rows keep the line of every value, so a problem can name it."""

import pytest

from geo.problems import DataError
from geo.records import csv_records, yaml_records


def test_csv_rows_have_their_lines_and_blank_cells_are_none(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text('id,name,note\nA, Yerevan ,\nB,"Gyumri\nLeninakan",x\nC,Kant,y\n', encoding="utf-8")
    rows = list(csv_records(path, ("id", "name")))
    # a quoted cell across two lines puts its row at the line where the row ends
    assert [(r.line, r.values["id"], r.values["note"]) for r in rows] == [(2, "A", None), (4, "B", "x"), (5, "C", "y")]
    assert rows[0].values["name"] == "Yerevan" and rows[1].values["name"] == "Gyumri\nLeninakan"


def test_a_missing_column_is_one_problem_on_the_header(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id\nA\n", encoding="utf-8")
    with pytest.raises(DataError) as raised:
        list(csv_records(path, ("id", "name", "kind")))
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:1: name: column is missing",
        f"{path}:1: kind: column is missing",
    ]


def test_a_row_with_more_cells_than_the_header_names_its_line(tmp_path):
    path = tmp_path / "t.csv"
    path.write_text("id,name\nA,x\nB,y,z\n", encoding="utf-8")
    with pytest.raises(DataError, match=r":3: \(row\): has more cells than the header"):
        list(csv_records(path, ("id",)))


def test_yaml_items_keep_scalars_as_written_and_each_key_its_line(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text(
        "- id: E1\n  start: 2022-11-23\n  count: 010\n  note: null\n  places: [Yerevan, Gyumri]\n"
        "- id: E2\n  start: '2023'\n",
        encoding="utf-8",
    )
    first, second = yaml_records(path)
    assert first.values == {
        "id": "E1",
        "start": "2022-11-23",
        "count": "010",
        "note": None,
        "places": ["Yerevan", "Gyumri"],
    }
    assert (first.line, first.line_of("places"), first.line_of("missing")) == (1, 5, 1)
    assert (second.line, second.values["start"]) == (6, "2023")


@pytest.mark.parametrize(
    "text, line, message",
    [
        ("- id: [unclosed\n", 2, "is not valid YAML"),
        ("id: E1\n", 1, "must be a list of records"),
        ("- id: E1\n- just text\n", 2, "must be a mapping of fields"),
    ],
)
def test_a_yaml_file_of_the_wrong_shape_is_named_at_its_line(tmp_path, text, line, message):
    path = tmp_path / "t.yaml"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataError) as raised:
        list(yaml_records(path))
    (problem,) = raised.value.problems
    assert problem.line == line and message in problem.message


def test_an_empty_yaml_file_has_no_records(tmp_path):
    path = tmp_path / "t.yaml"
    path.write_text("", encoding="utf-8")
    assert list(yaml_records(path)) == []
