"""The reader's own events ("My events"): what every backend of their store does, whoever keeps the rows.

Two backends implement MyEventStore: an SQLite file under ALLIANCE_ATLAS_HOME for a single user (the default) and a
PostgreSQL database for a team (geo.store.my_events_backend picks one). A backend only moves rows: it inserts events
with their Authorship, reads them back, and changes the ones a rule allows, each in one transaction. Who sees, lists,
deletes and publishes which event is decided here, by geo.store.authorship, so both backends answer alike. An import is
read and checked whole (geo.store.my_events_files) before anything is written, then written in one transaction: a bad
file adds nothing, and every problem is reported as file:line:field.
"""

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

from geo.alliance.my_event import MyEvent
from geo.dates import FuzzyDate, parse_fuzzy
from geo.places.gazetteer import Place
from geo.problems import ProblemLog
from geo.store.authorship import Authorship, NotAllowed, Viewer, is_mine, may_delete, may_keep, visible_to
from geo.store.my_events_files import (
    FIELDS,
    MAX_IMPORT_BYTES,
    event_from_fields,
    my_events_csv,
    my_events_geojson,
    read_events_file,
    row_of,
)
from geo.store.place_aliases import KeptAlias

COLUMNS = (*FIELDS, "author", "kept_at", "published")  # a stored row: stored_row writes it, kept_from_row reads it


class StoreError(RuntimeError):
    """The store cannot be used as it is; the message says why and what to do."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    added: int
    already_present: int  # ids already in the store (anyone's) are kept as they are there


@dataclass(frozen=True, slots=True)
class Kept:
    """An event as the store holds it: who kept it, when, and whether the team may read it."""

    event: MyEvent
    authorship: Authorship


def new_event(
    title: str,
    start: FuzzyDate,
    place: Place | None = None,
    place_name: str | None = None,
    countries: Iterable[str] = (),
    note: str = "",
    source: str = "",
    now: datetime | None = None,
) -> MyEvent:
    """A confirmed event from the Ingest page; raises DataError (row 0) for a missing title or a bad code."""
    fields = {
        "title": title,
        "start": start.iso,
        "precision": start.precision.value,
        "place_name": place_name if place_name is not None else (place.name if place else ""),
        "lat": "" if place is None else repr(place.lat),
        "lon": "" if place is None else repr(place.lon),
        "place_kind": place.kind if place else "",
        "place_country": (place.country_iso3 or "") if place else "",
        "countries": ";".join(countries),
        "note": note,
        "source": source,
        "created_at": (now or datetime.now(UTC)).isoformat(),
    }
    log = ProblemLog("new event")
    event = event_from_fields(fields, 0, log)
    log.raise_if_any()
    return event


class MyEventStore(ABC):
    """Every method opens its own connection, so one instance may be shared by every session and thread."""

    def add(self, event: MyEvent, authorship: Authorship, viewer: Viewer) -> None:
        """Keeps the event as the viewer's; NotAllowed for a reader who has not signed in, or in another's name."""
        self._insert([Kept(event, _keeping(authorship, viewer))])

    def events(self, viewer: Viewer) -> list[MyEvent]:
        """What the map shows this viewer: in team mode the published events and their own."""
        return self.on_map(viewer)[0]

    def on_map(self, viewer: Viewer) -> tuple[list[MyEvent], frozenset[str]]:
        """What the map shows this viewer, and the ids among them another analyst kept (the team's published
        events, labelled as the team's), from one read of the store; alone, every event is the reader's own."""
        shown = [kept for kept in self._all() if visible_to(kept.authorship, viewer.user, viewer.team)]
        others = frozenset(k.event.id for k in shown if not is_mine(k.authorship, viewer.user, viewer.team))
        return [kept.event for kept in shown], others

    def mine(self, viewer: Viewer) -> list[Kept]:
        """What "My events" lists: in team mode the signed-in analyst's own, published or not."""
        return [kept for kept in self._all() if is_mine(kept.authorship, viewer.user, viewer.team)]

    def get(self, event_id: str, viewer: Viewer) -> Kept | None:
        kept = self._one(event_id)
        return kept if kept and visible_to(kept.authorship, viewer.user, viewer.team) else None

    def delete(self, event_ids: Iterable[str], viewer: Viewer) -> int:
        """How many of the given events were there and the viewer's to delete (and are now gone); others are kept."""
        return self._delete(list(dict.fromkeys(event_ids)), self._rule(viewer))

    def publish(self, event_ids: Iterable[str], viewer: Viewer, published: bool = True) -> int:
        """Shows the viewer's own events to the team (or withdraws them); how many were theirs to change."""
        return self._publish(list(dict.fromkeys(event_ids)), published, self._rule(viewer))

    def export_csv(self, viewer: Viewer) -> str:
        return my_events_csv(kept.event for kept in self.mine(viewer))

    def export_geojson(self, viewer: Viewer) -> str:
        return my_events_geojson(kept.event for kept in self.mine(viewer))

    def import_file(
        self, name: str, data: bytes, authorship: Authorship, viewer: Viewer, max_bytes: int = MAX_IMPORT_BYTES
    ) -> ImportReport:
        """A .csv or .geojson/.json upload, all or nothing; DataError lists every problem by row and field."""
        _keeping(authorship, viewer)  # refused before the file is read
        return self.import_events(read_events_file(name, data, max_bytes), authorship, viewer)

    def import_events(self, events: Sequence[MyEvent], authorship: Authorship, viewer: Viewer) -> ImportReport:
        """Every event gets the importer's authorship; an id already stored is left alone, even under a race."""
        checked = _keeping(authorship, viewer)
        added = self._insert([Kept(event, checked) for event in events])
        return ImportReport(added, len(events) - added)

    def keep_alias(self, surface: str, place: Place, authorship: Authorship, viewer: Viewer) -> None:
        """Keeps a reader's placing of a possible place, replacing their earlier one of the same name; the same rule
        as for events (NotAllowed for a reader who has not signed in)."""
        self._upsert_alias(KeptAlias(surface, place, _keeping(authorship, viewer)))

    def aliases(self, viewer: Viewer) -> list[KeptAlias]:
        """The aliases the viewer's next articles use: in team mode the analyst's own (a reader has none), alone all."""
        if viewer.team and viewer.user is None:
            return []
        return self._aliases(viewer.user if viewer.team else None)

    @staticmethod
    def _rule(viewer: Viewer) -> Callable[[Authorship], bool]:
        return lambda authorship: may_delete(authorship, viewer.user, viewer.team)

    @abstractmethod
    def _insert(self, kept: Sequence[Kept]) -> int:
        """Writes the events in one transaction, skipping ids already stored; how many were new."""

    @abstractmethod
    def _all(self) -> list[Kept]:
        """Every event with its authorship, by start, then creation, then id."""

    @abstractmethod
    def _one(self, event_id: str) -> Kept | None: ...

    @abstractmethod
    def _delete(self, event_ids: list[str], allowed: Callable[[Authorship], bool]) -> int:
        """Deletes the allowed ones of the events, judged and deleted in one transaction, so no rival write slips in."""

    @abstractmethod
    def _publish(self, event_ids: list[str], published: bool, allowed: Callable[[Authorship], bool]) -> int: ...

    @abstractmethod
    def _upsert_alias(self, alias: KeptAlias) -> None:
        """One statement: a new (author, name) is inserted, a known one replaced, also under a race."""

    @abstractmethod
    def _aliases(self, author: str | None) -> list[KeptAlias]:
        """The author's aliases by name (None: every alias, for single-user mode)."""


def _keeping(authorship: Authorship, viewer: Viewer) -> Authorship:
    """The authorship, if the viewer may write it (geo.store.authorship.may_keep), checked here so that no screen's
    oversight lets a reader who has not signed in add events."""
    if not may_keep(authorship, viewer.user, viewer.team):
        raise NotAllowed("in team mode only a signed-in analyst keeps or imports events, in their own name")
    return authorship


def stored_row(kept: Kept) -> tuple:
    """The values of COLUMNS, as both backends' tables hold them."""
    authorship = kept.authorship
    return (*row_of(kept.event), authorship.author, authorship.kept_at.isoformat(), authorship.published)


def kept_from_row(row: Sequence) -> Kept:
    """A stored row back; a backend hands its times as datetimes or as ISO text, and flags as bools or 0/1."""
    (id_, title, start, precision, place_name, lat, lon, kind, country, countries, note, source, created) = row[:13]
    author, kept_at, published = row[13:]
    event = MyEvent(
        id_,
        title,
        parse_fuzzy(start, precision),
        place_name,
        lat,
        lon,
        kind,
        country,
        tuple(c for c in countries.split(";") if c),
        note,
        source,
        _moment(created),
    )
    return Kept(event, Authorship(author, _moment(kept_at), bool(published)))


def _moment(value: datetime | str) -> datetime:
    return value if isinstance(value, datetime) else datetime.fromisoformat(value)


def pending_migrations(
    stored: int | None, migrations: Sequence[Sequence[str]], where: str
) -> list[tuple[int, Sequence[str]]]:
    """The (version, statements) a store at version `stored` (None: new) still needs; a store written by a newer
    app is refused rather than misread."""
    current = stored or 0
    if current > len(migrations):
        raise StoreError(f"{where} was written by a newer Alliance Atlas (schema {current}); update the app to open it")
    return [(number, migrations[number - 1]) for number in range(current + 1, len(migrations) + 1)]
