"""Imported events read back from the store, for the detail panel and the filter widgets.

The map carries only labels: a clicked marker's whole record is read here by its key, with its dates in words never
more precise than the source.
"""

from dataclasses import dataclass
from datetime import date

from geo.store.imported.backend import EventStore
from geo.store.imported.schema import EVENT_COLUMNS


@dataclass(frozen=True, slots=True)
class ImportedEvent:
    key: str
    first_day: date
    last_day: date
    date_precision: str  # day | week | month | year
    lat: float
    lon: float
    geo_precision: int  # ACLED's code: 1 town, 2 near a town or a district, 3 a province or larger
    event_type: str
    sub_event_type: str | None
    actor1: str | None
    actor2: str | None
    country: str | None
    admin1: str | None
    location: str | None
    title: str | None
    source: str | None
    fatalities: int | None
    notes: str | None

    @property
    def date_label(self) -> str:
        """Never more precise than the source: '12 Mar 2020', 'week of 9 Mar 2020 – 15 Mar 2020', 'Mar 2020', '2020'."""
        return date_label(self.first_day, self.last_day, self.date_precision)


def date_label(first: date, last: date, precision: str) -> str:
    if precision == "week":
        return f"week of {first.day} {first:%b %Y} – {last.day} {last:%b %Y}"
    if precision == "month":
        return f"{first:%b %Y}"
    if precision == "year":
        return f"{first.year}"
    return f"{first.day} {first:%b %Y}"


def imported_event(store: EventStore, key: str) -> ImportedEvent | None:
    """The whole record, for the panel shown when a marker is clicked (the map itself carries only labels)."""
    rows = store.rows(f"SELECT {', '.join(EVENT_COLUMNS)} FROM events WHERE key = ?", [key])
    return ImportedEvent(*rows[0]) if rows else None


def choices(store: EventStore, column: str, limit: int = 500) -> list[str]:
    """Values of event_type, country_iso3, actor1 … most frequent first, for a filter widget's options."""
    if column not in ("event_type", "country_iso3", "actor1", "actor2", "country", "source"):
        raise ValueError(f"{column!r} is not a filterable column")
    rows = store.rows(
        f"SELECT {column} FROM events WHERE {column} IS NOT NULL GROUP BY {column} ORDER BY count(*) DESC, {column} "
        "LIMIT ?",
        [limit],
    )
    return [value for (value,) in rows]
