"""One of the reader's own events ("My events"): confirmed on the Ingest screen or imported from a file they keep.

The record lives here, with the curated events, so that filtering and drawing it never depend on where it is stored
(geo/store/my_events.py and its two backends, SQLite and PostgreSQL, keep it).
"""

from dataclasses import dataclass
from datetime import datetime

from geo.dates import FuzzyDate


@dataclass(frozen=True, slots=True)
class MyEvent:
    """What the reader confirmed; text exactly as typed (every output escapes it)."""

    id: str  # UUID
    title: str
    start: FuzzyDate
    place_name: str  # as the user confirmed it; "" when the event has no place
    lat: float | None  # the resolved place; None when unresolved
    lon: float | None
    place_kind: str | None  # one of gazetteer.KINDS
    place_country: str | None  # ISO3 of the resolved place
    countries: tuple[str, ...]  # ISO3 codes the event concerns
    note: str
    source: str  # URL or article name
    created_at: datetime  # UTC
