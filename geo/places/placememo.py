"""Places the curated data names, remembered once resolved: a warm start of the map needs no gazetteer at all.

The memo is keyed by the gazetteer's index key (its builder's code, package versions and data files) and the code
that looks names up and ranks them, so any change to what geocode would answer starts a new memo; the gazetteer
itself is loaded only on a miss.
"""

import json
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path

from geo import files
from geo.places.gazetteer import Gazetteer, Place
from geo.places.geocode import geocode
from geo.places.indexcache import content_key, index_key, module_files

# What an answer depends on besides the index: the lookups and the Place record (gazetteer), the ranking (geocode).
ANSWERING_MODULES = ("geo.places.gazetteer", "geo.places.geocode")


class PlaceMemo:
    def __init__(self, data_dir: Path, gazetteer: Callable[[], Gazetteer], cache_dir: Path | None = None) -> None:
        self._path = (cache_dir or files.cache_dir()) / f"places-{memo_key(data_dir)}.json"
        self._gazetteer = gazetteer
        self._known: dict[str, dict | None] = self._read()
        self._changed = False

    def resolve(self, name: str, countries: tuple[str, ...]) -> Place | None:
        """geo.places.geocode with the record's countries as context (Kant in KGZ, not India), remembered."""
        key = json.dumps([name, sorted(countries)])
        if key not in self._known:
            match = geocode(name, context=countries, gazetteer=self._gazetteer())
            self._known[key] = asdict(match.place) if match else None
            self._changed = True
        fields = self._known[key]
        return Place(**fields) if fields else None

    def save(self) -> None:
        """Atomic, and only when something new was resolved."""
        if not self._changed:
            return
        files.atomic_write(self._path, json.dumps(self._known, ensure_ascii=False).encode())
        self._changed = False

    def _read(self) -> dict[str, dict | None]:
        try:
            return json.loads(self._path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}  # absent or damaged: everything is resolved again


def memo_key(data_dir: Path) -> str:
    """The index key and the lookup and ranking code: a memo never outlives the answers it remembers."""
    return content_key([index_key(data_dir), *ANSWERING_MODULES], module_files(ANSWERING_MODULES))
