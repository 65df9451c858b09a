"""Place names to places, offline: `python -m geo geocode "Gyumri" --country ARM --json`.

Every place a name may mean gets a score in units of log10(population), so that size, kind, spelling and the
country or context given can be weighed against each other:
- spelling: the exact spelling +3 (+2 more when it has non-ASCII letters), the same letters +1.5, a folded
  transliteration 0 (only for names of 5 characters or more);
  a GeoNames alternate name or a curated alias -1.5 against a place's own name. So "Şuşa" is Shusha (an alternate
  spelled exactly so), not Susa in Italy; "Moscow" is Moskva (alternate, 10M people), not Moscow, Idaho.
- size: a city weighs log10(population); a province as a town of 10,000 (Kotayk the province beats the village
  of 1,776), but 0 when its namesake town inside it (5%+ of its people) is also a candidate: Batken, Yevlakh,
  Şuşa, Xankəndi mean the towns; a district as a town of 3,000 (and 0 beside its namesake seat, likewise: 'Isfara'
  is the town, 'Isfara district' the district); a curated region, border or corridor 7; a macro-region 7.5; a
  country 8.
- country given: +100, so it decides; context: +4 in a context country, +2 within 250 km of a context place.
"Kant" with no context is the Kyrgyz town, spelled exactly so, over the slightly larger "Kānt" in India
(confidence about 0.8); with country KGZ or context ["Bishkek"] it is the Kyrgyz town with confidence ~1.
Confidence is the base for the spelling times the softmax share of the winner's score among all candidates.
"""

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from geo import files
from geo.places.gazetteer import (
    ALIAS,
    ALTERNATE,
    CITY,
    COUNTRY,
    DISTRICT,
    FOLDED,
    MACRO,
    NAME,
    NORMAL,
    PROVINCE,
    SURFACE,
    Gazetteer,
    Hit,
    Match,
    folded_form,
    normal_form,
)

LEVEL_WEIGHT = {FOLDED: 0.0, NORMAL: 1.5, SURFACE: 3.0}
TIER_WEIGHT = {NAME: 0.0, ALTERNATE: -1.5, ALIAS: -1.5}
KIND_WEIGHT = (None, 4.0, 7.0, 7.0, 7.0, 8.0, 7.5, 3.5)  # by kind code; cities weigh log10(population)
SEAT_YIELD_WEIGHT = 0.0  # a province or district when its namesake town is also a candidate: Batken, Isfara
IN_COUNTRY, IN_CONTEXT_COUNTRY, NEAR_CONTEXT = 100.0, 4.0, 2.0
NEAR_KM = 250.0
NEAR_DEGREES = NEAR_KM / (6371.0 * math.pi / 180) + 1e-6  # of latitude: distance_km's sphere, and a rounding margin
EXACT_SCRIPT_BONUS = 2.0  # "Şuşa" spelled with its diacritics says more than "Susa" typed in ASCII
MIN_FOLDED_LENGTH = 5  # folding "NYC" gives "nic", Nicaragua's ISO3: too short to guess from
BASE_CONFIDENCE = {(SURFACE, NAME): 1.0, (SURFACE, ALTERNATE): 0.95, (SURFACE, ALIAS): 0.95}
NORMAL_CONFIDENCE, FOLDED_CONFIDENCE = 0.9, 0.75
REREAD_FACTOR = 0.95  # "Armavir Province" read as the province Armavir, "Armavir (Armenia)" as Armavir in ARM
OUTSIDE_COUNTRY_FACTOR = 0.5
# Trailing words that name a province's rank rather than the province.
DESIGNATORS = (
    "province",
    "region",
    "oblast",
    "oblys",
    "oblysy",
    "marz",
    "rayon",
    "raion",
    "district",
    "viloyati",
    "viloyat",
    "krai",
    "kray",
    "governorate",
)


@dataclass(frozen=True, slots=True)
class Context:
    """Countries and points of the other places in a document; they pull ambiguous names towards them."""

    countries: frozenset[str] = frozenset()
    points: tuple[tuple[float, float], ...] = ()


@dataclass(frozen=True, slots=True)
class _Reading:
    text: str
    country: str | None
    factor: float
    areas_only: bool = False


@dataclass(frozen=True, slots=True)
class Lookup:
    """The places a name may mean, found but not ranked: a caller that ranks one name in several contexts (the
    geoparser: without context, then with its text's) looks it up once."""

    reading: _Reading
    hits: tuple[Hit, ...]


def shared_gazetteer(data_dir: Path | None = None) -> Gazetteer:
    """The one gazetteer of a data folder in this process (about 240 MB): the atlas, the geoparser and imports that
    place rows by name all ask here, so none loads a second copy. The folder defaults to geo.files.data_dir()
    (ALLIANCE_ATLAS_DATA) and is resolved, so a symlink or a '..' to it shares the same copy."""
    return _loaded((data_dir or files.data_dir()).resolve())


@cache
def _loaded(data_dir: Path) -> Gazetteer:
    return Gazetteer.load(data_dir)


def geocode(
    name: str, country: str | None = None, context: Iterable[str] = (), gazetteer: Gazetteer | None = None
) -> Match | None:
    """The best place for a name, or None for organisations and unknown names; see the module docstring."""
    found = candidates(name, country, context, 1, gazetteer)
    return found[0] if found else None


def candidates(
    name: str,
    country: str | None = None,
    context: Iterable[str] = (),
    limit: int = 10,
    gazetteer: Gazetteer | None = None,
) -> list[Match]:
    """Ranked alternatives. country: ISO3, ISO2 or English name (ValueError if none of these)."""
    gaz = gazetteer or shared_gazetteer()
    iso3 = resolve_country(gaz, country)
    return ranked_matches(gaz, name, iso3, context_of(gaz, context), limit)


def resolve_country(gazetteer: Gazetteer, country: str | None) -> str | None:
    if country is None or not country.strip():
        return None
    iso3 = gazetteer.country_code(country)
    if iso3 is None:
        raise ValueError(f"{country!r} is not an ISO3 or ISO2 code or a country name")
    return iso3


def context_of(gazetteer: Gazetteer, items: Iterable[str]) -> Context:
    """ISO codes and country names add countries; other names add the country and point of their best place."""
    countries: set[str] = set()
    points: list[tuple[float, float]] = []
    for item in items:
        if not isinstance(item, str):
            continue
        if iso3 := gazetteer.country_code(item):
            countries.add(iso3)
        elif found := ranked_matches(gazetteer, item, None, Context(), 1):
            index = gazetteer.index_of(found[0].place.id)
            countries.update(gazetteer.countries_of(index))
            if gazetteer.kind_code(index) not in (COUNTRY, MACRO):
                points.append(gazetteer.point(index))
    return Context(frozenset(countries), tuple(points))


def ranked_matches(gazetteer: Gazetteer, name: str, country: str | None, context: Context, limit: int) -> list[Match]:
    lookup = look_up(gazetteer, name, country)
    return ranked_lookup(gazetteer, lookup, context, limit) if lookup else []


def look_up(gazetteer: Gazetteer, name: str, country: str | None = None) -> Lookup | None:
    """None for organisations and unknown names."""
    if not isinstance(name, str) or not name.strip():
        return None
    text, normal = name.strip(), normal_form(name)  # normal_form strips, so it is also the text's
    if gazetteer.is_organisation(name, normal):
        return None
    for reading in _readings(gazetteer, text, country):
        hits = gazetteer.hits(reading.text, normal if reading.text == text else None)
        if len(reading.text) < MIN_FOLDED_LENGTH:
            hits = [h for h in hits if h.level != FOLDED]
        if reading.areas_only:
            hits = [h for h in hits if gazetteer.kind_code(h.index) != CITY]
        if hits:
            return Lookup(reading, tuple(hits))
    return None


def ranked_lookup(gazetteer: Gazetteer, lookup: Lookup, context: Context, limit: int) -> list[Match]:
    return _matches(gazetteer, lookup.hits, lookup.reading, context, limit)


def _readings(gazetteer: Gazetteer, text: str, country: str | None) -> Iterable[_Reading]:
    """The name as given; without a trailing designator ('Batken Region'); without a country qualifier."""
    yield _Reading(text, country, 1.0)
    head, _, last = text.rpartition(" ")
    if head and last.casefold() in DESIGNATORS:
        yield _Reading(head, country, REREAD_FACTOR, areas_only=True)
    if qualified := country_qualified(text):
        head, qualifier = qualified
        if iso3 := gazetteer.country_code(qualifier):
            yield _Reading(head, country or iso3, REREAD_FACTOR)


def country_qualified(text: str) -> tuple[str, str] | None:
    """('Armavir', 'Armenia') from 'Armavir (Armenia)' or 'Armavir, Armenia'; None for other names.

    String methods rather than a pattern: a regular expression that could read a run of spaces as part of the name
    or as the gap before the qualifier backtracked quadratically (a 40 KB cell of spaces took 6 s).
    """
    body = text.rstrip()
    if body.endswith(")"):
        head, opened, qualifier = body[:-1].rpartition("(")
        if not opened or ")" in qualifier:
            return None
    else:
        head, comma, qualifier = body.partition(",")
        if not comma or any(c in qualifier for c in "(),"):
            return None
    head = head.rstrip()
    if not head or not qualifier or any(c in head for c in "(),"):
        return None
    return head, qualifier


def _matches(gazetteer: Gazetteer, hits: Sequence[Hit], reading: _Reading, context: Context, limit: int) -> list[Match]:
    bonus = 0.0 if reading.text.isascii() else EXACT_SCRIPT_BONUS
    present = {hit.index for hit in hits}
    scored = sorted(
        ((_score(gazetteer, hit, reading.country, context, bonus, present), hit) for hit in hits),
        key=lambda pair: (-pair[0], pair[1].index),
    )
    top = scored[0][0]
    shares = [math.exp(score - top) for score, _ in scored]
    total = sum(shares)
    matches = []
    for (score, hit), share in zip(scored[:limit], shares):
        confidence = _base_confidence(hit) * reading.factor * share / total
        if reading.country and score < IN_COUNTRY / 2:
            confidence *= OUTSIDE_COUNTRY_FACTOR
        matches.append(
            Match(gazetteer.place(hit.index), round(confidence, 3), _matched_name(gazetteer, hit, reading.text))
        )
    return matches


def _score(
    gazetteer: Gazetteer, hit: Hit, country: str | None, context: Context, exact_bonus: float, present: set[int]
) -> float:
    index = hit.index
    kind = gazetteer.kind_code(index)
    if kind == CITY:
        size = math.log10(gazetteer.population(index) + 1)
    else:
        yields = kind in (PROVINCE, DISTRICT) and gazetteer.seat_of(index) in present
        size = SEAT_YIELD_WEIGHT if yields else KIND_WEIGHT[kind]
    score = LEVEL_WEIGHT[hit.level] + TIER_WEIGHT[hit.tier] + size + (exact_bonus if hit.level == SURFACE else 0.0)
    if country or context.countries:
        countries = gazetteer.countries_of(index)
        if country in countries:
            score += IN_COUNTRY
        if not context.countries.isdisjoint(countries):
            score += IN_CONTEXT_COUNTRY
    if context.points and kind not in (COUNTRY, MACRO) and _near(gazetteer.point(index), context.points):
        score += NEAR_CONTEXT
    return score


def _near(point: tuple[float, float], others: Iterable[tuple[float, float]]) -> bool:
    """Points farther apart in latitude alone than NEAR_KM are rejected without the trigonometry."""
    lat = point[0]
    return any(abs(lat - other[0]) <= NEAR_DEGREES and distance_km(point, other) <= NEAR_KM for other in others)


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """Great-circle distance between two (lat, lon) points on a 6,371 km sphere."""
    lat1, lon1, lat2, lon2 = map(math.radians, (*a, *b))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 2 * 6371.0 * math.asin(min(1.0, math.sqrt(h)))


def _base_confidence(hit: Hit) -> float:
    if hit.level == SURFACE:
        return BASE_CONFIDENCE[hit.level, hit.tier]
    return NORMAL_CONFIDENCE if hit.level == NORMAL else FOLDED_CONFIDENCE


def _matched_name(gazetteer: Gazetteer, hit: Hit, text: str) -> str:
    """The indexed name that matched: the text itself when spelled exactly so, else the closest indexed name."""
    if hit.level == SURFACE:
        return " ".join(text.split())
    normal = normal_form(text)
    names = gazetteer.names_of(hit.index)
    same = [n for n in names if normal_form(n) == normal] if hit.level == NORMAL else []
    folded = folded_form(normal)
    return next(iter(same), None) or next((n for n in names if folded_form(normal_form(n)) == folded), names[0])
