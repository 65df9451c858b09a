"""Everything the screens show, loaded and validated once from data/."""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial
from pathlib import Path

import geopandas as gpd

from geo import files
from geo.alliance.bases import Base, load_bases
from geo.alliance.events import Category, Event, load_categories, load_events
from geo.alliance.filters import Filters, events_matching
from geo.alliance.membership import Memberships, load_memberships
from geo.alliance.view import View, load_view
from geo.places import boundaries
from geo.places.gazetteer import Gazetteer
from geo.places.geocode import shared_gazetteer
from geo.places.placememo import PlaceMemo
from geo.places.shapes import for_browser
from geo.problems import DataError, DataProblem


@dataclass(frozen=True)
class Atlas:
    memberships: Memberships
    categories: dict[str, Category]
    events: tuple[Event, ...]
    bases: tuple[Base, ...]
    countries: gpd.GeoDataFrame  # read-only: shared by every session
    outlines: gpd.GeoDataFrame  # the same countries, lighter, for the browser (geo.places.shapes)
    features: gpd.GeoDataFrame
    view: View
    gazetteer_loader: Callable[[], Gazetteer]  # loaded on first use: the map itself needs no gazetteer

    @property
    def gazetteer(self) -> Gazetteer:
        return self.gazetteer_loader()

    def events_matching(self, filters: Filters) -> list[Event]:
        return events_matching(self.events, filters)

    @property
    def event_ids(self) -> list[str]:
        return [e.id for e in self.events]

    def event(self, event_id: str) -> Event | None:
        return next((e for e in self.events if e.id == event_id), None)

    @property
    def years(self) -> tuple[int, int]:
        """From the first treaty year to the latest year any record reaches (bounded by today in the UI)."""
        return min(e.first_day.year for e in self.events), max(e.last_day.year for e in self.events)

    def opening_year(self, today: date) -> int:
        """The year a first look opens on: the latest with events, not a calendar year that may have none yet."""
        return min(self.years[1], today.year)


def load_atlas(data_dir: Path | None = None) -> Atlas:
    """Loads every file even after one fails, so one DataError lists the problems of all of them."""
    data_dir = data_dir or files.data_dir()
    problems: list[DataProblem] = []

    def attempt(load, *args):
        try:
            return load(*args)
        except DataError as error:
            problems.extend(error.problems)
            return None

    gazetteer = partial(shared_gazetteer, data_dir)
    memo = PlaceMemo(data_dir, gazetteer)
    resolve = memo.resolve
    memberships = attempt(load_memberships, data_dir)
    categories = attempt(load_categories, data_dir / "categories.csv")
    events = attempt(load_events, data_dir / "events.yaml", categories or {}, resolve)
    bases = attempt(load_bases, data_dir / "bases.csv", resolve)
    view = attempt(load_view, data_dir / "views.csv")
    if problems:
        raise DataError(problems)
    memo.save()
    countries = boundaries.countries(data_dir)
    return Atlas(
        memberships,
        categories,
        tuple(events),
        tuple(bases),
        countries,
        for_browser(countries),
        boundaries.features(data_dir),
        view,
        gazetteer,
    )
