from datetime import date

import pytest

from geo.alliance.events import Event
from geo.alliance.filters import Filters, events_matching, related_events
from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place

YEREVAN = Place("gn:616052", "Yerevan", "city", 40.18, 44.51, "ARM", "616052")
BISHKEK = Place("gn:1528675", "Bishkek", "city", 42.87, 74.59, "KGZ", "1528675")


def event(id_, start, end=None, category="summit", places=(YEREVAN,), countries=("ARM", "RUS")):
    return Event(
        id_,
        parse_fuzzy(start),
        parse_fuzzy(end) if end else None,
        f"title {id_}",
        "summary",
        category,
        tuple(p.name for p in places),
        tuple(places),
        None,
        tuple(countries),
        None,
        "high",
        (),
    )


EVENTS = [
    event("A", "2022-11-23"),
    event("B", "2022-12-12", "2023-09-30", category="blockade", countries=("AZE", "ARM")),
    event("C", "2024-11", category="summit", places=(BISHKEK,), countries=("KAZ", "RUS")),
    event("D", "1995", category="basing"),
]


@pytest.mark.parametrize(
    "filters, ids",
    [
        (Filters(year=2022), ["A", "B"]),
        (Filters(year=2023), ["B"]),  # still running in 2023
        (Filters(year=2024), ["C"]),
        (Filters(year=1995), ["D"]),
        (Filters(year=2022, categories=frozenset({"blockade"})), ["B"]),
        (Filters(year=2022, countries=frozenset({"AZE"})), ["B"]),
        (Filters(year=2000, date_from=date(2024, 11, 30), date_to=date(2024, 12, 31)), ["C"]),  # month covers its days
        (Filters(year=2000, date_from=date(2023, 1, 1), date_to=date(2022, 11, 1)), ["A", "B"]),  # reversed range
    ],
)
def test_events_matching(filters, ids):
    assert [e.id for e in events_matching(EVENTS, filters)] == ids


def test_related_events_prefer_same_place_then_shared_countries():
    bishkek_summit = event("E", "2025-11-27", places=(BISHKEK,), countries=("ARM", "RUS", "KGZ"))
    # Same place first (D shares more countries than B), then E sharing two countries; C shares only one: unrelated.
    assert [e.id for e in related_events(EVENTS[0], EVENTS + [bishkek_summit])] == ["D", "B", "E"]


def test_in_year_keeps_categories_and_countries_and_drops_a_date_range():
    ranged = Filters(2022, date(2022, 9, 1), date(2022, 12, 31), frozenset({"summit"}), frozenset({"ARM"}))
    assert ranged.in_year(2021) == Filters(2021, None, None, frozenset({"summit"}), frozenset({"ARM"}))
