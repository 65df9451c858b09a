"""Files of the user's events: CSV and GeoJSON exports read back as the same events, every problem of a bad file
named by line and field, unreadable files refused whole."""

import json

import pytest

from geo.news.reader_places import VILLAGE
from geo.places.gazetteer import Place
from geo.problems import DataError
from geo.store.authorship import SOLO
from geo.store.my_events_files import my_events_csv, my_events_geojson, read_events_file
from tests.geo.store.test_my_events import SOLO_KEPT, TYPED, event

# `store` (tests/geo/store/conftest.py) is each backend in turn: a file goes through either the same way.

HEADER = "id,title,start,precision,place_name,lat,lon,place_kind,place_country,countries,note,source,created_at\n"


def emptied(store):
    store.delete([e.id for e in store.events(SOLO)], SOLO)
    return store


@pytest.mark.parametrize("export", ["export_csv", "export_geojson"])
def test_export_then_import_gives_identical_events_for_hostile_text(store, export):
    for typed in TYPED:
        store.add(event(typed, note=f"{typed}\n{typed}", source=typed, place_name=typed), SOLO_KEPT, SOLO)
    data, before = getattr(store, export)(SOLO), store.events(SOLO)
    again = emptied(store)
    assert again.import_file(f"mine.{export[7:]}", data.encode(), SOLO_KEPT, SOLO).added == len(TYPED)
    assert again.events(SOLO) == before
    assert getattr(again, export)(SOLO) == data


def test_csv_export_shows_formulas_as_text_and_quotes_carriage_returns():
    row = my_events_csv([event('=HYPERLINK("https://example.org")', note="a\rb")]).split("\r\n")[1]
    assert ',"\'=HYPERLINK(""https://example.org"")",' in row and ',"a\rb",' in row


def test_csv_and_geojson_exports_import_into_an_empty_store(store):
    unplaced = event("Protocol renewed", "1999", place=None, place_name="", countries=[])
    for made in (event(), unplaced):
        store.add(made, SOLO_KEPT, SOLO)
    before, exports = (
        store.events(SOLO),
        (("mine.csv", store.export_csv(SOLO)), ("mine.geojson", store.export_geojson(SOLO))),
    )
    for name, data in exports:
        report = emptied(store).import_file(name, data.encode(), SOLO_KEPT, SOLO)
        assert (report.added, report.already_present) == (2, 0)
        assert store.events(SOLO) == before
    features = json.loads(store.export_geojson(SOLO))["features"]
    assert [f["geometry"] for f in features] == [None, {"type": "Point", "coordinates": [43.84635, 40.79305]}]


def test_a_bad_csv_adds_nothing_and_names_every_row_and_field(store):
    store.add(event(), SOLO_KEPT, SOLO)
    before = store.events(SOLO)
    bad = (
        HEADER
        + "\n".join(
            [
                ",Good row,2023-10-13,day,Bishkek,42.87,74.59,city,KGZ,KGZ,,,",
                "not-a-uuid,,2023-13-01,,,,,,,,,,",
                ",Wrong precision,2023-10,day,,91,200,town,kgz,KGZ;ru,,,yesterday",
                ",Lat only,2023,,,41.0,,,,,,,",
            ]
        )
        + "\n"
    )
    with pytest.raises(DataError) as raised:
        store.import_file("events.csv", bad.encode(), SOLO_KEPT, SOLO)
    problems = {(p.line, p.field) for p in raised.value.problems}
    assert problems == {
        (3, "id"),
        (3, "title"),
        (3, "start"),
        (4, "start"),
        (4, "lat"),
        (4, "lon"),
        (4, "place_kind"),
        (4, "place_country"),
        (4, "countries"),
        (4, "created_at"),
        (5, "lon"),
    }
    assert str(raised.value).startswith("events.csv:3: id: 'not-a-uuid' is not a UUID")
    assert store.events(SOLO) == before


def test_a_bad_geojson_reports_feature_numbers(store):
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [74.59, 42.87]},
                "properties": {"title": "Summit", "start": "2023-10-13"},
            },
            {
                "type": "Feature",
                "geometry": {"type": "LineString", "coordinates": [[0, 0], [1, 1]]},
                "properties": {"title": "Line", "start": "2023"},
            },
            {"type": "Feature", "geometry": None, "properties": {"title": "", "start": "2023"}},
            "not a feature",
        ],
    }
    with pytest.raises(DataError) as raised:
        store.import_file("events.geojson", json.dumps(collection).encode(), SOLO_KEPT, SOLO)
    assert {(p.line, p.field) for p in raised.value.problems} == {(2, "geometry"), (3, "title"), (4, "properties")}
    assert store.events(SOLO) == []


@pytest.mark.parametrize(
    "name, data, message",
    [
        ("events.csv", b"title\n" + b"x" * 2000, "over the 0.001 MB import limit"),
        ("events.xlsx", b"PK", "only .csv and .geojson"),
        ("events.csv", b"name,date\nx,2023\n", "the header lacks title, start"),
        ("events.geojson", b'{"type": "Feature"}', "not a GeoJSON FeatureCollection"),
        ("events.csv", "title,start\nGyumri é,2023\n".encode("latin-1"), "is not UTF-8"),
    ],
)
def test_files_that_cannot_be_read_are_refused_as_a_whole(name, data, message):
    with pytest.raises(DataError, match=message) as raised:
        read_events_file(name, data, max_bytes=1000)
    assert [(p.path, p.line, p.field) for p in raised.value.problems] == [(name, 0, "file")]


def test_duplicate_ids_within_a_file_are_reported_at_their_line():
    made, other = event(), event("Another")
    data = my_events_csv([made, other]) + my_events_csv([made]).split("\r\n", 1)[1]
    with pytest.raises(DataError) as raised:
        read_events_file("twice.csv", data.encode())
    assert [str(p) for p in raised.value.problems] == [
        f"twice.csv:4: id: {made.id} appears twice in the file (first at 2)"
    ]


def test_a_truncated_geojson_is_reported_at_its_line():
    whole = my_events_geojson([event()])
    with pytest.raises(DataError) as raised:
        read_events_file("cut.geojson", whole[: len(whole) // 2].encode())
    [problem] = raised.value.problems
    assert (problem.path, problem.field) == ("cut.geojson", "file") and problem.line > 1
    assert "not JSON" in problem.message and "is the file complete?" in problem.message


@pytest.mark.parametrize("depth", [5_000, 100_000])
def test_deeply_nested_geojson_is_refused_with_a_message(depth):
    """It raised RecursionError (a traceback on the screen)."""
    nested = "[" * depth + "]" * depth
    data = f'{{"type": "FeatureCollection", "features": [{{"properties": {{"note": {nested}}}}}]}}'
    with pytest.raises(DataError, match="nested too deeply") as raised:
        read_events_file("deep.geojson", data.encode())
    assert [(p.line, p.field) for p in raised.value.problems] == [(0, "file")]


def test_properties_and_coordinates_must_be_plain_values():
    collection = {
        "type": "FeatureCollection",
        "features": [
            {"geometry": {"type": "Point", "coordinates": [[[1]], 2]}, "properties": {"title": ["a"], "start": "2023"}},
            {"geometry": None, "properties": {"title": "x", "start": "2023", "note": {"a": [[1]]}}},
        ],
    }
    with pytest.raises(DataError) as raised:
        read_events_file("odd.geojson", json.dumps(collection).encode())
    assert {(p.line, p.field) for p in raised.value.problems} == {(1, "geometry"), (1, "title"), (2, "note")}


@pytest.mark.parametrize(
    "header, expected",
    [
        ("title,start,,note", "odd.csv:1: header: column 3 has no name; expected: id, title"),
        ("title,start,note,note", "odd.csv:1: header: column 'note' appears twice"),
        ("title,start,Note", "odd.csv:1: header: column 'Note' should be written 'note'"),
    ],
)
def test_unnamed_repeated_and_miscased_columns_are_named(header, expected):
    with pytest.raises(DataError) as raised:
        read_events_file("odd.csv", f"{header}\nSummit,2023,a,b\n".encode())
    assert str(raised.value).startswith(expected)


def test_a_miscased_required_column_is_explained():
    with pytest.raises(DataError, match=r"lacks title; .*; column names are lower case, not 'Title'$"):
        read_events_file("odd.csv", b"Title,start\nSummit,2023\n")


def test_a_cell_longer_than_csv_allows_is_reported_at_its_line_and_field():
    """Python's csv module refuses cells over 128 KB (that was a traceback); the field's own limit names it."""
    data = HEADER + ",Fine,2023,,,,,,,,,,\n" + ",Long,2023,,,,,,,,," + "x" * 200_000 + ",\n"
    with pytest.raises(DataError) as raised:
        read_events_file("long.csv", data.encode())
    [problem] = raised.value.problems
    assert (problem.line, problem.field) == (3, "source") and "the limit is 2000" in problem.message


def test_messages_quote_long_values_briefly():
    data = HEADER + ",Summit," + "9" * 100_000 + ",,," + "y" * 100_000 + ",1,,,,,,\n"
    with pytest.raises(DataError) as raised:
        read_events_file("long.csv", data.encode())
    assert {(p.line, p.field) for p in raised.value.problems} == {(2, "start"), (2, "lat")}
    assert all(len(str(p)) < 200 for p in raised.value.problems)


def test_a_nul_character_in_a_file_is_its_cells_problem():
    """PostgreSQL's text cannot hold NUL, so no backend is handed one: the file is refused with line and field."""
    data = HEADER + ",Summit,2023,year,,,,,,,before\x00after,,\n"
    with pytest.raises(DataError) as raised:
        read_events_file("nul.csv", data.encode())
    assert [str(p) for p in raised.value.problems] == ["nul.csv:2: note: contains a NUL character (\\x00); remove it"]


def test_an_event_at_a_place_the_reader_put_on_the_map_goes_out_and_back_as_a_village():
    village = event(place=Place("reader:18e72320b3d7e579", "Aygepar", VILLAGE, 40.91219, 45.3714, "ARM", "x"))
    assert read_events_file("mine.csv", my_events_csv([village]).encode()) == [village]
    hamlet = HEADER + ",A hamlet,2023-10-13,day,Kut,40.9,45.3,hamlet,ARM,ARM,,,\n"
    with pytest.raises(DataError, match="'hamlet' is not one of city, .*, district, village"):
        read_events_file("mine.csv", hamlet.encode())
