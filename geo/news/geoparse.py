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

Each step is a module of its own, in the order Geoparser.mentions runs them: words.py reads the text, candidates.py
(with borders.py for border phrases) claims runs of words, unlisted.py marks the names a settlement cue governs ('the
village of Kut'), resolution.py picks each name's place (with cues.py for the neighbouring words that rule a town
out), borderside.py gives a one-country border phrase ('the Tajik border') its other side, unlisted.py keeps a cued
name the gazetteer cannot place as a POSSIBLE mention with no place, and cues.py marks the metonyms. This module
composes them and holds what callers use: Mention, Geoparser, default_geoparser, countries_mentioned.
"""

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from geo.news.borders import BorderPhrases
from geo.news.borderside import settle_one_party_borders
from geo.news.candidates import Candidate, CandidateFinder
from geo.news.cues import metonym_indexes
from geo.news.lexicon import Lexicon, load_lexicon
from geo.news.resolution import MentionResolver
from geo.news.unlisted import SettlementCues, cued_words, possible_places
from geo.news.words import WordReader, Words
from geo.places.gazetteer import BORDER, KINDS, Gazetteer, Place
from geo.places.geocode import shared_gazetteer
from geo.places.namekeys import NameKeys

if TYPE_CHECKING:  # geo.news.aliases builds on Mention
    from geo.news.aliases import AliasBook

METONYM, DEMONYM, POSSIBLE = "metonym", "demonym", "possible place"
MEMO_SIZE = 200_000  # entries; a memo past it is emptied, since a long-running app reads endless new names


@dataclass(frozen=True, slots=True)
class Mention:
    start: int  # character offsets into the text
    end: int
    surface: str
    kind: str  # the place's kind (KINDS), METONYM ('the Kremlin said'), POSSIBLE, or DEMONYM when asked
    place: Place | None  # None for a border the gazetteer draws no line for, and for a POSSIBLE place
    confidence: float  # 0..1
    matched: str  # the gazetteer name or phrase rule that matched


class Geoparser:
    """Holds the gazetteer, the lexicon and the tables derived from them; build one per gazetteer and reuse it
    (0.5 s to build)."""

    def __init__(self, gazetteer: Gazetteer, lexicon_dir: Path | None = None) -> None:
        """Raises DataError for a bad row in the lexicon's files. Memos are pure (a value depends on its key only),
        so sharing one instance across threads is safe."""
        self.gazetteer = gazetteer
        self.lexicon: Lexicon = load_lexicon(gazetteer, lexicon_dir)
        keys = NameKeys(gazetteer)
        self._borders = BorderPhrases(gazetteer, self.lexicon)
        self._finder = CandidateFinder(gazetteer, self.lexicon, keys, self._borders)
        self._reader = WordReader(keys, self._finder.phrase_starts)
        self._resolver = MentionResolver(gazetteer, self.lexicon, self._finder.common_words)
        self._settlements = SettlementCues(self.lexicon, self._finder.common_words)

    def mentions(self, text: str, demonyms: bool = False, aliases: "AliasBook | None" = None) -> list[Mention]:
        """Place mentions in reading order; demonyms=True adds 'Armenian' and the like as DEMONYM mentions; a reader's
        aliases place the possible places they name, before any is left without a place, and their names where the
        parse found nothing (geo.news.aliases)."""
        for memo in self._memos():
            if len(memo) > MEMO_SIZE:
                memo.clear()
        words = self._reader.read(text)
        candidates = self._finder.find(words)
        runs = self._settlements.runs(words)
        self._resolver.resolve(words, candidates, cued_words(runs))
        settle_one_party_borders(words, candidates, self._borders)
        kept = [
            c
            for c in possible_places(words, candidates, runs, self._settlements.area_nouns)
            if (c.place is not None or c.source in ("border", "possible")) and (c.source != "demonym" or demonyms)
        ]
        metonyms = metonym_indexes(words, kept, self.lexicon)
        found = [_mention(words, c, i in metonyms) for i, c in enumerate(kept)]
        return aliases.placed(words, found, self.lexicon.titles) if aliases else found

    def forget(self, keep_vocabulary: bool = False) -> None:
        """Empties the memos: frees their memory, and lets a benchmark time texts whose every name is new (with
        keep_vocabulary, the forms of lower-case words and of the punctuation between words are kept)."""
        for memo in self._memos(names_only=keep_vocabulary):
            memo.clear()

    def _memos(self, names_only: bool = False) -> tuple[dict, ...]:
        """Of the words met, of names and their readings, and of the pairs of countries' borders."""
        return *self._reader.memos(names_only), *self._resolver.memos(), *self._borders.memos()


def _mention(words: Words, candidate: Candidate, metonym: bool) -> Mention:
    start, end = words.starts[candidate.first], words.ends[candidate.last]
    if candidate.source == "demonym":
        kind = DEMONYM
    elif candidate.source == "possible":
        kind = POSSIBLE
    elif metonym or candidate.source == "seat":
        kind = METONYM
    else:
        kind = candidate.place.kind if candidate.place else KINDS[BORDER]
    surface = words.text[start:end]
    return Mention(start, end, surface, kind, candidate.place, candidate.confidence, candidate.matched or surface)


# Entry points

_default_parser: Geoparser | None = None


def default_geoparser() -> Geoparser:
    global _default_parser
    if _default_parser is None:
        _default_parser = Geoparser(shared_gazetteer())
    return _default_parser


def countries_mentioned(mentions: Sequence[Mention]) -> tuple[str, ...]:
    """ISO3 codes of the mentioned places' countries, most mentioned first: a draft event's countries."""
    counts = Counter(m.place.country_iso3 for m in mentions if m.place and m.place.country_iso3)
    return tuple(iso3 for iso3, _ in counts.most_common())
