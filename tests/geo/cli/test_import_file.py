"""`python -m geo import`, run as an operator runs it: a subprocess with ALLIANCE_ATLAS_HOME set."""

import json
import os
import subprocess
import sys

import pytest

from bench.generate_acled import COLUMNS, write_export
from geo.store import imported
from tests.conftest import ROOT
from tests.geo.store.imported.conftest import acled_row, holding, write_csv


@pytest.fixture
def home(tmp_path):
    return tmp_path / "home"


def geo(home, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=os.environ | {"ALLIANCE_ATLAS_HOME": str(home)},
        timeout=300,
    )


def stored(home) -> int:
    store = imported.open_store(home / "bulk.duckdb")
    try:
        return store.event_count()
    finally:
        store.close()


def test_help_lists_the_subcommands(home):
    done = geo(home, "--help")
    assert done.returncode == 0 and "import" in done.stdout


def test_a_clean_export_is_checked_then_kept_into_the_apps_store(home, tmp_path):
    export = tmp_path / "acled.csv"
    write_export(300, export, seed=1)
    checked = geo(home, "import", str(export), "--json")
    assert (checked.returncode, json.loads(checked.stdout)) == (
        0,
        {"rows": 300, "problems": [], "kept": 0, "refused": False},
    )
    assert stored(home) == 0
    kept = geo(home, "import", str(export), "--keep")
    assert (kept.returncode, kept.stdout) == (0, "")
    assert "300 rows read, 0 problems, 300 events kept" in kept.stderr
    assert stored(home) == 300


def test_problems_are_printed_one_per_line_and_only_good_rows_kept(home, tmp_path):
    export = write_csv(
        tmp_path / "bad.csv",
        [
            acled_row(),
            acled_row(event_id_cnty="ARM2", latitude="95"),
            acled_row(event_id_cnty="ARM3", notes="n" * 20_000),
        ],
    )
    checked = geo(home, "import", str(export))
    assert checked.returncode == 1
    assert checked.stdout.splitlines() == [
        f"{export}:3: latitude: '95' is outside -90..90",
        f"{export}:4: notes: is longer than the 10,000 characters allowed (accept truncation to keep it cut)",
    ]
    assert stored(home) == 0
    kept = geo(home, "import", str(export), "--keep", "--json")
    assert kept.returncode == 1
    assert [json.loads(kept.stdout)[key] for key in ("rows", "kept")] == [3, 1]
    cut = geo(home, "import", str(export), "--keep", "--truncate", "--max-cell", "5000")
    assert cut.returncode == 1 and cut.stdout.splitlines() == [f"{export}:3: latitude: '95' is outside -90..90"]
    assert stored(home) == 2


@pytest.mark.parametrize(
    "content, problem",
    [
        ("when,what\n2020,x\n", "is not an ACLED export (its columns differ): give --mapping MAPPING.json"),
        (
            ",".join(COLUMNS) + ",Event_id_cnty\n",
            "event_id_cnty: column names 'event_id_cnty', 'Event_id_cnty' differ only in case",
        ),
    ],
)
def test_a_file_refused_whole_exits_2_and_keeps_nothing(home, tmp_path, content, problem):
    export = tmp_path / "odd.csv"
    export.write_text(content)
    done = geo(home, "import", str(export), "--keep")
    assert done.returncode == 2 and problem in done.stdout
    assert "Traceback" not in done.stderr


def test_an_unreadable_file_exits_2(home, tmp_path):
    done = geo(home, "import", str(tmp_path / "missing.csv"))
    assert (done.returncode, done.stdout.strip()) == (
        2,
        f"{tmp_path / 'missing.csv'}:1: (file): cannot be read: No such file or directory",
    )


def test_a_mapping_file_reads_any_csv_and_names_unknown_fields(home, tmp_path):
    export = tmp_path / "mine.csv"
    export.write_text("When,Lat,Lon,What\n2020-05-03,40.18,44.51,Rally\n2021,40.2,44.5,Summit\n")
    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"date": "When", "latitude": "Lat", "longitude": "Lon", "title": "What"}))
    assert geo(home, "import", str(export), "--mapping", str(mapping), "--keep").returncode == 0
    assert stored(home) == 2
    mapping.write_text(json.dumps({"date": "When", "colour": "What"}))
    done = geo(home, "import", str(export), "--mapping", str(mapping))
    assert done.returncode == 2 and f"{mapping}:1: colour: is not one of" in done.stdout


def test_a_name_with_glob_characters_imports_that_file(home, tmp_path):
    write_csv(tmp_path / "acled1.csv", [acled_row(event_id_cnty="OTHER")])
    export = write_csv(tmp_path / "acled[1].csv", [acled_row(), acled_row(event_id_cnty="ARM2")])
    done = geo(home, "import", str(export), "--keep", "--json")
    assert json.loads(done.stdout)["kept"] == 2
    store = imported.open_store(home / "bulk.duckdb")
    assert imported.imported_event(store, "OTHER") is None
    store.close()


def test_a_deep_geojson_feature_is_a_problem_not_a_crash(home, tmp_path):
    path = tmp_path / "deep.geojson"
    point = '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.5, 40.2]}, "properties": '
    path.write_text(
        '{"type": "FeatureCollection", "features": ['
        + point
        + '{"when": "2020"}}, '
        + point
        + '{"when": "2021", "x": '
        + "[" * 50_000
        + "]" * 50_000
        + "}}]}"
    )
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"date": "when"}')
    done = geo(home, "import", str(path), "--mapping", str(mapping), "--keep")
    assert (done.returncode, done.stdout.splitlines()) == (1, [f"{path}:2: x: nests deeper than 32 levels"])
    assert stored(home) == 1


def test_a_store_held_by_another_program_exits_2_naming_the_store(home, tmp_path):
    export = write_csv(tmp_path / "one.csv", [acled_row()])
    mapping = tmp_path / "mapping.json"
    mapping.write_text('{"date": "event_date", "latitude": "latitude", "longitude": "longitude"}')
    imported.open_store(home / "bulk.duckdb").close()
    with holding(home / "bulk.duckdb"):
        done = geo(home, "import", str(export), "--keep", "--mapping", str(mapping))
    assert done.returncode == 2
    assert f"{home / 'bulk.duckdb'}:1: (file): the imported events are open in another program" in done.stdout
    assert str(mapping) not in done.stdout and "Traceback" not in done.stderr
