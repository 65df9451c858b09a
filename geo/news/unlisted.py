"""Places the words around a name mark as settlements or natural features: 'the village of Kut', 'residents of Ak-Sai
and Ak-Tatyr', 'near Kok-Tash', 'the Medeu and Almaly districts', 'Chinari and Aygepar, two villages', 'the Aras river',
'the Torugart and Irkeshtam passes', 'Lake Issyk-Kul', 'the Black Sea', 'the Fergana valley', and a dateline's
place ('AYGEPAR, 5 May —').

Border-clash news names villages below GeoNames' 500-people cut, which the gazetteer lacks, and villages it holds
with no population, which resolution otherwise never accepts. A cue marks the capitalised words it governs (a list of
them: 'X, Y and Z'); resolution then accepts a cued town of the text's countries whatever its size, and a cued run the
gazetteer cannot place is kept as a possible place with no place, for a reader to place by hand, rather than dropped.
A feature's span follows bench/README-geoparse.md: 'Lake Issyk-Kul', 'Fergana valley' and 'Wakhan corridor' keep the
feature word, 'the Aras river' is 'Aras'.
"""

from dataclasses import dataclass
from itertools import compress, count

from geo.news.candidates import MONTH_WORDS, NAME_DESIGNATORS, Candidate
from geo.news.cues import dateline
from geo.news.lexicon import Lexicon
from geo.news.words import SENTENCE_GAP, Words

MAX_RUN = 3  # words in a possible place's name: 'Verin Shorzha', 'Khoja Alo'
POSSIBLE_CONFIDENCE = 0.3  # found by its cue alone, not placed
COUNT_WORDS = frozenset({"a", "an", "two", "three", "four", "five", "both", "the"})  # 'X and Y, two villages'
MODIFIERS = 2  # lower-case words between those and the noun: 'Kut, a small border village'


@dataclass(frozen=True, slots=True)
class Run:
    """Capitalised words a cue governs: first..last, plus a designator after them ('Leylek district') when given."""

    first: int
    last: int


class SettlementCues:
    """Finds the runs of capitalised words that cues mark as settlements, from the lexicon's cue phrases
    ('village of', 'near') and settlement nouns ('village', 'districts')."""

    def __init__(self, lexicon: Lexicon, common_words: frozenset[str]) -> None:
        self._cues = {tuple(phrase.split()) for phrase in lexicon.place_cues}
        self._longest_cue = max((len(cue) for cue in self._cues), default=0)
        self._cue_ends = frozenset(cue[-1] for cue in self._cues)
        self._settlements = lexicon.place_nouns  # nouns that make the names before them places
        self._features = lexicon.feature_words
        self._named_after = lexicon.facility_words  # a building named after a place is no place: 'Zvartnots airport'
        self.area_nouns = lexicon.area_nouns
        self._not_names = (
            common_words | MONTH_WORDS | lexicon.titles | lexicon.feature_words | lexicon.organisation_heads
        ) | frozenset(lexicon.demonyms)

    def runs(self, words: Words) -> list[Run]:
        """Cued runs in reading order; a list after a cue ('residents of Ak-Sai and Ak-Tatyr') is one run a name.
        The words a cue ends with are found by a search that runs in C: this runs on every text."""
        found: dict[int, Run] = {}
        capital, normals = words.capital, words.normals
        for j in compress(count(), map(self._cue_ends.__contains__, normals)):
            i = j + 1
            if i < words.count and capital[i] and not capital[j] and self._cued_before(words, i):
                for run in self._list_from(words, i):
                    found.setdefault(run.first, run)
        for j in compress(count(), map(self._settlements.__contains__, normals)):
            if j and not capital[j]:
                for run in self._listed_before(words, j):
                    found.setdefault(run.first, run)
        for i in compress(count(), map(self._features.__contains__, normals)):
            if not capital[i]:
                continue
            if self._continues(words, i) and (run := self._run_at(words, i)):
                found[i] = run  # 'Lake Issyk-Kul', 'Mount Aragats'
            elif normals[i] not in self.area_nouns and (run := self._named_feature_ending_at(words, i)):
                found.setdefault(run.first, run)  # 'the Black Sea', 'the Amu Darya'
        for i in compress(count(), words.opens):
            if capital[i] and (run := self._run_at(words, i)) and dateline(words, i, run.last):
                found.setdefault(i, run)  # 'AYGEPAR, 5 May —', 'Kok-Tash 06.01.2022 —'
        return [found[first] for first in sorted(found)]

    def _cued_before(self, words: Words, i: int) -> bool:
        for size in range(1, self._longest_cue + 1):
            first = i - size
            if first >= 0 and tuple(words.normals[first:i]) in self._cues and words.joined(first, i - 1):
                return not SENTENCE_GAP.search(words.gap(i - 1, i)) and "," not in words.gap(i - 1, i)
        return False

    def _run_at(self, words: Words, i: int) -> Run | None:
        """Up to MAX_RUN capitalised words joined by spaces or hyphens, none of them a common or lexicon word but a
        first word that another follows ('Upper Lars', 'Verin Shorzha')."""
        if i >= words.count or not words.capital[i]:
            return None
        if words.normals[i] in self._not_names and not self._continues(words, i):
            return None
        last = i
        while last + 1 - i < MAX_RUN and self._continues(words, last):
            last += 1
        if words.span(i, last).isupper() and len(words.span(i, last)) <= 5:  # an acronym, not a village
            return None
        if last + 1 < words.count and words.normals[last + 1] in self._named_after:  # 'Zvartnots airport'
            return None
        return Run(i, last)

    def _continues(self, words: Words, last: int) -> bool:
        """The word after last runs the name on: capitalised, joined, and no common, lexicon or designator word."""
        after = last + 1
        return (
            after < words.count
            and words.capital[after]
            and words.joined(last, after)
            and words.normals[after] not in self._not_names
            and words.normals[after] not in NAME_DESIGNATORS
        )

    def _list_from(self, words: Words, i: int) -> list[Run]:
        """The run at i and those listed after it: 'Ak-Sai and Ak-Tatyr', 'Sotk, Kut and Tegh'."""
        runs = []
        run = self._run_at(words, i)
        while run is not None:
            runs.append(run)
            after = run.last + 1
            if after >= words.count or SENTENCE_GAP.search(words.gap(run.last, after)):
                break
            if words.normals[after] == "and":
                run = self._run_at(words, after + 1)
            elif words.gap(run.last, after).strip() == "," and words.capital[after]:
                run = self._run_at(words, after)
            else:
                break
        return runs

    def _named_feature_ending_at(self, words: Words, last: int) -> Run | None:
        """'Black Sea', 'Amu Darya': capitalised words joined to a capitalised feature word after them; not an area
        noun ('the Middle Corridor' is a trade route)."""
        first = last
        while (
            first > 0
            and last - first + 1 < MAX_RUN
            and words.capital[first - 1]
            and words.joined(first - 1, first)
            and words.normals[first - 1] not in self._not_names
        ):
            first -= 1
        return Run(first, last) if first < last and not words.opens[first] else None

    def _listed_before(self, words: Words, j: int) -> list[Run]:
        """The names listed before the place noun at j: 'the Medeu and Almaly districts', 'Aygepar village',
        'Chinari and Aygepar, two villages', 'Kut, a border village'."""
        end, skipped = j - 1, 0
        while (
            skipped < MODIFIERS
            and end > 0
            and not words.capital[end]
            and words.normals[end] not in COUNT_WORDS
            and words.joined(end, end + 1)
        ):
            end, skipped = end - 1, skipped + 1
        if words.normals[end] in COUNT_WORDS and end > 0 and words.gap(end - 1, end).strip() == ",":
            end -= 1  # 'X and Y, two villages'
        elif skipped or not words.joined(end, j):
            return []
        return self._list_ending_at(words, end)

    def _list_ending_at(self, words: Words, last: int) -> list[Run]:
        """The runs of a list ending at word last, read backwards over 'and' and commas; never a sentence's first
        word, capitalised whatever it is ('However, a village elder'), nor a common word before the name ('The
        Medeu district')."""
        runs: list[Run] = []
        while last >= 0 and words.capital[last] and not words.opens[last]:
            first = last
            while (
                first > 0 and last - first + 1 < MAX_RUN and words.capital[first - 1] and words.joined(first - 1, first)
            ):
                first -= 1
            if first < last and words.normals[first] in self._not_names:
                first += 1  # 'The Medeu district': the article opens the sentence, the name follows
            run = self._run_at(words, first)
            if run is None or run.last != last or words.opens[first]:
                break
            runs.append(run)
            before = first - 1
            if before > 0 and words.normals[before] == "and":
                last = before - 1
            elif before > 0 and words.gap(before, first).strip() == ",":
                last = before
            else:
                break
        return runs[::-1]


def cued_words(runs: list[Run]) -> frozenset[int]:
    """First words of the cued runs: resolution accepts a town of the text's countries there whatever its size."""
    return frozenset(run.first for run in runs)


def possible_places(
    words: Words, candidates: list[Candidate], runs: list[Run], area_nouns: frozenset[str]
) -> list[Candidate]:
    """The candidates with a possible place for every cued run no kept candidate covers, in reading order; a
    designator or an area noun after the run is part of its name ('Leylek district', 'Wakhan corridor')."""
    if not runs:
        return candidates
    covered = set()
    for candidate in candidates:
        if candidate.place is not None or candidate.source == "border":
            covered.update(range(candidate.first, candidate.last + 1))
    added = []
    for run in runs:
        if covered.isdisjoint(range(run.first, run.last + 1)):
            last = run.last
            after = last + 1
            if after < words.count and words.joined(last, after) and not words.capital[after]:
                last += words.normals[after] in NAME_DESIGNATORS or words.normals[after] in area_nouns
            added.append(Candidate(run.first, last, "possible", confidence=POSSIBLE_CONFIDENCE))
    return sorted(candidates + added, key=lambda c: c.first)
