"""What the sidebar selects, and which events it lets through."""

from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from geo.alliance.events import Event
from geo.alliance.my_event import MyEvent


@dataclass(frozen=True, slots=True)
class Filters:
    year: int
    date_from: date | None = None  # with date_to: a date range replaces the year for events
    date_to: date | None = None
    categories: frozenset[str] = field(default_factory=frozenset)  # empty: all
    countries: frozenset[str] = field(default_factory=frozenset)  # empty: all; else events involving any

    @property
    def window(self) -> tuple[date, date]:
        if self.date_from and self.date_to:
            return min(self.date_from, self.date_to), max(self.date_from, self.date_to)
        return date(self.year, 1, 1), date(self.year, 12, 31)

    def in_year(self, year: int) -> "Filters":
        """The same categories and countries over another whole year (a comparison's second map)."""
        return replace(self, year=year, date_from=None, date_to=None)


def matches(event: Event, filters: Filters) -> bool:
    """An event matches when any day it may cover falls in the window (a month-dated event covers its month)."""
    first, last = filters.window
    return (
        event.first_day <= last
        and event.last_day >= first
        and (not filters.categories or event.category in filters.categories)
        and (not filters.countries or bool(filters.countries.intersection(event.countries)))
    )


def events_matching(events: Iterable[Event], filters: Filters) -> list[Event]:
    return [event for event in events if matches(event, filters)]


def related_events(event: Event, events: Iterable[Event], limit: int = 6) -> list[Event]:
    """Other events at the same place first, then those sharing the most countries, nearest in time."""
    place_ids = {p.id for p in event.places}
    scored = []
    for other in events:
        if other.id == event.id:
            continue
        same_place = bool(place_ids.intersection(p.id for p in other.places))
        shared = len(set(event.countries).intersection(other.countries))
        if same_place or shared >= 2 or (shared and len(event.countries) == 1):
            gap = abs((other.first_day - event.first_day).days)
            scored.append((not same_place, -shared, gap, other.id, other))
    return [item[-1] for item in sorted(scored)[:limit]]


def my_events_matching(events: Iterable[MyEvent], filters: Filters) -> list[MyEvent]:
    """The user's events obey the same window and countries; they have no category, so a category filter hides them."""
    first, last = filters.window
    return [
        e
        for e in events
        if e.start.first <= last
        and e.start.last >= first
        and not filters.categories
        and (not filters.countries or bool(filters.countries.intersection(e.countries)))
    ]
