import hashlib
import re
import stat
import subprocess
import sys
import threading
from datetime import date
from pathlib import Path

from streamlit.testing.v1 import AppTest

from bench.generate_acled import COLUMNS, write_export
from geo.store import imported
from tests.conftest import ROOT
from tests.screens.conftest import page


def uploaded(path: Path, name: str | None = None, **state) -> AppTest:
    """The Import screen with `path` chosen in its uploader, as a browser sends it."""
    at = page("imports", **state).run()
    at.file_uploader[0].set_value((name or path.name, path.read_bytes(), "text/csv")).run()
    return at


def unescaped(markdown: str) -> str:
    """Text as the reader sees it: md_text escapes Markdown's punctuation with backslashes."""
    return re.sub(r"\\(.)", r"\1", markdown)


def check(at: AppTest) -> AppTest:
    return next(b for b in at.button if b.label == "Check the file").click().run()


def test_an_acled_export_is_checked_then_kept_and_shown_on_the_map(tmp_path):
    export = tmp_path / "acled.csv"
    write_export(400, export, seed=3)
    at = uploaded(export)
    assert not at.exception
    assert "ACLED layout recognised." in at.info[0].value
    next(b for b in at.button if b.label == "Check the file").click().run()
    assert [m.value for m in at.metric] == ["0", "400", "0", "400", "0"]  # stored, read, bad, new, already there
    keep = next(b for b in at.button if b.label.startswith("Keep the"))
    assert keep.label == "Keep the 400 new or revised events"
    keep.click().run()
    # the page is drawn again after keeping: the count, the outcome and no report left with live buttons agree
    assert [s.value for s in at.success] == ["400 events written."] and at.metric[0].value == "400"
    assert not any(b.label.startswith("Keep") or b.label == "Discard this file" for b in at.button)
    again = uploaded(export)
    assert again.metric[0].value == "400"
    next(b for b in again.button if b.label == "Check the file").click().run()
    assert [m.value for m in again.metric][3:] == ["0", "400"]  # a re-import adds nothing
    nothing = next(b for b in again.button if b.label.startswith("Nothing new"))
    assert nothing.label == "Nothing new to keep: every good row is stored already" and nothing.disabled
    shown = page("map", year=2010).run()
    assert not shown.exception
    assert re.search(r"\b[1-9][\d,]* imported events? in view", shown.caption[0].value)  # the opening view holds a few


def test_a_malformed_export_reports_lines_and_adds_nothing(tmp_path):
    export = tmp_path / "bad.csv"
    write_export(50, export, seed=4)
    lines = export.read_text().splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[1], "2022-13-45", 1)
    export.write_text("\n".join(lines) + "\n")
    at = uploaded(export)
    next(b for b in at.button if b.label == "Check the file").click().run()
    problems = at.dataframe[0].value
    assert list(problems["line"]) == [4] and problems["field"][0] == "event_date"
    next(b for b in at.button if b.label == "Discard this file").click().run()
    assert at.info[-1].value == "Nothing was imported."


def test_missing_columns_are_named(tmp_path):
    export = tmp_path / "notes.csv"
    export.write_text("when,what\n2022-01-01,x\n")
    at = uploaded(export)
    assert "Map the columns" in at.info[0].value
    assert next(b for b in at.button if b.label == "Check the file").disabled


def test_category_and_actor_filters_apply_to_imported_events(tmp_path):
    export = tmp_path / "acled.csv"
    write_export(400, export, seed=3)
    at = uploaded(export)
    next(b for b in at.button if b.label == "Check the file").click().run()
    next(b for b in at.button if b.label.startswith("Keep the")).click().run()

    world = {"bounds": {"_southWest": {"lat": -80, "lng": -180}, "_northEast": {"lat": 80, "lng": 180}}, "zoom": 2}

    def in_view(**state) -> int:
        shown = page("map", year=2010, dates=(date(1990, 1, 1), date(2030, 12, 31)), map=world, **state).run()
        return int(re.search(r"([\d,]+) imported events in view", shown.caption[0].value).group(1).replace(",", ""))

    everything = in_view()
    assert everything == 400
    battles = in_view(categories=["Battles"])
    assert 0 < battles < everything
    assert in_view(categories=["summit"]) == 0  # a curated category: no imported event has it
    assert 0 < in_view(actor="military forces") < everything


# --- hostile files (issue 10) ---------------------------------------------------------------------------------


def acled_lines(rows: int, **cells) -> str:
    """An ACLED export of `rows` events; `cells` replace columns of the second event."""
    row = {
        "event_id_cnty": "ARM1",
        "event_date": "2022-09-13",
        "year": "2022",
        "time_precision": "1",
        "event_type": "Battles",
        "country": "Armenia",
        "latitude": "39.84",
        "longitude": "45.67",
        "geo_precision": "1",
        "fatalities": "0",
    }
    lines = [",".join(COLUMNS)]
    for number in range(rows):
        cell = row | {"event_id_cnty": f"ARM{number}"} | (cells if number == 1 else {})
        lines.append(",".join(cell.get(column, "") for column in COLUMNS))
    return "\n".join(lines) + "\n"


def test_the_import_screen_reads_no_path_on_the_server():
    at = page("imports").run()
    assert not at.exception
    assert [t.label for t in at.text_input] == []
    assert "python -m geo import FILE" in at.caption[0].value


def test_a_huge_cell_is_reported_at_its_line_and_can_be_kept_cut(tmp_path):
    export = tmp_path / "long.csv"
    export.write_text(acled_lines(4, notes="x" * 3_000_000).replace("ARM3,2022-09-13", "ARM3,2022-13-13"))
    at = check(uploaded(export))
    assert not at.exception
    assert [m.value for m in at.metric][1:3] == ["4", "2"]  # rows read, rows with problems: none lost
    problems = at.dataframe[0].value
    assert list(zip(problems["line"], problems["field"])) == [(3, "notes"), (5, "event_date")]
    assert problems["problem"][0] == "is longer than the 10,000 characters allowed (accept truncation to keep it cut)"
    cut = uploaded(export, truncate=True)
    check(cut)
    assert [m.value for m in cut.metric][1:3] == ["4", "1"]
    assert "1 rows have text longer than 10,000 characters" in cut.warning[0].value
    next(b for b in cut.button if b.label.startswith("Keep the")).click().run()
    assert len(imported.imported_event(imported.open_store(), "ARM1").notes) == 10_000


def feature_collection(*features: str) -> str:
    return '{"type": "FeatureCollection", "features": [' + ", ".join(features) + "]}"


POINT = (
    '{"type": "Feature", "geometry": {"type": "Point", "coordinates": [44.5, 40.2]}, '
    '"properties": {"when": "2020", "lat": 40.2, "lon": 44.5'
)


def test_a_deeply_nested_property_is_its_features_problem(tmp_path):
    deep = tmp_path / "deep.geojson"
    deep.write_text(
        feature_collection(POINT + "}}", POINT + ', "name": "deep", "x": ' + "[" * 5000 + "]" * 5000 + "}}")
    )
    at = uploaded(deep)
    for field, name in (("date", "when"), ("latitude", "lat"), ("longitude", "lon")):
        at.selectbox(key=f"map_{field}").select(name).run()
    check(at)
    assert not at.exception
    problems = at.dataframe[0].value
    assert list(zip(problems["line"], problems["field"], problems["problem"])) == [
        (2, "x", "nests deeper than 32 levels")
    ]


def test_a_truncated_geojson_is_one_clear_message(tmp_path):
    cut = tmp_path / "cut.geojson"
    cut.write_text(feature_collection(POINT + "}}", POINT)[:-40])
    at = uploaded(cut)
    assert not at.exception
    shown = unescaped(at.error[0].value)
    assert "cut.geojson:2: (file): ends inside feature 2: the file is cut short" in shown
    assert str(tmp_path) not in shown and "uploads" not in shown


def test_header_names_differing_only_in_case_or_empty_are_named(tmp_path):
    export = tmp_path / "names.csv"
    export.write_text("When,when,,Lat,Lon\n2020,2021,x,40.1,44.5\n")
    at = uploaded(export)
    for field, column in (("date", "When"), ("latitude", "Lat"), ("longitude", "Lon")):
        at.selectbox(key=f"map_{field}").select(column).run()
    check(at)
    assert not at.exception
    message = unescaped(at.error[0].value)
    assert "names.csv:1: (column 3): column has no name" in message
    assert "names.csv:1: When: column names 'When', 'when' differ only in case" in message


def test_an_upload_is_saved_whole_privately_and_deleted_once_kept(tmp_path, own_home):
    export = tmp_path / "acled.csv"
    write_export(50, export, seed=2)
    uploads = own_home / "uploads"
    uploads.mkdir(parents=True)
    interrupted = export.read_bytes()[:2000]  # what a write stopped halfway left under the upload's name
    (uploads / (hashlib.sha256(export.read_bytes()).hexdigest()[:16] + ".csv")).write_bytes(interrupted)
    at = uploaded(export, name="acled[1].csv")
    saved = list(uploads.iterdir())
    assert [p.read_bytes() == export.read_bytes() for p in saved] == [True]
    assert stat.S_IMODE(saved[0].stat().st_mode) == 0o600
    check(at)
    assert at.metric[1].value == "50"
    next(b for b in at.button if b.label.startswith("Keep the")).click().run()
    assert list(uploads.iterdir()) == []
    assert at.success[0].value == "50 events written."


def test_a_second_session_keeping_the_same_file_adds_nothing(tmp_path):
    export = tmp_path / "acled.csv"
    write_export(3000, export, seed=6)
    sessions = [check(uploaded(export)) for _ in range(2)]
    start = threading.Barrier(2)

    def keep(at: AppTest) -> None:
        start.wait()
        next(b for b in at.button if b.label.startswith("Keep the")).click().run()

    workers = [threading.Thread(target=keep, args=(at,)) for at in sessions]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert sorted(at.success[0].value for at in sessions) == ["0 events written.", "3,000 events written."]
    assert page("imports").run().metric[0].value == "3,000"


def test_another_program_holding_the_store_leaves_the_map_and_import_working(tmp_path, own_home):
    export = tmp_path / "acled.csv"
    write_export(100, export, seed=2)
    store = imported.open_store()
    imported.commit(store, imported.stage_acled(store, export))
    store.close()
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import time; from geo.store import imported; "
            "store = imported.open_store(); print('open', flush=True); time.sleep(120)",
        ],
        stdout=subprocess.PIPE,
        text=True,
        cwd=ROOT,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        imports = page("imports").run()
        shown = page("map", year=2010).run()
    finally:
        holder.kill()
        holder.wait()
    assert not imports.exception and not shown.exception
    assert "open in another program" in imports.error[0].value
    assert "imported events not shown: they are open in another program" in shown.caption[0].value
    assert "CSTO in 2010" in shown.title[0].value


def test_in_team_mode_a_reader_who_has_not_signed_in_gets_a_link_not_the_screen(team_mode):
    at = page("imports").run()
    assert not at.exception
    assert "[Sign in](/signin)" in at.info[0].value
    assert not at.file_uploader and not at.button and not at.metric


def test_in_team_mode_a_signed_in_analyst_gets_the_screen(team_mode):
    at = page("imports")
    at.user = {"name": "alice"}
    at.run()
    assert not at.exception and not at.info
    assert at.file_uploader and at.metric[0].label == "Events in your store"
