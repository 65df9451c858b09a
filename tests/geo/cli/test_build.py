"""geo/cli/build.py: `python -m geo build` runs the repository's boundary build, whatever data folder is configured."""

import subprocess
import sys
from pathlib import Path

from geo.cli import build
from tests.conftest import ROOT


def test_the_build_is_loaded_once_from_the_repositorys_data_folder():
    package = build.boundary_build()
    assert Path(package.__file__) == ROOT / "data" / "boundaries" / "build" / "__init__.py"
    assert build.boundary_build() is package
    assert callable(package.run)


def test_the_command_runs_the_repositorys_build_even_with_another_data_folder(tmp_path):
    """ALLIANCE_ATLAS_DATA chooses what the app reads, never which code runs."""
    planted = tmp_path / "boundaries" / "build"
    planted.mkdir(parents=True)
    (planted / "__init__.py").write_text(
        f"open({str(tmp_path / 'ran')!r}, 'w').close()\ndef run(args):\n    return 7\n"
    )
    env = {"PATH": "/usr/bin:/bin", "ALLIANCE_ATLAS_DATA": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-m", "geo", "build", "--help"], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "{boundaries,places}" in done.stdout and "--sources" in done.stdout
    assert not (tmp_path / "ran").exists()


def test_the_command_prints_the_readmes_table_of_fixes():
    done = subprocess.run(
        [sys.executable, "-m", "geo", "build", "boundaries", "--fixes-table"],
        cwd=ROOT,
        check=False,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[0] == "| gn_a1_code | iso3 | changed to | why |"
    assert "| AZ.64 | AZE | `name` Xankəndi; `name_en` Khankendi (Stepanakert) |" in done.stdout
