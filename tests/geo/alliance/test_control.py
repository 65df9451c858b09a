"""The Nagorno-Karabakh control table: curated periods tile, cite sources, and give the documented holders."""

from datetime import date
from itertools import pairwise
from pathlib import Path

import pytest

from geo.alliance.control import Control, load_control
from geo.problems import DataError
from geo.weblinks import is_web_url

ROOT = Path(__file__).resolve().parents[3]
AREAS_HEADER = "id,name,kind,geometry,minus,approximate,note\n"
PERIODS_HEADER = "area,control,extent,start,start_precision,end,end_precision,confidence,sources,note\n"


@pytest.fixture(scope="module")
def table():
    return load_control(ROOT / "data")


def test_every_area_has_periods_that_tile_and_a_shape(table):
    for area in table.areas:
        periods = table.periods_of(area)
        assert periods, area
        for before, after in pairwise(periods):
            assert before.end is not None and before.end.first == after.start.first, (area, before.line)
        assert all(p.end is None or p.end.first > p.start.first for p in periods)
    shapes = dict(zip(table.shapes["id"], table.shapes.geometry))
    assert set(shapes) == set(table.areas)
    assert all(not geom.is_empty and geom.is_valid for geom in shapes.values())


def test_every_period_cites_web_sources(table):
    assert all(p.sources and all(is_web_url(s) for s in p.sources) for p in table.periods)


@pytest.mark.parametrize(
    ("area", "year", "control", "extent"),
    [
        ("kalbajar", 2019, Control.ARMENIAN, "whole"),
        ("kalbajar", 2021, Control.AZERBAIJAN, "whole"),
        ("agdam", 2019, Control.ARMENIAN, "part"),  # the line of contact crossed Ağdam and Füzuli
        ("fuzuli", 2000, Control.ARMENIAN, "part"),
        ("nkao", 1992, Control.CONTESTED, "whole"),
        ("nkao", 2021, Control.ARMENIAN, "part"),
        ("peacekeeping-zone", 2022, Control.PEACEKEEPERS, "part"),
        ("lachin-corridor", 2021, Control.PEACEKEEPERS, "whole"),
        ("lachin-corridor", 2022, Control.BLOCKADED, "whole"),
    ],
)
def test_pinned_holders_at_year_end(table, area, year, control, extent):
    period = table.at_year_end(year)[area]
    assert (period.control, period.extent) == (control, extent)


def test_blockade_and_handovers_on_their_days(table):
    assert table.period_on("lachin-corridor", date(2023, 6, 1)).control is Control.BLOCKADED
    assert table.period_on("agdam", date(2020, 11, 19)).control is Control.ARMENIAN
    assert table.period_on("agdam", date(2020, 11, 20)).control is Control.AZERBAIJAN
    assert table.period_on("lachin", date(2020, 11, 30)).control is Control.ARMENIAN
    assert table.period_on("lachin", date(2020, 12, 1)).control is Control.AZERBAIJAN


def test_2024_is_all_azerbaijan_and_the_peacekeepers_are_gone(table):
    held = table.at_year_end(2024)
    assert {p.control for p in held.values()} == {Control.AZERBAIJAN}
    assert "peacekeeping-zone" not in held
    assert set(held) == set(table.areas) - {"peacekeeping-zone"}


def test_history_line_tells_every_period_in_order(table):
    line = table.history_line("lachin")
    assert (
        line == "Azerbaijan, 2 Sep 1991 – 18 May 1992; Armenian forces, 18 May 1992 – 1 Dec 2020; "
        "Azerbaijan, 1 Dec 2020 – today"
    )


def test_differences_between_two_years(table):
    changed = {c.area.id: (c.before, c.after) for c in table.differences(2019, 2021)}
    assert changed["kalbajar"][0].control is Control.ARMENIAN and changed["kalbajar"][1].control is Control.AZERBAIJAN
    assert changed["peacekeeping-zone"][0] is None
    assert {c.area.id for c in table.differences(2023, 2024)} == {"peacekeeping-zone"}
    assert table.differences(2024, 2025) == []


def _write(folder: Path, areas: str, periods: str) -> Path:
    (folder / "control").mkdir()
    (folder / "boundaries").symlink_to(ROOT / "data" / "boundaries")
    (folder / "control" / "areas.csv").write_text(AREAS_HEADER + areas, encoding="utf-8")
    (folder / "control" / "karabakh.csv").write_text(PERIODS_HEADER + periods, encoding="utf-8")
    return folder


def test_every_problem_is_reported_with_file_line_and_field(tmp_path):
    folder = _write(
        tmp_path,
        "a,A,district,province:AZ-KAL,,false,\nb,B,district,feature:no-such,province:XX-1,maybe,\n",
        "a,azerbaijan,whole,1991-01-01,day,1993-01-01,day,high,https://example.org/1,\n"
        "a,armenian,whole,1992-06,month,1994,year,high,https://example.org/2,\n"  # overlaps line 2
        "a,armenian,whole,1995,year,,,high,https://example.org/3,\n"  # gap after 1994
        "b,held,some,1999-02-30,day,1998,year,sure,javascript:alert(1),\n"
        "c,azerbaijan,whole,2000,year,1999,year,high,,\n",
    )
    with pytest.raises(DataError) as raised:
        load_control(folder)
    messages = [str(p).replace(str(folder), "") for p in raised.value.problems]
    assert messages == [
        "/control/areas.csv:3: approximate: 'maybe' is not true or false",
    ]
    (folder / "control" / "areas.csv").write_text(
        AREAS_HEADER + "a,A,district,province:AZ-KAL,,false,\nb,B,district,feature:no-such,province:XX-1,false,\n",
        encoding="utf-8",
    )
    with pytest.raises(DataError) as raised:
        load_control(folder)
    messages = [str(p).replace(str(folder), "") for p in raised.value.problems]
    assert messages == [
        "/control/karabakh.csv:5: control: 'held' is not one of "
        "azerbaijan, armenian, contested, peacekeepers, blockaded",
        "/control/karabakh.csv:5: extent: 'some' is not one of whole, part",
        "/control/karabakh.csv:5: start: '1999-02-30' is not a real date (day is out of range for month)",
        "/control/karabakh.csv:5: confidence: 'sure' is not one of high, medium, low",
        "/control/karabakh.csv:5: sources: needs one or more http(s) addresses separated by ' ; '",
        "/control/karabakh.csv:6: area: 'c' is not an area in areas.csv",
        "/control/karabakh.csv:6: end: 1999 is not after start 2000",
        "/control/karabakh.csv:6: sources: needs one or more http(s) addresses separated by ' ; '",
        "/control/karabakh.csv:3: start: a: overlaps the period on line 2",
        "/control/karabakh.csv:4: start: a: leaves a gap after the period on line 3 (it ends 1994)",
        "/control/areas.csv:3: geometry: 'feature:no-such' is not "
        "'province:<ISO 3166-2>' or 'feature:<id>' in boundaries",
        "/control/areas.csv:3: minus: 'province:XX-1' is not 'province:<ISO 3166-2>' or 'feature:<id>' in boundaries",
    ]
