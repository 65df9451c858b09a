"""Where a text may name a place, before any name is resolved: the runs of words a phrase rule or the gazetteer claims.

Phrase rules come before a name lookup, which would get them wrong: a border phrase is one mention, an organisation
('CSTO', 'Collective Security Treaty Organization') consumes its words and yields nothing, a seat of government ('the
Kremlin') stands for its city. Then the longest run of words the gazetteer knows is a name ('Nagorno-Karabakh', 'South
Caucasus'), and a demonym ('Armenian') names its country without being a mention unless asked for.
"""

from dataclasses import dataclass
from itertools import compress

from geo.news.borders import BorderPhrases
from geo.news.lexicon import Lexicon
from geo.news.textdates import month_words
from geo.news.words import Words
from geo.places.gazetteer import Gazetteer, Place
from geo.places.geocode import DESIGNATORS
from geo.places.namekeys import MAX_WORDS, NameKeys

BORDER_CONFIDENCE, SEAT_CONFIDENCE, DEMONYM_CONFIDENCE = 0.95, 0.9, 0.9
UNDRAWN_BORDER_CONFIDENCE = 0.5  # a border the gazetteer has no line for: found, but not placed
MONTH_WORDS = frozenset(month_words())
NAME_DESIGNATORS = frozenset(DESIGNATORS)


@dataclass(slots=True)
class Candidate:
    """A run of words a rule claimed; for a name, resolution fills in the place, confidence and matched name (or
    leaves the place None: no mention)."""

    first: int  # word indexes, inclusive
    last: int
    source: str  # "name" | "border" | "seat" | "demonym" | "organisation" | "possible" (unlisted.py)
    place: Place | None = None
    confidence: float = 0.0
    matched: str = ""
    countries: tuple[str, ...] = ()
    designated: bool = False  # a designator follows: 'Batken Region', 'the Sughd region'
    areas: bool = False  # one of a list of areas: 'the Sughd and Batken regions'


class CandidateFinder:
    """The phrase rules and the name lookup, in that order, at every word that may start a candidate."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon, keys: NameKeys, borders: BorderPhrases) -> None:
        self._gazetteer = gazetteer
        self._lexicon = lexicon
        self._keys = keys
        self._borders = borders
        self._seat_starts = {phrase.split()[0] for phrase in lexicon.seats}
        self._seat_words = lexicon.seat_words
        self.common_words = lexicon.common_words | MONTH_WORDS  # capitalised words that alone are no name
        # besides names and organisations, the words a candidate may start with (for WordReader)
        self.phrase_starts = frozenset(self._seat_starts) | frozenset(lexicon.demonyms)

    def find(self, words: Words) -> list[Candidate]:
        """Candidates in reading order, organisations left out. They start only near border words and at
        capitalised words that may begin one (Words.may_start); the other words are never looked at."""
        border_near = self._borders.starts(words)
        starts = border_near.union(compress(range(words.count), words.may_start))
        found: list[Candidate] = []
        next_free = 0
        for i in sorted(starts):
            if i < next_free:
                continue
            candidate = self._candidate_at(words, i, i in border_near)
            if candidate is not None:
                found.append(candidate)
                next_free = candidate.last + 1
        found = [c for c in found if c.source != "organisation"]
        _share_plural_designators(words, found, self._lexicon.plural_designators)
        return found

    def _candidate_at(self, words: Words, i: int, border_near: bool) -> Candidate | None:
        if border_near and (border := self._border(words, i)):
            return border
        if not words.capital[i]:
            return None
        if (length := self._keys.organisation_length(words.normals, i)) and words.joined(i, i + length - 1):
            return Candidate(i, i + length - 1, "organisation")
        return self._seat(words, i) or self._name(words, i) or self._demonym(words, i)

    def _name(self, words: Words, i: int) -> Candidate | None:
        for length in self._keys.name_lengths(words.keys, i, words.run_from(i, MAX_WORDS)):
            last = i + length - 1
            if length == 1 and (words.normals[i] in self._lexicon.demonyms or words.normals[i] in self.common_words):
                return None
            candidate = Candidate(i, last, "name")
            after = last + 1
            if after < words.count and words.normals[after] in NAME_DESIGNATORS and words.joined(last, after):
                candidate.designated = True
            return candidate
        return None

    def _demonym(self, words: Words, i: int) -> Candidate | None:
        iso3 = self._lexicon.demonyms.get(words.normals[i])
        if iso3 is None:
            return None
        place = self._gazetteer.place_by_id(f"country:{iso3}")
        return Candidate(i, i, "demonym", place, DEMONYM_CONFIDENCE, words.spellings[i], (iso3,))

    def _seat(self, words: Words, i: int) -> Candidate | None:
        """'the Kremlin', 'the White House': the longest seat of power's name starting here."""
        if words.normals[i] not in self._seat_starts:
            return None
        for last in range(min(i + self._seat_words, words.count) - 1, i - 1, -1):
            if words.joined(i, last):
                place = self._lexicon.seats.get(" ".join(words.normals[i : last + 1]))
                if place is not None:
                    return Candidate(
                        i, last, "seat", place, SEAT_CONFIDENCE, words.span(i, last), (place.country_iso3,)
                    )
        return None

    def _border(self, words: Words, i: int) -> Candidate | None:
        found = self._borders.phrase_at(words, i)
        if found is None:
            return None
        last, countries = found
        place = self._borders.border_of(countries) if len(countries) == 2 else None  # one side: see resolution.py
        confidence = BORDER_CONFIDENCE if place else UNDRAWN_BORDER_CONFIDENCE
        return Candidate(i, last, "border", place, confidence, words.span(i, last), countries)


def _share_plural_designators(words: Words, found: list[Candidate], plurals: frozenset[str]) -> None:
    """'the Sughd and Batken regions', 'Osh, Jalal-Abad and Batken provinces': every name in the list is an area."""
    for n, candidate in enumerate(found):
        after = candidate.last + 1
        if candidate.source != "name" or after >= words.count or words.normals[after] not in plurals:
            continue
        candidate.areas = True
        m = n
        while (
            m > 0
            and found[m - 1].source == "name"
            and all(w == "and" for w in words.normals[found[m - 1].last + 1 : found[m].first])
            and found[m].first - found[m - 1].last <= 2
        ):
            found[m - 1].areas = True
            m -= 1
