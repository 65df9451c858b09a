"""Which runs of words the gazetteer knows as names or organisations, so a geoparser can scan text word by word.

This wraps two lookups that `Gazetteer` does not offer publicly yet. They belong there as
`Gazetteer.has_name_key(key)` / `Gazetteer.name_lengths(first_word)` and `Gazetteer.organisation_lengths(...)`;
until then this module is the only place outside `geo/places/gazetteer.py` that reads the index's private fields.
A key is the gazetteer's folded form (`folded_form(normal_form(name))`): words joined by single spaces.
"""

from collections.abc import Container, Iterable, Iterator, Sequence

from geo.places.gazetteer import Gazetteer

MAX_WORDS = 8  # names longer than this ("Tajik-Kyrgyz border (Batken/Isfara/Vorukh area)") are never in running text


class NameKeys:
    """Folded name keys by first word; built once per gazetteer (about 0.5 s for 700k keys)."""

    __slots__ = ("_keys", "_longest", "_organisations", "_organisation_longest")

    def __init__(self, gazetteer: Gazetteer) -> None:
        index = gazetteer._index  # see the module docstring
        self._keys = index.keys
        self._longest = _longest_by_first_word(index.keys)
        self._organisations = frozenset(index.organisations)
        self._organisation_longest = _longest_by_first_word(self._organisations)

    def starts_name(self, key: str) -> bool:
        """Some name key begins with this folded word."""
        return key in self._longest

    def starts_organisation(self, normal: str) -> bool:
        return normal in self._organisation_longest

    def name_lengths(self, words: Sequence[str], start: int, most: int = MAX_WORDS) -> Iterator[int]:
        """How many words from `start` form a known name key, longest first and at most `most` (the words that run
        on from `start`: a name never spans a comma); `words` are folded single words."""
        return _lengths(self._keys, self._longest, words, start, most)

    def organisation_length(self, normals: Sequence[str], start: int) -> int:
        """Words from `start` naming an organisation ('Collective Security Treaty Organization'), or 0."""
        return next(_lengths(self._organisations, self._organisation_longest, normals, start), 0)


def _longest_by_first_word(keys: Iterable[str]) -> dict[str, int]:
    longest: dict[str, int] = {}
    for key in keys:
        first = key.partition(" ")[0]
        words = min(key.count(" ") + 1, MAX_WORDS)
        if longest.get(first, 0) < words:
            longest[first] = words
    return longest


def _lengths(
    keys: Container[str], longest: dict[str, int], words: Sequence[str], start: int, most: int = MAX_WORDS
) -> Iterator[int]:
    """Lazily, since the caller mostly takes the first."""
    for n in range(min(longest.get(words[start], 0), len(words) - start, most), 0, -1):
        if " ".join(words[start : start + n]) in keys:
            yield n
