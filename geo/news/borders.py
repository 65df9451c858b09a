"""Border phrases: 'the Tajik-Kyrgyz border', 'the border between Tajikistan and Kyrgyzstan', "Armenia's border with
Turkey" are one mention of the line between two countries, not two mentions of the countries.

A pair of countries (by name, up to three words, or by demonym) with a border word ('border', 'frontier', from the
lexicon) is read as the pair's border: the one the gazetteer names for the pair, else a drawn line touching both.
News often names one side only ('the Tajik border', "Georgia's border"): such a phrase is found here with its one
country, and resolution.py picks the other side from the text once its names are resolved.
"""

from collections.abc import Sequence
from itertools import compress, count

from geo.news.lexicon import Lexicon
from geo.news.words import POSSESSIVE, Words
from geo.places.gazetteer import BORDER, KINDS, Gazetteer, Place
from geo.places.geocode import Context, ranked_matches


class BorderPhrases:
    """The three border rules over a text's words, and the border each pair of countries resolves to (memoised: a
    news stream names the same few borders again and again)."""

    def __init__(self, gazetteer: Gazetteer, lexicon: Lexicon) -> None:
        self._gazetteer = gazetteer
        self.border_words = lexicon.border_words
        self.compounds = lexicon.border_compounds
        self._demonyms = lexicon.demonyms
        self._lines = _drawn_borders(gazetteer)
        self._pair_borders: dict[frozenset[str], Place | None] = {}

    def memos(self) -> tuple[dict, ...]:
        """For the geoparser to empty."""
        return (self._pair_borders,)

    def starts(self, words: Words) -> set[int]:
        """Where a border phrase may start: at a border word or up to four words before one."""
        return _before_border_words(words.normals, self.border_words)

    def phrase_at(self, words: Words, i: int) -> tuple[int, tuple[str, ...]] | None:
        """(last word, the countries' ISO3 codes) of a border phrase starting at word i: two countries, or one for
        'the Tajik border', whose other side the rest of the text tells."""
        return (
            _pair_border(self, words, i)
            or _between_border(self, words, i)
            or _with_border(self, words, i)
            or _one_party_border(self, words, i)
        )

    def country_at(self, words: Words, i: int) -> tuple[str, int] | None:
        """(ISO3, last word) of a demonym or country name (up to three words) starting at word i."""
        if i >= words.count or not words.capital[i]:
            return None
        if iso3 := self._demonyms.get(words.normals[i]):
            return iso3, i
        for last in range(min(i + 2, words.count - 1), i - 1, -1):
            if words.joined(i, last, hyphens=False) and (iso3 := self._gazetteer.country_code(words.span(i, last))):
                return iso3, last
        return None

    def border_of(self, countries: tuple[str, str]) -> Place | None:
        """The border the gazetteer names for the pair ('Armenia-Iran border'), else the drawn line touching both
        with the fewest other countries; None for a pair with no line."""
        key = frozenset(countries)
        if key not in self._pair_borders:
            self._pair_borders[key] = self._border_named(countries) or _border_touching(self._lines, key)
        return self._pair_borders[key]

    def _border_named(self, countries: tuple[str, str]) -> Place | None:
        names = [self._gazetteer.place_by_id(f"country:{iso3}") for iso3 in countries]
        if None in names:
            return None
        first, second = names[0].name, names[1].name
        for phrase in (f"{first}-{second} border", f"{second}-{first} border"):
            found = ranked_matches(self._gazetteer, phrase, None, Context(), 1)
            if found and found[0].place.kind == KINDS[BORDER]:
                return found[0].place
        return None


def _pair_border(phrases: BorderPhrases, words: Words, i: int) -> tuple[int, tuple[str, str]] | None:
    """'the Tajik-Kyrgyz border', 'the Armenia-Iran border'."""
    first = phrases.country_at(words, i)
    if first is None or first[1] + 1 >= words.count:
        return None
    if words.gap(first[1], first[1] + 1).strip() not in ("-", "–", "—", "‐", "/"):
        return None
    second = phrases.country_at(words, first[1] + 1)
    if second is None or second[1] + 1 >= words.count or words.normals[second[1] + 1] not in phrases.border_words:
        return None
    if first[0] == second[0] or not words.joined(second[1], second[1] + 1, hyphens=False):
        return None
    return second[1] + 1, (first[0], second[0])


def _between_border(phrases: BorderPhrases, words: Words, i: int) -> tuple[int, tuple[str, str]] | None:
    """'the border between Tajikistan and Kyrgyzstan'."""
    if words.normals[i] not in phrases.border_words or i + 2 >= words.count or words.normals[i + 1] != "between":
        return None
    first = phrases.country_at(words, i + 2)
    if first is None or first[1] + 1 >= words.count or words.normals[first[1] + 1] != "and":
        return None
    second = phrases.country_at(words, first[1] + 2)
    if second is None or first[0] == second[0]:
        return None
    return second[1], (first[0], second[0])


def _with_border(phrases: BorderPhrases, words: Words, i: int) -> tuple[int, tuple[str, str]] | None:
    """Armenia's border with Turkey: a possessive country, a border word, 'with' and the other country."""
    first = phrases.country_at(words, i)
    if first is None or first[1] + 3 >= words.count:
        return None
    j = first[1]
    if not POSSESSIVE.search(words.text[words.starts[j] : words.starts[j + 1]].rstrip()):
        return None
    if words.normals[j + 1] not in phrases.border_words or words.normals[j + 2] != "with":
        return None
    second = phrases.country_at(words, j + 3)
    if second is None or first[0] == second[0]:
        return None
    return second[1], (first[0], second[0])


def _one_party_border(phrases: BorderPhrases, words: Words, i: int) -> tuple[int, tuple[str]] | None:
    """'the Tajik border', "Georgia's border crossing", 'the Kyrgyz frontier'; not a compound ('the Kyrgyz border
    service', "Armenia's border guards", 'the Armenian border town'), nor a phrase the two-country rules left
    ("Armenia's border with" a name that is no country)."""
    found = phrases.country_at(words, i)
    if found is None or found[1] + 1 >= words.count:
        return None
    iso3, j = found
    border = j + 1
    gap = words.gap(j, border).strip()
    if words.normals[border] not in phrases.border_words or gap not in ("", "'s", "’s"):
        return None
    following = words.normals[border + 1] if border + 1 < words.count else ""
    if following in phrases.compounds or following in ("with", "between"):
        return None
    return border, (iso3,)


def _before_border_words(normals: Sequence[str], border_words: frozenset[str]) -> set[int]:
    near: set[int] = set()
    for j in compress(count(), map(border_words.__contains__, normals)):  # the search runs in C
        near.update(range(max(0, j - 4), j + 1))
    return near


def _drawn_borders(gazetteer: Gazetteer) -> list[tuple[frozenset[str], Place]]:
    """Every border line in the gazetteer with the countries it touches."""
    found = []
    for index in range(len(gazetteer)):
        if gazetteer.kind_code(index) == BORDER:
            found.append((frozenset(gazetteer.countries_of(index)), gazetteer.place(index)))
    return found


def _border_touching(lines: list[tuple[frozenset[str], Place]], pair: frozenset[str]) -> Place | None:
    """A whole line wins over an approximate section of it, and a line between two countries over one among more."""
    touching = [(len(countries), place.approximate, place.id, place) for countries, place in lines if pair <= countries]
    return min(touching)[3] if touching else None
