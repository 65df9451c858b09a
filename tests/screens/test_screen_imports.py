import re
from datetime import date

from bench.generate_acled import write_export
from tests.screens.conftest import page


def test_an_acled_export_is_checked_then_kept_and_shown_on_the_map(tmp_path):
    export = tmp_path / "acled.csv"
    write_export(400, export, seed=3)
    at = page("imports", bulk_path=str(export)).run()
    assert not at.exception
    assert "ACLED layout recognised." in at.info[0].value
    next(b for b in at.button if b.label == "Check the file").click().run()
    assert [m.value for m in at.metric] == ["0", "400", "0", "400", "0"]  # stored, read, bad, new, already there
    next(b for b in at.button if b.label.startswith("Keep the")).click().run()
    assert [s.value for s in at.success] == ["400 events written."]
    again = page("imports", bulk_path=str(export)).run()
    assert again.metric[0].value == "400"
    next(b for b in again.button if b.label == "Check the file").click().run()
    assert [m.value for m in again.metric][3:] == ["0", "400"]  # a re-import adds nothing
    shown = page("map", year=2010).run()
    assert not shown.exception
    assert "imported events in view" in shown.caption[0].value


def test_a_malformed_export_reports_lines_and_adds_nothing(tmp_path):
    export = tmp_path / "bad.csv"
    write_export(50, export, seed=4)
    lines = export.read_text().splitlines()
    lines[3] = lines[3].replace(lines[3].split(",")[1], "2022-13-45", 1)
    export.write_text("\n".join(lines) + "\n")
    at = page("imports", bulk_path=str(export)).run()
    next(b for b in at.button if b.label == "Check the file").click().run()
    problems = at.dataframe[0].value
    assert list(problems["line"]) == [4] and problems["field"][0] == "event_date"
    next(b for b in at.button if b.label == "Discard this file").click().run()
    assert at.info[-1].value == "Nothing was imported."


def test_missing_columns_are_named(tmp_path):
    export = tmp_path / "notes.csv"
    export.write_text("when,what\n2022-01-01,x\n")
    at = page("imports", bulk_path=str(export)).run()
    assert "Map the columns" in at.info[0].value
    assert next(b for b in at.button if b.label == "Check the file").disabled


def test_category_and_actor_filters_apply_to_imported_events(tmp_path):
    export = tmp_path / "acled.csv"
    write_export(400, export, seed=3)
    at = page("imports", bulk_path=str(export)).run()
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
