"""Events read back: the whole record by key, dates in words, a filter widget's choices."""

from datetime import date

import pytest

from geo.store import imported
from tests.conftest import HOSTILE
from tests.geo.store.imported.conftest import acled_row, write_csv


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_verbatim(store, tmp_path, text):
    rows = [acled_row(actor1=text, notes=text)]
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "h.csv", rows)))
    event = imported.imported_event(store, "ARM1")
    assert (event.actor1, event.notes) == (text, text)


@pytest.mark.parametrize(
    "first, last, precision, label",
    [
        (date(2020, 3, 12), date(2020, 3, 12), "day", "12 Mar 2020"),
        (date(2019, 12, 29), date(2020, 1, 4), "week", "week of 29 Dec 2019 – 4 Jan 2020"),
        (date(2020, 3, 1), date(2020, 3, 31), "month", "Mar 2020"),
        (date(2020, 1, 1), date(2020, 12, 31), "year", "2020"),
    ],
)
def test_a_date_is_worded_no_more_precisely_than_its_source(first, last, precision, label):
    assert imported.date_label(first, last, precision) == label


def test_a_key_not_stored_has_no_event(store):
    assert imported.imported_event(store, "ARM1") is None


def test_choices_come_most_frequent_first_and_only_for_filterable_columns(store, tmp_path):
    rows = [
        acled_row(event_id_cnty="ARM2", event_type="Protests"),
        acled_row(event_id_cnty="ARM3", event_type="Protests"),
        acled_row(),
    ]
    imported.commit(store, imported.stage_acled(store, write_csv(tmp_path / "three.csv", rows)))
    assert imported.choices(store, "event_type") == ["Protests", "Battles"]
    assert imported.choices(store, "event_type", limit=1) == ["Protests"]
    with pytest.raises(ValueError, match="is not a filterable column"):
        imported.choices(store, "notes")
