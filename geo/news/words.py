"""A text's words as the geoparser's rules read them: offsets, forms and how each word joins the next, in one pass.

One name can run on over a space or a hyphen ('Nizhny Novgorod', 'Alma-Ata') but not over a comma, a full stop or a
possessive "'s" ("Armenia's border"), so each word records how it joins the next. A word's forms (its spelling without
a possessive, its normal form for the lexicon, its folded key for the gazetteer) are memoised by the reader: a news
stream repeats its language's words in every text.
"""

import re
from dataclasses import dataclass, field

from geo.places.gazetteer import folded_form, normal_form
from geo.places.namekeys import NameKeys

NOT_JOINED, SPACED, DASHED = 0, 1, 2  # how a word joins the next: one name can run on over a space, or a hyphen
SENTENCE_GAP = re.compile(r"[.!?:\n]")
POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)

_WORD = re.compile(r"[^\W_]+(?:['’ʼ][^\W_]+)*")
_GAP_AND_WORD = re.compile(r"([\W_]*+)([^\W_]++(?:['’ʼ][^\W_]++)*+)")  # _WORD, and what stands before it
_POSSESSIVE_ENDINGS = ("'s", "’s", "'S", "’S")
_JOINS = re.compile(r"[ \t\u00a0]?[-–—‐/]?[ \t\u00a0]?")


@dataclass(frozen=True, slots=True)
class Words:
    """A text's words as columns, one tuple per attribute: a 5 KB text has 800 words, and one object per word would
    cost as much as reading them."""

    text: str
    starts: tuple[int, ...]  # character offsets into the text
    ends: tuple[int, ...]  # ... without a possessive "'s"
    spellings: tuple[str, ...]  # as written, without a possessive "'s"
    keys: tuple[str, ...]  # folded, as the gazetteer keys names
    normals: tuple[str, ...]  # normal form, as the gazetteer keys organisations and the lexicon lists words
    capital: tuple[bool, ...]
    may_start: tuple[bool, ...]  # capitalised, and the first word of a name, organisation, seat of power or demonym
    opens: tuple[bool, ...]  # first word of a sentence or paragraph, or any word of a heading
    heading: tuple[bool, ...]  # in a title-case line, where every word is capitalised
    joins: tuple[int, ...]  # how each word joins the next: NOT_JOINED, SPACED or DASHED
    count: int  # of words (an attribute: len() of a Python class costs a call, and it is asked often)
    lowercase: dict[str, bool] = field(default_factory=dict)  # written_lowercase's answers for this text

    def joined(self, first: int, last: int, hyphens: bool = True) -> bool:
        """The words run on with only a space (or a hyphen, dash or slash) between them: one name can span them."""
        if last == first + 1:  # most often asked: the next word
            link = self.joins[first]
            return link != NOT_JOINED if hyphens else link == SPACED
        links = self.joins[first:last]
        return all(links) if hyphens else links.count(SPACED) == len(links)

    def run_from(self, first: int, most: int) -> int:
        """How many words, up to `most`, run on from `first` (see joined): as many as one name can span from there."""
        last, end = first, min(first + most, self.count) - 1
        joins = self.joins
        while last < end and joins[last] != NOT_JOINED:
            last += 1
        return last - first + 1

    def span(self, first: int, last: int) -> str:
        return self.text[self.starts[first] : self.ends[last]]

    def gap(self, left: int, right: int) -> str:
        """The text between two words, a possessive "'s" included."""
        return self.text[self.ends[left] : self.starts[right]]

    def written_lowercase(self, word: str) -> bool:
        """The word occurs in lower case in the text, so it is a common word there ('Cars' and 'cars'); searched once
        per word and text: a text naming a place thousands of times searched it as often."""
        known = self.lowercase.get(word)
        if known is None:
            known = self.lowercase[word] = _written_lowercase(self.text, word)
        return known


class WordReader:
    """Reads texts into Words, memoising the forms of every word and the kind of every gap between words it meets."""

    def __init__(self, keys: NameKeys, phrase_starts: frozenset[str]) -> None:
        """phrase_starts: normal forms that begin a candidate besides names and organisations (seats of power,
        demonyms), so that Words.may_start marks them."""
        self._keys = keys
        self._phrase_starts = phrase_starts
        # lower-case words are the language's, met in every text; capitalised ones are mostly names, which a news
        # stream keeps renewing
        self._vocabulary: dict[str, tuple[str, str, str, bool, bool]] = {}
        self._capitalised: dict[str, tuple[str, str, str, bool, bool]] = {}
        self._gap_kinds: dict[str, tuple[int, bool, int]] = {}

    def memos(self, names_only: bool = False) -> tuple[dict, ...]:
        """For the geoparser to empty; names_only: the capitalised words' only."""
        return (self._capitalised,) if names_only else (self._capitalised, self._vocabulary, self._gap_kinds)

    def read(self, text: str) -> Words:
        """Words with their forms; this loop runs once per word, so it is written for speed."""
        headings = _title_case_lines(text)
        vocabulary, capitalised, gap_kinds = self._vocabulary, self._capitalised, self._gap_kinds
        rows: list[tuple] = []
        joins_before: list[int] = []
        position, line, cut = 0, 0, False
        for gap, written in _GAP_AND_WORD.findall(text):
            newlines, breaks, join = gap_kinds.get(gap) or gap_kinds.setdefault(gap, _gap_kind(gap))
            spelling, normal, key, capital, may_start = (
                vocabulary.get(written) or capitalised.get(written) or self._forms(written)
            )
            start = position + len(gap)
            position = start + len(written)
            line += newlines
            heading = line in headings
            rows.append(
                (
                    start,
                    start + len(spelling),
                    spelling,
                    key,
                    normal,
                    capital,
                    may_start,
                    breaks or not rows or heading,
                    heading,
                )
            )
            joins_before.append(NOT_JOINED if cut else join)  # "Armenia's border": the "'s" parts the words
            cut = len(spelling) < len(written)
        columns = list(zip(*rows)) or [()] * 9
        return Words(text, *columns, joins=(*joins_before[1:], NOT_JOINED) if rows else (), count=len(rows))

    def _forms(self, written: str) -> tuple[str, str, str, bool, bool]:
        """(spelling without a possessive, normal form, key, capitalised, may start a candidate) of a word as
        written in a text."""
        spelling = written[:-2] if written[-2:] in _POSSESSIVE_ENDINGS and len(written) > 2 else written
        # normal_form's answer for a plain ASCII word, ten times faster
        normal = spelling.lower() if spelling.isascii() and spelling.isalnum() else normal_form(spelling)
        key, capital = folded_form(normal), spelling[0].isupper()
        may_start = capital and (
            self._keys.starts_name(key) or self._keys.starts_organisation(normal) or normal in self._phrase_starts
        )
        memo = self._capitalised if capital else self._vocabulary
        forms = memo[written] = (spelling, normal, key, capital, may_start)
        return forms


def _gap_kind(gap: str) -> tuple[int, bool, int]:
    """(newlines, whether a sentence or line ends in it, how it joins the words either side) of the text between
    two words."""
    newlines, ends = gap.count("\n"), SENTENCE_GAP.search(gap) is not None
    if not gap or len(gap) > 3 or not _JOINS.fullmatch(gap):
        return newlines, ends, NOT_JOINED
    return newlines, ends, DASHED if gap.strip() else SPACED


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


def _written_lowercase(text: str, word: str) -> bool:
    """A search with str.find: a regular expression with look-arounds takes 30 times as long."""
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
