"""`python -m geo.build boundaries`: runs the boundary build, which lives with its data in data/boundaries/build/.

The build is loaded by path from the repository's own data/ (never from ALLIANCE_ATLAS_DATA or a user's path), as
a package so that its modules import each other.
"""
import importlib.util
import sys
from collections.abc import Sequence
from types import ModuleType

from geo import files

BOUNDARY_BUILD = files.REPOSITORY_DATA / "boundaries" / "build"
PACKAGE = "alliance_atlas_boundary_build"   # its name in sys.modules


def boundary_build() -> ModuleType:
    """The build package, loaded once per process."""
    if PACKAGE not in sys.modules:
        spec = importlib.util.spec_from_file_location(PACKAGE, BOUNDARY_BUILD / "__init__.py",
                                                      submodule_search_locations=[str(BOUNDARY_BUILD)])
        package = importlib.util.module_from_spec(spec)
        sys.modules[PACKAGE] = package   # before running it, so its relative imports find their parent
        try:
            spec.loader.exec_module(package)
        except BaseException:
            del sys.modules[PACKAGE]
            raise
    return sys.modules[PACKAGE]


def main(argv: Sequence[str] | None = None) -> int:
    return boundary_build().main(argv)


if __name__ == "__main__":
    raise SystemExit(main())
