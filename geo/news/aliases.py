"""A reader's own place names: the corrections they made on the Ingest screen, consulted before a name is left a
'possible place', and looked for wherever the text names them again.

A possible place is a name a cue marks as a settlement ('the village of Aygepar') that the gazetteer cannot place.
When a reader places one by hand, the store keeps the surface and the place (geo.store.place_aliases); on the next
article the same name, however cased or spaced, gets that place instead of none, also where no cue marks it
('shells hit Aygepar again'). The book is a small dict consulted after the parse, so the shared gazetteer and its
index are never rebuilt for one reader's names, and a parse without a book (every other reader's, the benchmark's)
is the same as before.
"""

import re
from bisect import bisect_left
from collections.abc import Mapping, Sequence
from dataclasses import replace
from hashlib import sha256
from itertools import compress, count

from geo.news.geoparse import POSSIBLE, Mention
from geo.news.unlisted import MAX_RUN
from geo.news.words import DASHED, Words
from geo.places.gazetteer import Gazetteer, Place

ALIAS = "reader's alias"  # Mention.matched of a name placed by an alias
ALIAS_CONFIDENCE = 0.9  # the reader said so; below a gazetteer name the text confirms
UNCUED_CONFIDENCE = 0.8  # the reader said so, but no cue in this text marks the name as a place
MOST_WORDS = MAX_RUN + 1  # of a possible place's name, so of an alias: a run and its designator ('Leylek district')
_WORD_BREAKS = re.compile(r"[\s\-–—‐/]+")  # what may join the words of one name (geo.news.words)


def alias_key(surface: str) -> str:
    """'ALMATY' in a dateline and 'Almaty' in a sentence, or a name broken over two lines, are the same name."""
    return " ".join(surface.split()).casefold()


class AliasBook:
    """The aliases one reader sees, by alias_key; the places are the store's snapshots, refreshed from the gazetteer
    when it still knows their id (a rebuilt gazetteer may have moved a point)."""

    def __init__(self, places: Mapping[str, Place], gazetteer: Gazetteer | None = None) -> None:
        self._places = {
            key: (gazetteer.place_by_id(place.id) if gazetteer else None) or place for key, place in places.items()
        }
        self._first_words = frozenset(_WORD_BREAKS.split(key)[0] for key in self._places)
        # A digest of what the book places: a cache of parsed articles keys on it, so a new alias parses them again.
        self.version = sha256(
            repr(sorted((k, p.id, p.lat, p.lon) for k, p in self._places.items())).encode()
        ).hexdigest()

    def __len__(self) -> int:
        return len(self._places)

    def place_of(self, surface: str) -> Place | None:
        return self._places.get(alias_key(surface))

    def placed(self, words: Words, mentions: Sequence[Mention], titles: frozenset[str] = frozenset()) -> list[Mention]:
        """The mentions with every possible place the book names placed, and the book's names the parse left
        unmarked added, in reading order. A name the parse took (a gazetteer place, a border) is left as it is, and
        a name after a title ('Mr Kut', the lexicon's titles, in normal form) is a person's."""
        found = [self._placed(mention) if mention.kind == POSSIBLE else mention for mention in mentions]
        if not self._places:
            return found
        uncued = self._uncued(words, _taken_words(words, found), titles)
        return sorted(found + uncued, key=lambda mention: mention.start) if uncued else found

    def _placed(self, mention: Mention) -> Mention:
        place = self.place_of(mention.surface)
        if place is None:
            return mention
        return replace(mention, kind=place.kind, place=place, confidence=ALIAS_CONFIDENCE, matched=ALIAS)

    def _uncued(self, words: Words, taken: list[bool], titles: frozenset[str]) -> list[Mention]:
        """The book's names where the text writes them capitalised and as a name of their own: not inside a longer
        run of capitalised words ('Mr Kut', 'Kut Street') or a hyphenated word ('Ak-Kut'), where they may be
        another's part. Only a word that begins a name in the book is looked at further."""
        found: list[Mention] = []
        resume = 0  # the word after the last name found
        for i in compress(count(), words.capital):
            if i < resume or taken[i] or words.spellings[i].casefold() not in self._first_words:
                continue
            if i and words.normals[i - 1] in titles and words.gap(i - 1, i).strip() in ("", "."):
                continue  # 'Mr Kut said', 'Dr. Kut', even where the title opens the sentence
            if mention := self._name_at(words, i, taken):
                found.append(mention)
                resume = bisect_left(words.starts, mention.end)
        return found

    def _name_at(self, words: Words, i: int, taken: list[bool]) -> Mention | None:
        """The longest name of the book that starts at word i, unless a capitalised or hyphenated word is glued to
        it; a capitalised word before it may open the sentence ('In Aygepar, …')."""
        if i and _glued(words, i - 1, i - 1):
            return None
        for last in range(min(i + MOST_WORDS, words.count) - 1, i - 1, -1):
            if any(taken[i : last + 1]) or (last > i and not words.joined(i, last)):
                continue
            place = self.place_of(words.span(i, last))
            if place is None:
                continue
            if last + 1 < words.count and _glued(words, last, last + 1):
                return None
            start, end = words.starts[i], words.ends[last]
            return Mention(start, end, words.text[start:end], place.kind, place, UNCUED_CONFIDENCE, ALIAS)
        return None


def _glued(words: Words, left: int, other: int) -> bool:
    """A word joined across left|left+1 makes a name part of a longer one: a hyphenated word ('Ak-Kut'), or a
    capitalised one that does not open the sentence ('Mr Kut', 'Kut Street'); 'In Kut' is no longer a name."""
    return words.joined(left, left + 1) and (
        words.joins[left] == DASHED or (words.capital[other] and not words.opens[other])
    )


def _taken_words(words: Words, mentions: Sequence[Mention]) -> list[bool]:
    """For each word, whether a mention covers it: mentions do not overlap, so each is a slice of the words."""
    taken = [False] * words.count
    for mention in mentions:
        first, after = bisect_left(words.starts, mention.start), bisect_left(words.starts, mention.end)
        taken[first:after] = [True] * (after - first)
    return taken
