"""geo/problems.py: every problem of a load is reported at once, each as file:line: field: message."""

import pytest

from geo.problems import DataError, DataProblem, ProblemLog


def test_a_problem_reads_as_file_line_field_message():
    assert str(DataProblem("data/bases.csv", 7, "kind", "is empty")) == "data/bases.csv:7: kind: is empty"


def test_a_log_raises_every_problem_together_in_order():
    log = ProblemLog("data/events.yaml")
    log.add(3, "start", "is not a date")
    log.add(9, "sources", "needs one or more http(s) addresses")
    with pytest.raises(DataError) as raised:
        log.raise_if_any()
    assert [p.line for p in raised.value.problems] == [3, 9]
    assert str(raised.value).splitlines() == [
        "data/events.yaml:3: start: is not a date",
        "data/events.yaml:9: sources: needs one or more http(s) addresses",
    ]


def test_a_clean_log_raises_nothing():
    ProblemLog("data/views.csv").raise_if_any()


def test_a_data_error_is_a_value_error_with_its_problems_kept():
    error = DataError(iter([DataProblem("f", 1, "x", "y")]))
    assert isinstance(error, ValueError) and error.problems == (DataProblem("f", 1, "x", "y"),)
