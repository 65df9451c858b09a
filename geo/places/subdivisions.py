"""The places of data/places/ in the index: districts (admin-2), the neighbours' provinces and curated variants.

Districts and the neighbours' provinces come as points only (data/places/README.md). A district's point is a town in
it, so every district is approximate; its names are also indexed without their designator ('Nohiyai Isfara' ->
'Isfara', 'Batkenskiy Rayon' -> 'Batken'), since news writes 'Isfara district' or just 'Isfara'. A district named
after its seat town yields to the town when a name could mean either (as provinces do), so 'Isfara' alone stays the
town and 'Isfara district' reads the district.
"""

import re
from collections.abc import Iterator, Mapping
from pathlib import Path

from geo.places.indexbuilder import namesakes, read_alias_rows
from geo.places.nameforms import normal_form
from geo.places.placeindex import ALIAS, ALTERNATE, DISTRICT, NAME, PROVINCE, PlaceIndex
from geo.problems import ProblemLog

# Words GeoNames writes before or after a district's own name (in normal form).
DESIGNATOR_WORDS = frozenset(
    [
        "district",
        "rayon",
        "raion",
        "raioni",
        "rajon",
        "municipality",
        "community",
        "tumani",
        "audany",
        "diqu",
        "prefecture",
        "zizhizhou",
        "oblasti",
        "wilayiti",
        "shahri",
        "qalasy",
        "administratsiya",
        "akimshiligi",
        "urban",
        "okrug",
        "nohiyai",
        "munitsipaliteti",
    ]
)
# 'Batkenskiy', 'Khasavyurtovskiy': Russian adjectives of a town's name, read without their ending.
_ADJECTIVE = re.compile(r"(?:sk(?:iy|ij|y|i))$")
_LINKING = re.compile(r"(?:ov|ev)$")
VARIANT_KINDS = ("abbreviation", "long form", "variant", "former")


def add_neighbour_provinces(index: PlaceIndex, path: Path) -> None:
    """Natural Earth's admin-1 units of the neighbours (China, Afghanistan, Iran, Turkey, Mongolia, Pakistan); an
    alternate naming another unit is left out (Natural Earth lists 'East Azerbaijan' among Ardabil's names)."""
    rows = list(_rows(path))
    owners = {_bare(name): row["id"] for row in rows for name in (row["name"], row["name_en"]) if name}
    for row in rows:
        i = index.add_place(
            PROVINCE, row["name_en"] or row["name"], float(row["lat"]), float(row["lon"]), row["iso3"], _code(row)
        )
        for name in dict.fromkeys(n for n in (row["name_en"], row["name"]) if n):
            index.add_name(i, name, NAME)
        for name in _split(row["alternates"]):
            if owners.get(_bare(name), row["id"]) == row["id"]:
                index.add_name(i, name, ALTERNATE)


def _bare(name: str) -> str:
    """The normal form without a trailing 'Province': how two units' names are compared."""
    return normal_form(name).removesuffix(" province")


def add_districts(index: PlaceIndex, path: Path, cities: Mapping[str, int]) -> None:
    """Each district, approximate, with its names as given and without designators; its seat town is recorded as
    the town it yields to when the two share a name."""
    for row in _rows(path):
        i = index.add_place(
            DISTRICT, row["name"], float(row["lat"]), float(row["lon"]), row["iso3"], _code(row), approximate=True
        )
        given = [row["name"], *_split(row["alternates"])]
        index.add_name(i, row["name"], NAME)
        for name in given[1:]:
            index.add_name(i, name, ALTERNATE)
        for short in dict.fromkeys(short for name in given for short in short_names(name)):
            index.add_name(i, short, ALTERNATE)
        seat = cities.get(row["seat"].removeprefix("gn:"))
        if seat is not None and seat in namesakes(index, i):
            index.seats[i] = seat


def add_variants(index: PlaceIndex, path: Path, cities: Mapping[str, int]) -> None:
    """Abbreviations, long forms and other spellings as aliases of their targets (a district's also with 'District'
    after it, since another district may carry that whole name); raises DataError for a row whose target the
    gazetteer lacks or whose kind is not one of VARIANT_KINDS."""
    log = ProblemLog(str(path))
    for line, row in _numbered_rows(path):
        target = row["target"]
        place = cities.get(target[3:]) if target.startswith("gn:") else index.by_id.get(target)
        if not row["variant"]:
            log.add(line, "variant", "is empty")
        elif row["kind"] not in VARIANT_KINDS:
            log.add(line, "kind", f"{row['kind']!r} is not one of {', '.join(VARIANT_KINDS)}")
        elif place is None:
            log.add(line, "target", f"{target!r} is not a place in the gazetteer")
        else:
            index.add_name(place, row["variant"], ALIAS)
            if index.kinds[place] == DISTRICT:  # 'Ishkashim district' must meet it as 'Ishkashim' does
                index.add_name(place, f"{row['variant']} District", ALIAS)
    log.raise_if_any()


def short_names(name: str) -> list[str]:
    """The name without GeoNames' designator words, and for a Russian adjective, its town's name too; [] when
    nothing was removed or only designators remain."""
    words = name.split()
    kept = [w for w in words if normal_form(w) not in DESIGNATOR_WORDS]
    if len(kept) == len(words) or not kept:
        return []
    short = " ".join(kept)
    stem = _ADJECTIVE.sub("", short)
    if stem == short or not short.isascii():
        return [short]
    return list(dict.fromkeys([stem, _LINKING.sub("", stem)]))


def _code(row: Mapping[str, str]) -> str:
    """'district:1222597' -> '1222597', 'province:AF-BAL' -> 'AF-BAL': the source id the index keeps."""
    return row["id"].partition(":")[2]


def _split(alternates: str) -> list[str]:
    return [name for name in alternates.split("|") if name.strip()]


def _rows(path: Path) -> Iterator[dict[str, str]]:
    return (row for _, row in _numbered_rows(path))


def _numbered_rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """Stripped cells with line numbers; an absent file adds nothing, as for the index's other sources."""
    return read_alias_rows(path)
