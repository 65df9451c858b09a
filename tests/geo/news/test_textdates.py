"""Dates in news text: forms, precision, and partial dates completed from the publication date."""

from datetime import date

import pytest

import geo.news.textdates
from geo.dates import Precision
from geo.news.textdates import find_dates
from tests.linecount import lines_run

DAY, MONTH, YEAR = Precision.DAY, Precision.MONTH, Precision.YEAR
PUBLISHED = date(2023, 11, 2)  # a Thursday


def found(text: str, published: date | None = PUBLISHED) -> list[tuple[str, Precision, str | None]]:
    return [(m.surface, m.precision, m.date and m.date.iso) for m in find_dates(text, published)]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Fighting began on 12 September 2022.", [("12 September 2022", DAY, "2022-09-12")]),
        ("Fighting began on September 12, 2022.", [("September 12, 2022", DAY, "2022-09-12")]),
        ("It was signed on 15th May 1992.", [("15th May 1992", DAY, "1992-05-15")]),
        ("Recorded 2024-02-22 in Yerevan.", [("2024-02-22", DAY, "2024-02-22")]),
        ("Talks resumed in October 2023.", [("October 2023", MONTH, "2023-10")]),
        ("Sept. 3 and Oct 2021", [("Sept. 3", DAY, "2023-09-03"), ("Oct 2021", MONTH, "2021-10")]),
        ("The treaty was signed in 1992.", [("1992", YEAR, "1992")]),
        ("Summit on 28–29 October 2023", [("28–29 October 2023", DAY, "2023-10-28")]),
    ],
)
def test_absolute_dates_keep_their_precision(text, expected):
    assert found(text) == expected


@pytest.mark.parametrize(
    "text, published, expected",
    [
        # the nearest reading, a day ahead counting as two behind
        ("Leaders met on October 31.", date(2023, 11, 2), [("October 31", DAY, "2023-10-31")]),
        ("Leaders will meet on October 31.", date(2023, 10, 5), [("October 31", DAY, "2023-10-31")]),
        ("The drills ended in September.", date(2023, 11, 2), [("September", MONTH, "2023-09")]),
        ("In March, troops crossed.", date(2023, 11, 2), [("March", MONTH, "2023-03")]),
        ("Talks are planned for January.", date(2023, 12, 20), [("January", MONTH, "2024-01")]),
        ("It happened on 30 December.", date(2024, 1, 3), [("30 December", DAY, "2023-12-30")]),
        ("Officials met on Tuesday.", date(2023, 11, 2), [("Tuesday", DAY, "2023-10-31")]),
        ("Officials met on Thursday.", date(2023, 11, 2), [("Thursday", DAY, "2023-11-02")]),
        ("The base was shelled yesterday.", date(2023, 11, 2), [("yesterday", DAY, "2023-11-01")]),
    ],
)
def test_partial_dates_resolve_against_the_publication_date(text, published, expected):
    assert found(text, published) == expected


def test_without_a_publication_date_partial_dates_keep_precision_but_no_date():
    assert found("On October 31 and in September, then on Friday.", None) == [
        ("October 31", DAY, None),
        ("September", MONTH, None),
        ("Friday", DAY, None),
    ]


@pytest.mark.parametrize(
    "text",
    [
        "It may rain.",  # modal
        "Troops march north.",  # verb
        "Protesters may march; the march ended.",
        "About 2,000 troops and 1500 km.",  # counts, not years
        "Octopus and Decembers",  # month names inside other words
        "the number 20231 and 12345",
        "<img src=x onerror=alert(1)> ${1} ` \\",
    ],
)
def test_words_that_only_look_like_dates_are_not_dates(text):
    assert found(text) == []


def test_may_and_march_count_after_a_cue():
    assert found("It may end in May, or by March.", date(2023, 11, 2)) == [
        ("May", MONTH, "2023-05"),
        ("March", MONTH, "2023-03"),
    ]


def test_offsets_index_the_text():
    text = "Şuşa, 8 November 2020 — and in 2021."
    for mention in find_dates(text):
        assert text[mention.start : mention.end] == mention.surface
    assert [m.surface for m in find_dates(text)] == ["8 November 2020", "2021"]


def test_an_impossible_day_is_found_but_not_dated():
    assert found("on 31 February 2023") == [("31 February 2023", DAY, None)]


def test_work_grows_with_the_dates_not_with_their_square():
    """A date is no longer checked against every date found before it (10,000 dates took 5.5 s, 2 MB ~35 min)."""
    unit = "On 5 May 2023, in 1999 and on Tuesday. "
    small, large = (lines_run(geo.news.textdates, lambda n=n: find_dates(unit * n, PUBLISHED)) for n in (150, 300))
    assert large < 2.2 * small  # quadratic work would make it close to 4 times


def test_many_dates_are_each_found_once_in_order():
    text = "On 5 May 2023, in 1999 and on Tuesday. " * 3000
    mentions = find_dates(text, PUBLISHED)
    assert [m.surface for m in mentions[:3]] == ["5 May 2023", "1999", "Tuesday"]
    assert len(mentions) == 9000
    assert all(left.end <= right.start for left, right in zip(mentions, mentions[1:]))
