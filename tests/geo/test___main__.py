"""geo/__main__.py: one command line whose `--help` lists every command, each with its own `--help`."""

import re
import subprocess
import sys

import pytest

from geo.__main__ import COMMANDS
from tests.conftest import ROOT


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "geo", *args], cwd=ROOT, capture_output=True, text=True, timeout=60)


def test_help_lists_every_command():
    done = run("--help")
    assert done.returncode == 0
    listed = re.findall(r"^    (\w+)", done.stdout, re.MULTILINE)
    assert listed == ["geocode", "geoparse", "membership", "import", "build"]
    assert [command.NAME for command in COMMANDS] == listed


@pytest.mark.parametrize("command", ["geocode", "geoparse", "membership", "import", "build"])
def test_each_command_has_its_own_help(command):
    done = run(command, "--help")
    assert done.returncode == 0 and done.stdout.startswith(f"usage: python -m geo {command}")


def test_an_unknown_command_is_refused_with_the_list():
    done = run("frobnicate")
    assert done.returncode == 2 and "invalid choice: 'frobnicate'" in done.stderr and "geocode" in done.stderr
