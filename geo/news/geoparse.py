"""Place mentions in news text, resolved through the gazetteer: `python -m geo geoparse FILE... --jsonl`.

Text is read word by word; at each capitalised word the longest run of words the gazetteer knows is a candidate
('Nagorno-Karabakh', 'South Caucasus', 'Leninakan'). Before that, phrase rules claim what a name lookup would get
wrong: organisations ('CSTO', 'Collective Security Treaty Organization') consume their words and yield nothing; a
pair of countries or demonyms with 'border' is one border mention ('the Tajik-Kyrgyz border', 'the border between
Tajikistan and Kyrgyzstan', "Armenia's border with Turkey"); seats of government ('the Kremlin') are metonyms;
demonyms ('Armenian') are no mention unless asked for, but tell which countries the text is about.

Ambiguous names are resolved in two passes: unambiguous anchors (countries, regions, borders, demonyms, cities of
100,000+) form the document's context, then every candidate is ranked again with it, so 'Kant' beside 'Bishkek' is
the Kyrgyz town. A city that is small, outside that context, at the start of a sentence, glued to another
capitalised word ('Vladimir Putin', 'Yerevan State University') or after a title ('President') is not accepted:
the gazetteer holds 200,000 towns, many named like English words or people.
A city followed by a reporting verb ('Moscow said', 'Baku and Yerevan agreed') is marked as a metonym.
Spans exclude a leading 'the' and a possessive "'s".
The word lists these rules read (demonyms, seats of power, titles, reporting verbs...) are data: `data/geoparse/`.
"""
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import chain, compress, count
from pathlib import Path

from geo.news.lexicon import Lexicon, load_lexicon
from geo.news.textdates import month_words
from geo.places.gazetteer import BORDER, KINDS, Gazetteer, Match, Place, folded_form, normal_form, surface_form
from geo.places.geocode import (
    DESIGNATORS,
    NEAR_DEGREES,
    NEAR_KM,
    Context,
    Lookup,
    distance_km,
    look_up,
    ranked_lookup,
    ranked_matches,
    shared_gazetteer,
)
from geo.places.namekeys import NameKeys

METONYM, DEMONYM = "metonym", "demonym"
ANCHOR_POPULATION = 100_000      # a city this large anchors the context even where the text gives none
ANCHOR_CONFIDENCE = 0.8          # ... if its reading without context is this sure
FREE_POPULATION = 100_000        # ... and is accepted without support from the context
FREE_MULTIWORD_POPULATION = 20_000
SENTENCE_START_POPULATION = 1_000_000  # "Police said" (Police, Poland, 34,000): first words need more evidence
OWN_NAME_POPULATION = 10_000     # a first word spelled as a town in the context names ('Goris is...') is that town
DISTINCT_LENGTH = 6              # a first word this long, never written in lower case, is taken for a name
MIN_CONFIDENCE = 0.3
FREE_READINGS = 50               # readings per name whose countries and points make its relevant context
SURE = 0.95                      # a reading this confident without context is not ranked again with it
POINT_GRID = 0.5                 # context points are rounded to this many degrees: 'near' means 250 km anyway
BORDER_CONFIDENCE, SEAT_CONFIDENCE, DEMONYM_CONFIDENCE = 0.95, 0.9, 0.9
UNDRAWN_BORDER_CONFIDENCE = 0.5  # a border the gazetteer has no line for: found, but not placed
MONTH_WORDS = frozenset(month_words())
NAME_DESIGNATORS = frozenset(DESIGNATORS)
MEMO_SIZE = 200_000  # entries; a memo past it is emptied, since a long-running app reads endless new names

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_GAP_AND_WORD = re.compile(r"([\W_]*+)([^\W_]++(?:['’ʼ][^\W_]++)*+)")  # _WORD, and what stands before it
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_POSSESSIVE_ENDINGS = ("'s", "’s", "'S", "’S")
_JOINS = re.compile(r"[ \t\u00a0]?[-–—‐/]?[ \t\u00a0]?")
_SENTENCE_GAP = re.compile(r"[.!?:\n]")
NOT_JOINED, SPACED, DASHED = 0, 1, 2  # how a word joins the next: one name can run on over a space, or a hyphen


@dataclass(frozen=True, slots=True)
class Mention:
    start: int                # character offsets into the text
    end: int
    surface: str
    kind: str                 # the place's kind (KINDS), or METONYM ('the Kremlin said'), or DEMONYM when asked
    place: Place | None       # None only for a border the gazetteer draws no line for
    confidence: float         # 0..1
    matched: str              # the gazetteer name or phrase rule that matched


@dataclass(frozen=True, slots=True)
class _Words:
    """A text's words as columns, one tuple per attribute: a 5 KB text has 800 words, and one object per word would
    cost as much as reading them."""
    text: str
    starts: tuple[int, ...]     # character offsets into the text
    ends: tuple[int, ...]       # ... without a possessive "'s"
    spellings: tuple[str, ...]  # as written, without a possessive "'s"
    keys: tuple[str, ...]       # folded, as the gazetteer keys names
    normals: tuple[str, ...]    # normal form, as the gazetteer keys organisations and the lexicon lists words
    capital: tuple[bool, ...]
    may_start: tuple[bool, ...]  # capitalised, and the first word of a name, organisation, seat of power or demonym
    opens: tuple[bool, ...]     # first word of a sentence or paragraph, or any word of a heading
    heading: tuple[bool, ...]   # in a title-case line, where every word is capitalised
    joins: tuple[int, ...]      # how each word joins the next: NOT_JOINED, SPACED or DASHED
    count: int                  # of words (an attribute: len() of a Python class costs a call, and it is asked often)
    lowercase: dict[str, bool] = field(default_factory=dict)  # _written_lowercase answers for this text

    def joined(self, first: int, last: int, hyphens: bool = True) -> bool:
        """The words run on with only a space (or a hyphen, dash or slash) between them: one name can span them."""
        if last == first + 1:  # most often asked: the next word
            link = self.joins[first]
            return link != NOT_JOINED if hyphens else link == SPACED
        links = self.joins[first:last]
        return all(links) if hyphens else links.count(SPACED) == len(links)

    def span(self, first: int, last: int) -> str:
        return self.text[self.starts[first]:self.ends[last]]

    def gap(self, left: int, right: int) -> str:
        """The text between two words, a possessive "'s" included."""
        return self.text[self.ends[left]:self.starts[right]]


@dataclass(slots=True)
class _Candidate:
    first: int                # word indexes, inclusive
    last: int
    source: str               # "name" | "border" | "seat" | "demonym" | "organisation"
    place: Place | None = None
    confidence: float = 0.0
    matched: str = ""
    countries: tuple[str, ...] = ()
    designated: bool = False  # a designator follows: 'Batken Region', 'the Sughd region'
    areas: bool = False       # one of a list of areas: 'the Sughd and Batken regions'


@dataclass(slots=True)
class _Setting:
    """What a whole text says about where it is: the context, a box around each context point (holding everything
    within NEAR_KM of it), and the names ranked so far (the same name ranks the same within one text)."""
    context: Context
    boxes: list[tuple[float, float, float, float]]
    ranked: dict[str, list]


class Geoparser:
    """Holds the gazetteer, the lexicon and the tables derived from them; build one per gazetteer and reuse it
    (0.5 s to build)."""

    def __init__(self, gazetteer: Gazetteer, lexicon_dir: Path | None = None) -> None:
        """Raises DataError for a bad row in the lexicon's files. Memos are pure (a value depends on its key only),
        so sharing one instance across threads is safe."""
        self.gazetteer = gazetteer
        self.lexicon: Lexicon = load_lexicon(gazetteer, lexicon_dir)
        self._common_words = self.lexicon.common_words | MONTH_WORDS
        self._seat_starts = {phrase.split()[0] for phrase in self.lexicon.seats}
        self._seat_words = self.lexicon.seat_words
        self._keys = NameKeys(gazetteer)
        self._borders = _drawn_borders(gazetteer)
        # Memos: a word's forms, for lower-case words (the language's, met in every text) and capitalised ones
        # (mostly names, which a news stream keeps renewing); the kind of the text between words; and of names,
        # their places and best reading without context, their readings' points and countries, their best reading
        # in a context, whether a place is spelled so; and the border of a pair of countries.
        self._vocabulary: dict[str, tuple[str, str, str, bool, bool]] = {}
        self._capitalised: dict[str, tuple[str, str, str, bool, bool]] = {}
        self._gap_kinds: dict[str, tuple[int, bool, int]] = {}
        self._names: dict[str, tuple[Lookup | None, Match | None]] = {}
        self._reach: dict[str, tuple[list[tuple[float, float]], frozenset[str]]] = {}
        self._in_context: dict[tuple[str, Context], list[Match]] = {}
        self._spelling: dict[tuple[str, str], bool] = {}
        self._pair_borders: dict[frozenset[str], Place | None] = {}

    def mentions(self, text: str, demonyms: bool = False) -> list[Mention]:
        """Place mentions in reading order; demonyms=True adds 'Armenian' and the like as DEMONYM mentions."""
        for memo in self._memos():
            if len(memo) > MEMO_SIZE:
                memo.clear()
        words = self._words(text)
        candidates = self._candidates(words)
        context = self._context(words, candidates)
        setting = _Setting(context, [_box(lat, lon) for lat, lon in context.points], {})
        for candidate in candidates:
            if candidate.source == "name":
                self._resolve(words, candidate, setting)
        kept = [c for c in candidates if (c.place is not None or c.source == "border")
                and (c.source != "demonym" or demonyms)]
        metonyms = _metonym_indexes(words, kept, self.lexicon)
        return [_mention(words, c, i in metonyms) for i, c in enumerate(kept)]

    def forget(self, keep_vocabulary: bool = False) -> None:
        """Empties the memos: frees their memory, and lets a benchmark time texts whose every name is new (with
        keep_vocabulary, the forms of lower-case words and of the punctuation between words are kept)."""
        for memo in self._memos(names_only=keep_vocabulary):
            memo.clear()

    def _memos(self, names_only: bool = False) -> tuple[dict, ...]:
        names = (self._capitalised, self._names, self._reach, self._in_context, self._spelling, self._pair_borders)
        return names if names_only else (*names, self._vocabulary, self._gap_kinds)

    # Reading the words

    def _words(self, text: str) -> _Words:
        """Words with their forms; this loop runs once per word, so it is written for speed."""
        headings = _title_case_lines(text)
        vocabulary, capitalised, gap_kinds = self._vocabulary, self._capitalised, self._gap_kinds
        rows: list[tuple] = []
        joins_before: list[int] = []
        position, line, cut = 0, 0, False
        for gap, written in _GAP_AND_WORD.findall(text):
            newlines, breaks, join = gap_kinds.get(gap) or gap_kinds.setdefault(gap, _gap_kind(gap))
            spelling, normal, key, capital, may_start = vocabulary.get(written) or capitalised.get(written) \
                or self._forms(written)
            start = position + len(gap)
            position = start + len(written)
            line += newlines
            heading = line in headings
            rows.append((start, start + len(spelling), spelling, key, normal, capital, may_start,
                         breaks or not rows or heading, heading))
            joins_before.append(NOT_JOINED if cut else join)  # "Armenia's border": the "'s" parts the words
            cut = len(spelling) < len(written)
        columns = list(zip(*rows)) or [()] * 9
        return _Words(text, *columns, joins=(*joins_before[1:], NOT_JOINED) if rows else (), count=len(rows))

    def _forms(self, written: str) -> tuple[str, str, str, bool, bool]:
        """(spelling without a possessive, normal form, key, capitalised, may start a candidate) of a word as
        written in a text."""
        spelling = written[:-2] if written[-2:] in _POSSESSIVE_ENDINGS and len(written) > 2 else written
        # normal_form's answer for a plain ASCII word, ten times faster
        normal = spelling.lower() if spelling.isascii() and spelling.isalnum() else normal_form(spelling)
        key, capital = folded_form(normal), spelling[0].isupper()
        may_start = capital and (self._keys.starts_name(key) or self._keys.starts_organisation(normal)
                                 or normal in self._seat_starts or normal in self.lexicon.demonyms)
        memo = self._capitalised if capital else self._vocabulary
        forms = memo[written] = (spelling, normal, key, capital, may_start)
        return forms

    # Finding candidates

    def _candidates(self, words: _Words) -> list[_Candidate]:
        """Candidates start only near border words and at capitalised words that may begin one (the first word of
        a name, an organisation, a seat of power or a demonym); the other words are never looked at."""
        border_near = _before_border_words(words.normals, self.lexicon.border_words)
        starts = border_near.union(compress(range(words.count), words.may_start))
        found: list[_Candidate] = []
        next_free = 0
        for i in sorted(starts):
            if i < next_free:
                continue
            candidate = self._candidate_at(words, i, i in border_near)
            if candidate is not None:
                found.append(candidate)
                next_free = candidate.last + 1
        found = [c for c in found if c.source != "organisation"]
        _share_plural_designators(words, found, self.lexicon.plural_designators)
        return found

    def _candidate_at(self, words: _Words, i: int, border_near: bool) -> _Candidate | None:
        if border_near:
            if border := self._border_phrase(words, i):
                return border
        if not words.capital[i]:
            return None
        if length := self._keys.organisation_length(words.normals, i):
            if words.joined(i, i + length - 1):
                return _Candidate(i, i + length - 1, "organisation")
        return self._seat(words, i) or self._name(words, i) or self._demonym(words, i)

    def _name(self, words: _Words, i: int) -> _Candidate | None:
        for length in self._keys.name_lengths(words.keys, i):
            last = i + length - 1
            if not words.joined(i, last):
                continue
            if length == 1 and (words.normals[i] in self.lexicon.demonyms or words.normals[i] in self._common_words):
                return None
            candidate = _Candidate(i, last, "name")
            after = last + 1
            if after < words.count and words.normals[after] in NAME_DESIGNATORS and words.joined(last, after):
                candidate.designated = True
            return candidate
        return None

    def _demonym(self, words: _Words, i: int) -> _Candidate | None:
        iso3 = self.lexicon.demonyms.get(words.normals[i])
        if iso3 is None:
            return None
        place = self.gazetteer.place_by_id(f"country:{iso3}")
        return _Candidate(i, i, "demonym", place, DEMONYM_CONFIDENCE, words.spellings[i], (iso3,))

    def _seat(self, words: _Words, i: int) -> _Candidate | None:
        """'the Kremlin', 'the White House': the longest seat of power's name starting here."""
        if words.normals[i] not in self._seat_starts:
            return None
        for last in range(min(i + self._seat_words, words.count) - 1, i - 1, -1):
            if words.joined(i, last):
                place = self.lexicon.seats.get(" ".join(words.normals[i:last + 1]))
                if place is not None:
                    return _Candidate(i, last, "seat", place, SEAT_CONFIDENCE, words.span(i, last),
                                      (place.country_iso3,))
        return None

    def _border_phrase(self, words: _Words, i: int) -> _Candidate | None:
        """'Tajik-Kyrgyz border', 'border between Tajikistan and Kyrgyzstan', "Armenia's border with Turkey"."""
        found = _pair_border(self, words, i) or _between_border(self, words, i) or _with_border(self, words, i)
        if found is None:
            return None
        last, countries = found
        place = self._border_of(countries)
        confidence = BORDER_CONFIDENCE if place else UNDRAWN_BORDER_CONFIDENCE
        return _Candidate(i, last, "border", place, confidence, words.span(i, last), countries)

    def _border_of(self, countries: tuple[str, str]) -> Place | None:
        """The border the gazetteer names for the pair ('Armenia-Iran border'), else the drawn line touching both
        with the fewest other countries."""
        key = frozenset(countries)
        if key not in self._pair_borders:
            self._pair_borders[key] = self._border_named(countries) or _border_touching(self._borders, key)
        return self._pair_borders[key]

    def _border_named(self, countries: tuple[str, str]) -> Place | None:
        names = [self.gazetteer.place_by_id(f"country:{iso3}") for iso3 in countries]
        if None in names:
            return None
        first, second = names[0].name, names[1].name
        for phrase in (f"{first}-{second} border", f"{second}-{first} border"):
            found = ranked_matches(self.gazetteer, phrase, None, Context(), 1)
            if found and found[0].place.kind == KINDS[BORDER]:
                return found[0].place
        return None

    def _country_at(self, words: _Words, i: int) -> tuple[str, int] | None:
        """(ISO3, last word) of a demonym or country name (up to three words) starting at word i."""
        if i >= words.count or not words.capital[i]:
            return None
        if iso3 := self.lexicon.demonyms.get(words.normals[i]):
            return iso3, i
        for last in range(min(i + 2, words.count - 1), i - 1, -1):
            if words.joined(i, last, hyphens=False):
                if iso3 := self.gazetteer.country_code(words.span(i, last)):
                    return iso3, last
        return None

    # Resolving

    def _context(self, words: _Words, candidates: list[_Candidate]) -> Context:
        """Countries and points of what the text names unambiguously; see the module docstring."""
        countries: set[str] = set()
        points: list[tuple[float, float]] = []
        for candidate in candidates:
            if candidate.source != "name":
                countries.update(c for c in candidate.countries if c)
                continue
            surface = words.span(candidate.first, candidate.last)
            match = self._free_match(surface)
            if match is None or not self._spelled_so(match, surface):
                continue
            place = match.place
            if place.kind != "city":
                countries.update(self._countries_of(place))
            elif place.population >= ANCHOR_POPULATION and match.confidence >= ANCHOR_CONFIDENCE \
                    and not words.opens[candidate.first]:
                countries.add(place.country_iso3)
                points.append((_on_grid(place.lat), _on_grid(place.lon)))
        return Context(frozenset(c for c in countries if c), tuple(dict.fromkeys(points)))

    def _free_match(self, surface: str) -> Match | None:
        return self._looked_up(surface)[1]

    def _looked_up(self, surface: str) -> tuple[Lookup | None, Match | None]:
        """The places a name may mean, and the likeliest without context; memoised, since they depend on nothing
        else, and looked up once for every ranking of the name."""
        found = self._names.get(surface)
        if found is None:
            lookup = look_up(self.gazetteer, surface)
            free = ranked_lookup(self.gazetteer, lookup, Context(), 1)[0] if lookup else None
            found = self._names[surface] = (lookup, free)
        return found

    def _resolve(self, words: _Words, candidate: _Candidate, setting: _Setting) -> None:
        surface = words.span(candidate.first, candidate.last)
        query = surface.title() if _dateline(words, candidate) else surface  # 'YEREVAN, 22 Feb —'
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
        if match.confidence >= MIN_CONFIDENCE \
                and self._acceptable(words, candidate, match.place, setting.context, query):
            candidate.place, candidate.confidence, candidate.matched = match.place, match.confidence, match.matched

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
            elif free.confidence >= SURE \
                    and (free.place.kind != "city" or self._supported(free.place, setting.context)):
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
        gazetteer, lookup = self.gazetteer, self._looked_up(surface)[0]
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
            found = self._in_context[key] = ranked_lookup(self.gazetteer, lookup, context, 1)
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
        names = self.gazetteer.names_of(self.gazetteer.index_of(place.id))
        if surface in names:  # another of its names, so spelled
            return True
        wanted, size = surface_form(surface), len(surface)
        same = [n for n in names if abs(len(n) - size) <= 2 and surface_form(n) == wanted]
        if same:
            return any(not n.isupper() or len(n) == 1 for n in same)
        return not match.matched.isupper()

    def _acceptable(self, words: _Words, candidate: _Candidate, place: Place, context: Context, surface: str) -> bool:
        first, last, lexicon = candidate.first, candidate.last, self.lexicon
        if _organisation_follows(words, last, lexicon.organisation_heads) \
                or _organisation_of_precedes(words, first, lexicon.organisation_openers):
            return False
        if place.kind not in ("city", "province"):
            return True
        if _title_precedes(words, first, lexicon.titles) or _natural_feature(words, first, last, lexicon.feature_words):
            return False
        if not words.heading[first] and (_name_follows(words, last)
                                         or _name_precedes(words, first, self._common_words)):
            return False
        if place.kind == "province":
            return True
        if words.opens[first] and _gerund(words, candidate):
            return False
        return self._city_acceptable(words, candidate, place, context, words.opens[first], surface)

    def _city_acceptable(self, words: _Words, candidate: _Candidate, place: Place, context: Context,
                         opens_sentence: bool, surface: str) -> bool:
        """Size and the context decide; a sentence's first word needs more, since it is capitalised anyway."""
        supported = self._supported(place, context)
        if candidate.last > candidate.first:
            return place.population > 0 if supported else place.population >= FREE_MULTIWORD_POPULATION
        if not opens_sentence:
            return place.population > 0 if supported else place.population >= FREE_POPULATION
        own_name = surface == place.name and not _lowercase_in(words, surface)
        if not supported:
            return place.population >= SENTENCE_START_POPULATION or (own_name and place.population >= FREE_POPULATION)
        if place.population >= FREE_POPULATION or (own_name and place.population >= OWN_NAME_POPULATION):
            return True
        # 'Khankendi, the city Armenians call...' but not 'Cars and buses' (Kars) or 'Voters' (Voters, USA)
        return len(surface) >= DISTINCT_LENGTH and not surface.endswith("s") and not _lowercase_in(words, surface)

    def _supported(self, place: Place, context: Context) -> bool:
        """In a context country, or within NEAR_KM of a context point (a latitude gap alone rules most points out)."""
        if place.country_iso3 in context.countries:
            return True
        lat, here = place.lat, (place.lat, place.lon)
        return any(abs(lat - point[0]) <= NEAR_DEGREES and distance_km(here, point) <= NEAR_KM
                   for point in context.points)

    def _countries_of(self, place: Place) -> tuple[str, ...]:
        """A city's country, or every country an area or line touches."""
        if place.kind == "city":  # the gazetteer's answer, without looking the city up by id
            return (place.country_iso3,) if place.country_iso3 else ()
        index = self.gazetteer.index_of(place.id)
        return self.gazetteer.countries_of(index) if index is not None else ()


def _mention(words: _Words, candidate: _Candidate, metonym: bool) -> Mention:
    start, end = words.starts[candidate.first], words.ends[candidate.last]
    if candidate.source == "demonym":
        kind = DEMONYM
    elif metonym or candidate.source == "seat":
        kind = METONYM
    else:
        kind = candidate.place.kind if candidate.place else KINDS[BORDER]
    surface = words.text[start:end]
    return Mention(start, end, surface, kind, candidate.place, candidate.confidence, candidate.matched or surface)


def _gap_kind(gap: str) -> tuple[int, bool, int]:
    """(newlines, whether a sentence or line ends in it, how it joins the words either side) of the text between
    two words."""
    if not gap or len(gap) > 3 or not _JOINS.fullmatch(gap):
        join = NOT_JOINED
    else:
        join = DASHED if gap.strip() else SPACED
    return gap.count("\n"), _SENTENCE_GAP.search(gap) is not None, join


# Phrase rules

def _pair_border(parser: Geoparser, words: _Words, i: int) -> tuple[int, tuple[str, str]] | None:
    first = parser._country_at(words, i)
    if first is None or first[1] + 1 >= words.count:
        return None
    if words.gap(first[1], first[1] + 1).strip() not in ("-", "–", "—", "‐", "/"):
        return None
    second = parser._country_at(words, first[1] + 1)
    if second is None or second[1] + 1 >= words.count \
            or words.normals[second[1] + 1] not in parser.lexicon.border_words:
        return None
    if first[0] == second[0] or not words.joined(second[1], second[1] + 1, hyphens=False):
        return None
    return second[1] + 1, (first[0], second[0])


def _between_border(parser: Geoparser, words: _Words, i: int) -> tuple[int, tuple[str, str]] | None:
    if words.normals[i] not in parser.lexicon.border_words or i + 2 >= words.count or words.normals[i + 1] != "between":
        return None
    first = parser._country_at(words, i + 2)
    if first is None or first[1] + 1 >= words.count or words.normals[first[1] + 1] != "and":
        return None
    second = parser._country_at(words, first[1] + 2)
    if second is None or first[0] == second[0]:
        return None
    return second[1], (first[0], second[0])


def _with_border(parser: Geoparser, words: _Words, i: int) -> tuple[int, tuple[str, str]] | None:
    first = parser._country_at(words, i)
    if first is None or first[1] + 3 >= words.count:
        return None
    j = first[1]
    if not _POSSESSIVE.search(words.text[words.starts[j]:words.starts[j + 1]].rstrip()):
        return None
    if words.normals[j + 1] not in parser.lexicon.border_words or words.normals[j + 2] != "with":
        return None
    second = parser._country_at(words, j + 3)
    if second is None or first[0] == second[0]:
        return None
    return second[1], (first[0], second[0])


def _share_plural_designators(words: _Words, found: list[_Candidate], plurals: frozenset[str]) -> None:
    """'the Sughd and Batken regions', 'Osh, Jalal-Abad and Batken provinces': every name in the list is an area."""
    for n, candidate in enumerate(found):
        after = candidate.last + 1
        if candidate.source != "name" or after >= words.count or words.normals[after] not in plurals:
            continue
        candidate.areas = True
        m = n
        while m > 0 and found[m - 1].source == "name" \
                and all(w == "and" for w in words.normals[found[m - 1].last + 1:found[m].first]) \
                and found[m].first - found[m - 1].last <= 2:
            found[m - 1].areas = True
            m -= 1


def _gerund(words: _Words, candidate: _Candidate) -> bool:
    """'Reading the statement, ...': a sentence opening with an -ing word and going on in lower case."""
    after = candidate.last + 1
    return candidate.first == candidate.last and words.spellings[candidate.first].endswith("ing") \
        and after < words.count and not words.capital[after]


def _lowercase_in(words: _Words, word: str) -> bool:
    """_written_lowercase once per word and text: a text naming a place thousands of times searched it as often."""
    known = words.lowercase.get(word)
    if known is None:
        known = words.lowercase[word] = _written_lowercase(words.text, word)
    return known


def _written_lowercase(text: str, word: str) -> bool:
    """The word occurs in lower case elsewhere in the text, so it is a common word there ('Cars' and 'cars').
    A search with str.find: a regular expression with look-arounds takes 30 times as long."""
    lower = word.lower()
    start = text.find(lower)
    while start >= 0:
        end = start + len(lower)
        if not (start and _word_character(text[start - 1])) and not (end < len(text) and _word_character(text[end])):
            return True
        start = text.find(lower, start + 1)
    return False


def _word_character(character: str) -> bool:
    return character.isalnum() or character == "_"  # what \w matches


def _dateline(words: _Words, candidate: _Candidate) -> bool:
    """A capitalised place opening a report: 'YEREVAN, 22 February —' or 'BISHKEK (Reuters) —'."""
    text, first, last = words.text, words.starts[candidate.first], words.ends[candidate.last]
    if not text[first:last].isupper() or text[text.rfind("\n", 0, first) + 1:first].strip():
        return False
    return text[last:last + 2] in (", ", " (", " —", " -", " –")


def _metonym_indexes(words: _Words, kept: list[_Candidate], lexicon: Lexicon) -> set[int]:
    """Cities (and seats of power) that speak: 'Moscow said', 'Baku and Yerevan agreed', "Moscow's response"."""
    found: set[int] = set()
    run: list[int] = []
    for n, candidate in enumerate(kept):
        if candidate.place is None or candidate.place.kind != "city" or candidate.source == "demonym":
            run = []
            continue
        if run and _coordinated(words, kept[run[-1]].last, candidate.first):
            run.append(n)
        else:
            run = [n]
        if _speaks(words, candidate.last, lexicon):
            found.update(run)
    return found


def _coordinated(words: _Words, left: int, right: int) -> bool:
    return words.normals[left + 1:right] in (("and",), ()) and not _SENTENCE_GAP.search(words.gap(left, right))


def _speaks(words: _Words, last: int, lexicon: Lexicon) -> bool:
    after = words.gap(last, last + 1) if last + 1 < words.count else ""
    if _POSSESSIVE.match(after.strip()):
        return last + 1 < words.count and words.normals[last + 1] in lexicon.possessed_nouns
    if _SENTENCE_GAP.search(after):
        return False
    j = last + 1
    while j < words.count and words.normals[j] in lexicon.auxiliaries:
        j += 1
    return j < words.count and words.normals[j] in lexicon.reporting_verbs


# Small predicates over words

def _organisation_follows(words: _Words, last: int, heads: frozenset[str]) -> bool:
    """'The Moscow Times', 'OSCE Minsk Group', 'France 24'."""
    if last + 1 >= words.count or not words.joined(last, last + 1, hyphens=False):
        return False
    following = words.spellings[last + 1]
    if following.isdigit() and len(following) <= 3:
        return True
    return words.capital[last + 1] and words.normals[last + 1] in heads


def _organisation_of_precedes(words: _Words, first: int, openers: frozenset[str]) -> bool:
    """'Bank of Georgia', 'University of Central Asia', 'Voice of America'."""
    return first >= 2 and words.normals[first - 1] == "of" and words.capital[first - 2] \
        and words.normals[first - 2] in openers


def _title_precedes(words: _Words, first: int, titles: frozenset[str]) -> bool:
    return first >= 1 and words.normals[first - 1] in titles and words.capital[first - 1]


def _name_follows(words: _Words, last: int) -> bool:
    """A capitalised word right after a town name makes it part of a person's or body's name: 'Vladimir Putin'."""
    if last + 1 >= words.count or not words.joined(last, last + 1, hyphens=False):
        return False
    following = words.normals[last + 1]
    return words.capital[last + 1] and following not in NAME_DESIGNATORS and following not in MONTH_WORDS


def _name_precedes(words: _Words, first: int, common_words: frozenset[str]) -> bool:
    """A capitalised word right before, unless a sentence's first function word ('In Kapan'): 'State University'."""
    if first == 0 or not words.joined(first - 1, first, hyphens=False):
        return False
    before = first - 1
    return words.capital[before] and not (words.opens[before] and words.normals[before] in common_words)


def _natural_feature(words: _Words, first: int, last: int, features: frozenset[str]) -> bool:
    """'Lake Issyk-Kul', 'the Aras river': the name is a water body's or a mountain's, which the gazetteer lacks."""
    before = first > 0 and words.capital[first - 1] and words.normals[first - 1] in features \
        and words.joined(first - 1, first, hyphens=False)
    after = last + 1 < words.count and words.normals[last + 1] in features \
        and words.joined(last, last + 1, hyphens=False)
    return before or after


def _on_grid(degrees: float) -> float:
    return round(degrees / POINT_GRID) * POINT_GRID


def _box(lat: float, lon: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point, holding everything within NEAR_KM: a cheap test before geocode's."""
    reach = NEAR_KM / 111.0  # km in a degree of latitude
    lon_reach = reach / max(math.cos(math.radians(min(abs(lat) + reach, 89.0))), 0.02)
    return lat - reach, lat + reach, lon - lon_reach, lon + lon_reach


def _points_near(points: tuple[tuple[float, float], ...], boxes: list[tuple[float, float, float, float]],
                 places: list[tuple[float, float]]) -> tuple[tuple[float, float], ...]:
    """The points whose box holds any of the places; plain loops, since this runs for every ambiguous name."""
    near = []
    for point, (south, north, west, east) in zip(points, boxes):
        for lat, lon in places:
            if south <= lat <= north and west <= lon <= east:
                near.append(point)
                break
    return tuple(near)


def _before_border_words(normals: Sequence[str], border_words: frozenset[str]) -> set[int]:
    """Where a border phrase may start: at a border word or up to four words before one."""
    near: set[int] = set()
    for j in compress(count(), map(border_words.__contains__, normals)):  # the search runs in C
        near.update(range(max(0, j - 4), j + 1))
    return near


def _title_case_lines(text: str) -> set[int]:
    """Numbers of lines written in title case ('Armenia Says It Will Freeze Participation'): headings, which end
    without a full stop (a sentence listing people, 'Vladimir Putin met Sadyr Japarov.', does not); a byline
    ('By Anna Petrosyan') is read as prose, so that names in it are people's."""
    lines = set()
    for number, line in enumerate(text.split("\n")):
        if len(line) > 200 or line.rstrip().endswith(".") or line.startswith("By "):
            continue  # the cheap tests first: most lines are paragraphs
        words = [w for w in _WORD.findall(line) if len(w) > 3]
        if len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words):
            lines.add(number)
    return lines


def _drawn_borders(gazetteer: Gazetteer) -> list[tuple[frozenset[str], Place]]:
    """Every border line in the gazetteer with the countries it touches."""
    found = []
    for index in range(len(gazetteer)):
        if gazetteer.kind_code(index) == BORDER:
            found.append((frozenset(gazetteer.countries_of(index)), gazetteer.place(index)))
    return found


def _border_touching(borders: list[tuple[frozenset[str], Place]], pair: frozenset[str]) -> Place | None:
    """A whole line wins over an approximate section of it, and a line between two countries over one among more."""
    touching = [(len(countries), place.approximate, place.id, place)
                for countries, place in borders if pair <= countries]
    return min(touching)[3] if touching else None


# Entry points

_default_parser: Geoparser | None = None


def default_geoparser() -> Geoparser:
    global _default_parser
    if _default_parser is None:
        _default_parser = Geoparser(shared_gazetteer())
    return _default_parser


def geoparse(text: str, demonyms: bool = False) -> list[Mention]:
    """Mentions in text, with the app's gazetteer (loaded on first use)."""
    return default_geoparser().mentions(text, demonyms)


def countries_mentioned(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """ISO3 codes of the mentioned places' countries, most mentioned first: a draft event's countries."""
    counts = Counter(m.place.country_iso3 for m in mentions if m.place and m.place.country_iso3)
    return tuple(iso3 for iso3, _ in counts.most_common())
