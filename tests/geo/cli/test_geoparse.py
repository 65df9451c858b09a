"""`python -m geo geoparse`: one JSON object per mention (and per date), offsets into the file, unreadable files
reported while the others are still parsed."""

import json

import pytest

import geo.news.geoparse as geoparse
from geo.__main__ import main
from geo.cli.geoparse import mention_record
from geo.news.geoparse import METONYM, Geoparser
from geo.places.gazetteer import Gazetteer
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def geoparser() -> Geoparser:
    return Geoparser(Gazetteer.load(ROOT / "data"))


def test_command_line_prints_one_json_object_per_mention(geoparser, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(geoparse, "_default_parser", geoparser)
    article = tmp_path / "article.txt"
    text = (
        "Published: 2023-11-02\r\nIn Azerbaijan, Şuşa; in Leninakan, the Kremlin said on October 31, all was calm.\r\n"
    )
    article.write_bytes(text.encode("utf-8"))
    assert main(["geoparse", str(article), "--jsonl", "--dates"]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    places = [r for r in records if r["kind"] != "date"]
    assert [(r["surface"], r["kind"], r["name"], r["country_iso3"]) for r in places] == [
        ("Azerbaijan", "country", "Azerbaijan", "AZE"),
        ("Şuşa", "city", "Shusha", "AZE"),
        ("Leninakan", "city", "Gyumri", "ARM"),
        ("Kremlin", METONYM, "Moscow", "RUS"),
    ]
    for record in places:
        assert set(record) >= {
            "file",
            "start",
            "end",
            "surface",
            "name",
            "kind",
            "lat",
            "lon",
            "country_iso3",
            "confidence",
        }
        assert text[record["start"] : record["end"]] == record["surface"]  # offsets into the file read as UTF-8
    dates = [(r["surface"], r["date"], r["precision"]) for r in records if r["kind"] == "date"]
    assert dates == [("2023-11-02", "2023-11-02", "day"), ("October 31", "2023-10-31", "day")]


def test_command_line_reports_unreadable_files_and_goes_on(geoparser, tmp_path, monkeypatch, capsys):
    monkeypatch.setattr(geoparse, "_default_parser", geoparser)
    good = tmp_path / "good.md"
    good.write_text("Flights to Gyumri resumed.")
    assert main(["geoparse", str(tmp_path / "missing.txt"), str(good), "--jsonl"]) == 1
    out = capsys.readouterr()
    assert "missing.txt" in out.err and json.loads(out.out)["surface"] == "Gyumri"


def test_record_of_an_undrawn_border_has_no_coordinates(geoparser):
    mention = geoparser.mentions("at the Russian-Kazakh border")[0]
    record = mention_record(mention, "a.txt")
    assert (record["kind"], record["lat"], record["lon"], record["name"]) == ("border", None, None, None)
