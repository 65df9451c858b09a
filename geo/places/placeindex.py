"""The gazetteer's index as plain columns: what the builder fills, the cache pickles and the lookups read.

Plain lists, arrays, sets and dicts of ints and strings, because unpickling those is what a warm start costs (0.6 s
for 235,000 places); a Place record is made only when a lookup returns one. Every name is packed into one int per
place it names (see PlaceIndex.add_name), and the builder and the lookups unpack it with the shifts defined here.
"""

import zlib
from array import array
from dataclasses import dataclass, field

from geo.places.nameforms import folded_form, normal_form, surface_form

KINDS = ("city", "province", "region", "border", "corridor", "country", "macro-region", "district")
CITY, PROVINCE, REGION, BORDER, CORRIDOR, COUNTRY, MACRO, DISTRICT = range(len(KINDS))
FEATURE_KIND_CODES = (REGION, BORDER, CORRIDOR)
ID_PREFIX = {
    CITY: "gn:",
    PROVINCE: "province:",
    REGION: "feature:",
    BORDER: "feature:",
    CORRIDOR: "feature:",
    COUNTRY: "country:",
    MACRO: "macro:",
    DISTRICT: "district:",
}

# How a name belongs to a place; geocode weighs them.
NAME, ALTERNATE, ALIAS = range(3)
NAME_SEPARATOR = "\x1f"
# One entry: place << PLACE_SHIFT | tier << TIER_SHIFT | 16-bit hash of the spelling << 16 | of the normal form.
PLACE_SHIFT, TIER_SHIFT, TIER_MASK, HASH_MASK = 35, 32, 0b111, 0xFFFF


@dataclass(slots=True)
class PlaceIndex:
    """Columns of every place plus a name index; plain containers so pickle loads them fast."""

    names: list[str] = field(default_factory=list)
    kinds: array = field(default_factory=lambda: array("B"))
    lats: array = field(default_factory=lambda: array("d"))
    lons: array = field(default_factory=lambda: array("d"))
    countries: array = field(default_factory=lambda: array("H"))  # index into country_codes
    populations: array = field(default_factory=lambda: array("q"))
    source_ids: list[str] = field(default_factory=list)
    all_names: list[str] = field(default_factory=list)  # every indexed name, NAME_SEPARATOR-joined
    approximate: set[int] = field(default_factory=set)
    spans: dict[int, tuple[str, ...]] = field(default_factory=dict)  # countries a feature or macro-region touches
    country_codes: list[str | None] = field(default_factory=lambda: [None])
    country_slots: dict[str | None, int] = field(default_factory=lambda: {None: 0})
    keys: dict[str, int | tuple[int, ...]] = field(default_factory=dict)  # folded name -> packed entries
    organisations: set[str] = field(default_factory=set)  # normal forms
    country_names: dict[str, str] = field(default_factory=dict)  # normal form or ISO code -> ISO3
    by_id: dict[str, int] = field(default_factory=dict)  # ids of non-city places only
    seats: dict[int, int] = field(default_factory=dict)  # province or district -> namesake town in it
    pending_names: dict[int, list[str]] = field(default_factory=dict)  # build time only
    forms: dict[str, tuple[str, int] | None] = field(default_factory=dict)  # build time only

    def country_slot(self, iso3: str | None) -> int:
        slot = self.country_slots.get(iso3)
        if slot is None:
            slot = self.country_slots[iso3] = len(self.country_codes)
            self.country_codes.append(iso3)
        return slot

    def add_place(
        self,
        kind: int,
        name: str,
        lat: float,
        lon: float,
        iso3: str | None,
        source_id: str,
        population: int = 0,
        approximate: bool = False,
    ) -> int:
        index = len(self.names)
        self.names.append(name)
        self.kinds.append(kind)
        self.lats.append(lat)
        self.lons.append(lon)
        self.countries.append(self.country_slot(iso3))
        self.populations.append(population)
        self.source_ids.append(source_id)
        self.all_names.append("")
        if approximate:
            self.approximate.add(index)
        if kind != CITY:
            self.by_id[ID_PREFIX[kind] + source_id] = index
        return index

    def add_name(self, index: int, name: str, tier: int) -> None:
        """Entries pack place, tier and 16-bit hashes of the spelling and normal form into one int."""
        forms = self.forms.get(name)
        if forms is None:
            forms = self.forms[name] = name_forms(name)
        if forms is None:
            return
        key, spelling_hashes = forms
        entry = index << PLACE_SHIFT | tier << TIER_SHIFT | spelling_hashes
        present = self.keys.get(key)
        if present is None:
            self.keys[key] = entry
        elif isinstance(present, int):
            if present != entry:
                self.keys[key] = (present, entry)
        elif entry not in present:
            self.keys[key] = present + (entry,)
        self.pending_names.setdefault(index, []).append(name)

    def finish(self) -> "PlaceIndex":
        """Drops the build-time memos and joins each place's names into one string."""
        for index, names in self.pending_names.items():
            self.all_names[index] = NAME_SEPARATOR.join(dict.fromkeys(names))
        self.pending_names, self.forms = {}, {}
        return self

    def city_indexes(self) -> dict[str, int]:
        """GeoNames id -> index; only cities, which by_id leaves out to keep the pickle small."""
        return {source_id: i for i, source_id in enumerate(self.source_ids) if self.kinds[i] == CITY}


def name_forms(name: str) -> tuple[str, int] | None:
    """(folded key, spelling and normal-form hashes) of a name; None for a name without letters."""
    normal = normal_form(name)
    if not normal.islower():
        return None
    return folded_form(normal), hash16(surface_form(name)) << 16 | hash16(normal)


def hash16(text: str) -> int:
    return zlib.crc32(text.encode()) & HASH_MASK


def entries(packed: int | tuple[int, ...]) -> tuple[int, ...]:
    """A key holds one entry as a bare int (most names name one place) and several as a tuple."""
    return (packed,) if isinstance(packed, int) else packed
