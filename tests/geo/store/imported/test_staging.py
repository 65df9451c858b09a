import csv
import json
import stat
import subprocess
import sys
import threading
from contextlib import contextmanager
from datetime import date
from pathlib import Path

import duckdb
import numpy as np
import pytest

from bench.generate_acled import COLUMNS, load_cities, write_export
from geo.store import bulk
from geo.store.bulk import ColumnMapping
from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place
from geo.problems import DataError
from tests.conftest import HOSTILE, ROOT

GYUMRI = Place("gn:616635", "Gyumri", "city", 40.79305, 43.84635, "ARM", "616635", 114_667)
SYUNIK = Place("feature:syunik", "Syunik Province", "region", 39.35675, 46.09007, "ARM", "syunik")
KNOWN = {"Gyumri": GYUMRI, "Syunik": SYUNIK}


def resolve(name, countries):
    return KNOWN.get(name)


@pytest.fixture(scope="module")
def cities():
    return load_cities()


@pytest.fixture
def store(tmp_path):
    opened = bulk.open_store(tmp_path / "home" / "bulk.duckdb")
    yield opened
    opened.close()


def acled_row(**cells) -> dict:
    row = {"event_id_cnty": "ARM1", "event_date": "2022-09-13", "year": "2022", "time_precision": "1",
           "disorder_type": "Political violence", "event_type": "Battles", "sub_event_type": "Armed clash",
           "actor1": "Military Forces of Azerbaijan (2003-)", "actor2": "Military Forces of Armenia (2018-)",
           "country": "Armenia", "admin1": "Syunik", "location": "Jermuk", "latitude": "39.8417",
           "longitude": "45.6722", "geo_precision": "1", "source": "Armenpress", "notes": "Shelling.",
           "fatalities": "4"}
    return row | cells


def write_csv(path: Path, rows: list[dict], columns=COLUMNS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, columns, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_a_generated_export_imports_every_row_as_written(store, tmp_path, cities):
    path = tmp_path / "acled.csv"
    write_export(300, path, seed=7, cities=cities)
    staged = bulk.stage_acled(store, path)
    assert (staged.rows, staged.bad_rows, staged.new) == (300, 0, 300)
    assert bulk.commit(store, staged) == 300
    with path.open(newline="") as handle:
        rows = list(csv.DictReader(handle))
    for row in rows[::37]:
        event = bulk.imported_event(store, row["event_id_cnty"])
        assert (event.lat, event.lon, event.event_type, event.actor1, event.notes, event.fatalities) == (
            float(row["latitude"]), float(row["longitude"]), row["event_type"], row["actor1"], row["notes"],
            int(row["fatalities"]))
        assert event.first_day <= date.fromisoformat(row["event_date"]) <= event.last_day


@pytest.mark.parametrize("cells, first, last, precision, label", [
    ({"time_precision": "1"}, date(2022, 9, 13), date(2022, 9, 13), "day", "13 Sep 2022"),
    ({"time_precision": "2"}, date(2022, 9, 10), date(2022, 9, 16), "week", "week of 10 Sep 2022 – 16 Sep 2022"),
    ({"time_precision": "3"}, date(2022, 9, 1), date(2022, 9, 30), "month", "Sep 2022"),
    ({"event_date": "13 September 2022"}, date(2022, 9, 13), date(2022, 9, 13), "day", "13 Sep 2022"),
    ({"event_date": "13-09-2022"}, date(2022, 9, 13), date(2022, 9, 13), "day", "13 Sep 2022"),
])
def test_acled_dates_become_the_days_they_may_mean(store, tmp_path, cells, first, last, precision, label):
    bulk.commit(store, bulk.stage_acled(store, write_csv(tmp_path / "one.csv", [acled_row(**cells)])))
    event = bulk.imported_event(store, "ARM1")
    assert (event.first_day, event.last_day, event.date_precision, event.date_label) == (first, last, precision,
                                                                                          label)


MALFORMED = [
    acled_row(event_id_cnty="ARM1", notes="Two\nlines"),                      # lines 2-3: good
    acled_row(event_id_cnty="ARM2", event_date="2022-13-01"),                 # line 4
    acled_row(event_id_cnty="ARM3", latitude="95.5", longitude="east"),       # line 5
    acled_row(event_id_cnty="ARM4", time_precision="7", geo_precision=""),    # line 6
    acled_row(event_id_cnty="", year="2021"),                                 # line 7
    acled_row(event_id_cnty="ARM1"),                                          # line 8: repeats line 2's id
    acled_row(event_id_cnty="ARM5", fatalities="-2", event_type=" "),         # line 9
    acled_row(event_id_cnty="ARM6"),                                          # line 10: good
]


def test_a_malformed_file_reports_each_bad_row_by_line_and_field(store, tmp_path):
    path = write_csv(tmp_path / "bad.csv", MALFORMED)
    with path.open("a", encoding="utf-8") as handle:
        handle.write("ARM7,2022-09-13,2022\r\n")                             # line 11: too few cells
    staged = bulk.stage_acled(store, path)
    found = [(p.line, p.field, p.message) for p in bulk.staged_problems(store, staged)]
    assert found == [
        (4, "event_date", "'2022-13-01' is not a date (YYYY-MM-DD, DD-MM-YYYY or D Month YYYY)"),
        (5, "latitude", "'95.5' is outside -90..90"),
        (5, "longitude", "'east' is not a number"),
        (6, "geo_precision", "'' is not 1, 2 or 3"),
        (6, "time_precision", "'7' is not 1, 2 or 3"),
        (7, "event_id_cnty", "is empty"),
        (7, "year", "'2021' is not the year of event_date"),
        (8, "event_id_cnty", "repeats an earlier row's id"),
        (9, "event_type", "is empty"),
        (9, "fatalities", "'-2' is not a whole number of 0 or more"),
        (11, "(row)", "has fewer cells than the header (18)"),
    ]
    assert all(p.path == str(path) for p in bulk.staged_problems(store, staged))
    assert (staged.rows, staged.bad_rows, staged.problem_count, staged.new) == (9, 7, 11, 2)
    assert bulk.commit(store, staged) == 2
    assert bulk.imported_event(store, "ARM1").notes == "Two\nlines"


def test_problems_come_a_page_at_a_time(store, tmp_path):
    rows = [acled_row(event_id_cnty=f"ARM{i}", latitude="x") for i in range(30)]
    staged = bulk.stage_acled(store, write_csv(tmp_path / "bad.csv", rows))
    pages = [bulk.staged_problems(store, staged, limit=10, offset=offset) for offset in (0, 10, 20, 30)]
    assert [len(page) for page in pages] == [10, 10, 10, 0]
    assert [p.line for page in pages for p in page] == list(range(2, 32))


def test_a_file_without_acled_columns_is_refused_whole(store, tmp_path):
    path = write_csv(tmp_path / "short.csv", [acled_row()], columns=[c for c in COLUMNS if c not in
                                                                       ("latitude", "fatalities")])
    with pytest.raises(DataError) as caught:
        bulk.stage_acled(store, path)
    assert [str(p) for p in caught.value.problems] == [f"{path}:1: latitude: column is missing",
                                                       f"{path}:1: fatalities: column is missing"]
    assert store.cursor().execute("SELECT count(*) FROM imports").fetchall()[0][0] == 0


def test_reimporting_the_same_file_adds_nothing(store, tmp_path, cities):
    path = tmp_path / "acled.csv"
    write_export(200, path, seed=3, cities=cities)
    bulk.commit(store, bulk.stage_acled(store, path))
    again = bulk.stage_acled(store, path)
    assert (again.new, again.changed, again.unchanged) == (0, 0, 200)
    assert bulk.commit(store, again) == 0
    assert store.event_count() == 200


def test_a_revised_acled_event_replaces_the_stored_one(store, tmp_path):
    bulk.commit(store, bulk.stage_acled(store, write_csv(tmp_path / "v1.csv", [acled_row(), acled_row(
        event_id_cnty="ARM2")])))
    revised = bulk.stage_acled(store, write_csv(tmp_path / "v2.csv", [acled_row(fatalities="9"), acled_row(
        event_id_cnty="ARM2"), acled_row(event_id_cnty="ARM3")]))
    assert (revised.new, revised.changed, revised.unchanged) == (1, 1, 1)
    bulk.commit(store, revised)
    assert store.event_count() == 3
    assert bulk.imported_event(store, "ARM1").fatalities == 9


def test_discarding_keeps_nothing_and_a_staged_file_is_used_once(store, tmp_path):
    staged = bulk.stage_acled(store, write_csv(tmp_path / "one.csv", [acled_row()]))
    bulk.discard(store, staged)
    assert store.event_count() == 0
    with pytest.raises(ValueError, match="already committed or discarded"):
        bulk.commit(store, staged)


def test_progress_is_reported_in_order_up_to_done(store, tmp_path, cities):
    path = tmp_path / "acled.csv"
    write_export(500, path, seed=1, cities=cities)
    seen = []
    bulk.stage_acled(store, path, progress=lambda stage, fraction: seen.append((stage, fraction)))
    fractions = [fraction for _, fraction in seen]
    assert fractions == sorted(fractions) and fractions[0] == 0.0 and seen[-1] == ("Done", 1.0)
    assert {"Reading", "Checking rows", "Locating events"} <= {stage for stage, _ in seen}


def test_countries_are_filed_under_iso3_like_the_curated_data(store, tmp_path):
    rows = [acled_row(), acled_row(event_id_cnty="RUS1", country="Russia"),
            acled_row(event_id_cnty="COD1", country="Democratic Republic of Congo"),
            acled_row(event_id_cnty="XXX1", country="Atlantis")]
    bulk.commit(store, bulk.stage_acled(store, write_csv(tmp_path / "c.csv", rows)))
    assert bulk.choices(store, "country_iso3") == ["ARM", "COD", "RUS"]


@pytest.mark.parametrize("text", HOSTILE)
def test_hostile_text_is_stored_verbatim(store, tmp_path, text):
    bulk.commit(store, bulk.stage_acled(store, write_csv(tmp_path / "h.csv", [acled_row(actor1=text, notes=text)])))
    event = bulk.imported_event(store, "ARM1")
    assert (event.actor1, event.notes) == (text, text)


def test_the_store_lives_under_alliance_atlas_home(monkeypatch, tmp_path):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "atlas"))
    assert bulk.default_store_path() == tmp_path / "atlas" / "bulk.duckdb"
    monkeypatch.delenv("ALLIANCE_ATLAS_HOME")
    assert bulk.default_store_path() == Path.home() / ".alliance-atlas" / "bulk.duckdb"


def test_a_store_reopens_with_its_events(tmp_path):
    path = tmp_path / "bulk.duckdb"
    first = bulk.open_store(path)
    bulk.commit(first, bulk.stage_acled(first, write_csv(tmp_path / "one.csv", [acled_row()])))
    revision = first.revision()
    first.close()
    again = bulk.open_store(path)
    assert (again.event_count(), again.revision()) == (1, revision)
    again.close()


# --- any CSV or GeoJSON through a column mapping ------------------------------------------------------------

SPREADSHEET = """\
When,Lat,Lon,Town,What,Kind,Link,Land
2020-05-03,40.18,44.51,,Rally,protest,https://example.org/a,Armenia
2021-07,,,Gyumri,Summit,summit,,ARM
2019,,,Syunik,Shelling,clash,,
2019,,,Atlantis,Lost,other,,
2019-02-30,1,2,,Bad date,other,,
2019-02-03,91,2,,Bad latitude,other,,
2020-05-03,40.18,44.51,,Rally,protest,https://example.org/a,Armenia
,,,,,,,
"""
MAPPING = ColumnMapping(date="When", latitude="Lat", longitude="Lon", place="Town", title="What", category="Kind",
                        source="Link", country="Land")


def test_a_mapped_spreadsheet_imports_placing_rows_by_name(store, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(SPREADSHEET)
    staged = bulk.stage_mapped(store, path, MAPPING, resolve=resolve)
    assert [(p.line, p.field, p.message) for p in bulk.staged_problems(store, staged)] == [
        (5, "Town", "'Atlantis' is not a place the gazetteer knows"),
        (6, "When", "'2019-02-30' is not a real date"),
        (7, "Lat", "'91' is not a latitude (-90..90)"),
        (8, "(row)", "is the same as an earlier row"),
        (9, "Town", "has no coordinates and no place name"),
        (9, "When", "is empty"),
    ]
    assert bulk.commit(store, staged) == 3
    rows = store.cursor().execute("SELECT title, first_day, last_day, lat, geo_precision, country_iso3 FROM events "
                                  "ORDER BY title").fetchall()
    assert rows == [("Rally", date(2020, 5, 3), date(2020, 5, 3), 40.18, 1, "ARM"),
                    ("Shelling", date(2019, 1, 1), date(2019, 12, 31), SYUNIK.lat, 2, "ARM"),
                    ("Summit", date(2021, 7, 1), date(2021, 7, 31), GYUMRI.lat, 1, "ARM")]
    again = bulk.stage_mapped(store, path, MAPPING, resolve=resolve)
    assert (again.new, again.unchanged) == (0, 3)


@pytest.mark.parametrize("written", ["2022-11-23", "2022-11", "2022", "2022-13-01", "2022-02-30", "2022-1-5",
                                     "23.11.2022", "0000", "2022-11-23T10:00", " 2022-11 "])
def test_mapped_dates_are_read_as_the_curated_data_reads_them(store, tmp_path, written):
    path = tmp_path / "dates.csv"
    path.write_text(f"date,lat,lon\n{written},40,44\n")
    staged = bulk.stage_mapped(store, path, ColumnMapping(date="date", latitude="lat", longitude="lon"))
    try:
        expected = parse_fuzzy(written)
    except ValueError:
        assert staged.bad_rows == 1
        return
    assert staged.bad_rows == 0
    bulk.commit(store, staged)
    assert store.cursor().execute("SELECT first_day, last_day FROM events").fetchall() == [
        (expected.first, expected.last)]


def test_a_mapping_names_columns_the_file_must_have(store, tmp_path):
    path = tmp_path / "mine.csv"
    path.write_text(SPREADSHEET)
    with pytest.raises(DataError, match="mine.csv:1: Date: column is missing"):
        bulk.stage_mapped(store, path, ColumnMapping(date="Date", latitude="Lat", longitude="Lon"))


def test_geojson_features_import_with_their_number_as_line(store, tmp_path):
    features = [
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.51, 40.18]},
         "properties": {"when": "2020-05", "name": "Rally `x`", "kind": "protest"}},
        {"type": "Feature", "geometry": None, "properties": {"when": 2021, "name": "Summit", "place": "Gyumri"}},
        {"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.5, 40.2]},
         "properties": {"when": "20x", "name": "Bad"}},
    ]
    path = tmp_path / "mine.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    mapping = ColumnMapping(date="when", title="name", category="kind", place="place")
    staged = bulk.stage_mapped(store, path, mapping, resolve=resolve)
    assert [str(p) for p in bulk.staged_problems(store, staged)] == [
        f"{path}:3: when: '20x' is not YYYY-MM-DD, YYYY-MM or YYYY"]
    bulk.commit(store, staged)
    assert store.cursor().execute("SELECT title, lat, lon, date_precision, event_type FROM events ORDER BY title"
                                  ).fetchall() == [("Rally `x`", 40.18, 44.51, "month", "protest"),
                                                   ("Summit", GYUMRI.lat, GYUMRI.lon, "year", "uncategorised")]


# --- countries from outlines, streamed GeoJSON, line endings ---------------------------------------------------

YEREVAN, MOSCOW, GULF_OF_GUINEA = (40.18, 44.51), (55.75, 37.62), (0.0, 0.0)


def stored_countries(store) -> dict[str, tuple[str | None, str | None]]:
    rows = store.cursor().execute("SELECT title, country, country_iso3 FROM events").fetchall()
    return {title: (country, iso3) for title, country, iso3 in rows}


def test_rows_without_a_country_are_filed_under_the_outline_holding_their_point(store, tmp_path):
    path = tmp_path / "points.csv"
    path.write_text("date,lat,lon,title,land\n"
                    f"2020,{YEREVAN[0]},{YEREVAN[1]},Yerevan,\n"
                    f"2020,{MOSCOW[0]},{MOSCOW[1]},Moscow,\n"
                    f"2020,{GULF_OF_GUINEA[0]},{GULF_OF_GUINEA[1]},At sea,\n"
                    f"2020,{YEREVAN[0]},{YEREVAN[1]},Named elsewhere,Kazakhstan\n"
                    f"2020,{MOSCOW[0]},{MOSCOW[1]},Unknown name,Atlantis\n")
    mapping = ColumnMapping(date="date", latitude="lat", longitude="lon", title="title", country="land")
    bulk.commit(store, bulk.stage_mapped(store, path, mapping))
    assert stored_countries(store) == {"Yerevan": (None, "ARM"), "Moscow": (None, "RUS"), "At sea": (None, None),
                                       "Named elsewhere": ("Kazakhstan", "KAZ"), "Unknown name": ("Atlantis", "RUS")}
    assert bulk.choices(store, "country_iso3") == ["RUS", "ARM", "KAZ"]


def test_points_are_placed_in_countries_a_batch_at_a_time(monkeypatch):
    monkeypatch.setattr(bulk, "POINT_BATCH", 2)
    lats, lons = zip(YEREVAN, MOSCOW, GULF_OF_GUINEA, MOSCOW, YEREVAN)
    assert list(bulk._countries_at(np.array(lats), np.array(lons))) == ["ARM", "RUS", None, "RUS", "ARM"]


def feature(when, point=None, **properties) -> dict:
    geometry = {"type": "Point", "coordinates": [point[1], point[0]]} if point else None
    return {"type": "Feature", "geometry": geometry, "properties": {"when": when, **properties}}


def test_a_feature_collection_is_read_in_batches_keeping_feature_numbers(store, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "GEOJSON_BATCH", 2)
    features = [feature("2020", YEREVAN, name="one"), feature("bad", YEREVAN, name="two"),
                feature("2021", MOSCOW, name="three"), feature("2022", None, name="four"),
                feature("2023", GULF_OF_GUINEA, name="five", kind="late property")]
    path = tmp_path / "late.geojson"  # features before type, a byte-order mark: both allowed
    path.write_text("\ufeff" + json.dumps({"features": features, "type": "FeatureCollection"}), encoding="utf-8")
    mapping = ColumnMapping(date="when", title="name", category="kind")
    staged = bulk.stage_mapped(store, path, mapping, resolve=resolve)
    assert [(p.line, p.field, p.message) for p in bulk.staged_problems(store, staged)] == [
        (2, "when", "'bad' is not YYYY-MM-DD, YYYY-MM or YYYY"),
        (4, "latitude", "has no coordinates and no place name")]
    assert bulk.columns_of(path) == ["when", "name", "kind"]
    bulk.commit(store, staged)
    assert stored_countries(store) == {"one": (None, "ARM"), "three": (None, "RUS"), "five": (None, None)}


def test_geojson_lines_hold_one_feature_each(store, tmp_path):
    path = tmp_path / "events.geojsonl"
    path.write_text("\n".join(json.dumps(f) for f in [feature("2020", YEREVAN, name=HOSTILE[0]),
                                                       feature(2021, MOSCOW, name="two", n=1.5)]) + "\n")
    bulk.commit(store, bulk.stage_mapped(store, path, ColumnMapping(date="when", title="name")))
    assert store.cursor().execute("SELECT title, first_day, lat, lon FROM events ORDER BY first_day").fetchall() == [
        (HOSTILE[0], date(2020, 1, 1), *YEREVAN), ("two", date(2021, 1, 1), *MOSCOW)]


@pytest.mark.parametrize("geometry, problem", [
    ({"type": "Point", "coordinates": "abc"}, "latitude: has no coordinates and no place name"),
    ({"type": "Point", "coordinates": [44.5, "x"]}, "latitude: 'x' is not a latitude (-90..90)"),
    ({"type": "Blob", "coordinates": [1, 2]}, "latitude: has no coordinates and no place name"),
])
def test_a_bad_geometry_is_its_own_features_problem(store, tmp_path, geometry, problem):
    path = tmp_path / "mine.geojson"
    features = [feature("2020", YEREVAN), {**feature("2021"), "geometry": geometry}, feature("2022", MOSCOW)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    staged = bulk.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [str(p) for p in bulk.staged_problems(store, staged)] == [f"{path}:2: {problem}"]
    assert bulk.commit(store, staged) == 2


def test_broken_json_is_one_problem_at_the_feature_it_interrupts(store, tmp_path):
    path = tmp_path / "cut.geojson"
    whole = json.dumps({"type": "FeatureCollection", "features": [feature("2020", YEREVAN)] * 3})
    path.write_text(whole[:whole.rindex("{") + 5])
    with pytest.raises(DataError) as caught:
        bulk.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "(file)")]
    assert caught.value.problems[0].message == "ends inside feature 3: the file is cut short"
    assert store.cursor().execute("SELECT count(*) FROM imports").fetchall()[0][0] == 0


def test_a_property_no_feature_has_is_refused_whole(store, tmp_path):
    path = tmp_path / "mine.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature("2020", YEREVAN)]}))
    with pytest.raises(DataError) as caught:
        bulk.stage_mapped(store, path, ColumnMapping(date="when", title="name", actor="who"))
    assert [str(p) for p in caught.value.problems] == [f"{path}:1: name: property is missing",
                                                       f"{path}:1: who: property is missing"]


@pytest.mark.parametrize("body, line, found, expected", [
    (b"2020,40,44\r\n2021,40,44\n2022,40,44\r\n", 3, "LF (\\n)", "CRLF (\\r\\n)"),
    (b"2020,40,44\n\"2021\r\n\",40,44\n2022,40,44\r\n", 5, "CRLF (\\r\\n)", "LF (\\n)"),
])
def test_mixed_line_endings_are_one_problem_at_the_first_odd_line(store, tmp_path, body, line, found, expected):
    header = b"date,lat,lon" + (b"\r\n" if expected.startswith("CRLF") else b"\n")
    path = tmp_path / "mixed.csv"
    path.write_bytes(header + body)
    with pytest.raises(DataError) as caught:
        bulk.stage_mapped(store, path, ColumnMapping(date="date", latitude="lat", longitude="lon"))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:{line}: (file): line ends with {found} where the header ends with {expected}: save the file with "
        "one kind of line ending"]


def test_a_line_break_of_the_other_kind_inside_quotes_is_kept(store, tmp_path):
    path = tmp_path / "quoted.csv"
    path.write_bytes(b'date,lat,lon,title\r\n2020,40.18,44.51,"two\nlines"\r\n')
    bulk.commit(store, bulk.stage_mapped(store, path, ColumnMapping(date="date", latitude="lat", longitude="lon",
                                                                    title="title")))
    assert stored_countries(store) == {"two\nlines": (None, "ARM")}


def test_a_crlf_split_between_two_reads_is_one_ending(tmp_path):
    line, cr_at = b"2020,40.18,44.51\r\n", (1 << 20) - 1  # the last byte of the first read
    before = (cr_at - len(line) + 2 - len(b"date,lat,lon\r\n")) // len(line)
    header = b"date,lat,lon" + b" " * (cr_at - len(line) + 2 - before * len(line) - len(b"date,lat,lon\r\n")) + b"\r\n"
    path = tmp_path / "long.csv"
    path.write_bytes(header + line * (before + 3) + b"2021,40.18,44.51\n")
    assert path.read_bytes()[cr_at:cr_at + 2] == b"\r\n"
    assert bulk._mixed_line_ending(path) == (before + 5, b"\r\n", b"\n")


# --- hostile files (issue 10) ---------------------------------------------------------------------------------


def test_two_sessions_keeping_one_file_at_once_store_each_event_once(store, tmp_path, cities):
    path = tmp_path / "acled.csv"
    write_export(20_000, path, seed=5, cities=cities)
    first, second = bulk.stage_acled(store, path), bulk.stage_acled(store, path)
    start, added = threading.Barrier(2), []

    def keep(staged):
        start.wait()
        added.append(bulk.commit(store, staged))

    workers = [threading.Thread(target=keep, args=(staged,)) for staged in (first, second)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(added) == [0, 20_000]
    assert store.cursor().execute("SELECT count(*), count(DISTINCT key) FROM events").fetchall() == [(20_000, 20_000)]


def test_a_store_with_repeated_keys_keeps_one_of_each_when_reopened(tmp_path):
    path = tmp_path / "bulk.duckdb"
    opened = bulk.open_store(path)
    bulk.commit(opened, bulk.stage_acled(opened, write_csv(tmp_path / "one.csv", [acled_row()])))
    opened.cursor().execute("DROP INDEX events_key; INSERT INTO events SELECT * FROM events")
    opened.close()
    again = bulk.open_store(path)
    assert again.event_count() == 1
    with pytest.raises(duckdb.ConstraintException):
        again.cursor().execute("INSERT INTO events SELECT * FROM events")
    again.close()


def test_the_store_is_private_to_its_user(tmp_path):
    bulk.open_store(tmp_path / "home" / "bulk.duckdb").close()
    assert (stat.S_IMODE((tmp_path / "home").stat().st_mode), stat.S_IMODE(
        (tmp_path / "home" / "bulk.duckdb").stat().st_mode)) == (0o700, 0o600)


def test_another_process_holding_the_store_is_store_in_use(tmp_path):
    path = tmp_path / "bulk.duckdb"
    bulk.open_store(path).close()
    with holding(path):
        with pytest.raises(bulk.StoreInUse, match="open in another program"):
            bulk.open_store(path)


@contextmanager
def holding(path: Path):
    """Another process with the store open, as a second app or a command-line import would have it."""
    holder = subprocess.Popen([sys.executable, "-c", "import sys, time; from geo.store import bulk; "
                               "store = bulk.open_store(__import__('pathlib').Path(sys.argv[1])); print('open', flush=True); "
                               "time.sleep(120)", str(path)], stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert holder.stdout.readline().strip() == "open"
        yield
    finally:
        holder.kill()
        holder.wait()


def test_a_name_with_glob_characters_is_read_as_itself(store, tmp_path):
    write_csv(tmp_path / "acled1.csv", [acled_row(event_id_cnty="OTHER")])
    staged = bulk.stage_acled(store, write_csv(tmp_path / "acled[1].csv", [acled_row(), acled_row(
        event_id_cnty="ARM2")]))
    assert staged.rows == 2
    bulk.commit(store, staged)
    assert bulk.imported_event(store, "OTHER") is None and bulk.imported_event(store, "ARM2") is not None


@pytest.mark.parametrize("header, field, message", [
    ("event_id_cnty,Event_ID_cnty", "event_id_cnty", "column names 'event_id_cnty', 'Event_ID_cnty' differ only in case"),
    ("event_id_cnty,", "(column 19)", "column has no name"),
])
def test_header_names_duckdb_cannot_tell_apart_are_refused_whole(store, tmp_path, header, field, message):
    path = tmp_path / "names.csv"
    path.write_text(",".join(COLUMNS) + header.removeprefix("event_id_cnty") + "\n")
    with pytest.raises(DataError) as caught:
        bulk.stage_acled(store, path)
    assert [(p.line, p.field, p.message) for p in caught.value.problems] == [(1, field, message)]


@pytest.mark.parametrize("size", [200_000, 3_000_000])  # over Python csv's field limit; over DuckDB's line limit
def test_a_long_cell_is_its_rows_problem_and_no_record_is_lost(store, tmp_path, size):
    rows = [acled_row(event_id_cnty=f"ARM{i}") for i in range(4)]
    rows[1]["notes"], rows[3]["latitude"] = "x" * size, "north"
    staged = bulk.stage_acled(store, write_csv(tmp_path / "long.csv", rows))
    assert (staged.rows, staged.bad_rows) == (4, 2)
    assert [(p.line, p.field, p.message) for p in bulk.staged_problems(store, staged)] == [
        (3, "notes", "is longer than the 10,000 characters allowed (accept truncation to keep it cut)"),
        (5, "latitude", "'north' is not a number")]


def test_accepted_truncation_keeps_the_row_with_its_cell_cut(store, tmp_path):
    rows = [acled_row(notes="é" * 50), acled_row(event_id_cnty="ARM2")]
    staged = bulk.stage_acled(store, write_csv(tmp_path / "long.csv", rows), limit=bulk.CellLimit(40, True))
    assert (staged.bad_rows, staged.problem_count, staged.truncated) == (0, 0, 1)
    bulk.commit(store, staged)
    assert bulk.imported_event(store, "ARM1").notes == "é" * 40


def test_records_duckdb_does_not_deliver_refuse_the_file(store, tmp_path):
    path = write_csv(tmp_path / "quotes.csv", [acled_row(), acled_row(event_id_cnty="ARM2")])
    path.write_text(path.read_text().replace("Shelling.", 'She said "no'), encoding="utf-8")
    with pytest.raises(DataError, match="records but"):
        bulk.stage_acled(store, path)


def test_a_deeply_nested_property_is_its_features_problem_and_is_never_built(store, tmp_path):
    deep = "[" * 5_000 + "]" * 5_000  # ijson's items() took 72 MB for this, 1 GB for twice as deep
    features = [json.dumps(feature("2020", YEREVAN)), json.dumps(feature("2021", YEREVAN)).replace(
        '"when": "2021"', f'"when": "2021", "x": {deep}')]
    path = tmp_path / "deep.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [' + ", ".join(features) + "]}")
    staged = bulk.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field, p.message) for p in bulk.staged_problems(store, staged)] == [
        (2, "x", "nests deeper than 32 levels")]
    assert (staged.rows, staged.bad_rows) == (2, 1)


def test_invalid_json_is_one_problem_from_the_feature_it_breaks(store, tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [' + json.dumps(feature("2020", YEREVAN)) + ", {]}")
    with pytest.raises(DataError) as caught:
        bulk.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "(file)")]
    assert caught.value.problems[0].message.startswith("is not valid JSON from feature 2 on")


def test_two_features_too_deep_are_one_problem_each(store, tmp_path):
    deep = {"when": "2021", "x": json.loads("[" * 34 + "]" * 34)}  # 36 levels with the feature and properties
    path = tmp_path / "deep.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature("2020", YEREVAN), feature(**deep),
                                                                          feature(**deep)]}))
    staged = bulk.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field, p.message) for p in bulk.staged_problems(store, staged)] == [
        (2, "x", "nests deeper than 32 levels"), (3, "x", "nests deeper than 32 levels")]


def test_a_header_cell_over_pythons_csv_limit_is_read(store, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text(",".join(COLUMNS) + "," + "h" * 200_000 + "\n")
    assert bulk.columns_of(path)[-1] == "h" * 200_000


def test_a_feature_with_too_much_text_is_its_problem(store, tmp_path, monkeypatch):
    monkeypatch.setattr(bulk, "MAX_FEATURE_CHARS", 1000)
    path = tmp_path / "big.geojson"
    features = [feature("2020", YEREVAN), feature("2021", YEREVAN, words=["w" * 100] * 20)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    staged = bulk.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field, p.message) for p in bulk.staged_problems(store, staged)] == [
        (2, "words", "holds more than 1,000 characters of text")]
