"""Which place each name in a text means, if any: ambiguous names are read in the light of the rest of the text.

Two passes: unambiguous anchors (countries, regions, borders, demonyms, cities of 100,000+) form the document's
context, then every name is ranked again with it, so 'Kant' beside 'Bishkek' is the Kyrgyz town. A city that is
small, outside that context, or at the start of a sentence is not accepted, nor one the words around it rule out
(cues.py): the gazetteer holds 200,000 towns, many named like English words or people. A town under 5,000 people
needs more than its country in the text: a place named within 250 km of it, or a settlement cue ('the village of').
Districts need their country in the text (or a designator), and first names met in a byline are no towns after it.
"""

import math
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import chain

from geo.news.candidates import Candidate
from geo.news.cues import byline, dateline, person_named, ruled_out
from geo.news.lexicon import Lexicon
from geo.news.words import Words
from geo.places.gazetteer import Gazetteer, Match, Place, surface_form
from geo.places.geocode import NEAR_DEGREES, NEAR_KM, Context, Lookup, distance_km, look_up, ranked_lookup

ANCHOR_POPULATION = 100_000  # a city this large anchors the context even where the text gives none
ANCHOR_CONFIDENCE = 0.8  # ... if its reading without context is this sure
FREE_POPULATION = 100_000  # ... and is accepted without support from the context
FREE_MULTIWORD_POPULATION = 20_000
SENTENCE_START_POPULATION = 1_000_000  # "Police said" (Police, Poland, 34,000): first words need more evidence
OWN_NAME_POPULATION = 10_000  # a first word spelled as a town in the context names ('Goris is...') is that town
DISTINCT_LENGTH = 6  # a first word this long, never written in lower case, is taken for a name
MIN_CONFIDENCE = 0.3
SMALL_POPULATION = 5_000  # a town this small needs a place named near it, not only its country (false friends)
FREE_READINGS = 50  # readings per name whose countries and points make its relevant context
SURE = 0.95  # a reading this confident without context is not ranked again with it
POINT_GRID = 0.5  # context points are rounded to this many degrees: 'near' means 250 km anyway


@dataclass(slots=True)
class _Setting:
    """What a whole text says about where it is: the context, a box around each context point (holding everything
    within NEAR_KM of it), and the names ranked so far (the same name ranks the same within one text)."""

    context: Context
    boxes: list[tuple[float, float, float, float]]
    ranked: dict[str, list]
    cued: frozenset[int]  # first words of runs a settlement cue marks ('the village of Kut'): see unlisted.py
    people: set[str]  # first names met in a byline ('By Madina Karimova'): no town later in the text
    nearby: dict[tuple[float, float], None]  # points of the areas and towns named so far: support for small towns


class MentionResolver:
    """Fills in the place, confidence and matched name of a text's name candidates; memoises what depends on a name
    alone (its readings, their points and countries, its best reading in a given context), so a stream of texts
    looks each name up once."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, common_words: frozenset[str]) -> None:
        self._gazetteer = gazetteer
        self._lexicon = lexicon
        self._common_words = common_words
        self._names: dict[str, tuple[Lookup | None, Match | None]] = {}
        self._reach: dict[str, tuple[list[tuple[float, float]], frozenset[str]]] = {}
        self._in_context: dict[tuple[str, Context], list[Match]] = {}
        self._spelling: dict[tuple[str, str], bool] = {}

    def memos(self) -> tuple[dict, ...]:
        """For the geoparser to empty; all are keyed by names."""
        return self._names, self._reach, self._in_context, self._spelling

    def resolve(self, words: Words, candidates: list[Candidate], cued: frozenset[int] = frozenset()) -> None:
        """Resolves every "name" candidate in place; one left without a place is no mention. cued: words a
        settlement cue marks, where a town of the text's countries is accepted whatever its size."""
        context, areas = self._context(words, candidates)
        boxes = [_box(lat, lon) for lat, lon in context.points]
        setting = _Setting(context, boxes, {}, cued, set(), dict.fromkeys([*context.points, *areas]))
        previous = None
        for candidate in candidates:
            if candidate.source == "name":
                candidate.areas = candidate.areas or _listed_after_area(words, previous, candidate)
                self._resolve(words, candidate, setting)
            previous = candidate

    def _context(self, words: Words, candidates: list[Candidate]) -> tuple[Context, list[tuple[float, float]]]:
        """Countries and points of what the text names unambiguously (see the module docstring), and the points of
        the provinces and regions it names, which support small towns near them."""
        countries: set[str] = set()
        points: list[tuple[float, float]] = []
        areas: list[tuple[float, float]] = []
        for candidate in candidates:
            if candidate.source != "name":
                countries.update(c for c in candidate.countries if c)
                continue
            surface = words.span(candidate.first, candidate.last)
            match = self._free_match(surface)
            if match is None or not self._spelled_so(match, surface):
                continue
            place = match.place
            if place.kind == "district":  # named like towns abroad ('Kizilsu'): it needs the context, never makes it
                continue
            if place.kind != "city":
                countries.update(self._countries_of(place))
                if place.kind in ("province", "region"):
                    areas.append((place.lat, place.lon))
            elif (
                place.population >= ANCHOR_POPULATION
                and match.confidence >= ANCHOR_CONFIDENCE
                and not words.opens[candidate.first]
            ):
                countries.add(place.country_iso3)
                points.append((_on_grid(place.lat), _on_grid(place.lon)))
        return Context(frozenset(c for c in countries if c), tuple(dict.fromkeys(points))), areas

    def _free_match(self, surface: str) -> Match | None:
        return self._looked_up(surface)[1]

    def _looked_up(self, surface: str) -> tuple[Lookup | None, Match | None]:
        """The places a name may mean, and the likeliest without context; memoised, since they depend on nothing
        else, and looked up once for every ranking of the name."""
        found = self._names.get(surface)
        if found is None:
            lookup = look_up(self._gazetteer, surface)
            free = ranked_lookup(self._gazetteer, lookup, Context(), 1)[0] if lookup else None
            found = self._names[surface] = (lookup, free)
        return found

    def _resolve(self, words: Words, candidate: Candidate, setting: _Setting) -> None:
        surface = words.span(candidate.first, candidate.last)
        query = surface.title() if dateline(words, candidate.first, candidate.last) else surface  # 'YEREVAN, 22 Feb —'
        matches = None
        if candidate.designated:
            designated = words.span(candidate.first, candidate.last + 1)
            matches = self._areas(designated, setting)
            if matches:
                candidate.last += 1
                query = designated
        elif candidate.areas:
            matches = self._areas(f"{query} region", setting)  # 'the Sughd and Batken regions'
        if not matches:
            matches = self._ranked(query, setting)
        if not matches or not self._spelled_so(matches[0], query):
            return
        match = matches[0]
        first = candidate.first
        if first == candidate.last and byline(words, first) and person_named(words, first, first, self._lexicon):
            setting.people.add(surface)
        if match.confidence >= MIN_CONFIDENCE and self._acceptable(words, candidate, match.place, setting, query):
            candidate.place, candidate.confidence, candidate.matched = match.place, match.confidence, match.matched
            if match.place.kind == "city":  # a dict: a town named again adds nothing to search
                setting.nearby[match.place.lat, match.place.lon] = None

    def _areas(self, designated: str, setting: _Setting) -> list:
        """Readings of 'Batken Region' (geocode reads the name without its designator as an area only)."""
        found = self._ranked(designated, setting)
        return found if found and found[0].place.kind != "city" else []

    def _ranked(self, surface: str, setting: _Setting) -> list:
        """Ranked with the context, unless the reading without it is already sure and agrees with the context."""
        found = setting.ranked.get(surface)
        if found is None:
            free = self._free_match(surface)
            if free is None:
                found = []  # no readings without context, none with it
            elif free.confidence >= SURE and (
                free.place.kind != "city" or self._supported(free.place, setting.context)
            ):
                found = [free]
            else:
                found = self._ranked_in(surface, self._relevant_context(surface, setting), free)
            setting.ranked[surface] = found
        return found

    def _relevant_context(self, surface: str, setting: _Setting) -> Context:
        """The part of the context that can move the name's readings: their countries, and the points near them.
        Geocode measures every reading against every point, which is most of the time a text takes; and texts that
        agree on this part rank the name alike, so the ranking is memoised by it."""
        points, countries = self._reach.get(surface) or self._reach_of(surface)
        context = setting.context
        return Context(countries & context.countries, _points_near(context.points, setting.boxes, points))

    def _reach_of(self, surface: str) -> tuple[list[tuple[float, float]], frozenset[str]]:
        """Points and countries of the name's readings: every place it may mean, or for a name of many places, the
        FREE_READINGS likeliest without context."""
        gazetteer, lookup = self._gazetteer, self._looked_up(surface)[0]
        if lookup is not None and len(lookup.hits) <= FREE_READINGS:
            indexes = [hit.index for hit in lookup.hits]
            points = list(map(gazetteer.point, indexes))
            countries = frozenset(chain.from_iterable(map(gazetteer.countries_of, indexes)))
        else:
            places = [m.place for m in ranked_lookup(gazetteer, lookup, Context(), FREE_READINGS)] if lookup else []
            points = [(place.lat, place.lon) for place in places]
            countries = frozenset(chain.from_iterable(map(self._countries_of, places)))
        self._reach[surface] = points, countries
        return points, countries

    def _ranked_in(self, surface: str, context: Context, free: Match) -> list:
        """The best reading in the context; with no context that can move it, the best without."""
        if not context.countries and not context.points:
            return [free]
        key = (surface, context)
        found = self._in_context.get(key)
        if found is None:
            lookup = self._looked_up(surface)[0]
            found = self._in_context[key] = ranked_lookup(self._gazetteer, lookup, context, 1)
        return found

    def _spelled_so(self, match: Match, surface: str) -> bool:
        key = (match.place.id, surface)
        found = self._spelling.get(key)
        if found is None:
            found = self._spelling[key] = self._spelled_so_uncached(match, surface)
        return found

    def _spelled_so_uncached(self, match: Match, surface: str) -> bool:
        """Rejects matches through all-capital codes ('The' is not THE, Teresina's airport) and acronyms as towns."""
        place = match.place
        if surface.isupper() and len(surface) > 1:
            return place.kind != "city"
        if surface == place.name:  # its own name (always indexed), spelled exactly so, and so not in capitals
            return True
        names = self._gazetteer.names_of(self._gazetteer.index_of(place.id))
        if surface in names:  # another of its names, so spelled
            return True
        wanted, size = surface_form(surface), len(surface)
        same = [n for n in names if abs(len(n) - size) <= 2 and surface_form(n) == wanted]
        if same:
            return any(not n.isupper() or len(n) == 1 for n in same)
        return not match.matched.isupper()

    def _acceptable(self, words: Words, candidate: Candidate, place: Place, setting: _Setting, surface: str) -> bool:
        first, last = candidate.first, candidate.last
        if ruled_out(words, first, last, place.kind, self._lexicon, self._common_words):
            return False
        context = setting.context
        if place.kind == "district":  # 831 districts, many named like towns abroad: alone, it needs the country
            return candidate.designated or candidate.areas or place.country_iso3 in context.countries
        if place.kind != "city":
            return True
        if first == last and surface in setting.people:  # 'Madina, a buyer from Andijan' after 'By Madina Karimova'
            return False
        if first in setting.cued and place.country_iso3 in context.countries:  # 'residents of Ak-Sai' (0 people)
            return True
        supported = self._supported(place, context) and (
            place.population >= SMALL_POPULATION or _near_any((place.lat, place.lon), setting.nearby)
        )  # a small town of a country the text names, but far from all it names, is a false friend
        return self._city_acceptable(words, candidate, place, supported, surface)

    def _city_acceptable(self, words: Words, candidate: Candidate, place: Place, supported: bool, surface: str) -> bool:
        """Size and support decide; a sentence's first word needs more, since it is capitalised anyway."""
        if candidate.last > candidate.first:
            return place.population > 0 if supported else place.population >= FREE_MULTIWORD_POPULATION
        if not words.opens[candidate.first] or dateline(words, candidate.first, candidate.last):
            return place.population > 0 if supported else place.population >= FREE_POPULATION
        own_name = surface == place.name and not words.written_lowercase(surface)
        if not supported:
            return place.population >= SENTENCE_START_POPULATION or (own_name and place.population >= FREE_POPULATION)
        if place.population >= FREE_POPULATION or (own_name and place.population >= OWN_NAME_POPULATION):
            return True
        # 'Khankendi, the city Armenians call...' but not 'Cars and buses' (Kars) or 'Voters' (Voters, USA)
        return len(surface) >= DISTINCT_LENGTH and not surface.endswith("s") and not words.written_lowercase(surface)

    def _supported(self, place: Place, context: Context) -> bool:
        """In a context country, or within NEAR_KM of a context point (a latitude gap alone rules most points out)."""
        return place.country_iso3 in context.countries or _near_any((place.lat, place.lon), context.points)

    def _countries_of(self, place: Place) -> tuple[str, ...]:
        """A city's country, or every country an area or line touches."""
        if place.kind == "city":  # the gazetteer's answer, without looking the city up by id
            return (place.country_iso3,) if place.country_iso3 else ()
        index = self._gazetteer.index_of(place.id)
        return self._gazetteer.countries_of(index) if index is not None else ()


def _near_any(here: tuple[float, float], points: Iterable[tuple[float, float]]) -> bool:
    """Within NEAR_KM of one of the points; a latitude gap alone rules most points out."""
    lat = here[0]
    return any(abs(lat - point[0]) <= NEAR_DEGREES and distance_km(here, point) <= NEAR_KM for point in points)


def _listed_after_area(words: Words, previous: Candidate | None, candidate: Candidate) -> bool:
    """'Chüy and Ysyk-Köl', 'Sughd, Batken': a name listed right after a province or district is read as an area
    first (Ysyk-Köl is also an old name of the town Balykchy)."""
    if previous is None or previous.place is None or previous.place.kind not in ("province", "district"):
        return False
    between = words.normals[previous.last + 1 : candidate.first]
    return between in ((), ("and",)) and words.gap(candidate.first - 1, candidate.first).strip() in ("", ",")


def _on_grid(degrees: float) -> float:
    return round(degrees / POINT_GRID) * POINT_GRID


def _box(lat: float, lon: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point, holding everything within NEAR_KM: a cheap test before geocode's."""
    reach = NEAR_KM / 111.0  # km in a degree of latitude
    lon_reach = reach / max(math.cos(math.radians(min(abs(lat) + reach, 89.0))), 0.02)
    return lat - reach, lat + reach, lon - lon_reach, lon + lon_reach


def _points_near(
    points: tuple[tuple[float, float], ...],
    boxes: list[tuple[float, float, float, float]],
    places: list[tuple[float, float]],
) -> tuple[tuple[float, float], ...]:
    """The points whose box holds any of the places; plain loops, since this runs for every ambiguous name."""
    near = []
    for point, (south, north, west, east) in zip(points, boxes):
        for lat, lon in places:
            if south <= lat <= north and west <= lon <= east:
                near.append(point)
                break
    return tuple(near)
