from datetime import date
from pathlib import Path

import pytest

from geo.alliance.membership import FOCUS, Status, load_memberships
from geo.problems import DataError
from tests.conftest import ROOT

M, S, W, OBS, N = Status.MEMBER, Status.SUSPENDED, Status.WITHDRAWN, Status.OBSERVER, Status.NON_MEMBER


@pytest.fixture(scope="module")
def memberships():
    return load_memberships(ROOT / "data")


@pytest.mark.parametrize(
    "org, country, day, status",
    [
        ("CST", "UZB", date(1995, 6, 1), M),
        ("CST", "UZB", date(2000, 6, 1), W),
        ("CSTO", "UZB", date(2008, 1, 1), M),
        ("CSTO", "UZB", date(2013, 1, 1), W),
        ("CSTO", "UZB", date(1997, 1, 1), M),  # before the charter the CST status carries
        ("CSTO", "GEO", date(2024, 6, 1), W),
        ("CSTO", "AZE", date(2000, 1, 1), W),
        ("CSTO", "AZE", date(1998, 1, 1), M),
        ("CSTO", "ARM", date(2024, 2, 21), M),
        ("CSTO", "ARM", date(2024, 2, 22), S),
        ("CSTO", "ARM", date(2026, 11, 24), S),  # frozen, never formally withdrawn
        ("CSTO", "RUS", date(2025, 1, 1), M),
        ("CSTO", "FRA", date(2025, 1, 1), N),
        ("CSTO-PA", "SRB", date(2020, 1, 1), OBS),
        ("EAEU", "ARM", date(2015, 1, 1), N),
        ("EAEU", "ARM", date(2015, 1, 2), M),
    ],
)
def test_status_on_agrees_with_the_reference_facts(memberships, org, country, day, status):
    assert memberships.status_on(org, country, day) is status


def test_armenia_has_no_withdrawal_anywhere(memberships):
    assert not [i for i in memberships.intervals if i.country == "ARM" and i.status is W]


def test_statuses_in_year_reports_year_end_and_change(memberships):
    in_2024 = memberships.statuses_in_year("CSTO", 2024)
    assert (in_2024["ARM"].status, in_2024["ARM"].changed) == (S, True)
    assert (in_2024["KAZ"].status, in_2024["KAZ"].changed) == (M, False)
    in_2023 = memberships.statuses_in_year("CSTO", 2023)
    assert (in_2023["ARM"].status, in_2023["ARM"].changed) == (M, False)
    assert memberships.statuses_in_year("CSTO", 2012)["UZB"].changed


def test_csto_members_2022(memberships):
    statuses = memberships.statuses_on("CSTO", date(2022, 12, 31))
    assert sorted(c for c, s in statuses.items() if s is M) == ["ARM", "BLR", "KAZ", "KGZ", "RUS", "TJK"]
    assert sorted(c for c, s in statuses.items() if s is W) == ["AZE", "GEO", "UZB"]


HEADER = "org,country_iso3,status,start,start_precision,end,end_precision,confidence,sources,note\n"


def _write(tmp_path: Path, rows: str) -> Path:
    (tmp_path / "organisations.csv").write_text((ROOT / "data" / "organisations.csv").read_text())
    (tmp_path / "membership.csv").write_text(HEADER + rows)
    return tmp_path


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            "CSTO,ARM,member,2022-13-01,day,,,high,https://x.org,",
            "membership.csv:2: start: '2022-13-01' is not a real date",
        ),
        ("CSTO,ARM,left,2022-01-01,day,,,high,https://x.org,", "membership.csv:2: status: 'left' is not one of"),
        (
            "CSTO,ARM,member,2022-01-01,day,2021-01-01,day,high,https://x.org,",
            "membership.csv:2: end: 2021-01-01 is not after start",
        ),
        ("NATO,ARM,member,2022-01-01,day,,,high,https://x.org,", "membership.csv:2: org: 'NATO' is not one of"),
        (
            "CSTO,Armenia,member,2022-01-01,day,,,high,https://x.org,",
            "membership.csv:2: country_iso3: 'Armenia' is not",
        ),
        ("CSTO,ARM,member,2022-01-01,day,,,sure,https://x.org,", "membership.csv:2: confidence: 'sure'"),
        ("CSTO,ARM,member,2022-01-01,day,,,high,,", "membership.csv:2: sources: no source given"),
        ("CSTO,ARM,member,2022-01,day,,,high,https://x.org,", "precision says 'day'"),
    ],
)
def test_bad_rows_name_file_line_and_field(tmp_path, row, expected):
    with pytest.raises(DataError) as error:
        load_memberships(_write(tmp_path, row + "\n"))
    assert expected in str(error.value)


def test_overlaps_are_rejected_and_every_problem_is_listed(tmp_path):
    rows = (
        "CSTO,ARM,member,2002-10-07,day,2024-03-01,day,high,https://x.org,\n"
        "CSTO,ARM,suspended,2024-02-22,day,,,high,https://x.org,\n"
        "CSTO,KAZ,member,2002-13-07,day,,,high,https://x.org,\n"
    )
    with pytest.raises(DataError) as error:
        load_memberships(_write(tmp_path, rows))
    messages = [str(p) for p in error.value.problems]
    assert any(":3: start: CSTO ARM interval overlaps the one on line 2" in m for m in messages)
    assert any(":4: start:" in m for m in messages)


def test_missing_column_is_reported(tmp_path):
    (tmp_path / "organisations.csv").write_text((ROOT / "data" / "organisations.csv").read_text())
    (tmp_path / "membership.csv").write_text("org,country_iso3,status\nCSTO,ARM,member\n")
    with pytest.raises(DataError, match="membership.csv:1: start: column is missing"):
        load_memberships(tmp_path)


def test_segments_follow_the_map_view(memberships):
    spans = memberships.segments("CSTO", "UZB", date(2026, 1, 1))
    assert [(s.year, e.year, st) for s, e, st in spans] == [
        (1992, 1999, M),
        (1999, 2006, W),
        (2006, 2012, M),
        (2012, 2026, W),
    ]
    assert memberships.segments("CSTO", "ARM", date(2026, 1, 1))[-1] == (date(2024, 2, 22), date(2026, 1, 1), S)


def test_statuses_are_current_only_when_nothing_changed_since(memberships):
    """Armenia froze its participation in 2024: the end of 2023 is history by now, the end of 2024 is current."""
    today = date(2026, 12, 1)
    assert not memberships.still_current("CSTO", 2023, today)
    assert memberships.still_current("CSTO", 2024, today)
    assert memberships.still_current("CSTO", 2026, today)
    assert not memberships.still_current("CSTO", 2027, today)  # a year not yet reached


def test_status_changes_between_two_years_name_the_country_and_both_statuses(memberships):
    assert memberships.status_changes("CSTO", 2021, 2024) == [("ARM", Status.MEMBER, Status.SUSPENDED)]
    assert memberships.status_changes("CSTO", 2024, 2021) == [("ARM", Status.SUSPENDED, Status.MEMBER)]
    assert memberships.status_changes("CSTO", 2024, 2025) == []
    assert ("UZB", Status.MEMBER, Status.WITHDRAWN) in memberships.status_changes("CSTO", 2008, 2013)


def test_the_organisation_the_map_opens_on_is_in_the_data(memberships):
    assert memberships.organisations[FOCUS].short_name == "CSTO"
