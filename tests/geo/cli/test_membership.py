"""`python -m geo membership`, run as a user runs it: statuses on a day as JSON, and a clear refusal."""

import json
import subprocess
import sys

from tests.conftest import ROOT


def test_command_line_prints_json():
    result = subprocess.run(
        [sys.executable, "-m", "geo", "membership", "--org", "CSTO", "--on", "2024-06-01", "--json"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    )
    assert json.loads(result.stdout) == {
        "ARM": "suspended",
        "AZE": "withdrawn",
        "BLR": "member",
        "GEO": "withdrawn",
        "KAZ": "member",
        "KGZ": "member",
        "RUS": "member",
        "TJK": "member",
        "UZB": "withdrawn",
    }


def test_command_line_rejects_unknown_org():
    result = subprocess.run(
        [sys.executable, "-m", "geo", "membership", "--org", "NATO", "--on", "2024-06-01"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert result.returncode == 1 and "unknown organisation 'NATO'" in result.stderr
