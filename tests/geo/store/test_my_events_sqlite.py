"""The SQLite file itself: where it lives, its privacy and WAL mode, in-place migration of an older file, crashes and
processes writing at once (what both backends share is tested in test_my_events.py)."""

import sqlite3
import subprocess
import sys
from datetime import UTC, datetime

import pytest

from geo.dates import parse_fuzzy
from geo.store.authorship import SOLO, Authorship, Viewer
from geo.store.my_events import StoreError, new_event
from geo.store.my_events_files import my_events_csv
from geo.store.my_events_sqlite import DATABASE_NAME, SCHEMA_VERSION, SqliteMyEvents
from tests.conftest import ROOT

NOW = datetime(2024, 2, 23, 9, 30, tzinfo=UTC)
KEPT = Authorship(None, NOW)


def event(title: str = "Russian base stays in Gyumri"):
    return new_event(title, parse_fuzzy("2024-02-22"), countries=["ARM"], now=NOW)


@pytest.fixture
def store(tmp_path) -> SqliteMyEvents:
    return SqliteMyEvents.open(tmp_path)


def test_the_store_lives_in_the_home_folder_the_environment_names(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "atlas"))
    assert SqliteMyEvents.open().path == tmp_path / "atlas" / DATABASE_NAME


def test_the_file_records_each_schema_step_and_runs_in_wal_mode(store):
    with sqlite3.connect(store.path) as connection:
        steps = [(n,) for n in range(1, SCHEMA_VERSION + 1)]
        assert connection.execute("SELECT version FROM schema_version").fetchall() == steps
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("wal",)
    SqliteMyEvents(store.path)  # opening again takes no step twice
    with sqlite3.connect(store.path) as connection:
        assert connection.execute("SELECT count(*) FROM schema_version").fetchone() == (SCHEMA_VERSION,)


def test_the_store_is_private_to_the_user(tmp_path):
    store = SqliteMyEvents.open(tmp_path / "home")
    with sqlite3.connect(store.path) as reader:  # a reader keeps the -wal and -shm files in place
        reader.execute("SELECT count(*) FROM events").fetchone()
        store.add(event(), KEPT, SOLO)
        files = sorted(p.name for p in (tmp_path / "home").iterdir())
    assert files == [DATABASE_NAME, f"{DATABASE_NAME}-shm", f"{DATABASE_NAME}-wal"]
    assert (tmp_path / "home").stat().st_mode & 0o777 == 0o700
    assert {(tmp_path / "home" / name).stat().st_mode & 0o777 for name in files} == {0o600}


def test_a_store_written_by_a_newer_version_is_refused(store):
    with sqlite3.connect(store.path) as connection:
        connection.execute("INSERT INTO schema_version (version) VALUES (?)", (SCHEMA_VERSION + 1,))
    with pytest.raises(StoreError, match="newer Alliance Atlas"):
        SqliteMyEvents(store.path)


# The file as the app wrote it before authorship existed (schema 1), byte for byte the statements it ran.
SCHEMA_1 = """
CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS events (
    id TEXT PRIMARY KEY,
    title TEXT NOT NULL CHECK (length(title) > 0),
    start TEXT NOT NULL,
    precision TEXT NOT NULL CHECK (precision IN ('day', 'month', 'year')),
    place_name TEXT NOT NULL DEFAULT '',
    lat REAL CHECK (lat IS NULL OR lat BETWEEN -90 AND 90),
    lon REAL CHECK (lon IS NULL OR lon BETWEEN -180 AND 180),
    place_kind TEXT,
    place_country TEXT,
    countries TEXT NOT NULL DEFAULT '',
    note TEXT NOT NULL DEFAULT '',
    source TEXT NOT NULL DEFAULT '',
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS events_by_start ON events (start);
INSERT INTO schema_version (version) VALUES (1);
INSERT INTO events VALUES ('0b7f3c9e-6c1d-4c59-9a59-2f0c1f7f2c11', 'Kept in 2024', '2024-02-22', 'day', 'Gyumri',
    40.79305, 43.84635, 'city', 'ARM', 'ARM;RUS', '<b>note</b>', 'https://example.org/a', '2024-02-23T09:30:00+00:00');
"""


def test_a_file_from_before_authorship_is_migrated_in_place_and_stays_the_users(tmp_path):
    path = tmp_path / DATABASE_NAME
    with sqlite3.connect(path) as old:
        old.executescript(SCHEMA_1)
    store = SqliteMyEvents(path)
    kept = store.get("0b7f3c9e-6c1d-4c59-9a59-2f0c1f7f2c11", SOLO)
    assert (kept.event.title, kept.event.countries, kept.event.note) == ("Kept in 2024", ("ARM", "RUS"), "<b>note</b>")
    assert kept.authorship == Authorship(None, NOW, published=False)  # kept when it was made, by the one user
    with sqlite3.connect(path) as connection:
        steps = connection.execute("SELECT version FROM schema_version ORDER BY version").fetchall()
        assert steps == [(n,) for n in range(1, SCHEMA_VERSION + 1)]
    assert store.aliases(SOLO) == []  # the aliases table came with the upgrade
    assert store.events(Viewer(None, team=True)) == []  # nobody's in a team: unpublished, so not shown to readers
    store.add(event("Kept after the upgrade"), KEPT, SOLO)
    assert store.delete([kept.event.id], SOLO) == 1
    assert [e.title for e in SqliteMyEvents(path).events(SOLO)] == ["Kept after the upgrade"]


CRASHING_IMPORT = """
import os, sys
from datetime import UTC, datetime
from pathlib import Path
import geo.store.my_events as my_events
from geo.store.authorship import SOLO, kept_now
from geo.store.my_events_sqlite import SqliteMyEvents
count = 0
original = my_events.stored_row
def dying(kept):
    global count
    count += 1
    if count == 25:
        os._exit(3)  # the process dies inside the transaction, as on a power cut or kill -9
    return original(kept)
my_events.stored_row = dying
store = SqliteMyEvents(Path(sys.argv[1]))
store.import_file("fifty.csv", Path(sys.argv[2]).read_bytes(), kept_now(None), SOLO)
"""


def test_a_crash_mid_import_leaves_the_store_unchanged(store, tmp_path):
    store.add(event(), KEPT, SOLO)
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
    assert [e.title for e in SqliteMyEvents(store.path).events(SOLO)] == ["Russian base stays in Gyumri"]


CONCURRENT_WRITER = """
import sys
from pathlib import Path
from geo.dates import parse_fuzzy
from geo.store.authorship import SOLO, kept_now
from geo.store.my_events import new_event
from geo.store.my_events_sqlite import SqliteMyEvents
store = SqliteMyEvents(Path(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()
for n in range(30):
    store.add(new_event(f"{sys.argv[2]} {n}", parse_fuzzy("2023")), kept_now(None), SOLO)
    data = ("title,start\\n" + f"{sys.argv[2]} batch {n},2022\\n").encode()
    store.import_file("batch.csv", data, kept_now(None), SOLO)
"""


def test_two_processes_writing_at_once_both_keep_their_events(store):
    """Processes, not threads: each takes the file's lock on its own, as two app servers on one home would."""
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
    titles = {e.title for e in store.events(SOLO)}
    assert len(titles) == 120
    assert {f"{name} {n}" for name in ("first", "second") for n in range(30)} <= titles
