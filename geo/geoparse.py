"""Place mentions in news text, resolved through the gazetteer: `python -m geo.geoparse FILE... --jsonl`.

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
"""
import argparse
import json
import math
import re
import sys
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from geo.gazetteer import BORDER, KINDS, Gazetteer, Match, Place, normal_form, surface_form
from geo.geocode import DESIGNATORS, NEAR_KM, Context, default_gazetteer, distance_km, ranked_matches
from geo.namekeys import NameKeys, word_key
from geo.textdates import month_words

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
BORDER_CONFIDENCE, BUILDING_CONFIDENCE, DEMONYM_CONFIDENCE = 0.95, 0.9, 0.9
UNDRAWN_BORDER_CONFIDENCE = 0.5  # a border the gazetteer has no line for: found, but not placed

# Adjectives and nouns for peoples; they say which countries a text is about, but are not place mentions.
DEMONYMS = {
    "ARM": "armenian armenians", "AZE": "azerbaijani azerbaijanis azeri azeris", "GEO": "georgian georgians",
    "RUS": "russian russians", "BLR": "belarusian belarusians belarussian byelorussian",
    "KAZ": "kazakh kazakhs kazakhstani kazakhstanis", "KGZ": "kyrgyz kirghiz kyrgyzstani",
    "TJK": "tajik tajiks tajikistani", "UZB": "uzbek uzbeks uzbekistani", "TKM": "turkmen turkmens",
    "TUR": "turkish turk turks", "IRN": "iranian iranians", "UKR": "ukrainian ukrainians", "MDA": "moldovan moldovans",
    "USA": "american americans", "FRA": "french", "DEU": "german germans", "GBR": "british", "CHN": "chinese",
    "AFG": "afghan afghans", "IND": "indian indians", "POL": "polish", "ISR": "israeli israelis",
}
# Seats of power named for their governments: (city, country) they stand in.
BUILDINGS = {"kremlin": ("Moscow", "RUS"), "white house": ("Washington", "USA"), "elysee": ("Paris", "FRA"),
             "elysee palace": ("Paris", "FRA"), "downing street": ("London", "GBR"), "akorda": ("Astana", "KAZ"),
             "ak orda": ("Astana", "KAZ"), "pentagon": ("Arlington", "USA"), "capitol hill": ("Washington", "USA")}
TITLES = set("""president presidents premier minister ministers secretary chancellor ambassador envoy spokesman
spokeswoman spokesperson general gen colonel col commander mr mrs ms dr prof patriarch catholicos king queen prince
governor mayor senator deputy chairman chairwoman speaker leader""".split())
# Words after a place name that make the whole an organisation or a medium: 'The Moscow Times', 'Minsk Group'.
ORGANISATION_HEADS = set("""times post news herald today tribune independent journal gazette daily weekly telegraph
group university institute academy agency radio tv television channel service airlines airways railways bank club
forum format process initiative fund foundation council committee media press review observer monitor""".split())
ORGANISATION_OF = {"university", "bank", "voice", "institute", "academy", "museum", "radio"}  # 'Bank of Georgia'
# Capitalised words that are English first (sentence starts, titles, headings), never read as a town alone.
COMMON_WORDS = set("""a an the and or but nor so yet for of on in at by to from with as is are was were be been has
have had do does did will would can could may might must shall should it its he she they we you i his her their our
this that these those there here then than when where while what who whom why how if also only even still not no
now new old last next first second third one two three many some both all most more each few several other such
after before during since until about against between among over under into through police army troops officials
government ministry president union independence mission republic summit liberty central north south east west
northern southern eastern western upper lower great little red human peace state national federal border asian
european african soviet western communist mount lake river sea gulf""".split()) | set(month_words())
REPORTING_VERBS = set("""said says say stated states accused accuses denied denies insisted insists warned warns
claimed claims announced announces responded responds rejected rejects welcomed welcomes condemned condemns
demanded demands refused refuses wants wanted agreed agrees blamed blames threatened threatens protested urged urges
called calls signalled signaled argued argues believes believed hopes hoped expects expected recognised recognized
froze freezes declined declines considers considered objected sought seeks promised promises pledged vowed
confirmed confirms dismissed replied retorted reacted offered offers proposed proposes insisted accepted accepts
approved approves ordered orders asked asks complained complains regretted regrets hailed praised criticised
criticized noted maintains maintained""".split())
AUXILIARIES = set("""has have had is was also again quickly publicly reportedly repeatedly officially formally then
later already never not did does would will could might must should still swiftly firmly""".split())
POSSESSED = set("""position response decision stance policy refusal failure reaction support demand demands offer
proposal plan silence inaction mediation envoy ally allies""".split())
BORDER_WORDS = {"border", "frontier", "boundary"}
FEATURE_WORDS = set("""lake river sea gulf bay strait reservoir canal mount mountain mountains range valley gorge
pass plateau desert steppe island islands peninsula""".split())
PLURAL_DESIGNATORS = {"regions", "provinces", "oblasts", "districts", "rayons", "marzes", "viloyats"}
MONTH_WORDS = frozenset(month_words())

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_POSSESSIVE_ENDINGS = ("'s", "’s", "'S", "’S")
_JOINS = re.compile(r"[ \t\u00a0]?[-–—‐/]?[ \t\u00a0]?")
_SENTENCE_GAP = re.compile(r"[.!?:\n]")


@dataclass(frozen=True, slots=True)
class Mention:
    start: int                # character offsets into the text
    end: int
    surface: str
    kind: str                 # the place's kind (KINDS), or METONYM ('the Kremlin said'), or DEMONYM when asked
    place: Place | None       # None only for a border the gazetteer draws no line for
    confidence: float         # 0..1
    matched: str              # the gazetteer name or phrase rule that matched


@dataclass(slots=True)  # not frozen: frozen dataclasses construct slower, and a text has thousands of words
class _Token:
    start: int
    end: int
    text: str
    key: str                  # folded, as the gazetteer keys names
    normal: str               # normal form, as the gazetteer keys organisations
    capital: bool
    opens_sentence: bool      # first word of a sentence or paragraph, or any word of a heading
    heading: bool             # in a title-case line, where every word is capitalised


@dataclass(slots=True)
class _Candidate:
    first: int                # token indexes, inclusive
    last: int
    source: str               # "name" | "border" | "building" | "demonym" | "organisation"
    place: Place | None = None
    confidence: float = 0.0
    matched: str = ""
    countries: tuple[str, ...] = ()
    notes: set[str] = field(default_factory=set)


class Geoparser:
    """Holds the gazetteer and the tables derived from it; build one per gazetteer and reuse it (0.5 s to build)."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        """Memo dicts only grow and are cleared when large; sharing one instance across threads is safe."""
        self.gazetteer = gazetteer
        self._keys = NameKeys(gazetteer)
        self._words: dict[str, tuple[str, str]] = {}
        self._free: dict[str, list] = {}
        self._spelling: dict[tuple[str, str], bool] = {}
        self._boxes: dict[str, list[tuple[float, float, float, float]]] = {}
        self._in_context: dict[tuple[str, Context], list] = {}
        self._demonyms = {word: iso3 for iso3, words in DEMONYMS.items() for word in words.split()}
        self._borders = _drawn_borders(gazetteer)
        self._pair_borders: dict[frozenset[str], Place | None] = {}
        self._buildings = {name: _building_place(gazetteer, city, iso3) for name, (city, iso3) in BUILDINGS.items()}
        self._building_starts = {name.split()[0] for name in BUILDINGS}

    def mentions(self, text: str, demonyms: bool = False) -> list[Mention]:
        """Place mentions in reading order; demonyms=True adds 'Armenian' and the like as DEMONYM mentions."""
        tokens = self._tokens(text)
        candidates = self._candidates(text, tokens)
        context = self._context(text, tokens, candidates)
        resolved: dict[str, list] = {}  # the same name ranks the same within one text
        for candidate in candidates:
            if candidate.source == "name":
                self._resolve(text, tokens, candidate, context, resolved)
        kept = [c for c in candidates if c.place is not None or c.source == "border"]
        kept = [c for c in kept if c.source != "demonym" or demonyms]
        metonyms = _metonym_indexes(text, tokens, kept)
        return [self._mention(text, tokens, c, i in metonyms) for i, c in enumerate(kept)]

    # Reading the words

    def _tokens(self, text: str) -> list[_Token]:
        """Words with their forms; this loop runs once per word, so it is written for speed."""
        tokens: list[_Token] = []
        headings = _title_case_lines(text)
        forms, word_forms, sentence_gap = self._words, self._word_forms, _SENTENCE_GAP.search
        previous_end, line, opens = 0, 0, True
        for match in _WORD.finditer(text):
            start, end = match.span()
            word = match.group()
            if word[-2:] in _POSSESSIVE_ENDINGS and len(word) > 2:
                word, end = word[:-2], end - 2
            normal, key = forms.get(word) or word_forms(word)
            if previous_end:
                gap = text[previous_end:start]
                if gap == " ":
                    opens = False
                else:
                    line += gap.count("\n")
                    opens = sentence_gap(gap) is not None
            heading = line in headings if headings else False
            tokens.append(_Token(start, end, word, key, normal, word[0].isupper(), opens or heading, heading))
            previous_end = match.end()
        return tokens

    def _word_forms(self, word: str) -> tuple[str, str]:
        forms = self._words.get(word)
        if forms is None:
            if len(self._words) > 500_000:
                self._words.clear()
            normal = normal_form(word)
            forms = self._words[word] = (normal, word_key(word))
        return forms

    # Finding candidates

    def _candidates(self, text: str, tokens: list[_Token]) -> list[_Candidate]:
        keys = [t.key for t in tokens]
        normals = [t.normal for t in tokens]
        border_near = _before_border_words(keys)
        found: list[_Candidate] = []
        i = 0
        while i < len(tokens):
            if not (tokens[i].capital or border_near[i]):  # most words: skipped without a call
                i += 1
                continue
            candidate = self._candidate_at(text, tokens, keys, normals, i, border_near[i])
            if candidate is None:
                i += 1
                continue
            found.append(candidate)
            i = candidate.last + 1
        found = [c for c in found if c.source != "organisation"]
        _share_plural_designators(tokens, found)
        return found

    def _candidate_at(self, text: str, tokens: list[_Token], keys: list[str], normals: list[str],
                      i: int, border_near: bool) -> _Candidate | None:
        token = tokens[i]
        if border_near:
            if border := self._border_phrase(text, tokens, i):
                return border
        if not token.capital:
            return None
        if length := self._keys.organisation_length(normals, i):
            if _joined(text, tokens, i, i + length - 1):
                return _Candidate(i, i + length - 1, "organisation")
        return (self._building(text, tokens, i) or self._name(text, tokens, keys, i)
                or self._demonym(tokens, i))

    def _name(self, text: str, tokens: list[_Token], keys: list[str], i: int) -> _Candidate | None:
        for length in self._keys.name_lengths(keys, i):
            last = i + length - 1
            if not _joined(text, tokens, i, last):
                continue
            if length == 1 and (tokens[i].normal in self._demonyms or tokens[i].normal in COMMON_WORDS):
                return None
            candidate = _Candidate(i, last, "name")
            after = last + 1
            if after < len(tokens) and tokens[after].normal in DESIGNATORS and _joined(text, tokens, last, after):
                candidate.notes.add("designated")  # 'Batken Region', 'the Sughd region' 
            return candidate
        return None

    def _demonym(self, tokens: list[_Token], i: int) -> _Candidate | None:
        iso3 = self._demonyms.get(tokens[i].normal)
        if iso3 is None:
            return None
        place = self.gazetteer.place_by_id(f"country:{iso3}")
        return _Candidate(i, i, "demonym", place, DEMONYM_CONFIDENCE, tokens[i].text, (iso3,))

    def _building(self, text: str, tokens: list[_Token], i: int) -> _Candidate | None:
        if tokens[i].normal not in self._building_starts:
            return None
        for length in (2, 1):
            last = i + length - 1
            if last < len(tokens) and _joined(text, tokens, i, last):
                place = self._buildings.get(" ".join(t.normal for t in tokens[i:last + 1]))
                if place is not None:
                    surface = text[tokens[i].start:tokens[last].end]
                    return _Candidate(i, last, "building", place, BUILDING_CONFIDENCE, surface, (place.country_iso3,))
        return None

    def _border_phrase(self, text: str, tokens: list[_Token], i: int) -> _Candidate | None:
        """'Tajik-Kyrgyz border', 'border between Tajikistan and Kyrgyzstan', "Armenia's border with Turkey"."""
        found = _pair_border(self, text, tokens, i) or _between_border(self, text, tokens, i) \
            or _with_border(self, text, tokens, i)
        if found is None:
            return None
        last, countries = found
        place = self._border_of(countries)
        confidence = BORDER_CONFIDENCE if place else UNDRAWN_BORDER_CONFIDENCE
        return _Candidate(i, last, "border", place, confidence, text[tokens[i].start:tokens[last].end], countries)

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

    def _country_at(self, text: str, tokens: list[_Token], i: int) -> tuple[str, int] | None:
        """(ISO3, last token) of a demonym or country name (up to three words) starting at token i."""
        if i >= len(tokens) or not tokens[i].capital:
            return None
        if iso3 := self._demonyms.get(tokens[i].normal):
            return iso3, i
        for last in range(min(i + 2, len(tokens) - 1), i - 1, -1):
            if _joined(text, tokens, i, last, hyphens=False):
                if iso3 := self.gazetteer.country_code(text[tokens[i].start:tokens[last].end]):
                    return iso3, last
        return None

    # Resolving

    def _context(self, text: str, tokens: list[_Token], candidates: list[_Candidate]) -> Context:
        """Countries and points of what the text names unambiguously; see the module docstring."""
        countries: set[str] = set()
        points: list[tuple[float, float]] = []
        for candidate in candidates:
            if candidate.source != "name":
                countries.update(c for c in candidate.countries if c)
                continue
            surface = _surface(text, tokens, candidate)
            match = self._free_match(surface)
            if match is None or not self._spelled_so(match, surface):
                continue
            place = match.place
            if place.kind != "city":
                countries.update(self._countries_of(place))
            elif place.population >= ANCHOR_POPULATION and match.confidence >= ANCHOR_CONFIDENCE \
                    and not tokens[candidate.first].opens_sentence:
                countries.add(place.country_iso3)
                points.append((_on_grid(place.lat), _on_grid(place.lon)))
        return Context(frozenset(c for c in countries if c), tuple(dict.fromkeys(points)))

    def _free_match(self, surface: str) -> Match | None:
        found = self._free_matches(surface)
        return found[0] if found else None

    def _free_matches(self, surface: str) -> list[Match]:
        """The likeliest readings without context; memoised, since they depend on nothing else."""
        found = self._free.get(surface)
        if found is None:
            if len(self._free) > 100_000:
                self._free.clear()
                self._boxes.clear()
            found = self._free[surface] = ranked_matches(self.gazetteer, surface, None, Context(), FREE_READINGS)
        return found

    def _resolve(self, text: str, tokens: list[_Token], candidate: _Candidate, context: Context,
                 resolved: dict[str, list]) -> None:
        surface = _surface(text, tokens, candidate)
        query = surface.title() if _dateline(text, tokens, candidate) else surface  # 'YEREVAN, 22 Feb —'
        matches = None
        if "designated" in candidate.notes:
            designated = text[tokens[candidate.first].start:tokens[candidate.last + 1].end]
            matches = self._areas(designated, context, resolved)
            if matches:
                candidate.last += 1
                query = designated
        elif "areas" in candidate.notes:
            matches = self._areas(f"{query} region", context, resolved)  # 'the Sughd and Batken regions'
        if not matches:
            matches = self._ranked(query, context, resolved)
        if not matches or not self._spelled_so(matches[0], query):
            return
        match = matches[0]
        if match.confidence >= MIN_CONFIDENCE \
                and self._acceptable(text, tokens, candidate, match.place, context, query):
            candidate.place, candidate.confidence, candidate.matched = match.place, match.confidence, match.matched

    def _areas(self, designated: str, context: Context, resolved: dict[str, list]) -> list:
        """Readings of 'Batken Region' (geocode reads the name without its designator as an area only)."""
        found = self._ranked(designated, context, resolved)
        return found if found and found[0].place.kind != "city" else []

    def _ranked(self, surface: str, context: Context, resolved: dict[str, list]) -> list:
        """Ranked with the context, unless the reading without it is already sure and agrees with the context."""
        found = resolved.get(surface)
        if found is None:
            free = self._free_match(surface)
            if free is not None and free.confidence >= SURE \
                    and (free.place.kind != "city" or self._supported(free.place, context)):
                found = [free]
            else:
                found = self._ranked_in(surface, self._relevant_context(surface, context))
            resolved[surface] = found
        return found

    def _relevant_context(self, surface: str, context: Context) -> Context:
        """The part of the context that can move the name's readings: their countries, and the points near them.
        Geocode measures every reading against every point, which is most of the time a text takes; and texts that
        agree on this part rank the name alike, so the ranking is memoised by it."""
        readings = self._free_matches(surface)
        boxes = self._boxes.get(surface)
        if boxes is None:
            boxes = self._boxes[surface] = [_box(m.place.lat, m.place.lon) for m in readings]
        points = tuple(p for p in context.points
                       if any(south <= p[0] <= north and west <= p[1] <= east for south, north, west, east in boxes))
        countries = frozenset(c for m in readings for c in self._countries_of(m.place) if c in context.countries)
        return Context(countries, points)

    def _ranked_in(self, surface: str, context: Context) -> list:
        key = (surface, context)
        found = self._in_context.get(key)
        if found is None:
            if len(self._in_context) > 100_000:
                self._in_context.clear()
            found = self._in_context[key] = ranked_matches(self.gazetteer, surface, None, context, 1)
        return found

    def _spelled_so(self, match: Match, surface: str) -> bool:
        key = (match.place.id, surface)
        found = self._spelling.get(key)
        if found is None:
            if len(self._spelling) > 100_000:
                self._spelling.clear()
            found = self._spelling[key] = self._spelled_so_uncached(match, surface)
        return found

    def _spelled_so_uncached(self, match: Match, surface: str) -> bool:
        """Rejects matches through all-capital codes ('The' is not THE, Teresina's airport) and acronyms as towns."""
        place = match.place
        if surface.isupper() and len(surface) > 1:
            return place.kind != "city"
        index = self.gazetteer.index_of(place.id)
        wanted, size = surface_form(surface), len(surface)
        same = [n for n in self.gazetteer.names_of(index) if abs(len(n) - size) <= 2 and surface_form(n) == wanted]
        if same:
            return any(not n.isupper() or len(n) == 1 for n in same)
        return not match.matched.isupper()

    def _acceptable(self, text: str, tokens: list[_Token], candidate: _Candidate, place: Place,
                    context: Context, surface: str) -> bool:
        first = tokens[candidate.first]
        if _organisation_follows(text, tokens, candidate.last) or _organisation_of_precedes(tokens, candidate.first):
            return False
        if place.kind not in ("city", "province"):
            return True
        if _title_precedes(tokens, candidate.first) or _natural_feature(text, tokens, candidate.first, candidate.last):
            return False
        if not first.heading and (_name_follows(text, tokens, candidate.last)
                                  or _name_precedes(text, tokens, candidate.first)):
            return False
        if place.kind == "province":
            return True
        if first.opens_sentence and _gerund(tokens, candidate):
            return False
        return self._city_acceptable(text, candidate, place, context, first.opens_sentence, surface)

    def _city_acceptable(self, text: str, candidate: _Candidate, place: Place, context: Context,
                         opens_sentence: bool, surface: str) -> bool:
        """Size and the context decide; a sentence's first word needs more, since it is capitalised anyway."""
        supported = self._supported(place, context)
        if candidate.last > candidate.first:
            return place.population > 0 if supported else place.population >= FREE_MULTIWORD_POPULATION
        if not opens_sentence:
            return place.population > 0 if supported else place.population >= FREE_POPULATION
        own_name = surface == place.name and not _written_lowercase(text, surface)
        if not supported:
            return place.population >= SENTENCE_START_POPULATION or (own_name and place.population >= FREE_POPULATION)
        if place.population >= FREE_POPULATION or (own_name and place.population >= OWN_NAME_POPULATION):
            return True
        # 'Khankendi, the city Armenians call...' but not 'Cars and buses' (Kars) or 'Voters' (Voters, USA)
        return len(surface) >= DISTINCT_LENGTH and not surface.endswith("s") and not _written_lowercase(text, surface)

    def _supported(self, place: Place, context: Context) -> bool:
        if place.country_iso3 in context.countries:
            return True
        return any(distance_km((place.lat, place.lon), point) <= NEAR_KM for point in context.points)

    def _countries_of(self, place: Place) -> tuple[str, ...]:
        index = self.gazetteer.index_of(place.id)
        return self.gazetteer.countries_of(index) if index is not None else ()

    def _mention(self, text: str, tokens: list[_Token], candidate: _Candidate, metonym: bool) -> Mention:
        start, end = tokens[candidate.first].start, tokens[candidate.last].end
        if candidate.source == "demonym":
            kind = DEMONYM
        elif metonym or candidate.source == "building":
            kind = METONYM
        else:
            kind = candidate.place.kind if candidate.place else KINDS[BORDER]
        return Mention(start, end, text[start:end], kind, candidate.place, candidate.confidence,
                       candidate.matched or text[start:end])


# Phrase rules

def _pair_border(parser: Geoparser, text: str, tokens: list[_Token], i: int) -> tuple[int, tuple[str, str]] | None:
    first = parser._country_at(text, tokens, i)
    if first is None or first[1] + 1 >= len(tokens):
        return None
    gap = text[tokens[first[1]].end:tokens[first[1] + 1].start]
    if gap.strip() not in ("-", "–", "—", "‐", "/"):
        return None
    second = parser._country_at(text, tokens, first[1] + 1)
    if second is None or second[1] + 1 >= len(tokens) or tokens[second[1] + 1].key not in BORDER_WORDS:
        return None
    if first[0] == second[0] or not _joined(text, tokens, second[1], second[1] + 1, hyphens=False):
        return None
    return second[1] + 1, (first[0], second[0])


def _between_border(parser: Geoparser, text: str, tokens: list[_Token], i: int) -> tuple[int, tuple[str, str]] | None:
    if tokens[i].key not in BORDER_WORDS or i + 2 >= len(tokens) or tokens[i + 1].normal != "between":
        return None
    first = parser._country_at(text, tokens, i + 2)
    if first is None or first[1] + 1 >= len(tokens) or tokens[first[1] + 1].normal != "and":
        return None
    second = parser._country_at(text, tokens, first[1] + 2)
    if second is None or first[0] == second[0]:
        return None
    return second[1], (first[0], second[0])


def _with_border(parser: Geoparser, text: str, tokens: list[_Token], i: int) -> tuple[int, tuple[str, str]] | None:
    first = parser._country_at(text, tokens, i)
    if first is None or first[1] + 3 >= len(tokens):
        return None
    j = first[1]
    if not _POSSESSIVE.search(text[tokens[j].start:tokens[j + 1].start].rstrip()):
        return None
    if tokens[j + 1].key not in BORDER_WORDS or tokens[j + 2].normal != "with":
        return None
    second = parser._country_at(text, tokens, j + 3)
    if second is None or first[0] == second[0]:
        return None
    return second[1], (first[0], second[0])


def _share_plural_designators(tokens: list[_Token], found: list[_Candidate]) -> None:
    """'the Sughd and Batken regions', 'Osh, Jalal-Abad and Batken provinces': every name in the list is an area."""
    for n, candidate in enumerate(found):
        after = candidate.last + 1
        if candidate.source != "name" or after >= len(tokens) or tokens[after].normal not in PLURAL_DESIGNATORS:
            continue
        candidate.notes.add("areas")
        m = n
        while m > 0 and found[m - 1].source == "name" \
                and all(t.normal == "and" for t in tokens[found[m - 1].last + 1:found[m].first]) \
                and found[m].first - found[m - 1].last <= 2:
            found[m - 1].notes.add("areas")
            m -= 1


def _gerund(tokens: list[_Token], candidate: _Candidate) -> bool:
    """'Reading the statement, ...': a sentence opening with an -ing word and going on in lower case."""
    after = candidate.last + 1
    return candidate.first == candidate.last and tokens[candidate.first].text.endswith("ing") \
        and after < len(tokens) and not tokens[after].capital


def _written_lowercase(text: str, word: str) -> bool:
    """The word occurs in lower case elsewhere in the text, so it is a common word there ('Cars' and 'cars')."""
    return re.search(rf"(?<!\w){re.escape(word.lower())}(?!\w)", text) is not None


def _dateline(text: str, tokens: list[_Token], candidate: _Candidate) -> bool:
    """A capitalised place opening a report: 'YEREVAN, 22 February —' or 'BISHKEK (Reuters) —'."""
    first, last = tokens[candidate.first], tokens[candidate.last]
    line_start = text.rfind("\n", 0, first.start) + 1
    if text[line_start:first.start].strip() or not text[first.start:last.end].isupper():
        return False
    return text[last.end:last.end + 2] in (", ", " (", " —", " -", " –")


def _metonym_indexes(text: str, tokens: list[_Token], kept: list[_Candidate]) -> set[int]:
    """Cities (and seats of power) that speak: 'Moscow said', 'Baku and Yerevan agreed', "Moscow's response"."""
    found: set[int] = set()
    run: list[int] = []
    for n, candidate in enumerate(kept):
        if candidate.place is None or candidate.place.kind != "city" or candidate.source == "demonym":
            run = []
            continue
        if run and _coordinated(text, tokens, kept[run[-1]].last, candidate.first):
            run.append(n)
        else:
            run = [n]
        if _speaks(text, tokens, candidate.last):
            found.update(run)
    return found


def _coordinated(text: str, tokens: list[_Token], left: int, right: int) -> bool:
    between = [t.normal for t in tokens[left + 1:right]]
    return between in (["and"], []) and not _SENTENCE_GAP.search(text[tokens[left].end:tokens[right].start])


def _speaks(text: str, tokens: list[_Token], last: int) -> bool:
    after = text[tokens[last].end:tokens[last + 1].start] if last + 1 < len(tokens) else ""
    if _POSSESSIVE.match(after.strip()):
        return last + 1 < len(tokens) and tokens[last + 1].normal in POSSESSED
    if _SENTENCE_GAP.search(after):
        return False
    j = last + 1
    while j < len(tokens) and tokens[j].normal in AUXILIARIES:
        j += 1
    return j < len(tokens) and tokens[j].normal in REPORTING_VERBS


# Small predicates over tokens

def _joined(text: str, tokens: list[_Token], first: int, last: int, hyphens: bool = True) -> bool:
    """The words run on with only a space (or a hyphen, dash or slash) between them: one name can span them."""
    for j in range(first, last):
        gap = text[tokens[j].end:tokens[j + 1].start]
        if not gap or len(gap) > 3 or not _JOINS.fullmatch(gap) or (not hyphens and gap.strip()):
            return False
    return True


def _organisation_follows(text: str, tokens: list[_Token], last: int) -> bool:
    """'The Moscow Times', 'OSCE Minsk Group', 'France 24'."""
    if last + 1 >= len(tokens) or not _joined(text, tokens, last, last + 1, hyphens=False):
        return False
    following = tokens[last + 1]
    if following.text.isdigit() and len(following.text) <= 3:
        return True
    return following.capital and following.normal in ORGANISATION_HEADS


def _organisation_of_precedes(tokens: list[_Token], first: int) -> bool:
    """'Bank of Georgia', 'University of Central Asia', 'Voice of America'."""
    return first >= 2 and tokens[first - 1].normal == "of" and tokens[first - 2].capital \
        and tokens[first - 2].normal in ORGANISATION_OF


def _title_precedes(tokens: list[_Token], first: int) -> bool:
    return first >= 1 and tokens[first - 1].normal in TITLES and tokens[first - 1].capital


def _name_follows(text: str, tokens: list[_Token], last: int) -> bool:
    """A capitalised word right after a town name makes it part of a person's or body's name: 'Vladimir Putin'."""
    if last + 1 >= len(tokens) or not _joined(text, tokens, last, last + 1, hyphens=False):
        return False
    following = tokens[last + 1]
    return following.capital and following.normal not in DESIGNATORS and following.normal not in MONTH_WORDS


def _name_precedes(text: str, tokens: list[_Token], first: int) -> bool:
    """A capitalised word right before, unless a sentence's first function word ('In Kapan'): 'State University'."""
    if first == 0 or not _joined(text, tokens, first - 1, first, hyphens=False):
        return False
    preceding = tokens[first - 1]
    return preceding.capital and not (preceding.opens_sentence and preceding.normal in COMMON_WORDS)


def _natural_feature(text: str, tokens: list[_Token], first: int, last: int) -> bool:
    """'Lake Issyk-Kul', 'the Aras river': the name is a water body's or a mountain's, which the gazetteer lacks."""
    before = first > 0 and tokens[first - 1].capital and tokens[first - 1].normal in FEATURE_WORDS \
        and _joined(text, tokens, first - 1, first, hyphens=False)
    after = last + 1 < len(tokens) and tokens[last + 1].normal in FEATURE_WORDS \
        and _joined(text, tokens, last, last + 1, hyphens=False)
    return before or after


def _on_grid(degrees: float) -> float:
    return round(degrees / POINT_GRID) * POINT_GRID


def _box(lat: float, lon: float) -> tuple[float, float, float, float]:
    """(south, north, west, east) around a point, holding everything within NEAR_KM: a cheap test before geocode's."""
    reach = NEAR_KM / 111.0  # km in a degree of latitude
    lon_reach = reach / max(math.cos(math.radians(min(abs(lat) + reach, 89.0))), 0.02)
    return lat - reach, lat + reach, lon - lon_reach, lon + lon_reach


def _before_border_words(keys: list[str]) -> list[bool]:
    """Where a border phrase may start: at a border word or up to four words before one."""
    near = [False] * len(keys)
    for j, key in enumerate(keys):
        if key in BORDER_WORDS:
            for i in range(max(0, j - 4), j + 1):
                near[i] = True
    return near


def _title_case_lines(text: str) -> set[int]:
    """Numbers of lines written in title case ('Armenia Says It Will Freeze Participation'): headings, which end
    without a full stop (a sentence listing people, 'Vladimir Putin met Sadyr Japarov.', does not); a byline
    ('By Anna Petrosyan') is read as prose, so that names in it are people's."""
    lines = set()
    for number, line in enumerate(text.split("\n")):
        words = [w for w in _WORD.findall(line) if len(w) > 3]
        if len(line) <= 200 and len(words) >= 4 and sum(w[0].isupper() for w in words) >= 0.75 * len(words) \
                and not line.rstrip().endswith(".") and not line.startswith("By "):
            lines.add(number)
    return lines


def _surface(text: str, tokens: list[_Token], candidate: _Candidate) -> str:
    return text[tokens[candidate.first].start:tokens[candidate.last].end]


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


def _building_place(gazetteer: Gazetteer, city: str, iso3: str) -> Place | None:
    found = ranked_matches(gazetteer, city, iso3, Context(), 1)
    return found[0].place if found and found[0].place.kind == "city" else None


# Entry points

_default_parser: Geoparser | None = None


def default_geoparser() -> Geoparser:
    global _default_parser
    if _default_parser is None:
        _default_parser = Geoparser(default_gazetteer())
    return _default_parser


def geoparse(text: str, demonyms: bool = False) -> list[Mention]:
    """Mentions in text, with the app's gazetteer (loaded on first use)."""
    return default_geoparser().mentions(text, demonyms)


def countries_mentioned(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """ISO3 codes of the mentioned places' countries, most mentioned first: a draft event's countries."""
    counts = Counter(m.place.country_iso3 for m in mentions if m.place and m.place.country_iso3)
    return tuple(iso3 for iso3, _ in counts.most_common())


def mention_record(mention: Mention, file: str | None = None) -> dict:
    """The JSON shape of the command line; lat/lon/name are None for a border the gazetteer does not draw."""
    place = mention.place
    return {"file": file, "start": mention.start, "end": mention.end, "surface": mention.surface,
            "name": place and place.name, "kind": mention.kind, "lat": place and place.lat,
            "lon": place and place.lon, "country_iso3": place and place.country_iso3,
            "confidence": mention.confidence, "place_id": place and place.id, "place_kind": place and place.kind,
            "matched": mention.matched}


def mention_line(mention: Mention) -> str:
    place = mention.place
    where = f"{place.name} [{place.kind}, {place.country_iso3 or '-'}] {place.id}" if place else "(not drawn)"
    return f"{mention.start}-{mention.end} {mention.surface!r} {mention.kind}: {where} {mention.confidence:.2f}"


def main(argv: Sequence[str] | None = None) -> int:
    from geo.article import ArticleError, read_article
    from geo.textdates import find_dates

    parser = argparse.ArgumentParser(prog="python -m geo.geoparse", description=__doc__.splitlines()[0])
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".txt, .md or .html")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per mention")
    parser.add_argument("--demonyms", action="store_true", help="also report demonyms ('Armenian')")
    parser.add_argument("--dates", action="store_true", help="also report dates (kind 'date')")
    parser.add_argument("--published", type=date.fromisoformat, help="publication date, YYYY-MM-DD, for partial dates")
    args = parser.parse_args(argv)
    geoparser, status = default_geoparser(), 0
    for path in args.files:
        try:
            article = read_article(path)
        except (ArticleError, OSError) as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        for mention in geoparser.mentions(article.text, args.demonyms):
            print(json.dumps(mention_record(mention, str(path)), ensure_ascii=False) if args.jsonl
                  else f"{path}:{mention_line(mention)}")
        if args.dates:
            for found in find_dates(article.text, args.published or article.published):
                record = {"file": str(path), "start": found.start, "end": found.end, "surface": found.surface,
                          "kind": "date", "date": found.date and found.date.iso, "precision": found.precision.value}
                print(json.dumps(record, ensure_ascii=False) if args.jsonl else f"{path}:{record}")
    return status


if __name__ == "__main__":
    sys.exit(main())
