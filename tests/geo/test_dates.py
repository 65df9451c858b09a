from datetime import date

import pytest

from geo.dates import Precision, parse_fuzzy


@pytest.mark.parametrize(
    "text, first, last, precision, label",
    [
        ("2022-11-23", date(2022, 11, 23), date(2022, 11, 23), Precision.DAY, "23 Nov 2022"),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29), Precision.MONTH, "Feb 2024"),
        ("1995", date(1995, 1, 1), date(1995, 12, 31), Precision.YEAR, "1995"),
    ],
)
def test_parse_keeps_precision(text, first, last, precision, label):
    parsed = parse_fuzzy(text)
    assert (parsed.first, parsed.last, parsed.precision, parsed.label, parsed.iso) == (
        first,
        last,
        precision,
        label,
        text,
    )


@pytest.mark.parametrize(
    "text, message",
    [
        ("2022-13-01", "not a real date"),
        ("2022-02-30", "not a real date"),
        ("23/11/2022", "is not YYYY-MM-DD"),
        ("", "is not YYYY-MM-DD"),
        ("<img src=x onerror=alert(1)>", "is not YYYY-MM-DD"),
    ],
)
def test_bad_dates_say_why(text, message):
    with pytest.raises(ValueError, match=message):
        parse_fuzzy(text)


def test_precision_must_match_the_written_form():
    with pytest.raises(ValueError, match="precision says 'day'"):
        parse_fuzzy("2024-05", "day")
