"""`python -m geo geocode`, run as a user runs it: a subprocess, with the output formats the README documents."""

import json
import subprocess
import sys

import pytest

from tests.conftest import ROOT


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "geo", "geocode", *args], cwd=ROOT, capture_output=True, text=True, timeout=120
    )


def test_cli_json():
    result = run_cli("Leninakan", "--json")
    record = json.loads(result.stdout)
    assert result.returncode == 0
    assert {k: record[k] for k in ("name", "kind", "country_iso3", "source_id", "confidence")} == {
        "name": "Gyumri",
        "kind": "city",
        "country_iso3": "ARM",
        "source_id": "616635",
        "confidence": 0.95,
    }
    assert (record["lat"], record["lon"]) == pytest.approx((40.79305, 43.84635))


def test_cli_country_and_candidates():
    result = run_cli("Kant", "--country", "KGZ", "--candidates", "2", "--json")
    records = json.loads(result.stdout)
    assert result.returncode == 0 and [r["source_id"] for r in records] == ["1528193", "1267979"]


@pytest.mark.parametrize(
    "args, message",
    [
        (["Atlantis-upon-Sea"], "no place matches 'Atlantis-upon-Sea'"),
        (["CSTO", "--json"], "no place matches 'CSTO'"),
    ],
)
def test_cli_unknown_name_exits_1(args, message):
    result = run_cli(*args)
    assert (result.returncode, result.stdout, result.stderr.strip()) == (1, "", message)


def test_cli_text_line():
    result = run_cli("Syunik")
    assert result.returncode == 0 and result.stdout.startswith("Syunik Province [region, ARM]")
