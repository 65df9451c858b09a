"""How two spellings of a name meet: the surface, normal and folded forms that the index stores and lookups compare.

One module, because the gazetteer's builder, its lookups, the geoparser and the lexicon must fold a name identically:
a spelling folded one way when indexed and another when looked up would never be found.
"""

import re
import unicodedata
from operator import itemgetter

from anyascii import anyascii

_NOT_ALNUM = re.compile(r"[^0-9a-z]+")
_DOUBLED = re.compile(r"([a-z])\1+")
_FIRST_GROUP = itemgetter(1)
# Transliteration systems disagree on these; folding both sides makes Xankəndi ~ Khankendi, Balykchy ~ Balykchi.
_FOLDS = (
    ("dzh", "j"),
    ("zh", "j"),
    ("kh", "h"),
    ("x", "h"),
    ("gh", "g"),
    ("sh", "s"),
    ("ch", "c"),
    ("ts", "c"),
    ("ye", "e"),
    ("y", "i"),
    ("w", "v"),
    ("ou", "u"),
)


def surface_form(text: str) -> str:
    """The spelling as written, ignoring case, Unicode composition and spacing."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def normal_form(text: str) -> str:
    """Case, diacritics, script (transliterated by anyascii), punctuation and a leading 'the' removed:
    'The Hague' -> 'hague', 'ОДКБ' -> 'odkb'."""
    ascii_text = anyascii(text).casefold().replace("'", "")
    normal = _NOT_ALNUM.sub(" ", ascii_text).strip()
    return normal[4:] if normal.startswith("the ") else normal


def folded_form(normal: str) -> str:
    """A normal form with the letters transliterations disagree on merged and doubled letters single."""
    for old, new in _FOLDS:
        normal = normal.replace(old, new)
    return _DOUBLED.sub(_FIRST_GROUP, normal)
