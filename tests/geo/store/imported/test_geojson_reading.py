"""GeoJSON files: features numbered as lines, read in batches, broken or hostile ones refused where they break."""

import json
from datetime import date

import pytest

from geo.problems import DataError
from geo.store import imported
from geo.store.imported import geojson_reading
from geo.store.imported.mapping import ColumnMapping
from tests.conftest import HOSTILE
from tests.geo.store.imported.conftest import (
    GULF_OF_GUINEA,
    GYUMRI,
    MOSCOW,
    YEREVAN,
    feature,
    resolve,
    stored_countries,
)


def test_geojson_features_import_with_their_number_as_line(store, tmp_path):
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [44.51, 40.18]},
            "properties": {"when": "2020-05", "name": "Rally `x`", "kind": "protest"},
        },
        {"type": "Feature", "geometry": None, "properties": {"when": 2021, "name": "Summit", "place": "Gyumri"}},
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [44.5, 40.2]},
            "properties": {"when": "20x", "name": "Bad"},
        },
    ]
    path = tmp_path / "mine.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    mapping = ColumnMapping(date="when", title="name", category="kind", place="place")
    staged = imported.stage_mapped(store, path, mapping, resolve=resolve)
    assert [str(p) for p in imported.staged_problems(store, staged)] == [
        f"{path}:3: when: '20x' is not YYYY-MM-DD, YYYY-MM or YYYY"
    ]
    imported.commit(store, staged)
    assert store.rows("SELECT title, lat, lon, date_precision, event_type FROM events ORDER BY title") == [
        ("Rally `x`", 40.18, 44.51, "month", "protest"),
        ("Summit", GYUMRI.lat, GYUMRI.lon, "year", "uncategorised"),
    ]


def test_a_feature_collection_is_read_in_batches_keeping_feature_numbers(store, tmp_path, monkeypatch):
    monkeypatch.setattr(geojson_reading, "GEOJSON_BATCH", 2)
    features = [
        feature("2020", YEREVAN, name="one"),
        feature("bad", YEREVAN, name="two"),
        feature("2021", MOSCOW, name="three"),
        feature("2022", None, name="four"),
        feature("2023", GULF_OF_GUINEA, name="five", kind="late property"),
    ]
    path = tmp_path / "late.geojson"  # features before type, a byte-order mark: both allowed
    path.write_text("\ufeff" + json.dumps({"features": features, "type": "FeatureCollection"}), encoding="utf-8")
    mapping = ColumnMapping(date="when", title="name", category="kind")
    staged = imported.stage_mapped(store, path, mapping, resolve=resolve)
    assert [(p.line, p.field, p.message) for p in imported.staged_problems(store, staged)] == [
        (2, "when", "'bad' is not YYYY-MM-DD, YYYY-MM or YYYY"),
        (4, "latitude", "has no coordinates and no place name"),
    ]
    assert imported.columns_of(path) == ["when", "name", "kind"]
    imported.commit(store, staged)
    assert stored_countries(store) == {"one": (None, "ARM"), "three": (None, "RUS"), "five": (None, None)}


def test_geojson_lines_hold_one_feature_each(store, tmp_path):
    path = tmp_path / "events.geojsonl"
    path.write_text(
        "\n".join(
            json.dumps(f) for f in [feature("2020", YEREVAN, name=HOSTILE[0]), feature(2021, MOSCOW, name="two", n=1.5)]
        )
        + "\n"
    )
    imported.commit(store, imported.stage_mapped(store, path, ColumnMapping(date="when", title="name")))
    assert store.rows("SELECT title, first_day, lat, lon FROM events ORDER BY first_day") == [
        (HOSTILE[0], date(2020, 1, 1), *YEREVAN),
        ("two", date(2021, 1, 1), *MOSCOW),
    ]


@pytest.mark.parametrize(
    "geometry, problem",
    [
        ({"type": "Point", "coordinates": "abc"}, "latitude: has no coordinates and no place name"),
        ({"type": "Point", "coordinates": [44.5, "x"]}, "latitude: 'x' is not a latitude (-90..90)"),
        ({"type": "Blob", "coordinates": [1, 2]}, "latitude: has no coordinates and no place name"),
    ],
)
def test_a_bad_geometry_is_its_own_features_problem(store, tmp_path, geometry, problem):
    path = tmp_path / "mine.geojson"
    features = [feature("2020", YEREVAN), {**feature("2021"), "geometry": geometry}, feature("2022", MOSCOW)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    staged = imported.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [str(p) for p in imported.staged_problems(store, staged)] == [f"{path}:2: {problem}"]
    assert imported.commit(store, staged) == 2


def test_broken_json_is_one_problem_at_the_feature_it_interrupts(store, tmp_path):
    path = tmp_path / "cut.geojson"
    whole = json.dumps({"type": "FeatureCollection", "features": [feature("2020", YEREVAN)] * 3})
    path.write_text(whole[: whole.rindex("{") + 5])
    with pytest.raises(DataError) as caught:
        imported.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field) for p in caught.value.problems] == [(3, "(file)")]
    assert caught.value.problems[0].message == "ends inside feature 3: the file is cut short"
    assert store.rows("SELECT count(*) FROM imports")[0][0] == 0


def test_a_property_no_feature_has_is_refused_whole(store, tmp_path):
    path = tmp_path / "mine.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature("2020", YEREVAN)]}))
    with pytest.raises(DataError) as caught:
        imported.stage_mapped(store, path, ColumnMapping(date="when", title="name", actor="who"))
    assert [str(p) for p in caught.value.problems] == [
        f"{path}:1: name: property is missing",
        f"{path}:1: who: property is missing",
    ]


def test_a_deeply_nested_property_is_its_features_problem_and_is_never_built(store, tmp_path):
    deep = "[" * 5_000 + "]" * 5_000  # ijson's items() took 72 MB for this, 1 GB for twice as deep
    features = [
        json.dumps(feature("2020", YEREVAN)),
        json.dumps(feature("2021", YEREVAN)).replace('"when": "2021"', f'"when": "2021", "x": {deep}'),
    ]
    path = tmp_path / "deep.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [' + ", ".join(features) + "]}")
    staged = imported.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field, p.message) for p in imported.staged_problems(store, staged)] == [
        (2, "x", "nests deeper than 32 levels")
    ]
    assert (staged.rows, staged.bad_rows) == (2, 1)


def test_a_file_whose_every_feature_is_too_deep_says_so_not_that_a_property_is_missing(store, tmp_path):
    """Its properties are unknown, not missing: the reader is told what is wrong with each feature."""
    deep = {"when": "2021", "x": json.loads("[" * 34 + "]" * 34)}
    path = tmp_path / "deep.geojson"
    path.write_text(json.dumps({"type": "FeatureCollection", "features": [feature(**deep)]}))
    staged = imported.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field, p.message) for p in imported.staged_problems(store, staged)] == [
        (1, "x", "nests deeper than 32 levels")
    ]


def test_invalid_json_is_one_problem_from_the_feature_it_breaks(store, tmp_path):
    path = tmp_path / "bad.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [' + json.dumps(feature("2020", YEREVAN)) + ", {]}")
    with pytest.raises(DataError) as caught:
        imported.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field) for p in caught.value.problems] == [(2, "(file)")]
    assert caught.value.problems[0].message.startswith("is not valid JSON from feature 2 on")


def test_two_features_too_deep_are_one_problem_each(store, tmp_path):
    deep = {"when": "2021", "x": json.loads("[" * 34 + "]" * 34)}  # 36 levels with the feature and properties
    path = tmp_path / "deep.geojson"
    path.write_text(
        json.dumps(
            {"type": "FeatureCollection", "features": [feature("2020", YEREVAN), feature(**deep), feature(**deep)]}
        )
    )
    staged = imported.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field, p.message) for p in imported.staged_problems(store, staged)] == [
        (2, "x", "nests deeper than 32 levels"),
        (3, "x", "nests deeper than 32 levels"),
    ]


def test_a_feature_with_too_much_text_is_its_problem(store, tmp_path, monkeypatch):
    monkeypatch.setattr(geojson_reading, "MAX_FEATURE_CHARS", 1000)
    path = tmp_path / "big.geojson"
    features = [feature("2020", YEREVAN), feature("2021", YEREVAN, words=["w" * 100] * 20)]
    path.write_text(json.dumps({"type": "FeatureCollection", "features": features}))
    staged = imported.stage_mapped(store, path, ColumnMapping(date="when"))
    assert [(p.line, p.field, p.message) for p in imported.staged_problems(store, staged)] == [
        (2, "words", "holds more than 1,000 characters of text")
    ]
