"""A reader's own place names: the corrections they made on the Ingest screen, consulted before a name is left a
'possible place'.

A possible place is a name a cue marks as a settlement ('the village of Aygepar') that the gazetteer cannot place.
When a reader places one by hand, the store keeps the surface and the place (geo.store.place_aliases); on the next
article the same name, however cased or spaced, gets that place instead of none. The book is a small dict consulted
after the parse, so the shared gazetteer and its index are never rebuilt for one reader's names.
"""

from collections.abc import Mapping, Sequence
from dataclasses import replace
from hashlib import sha256

from geo.news.geoparse import POSSIBLE, Mention
from geo.places.gazetteer import Gazetteer, Place

ALIAS = "reader's alias"  # Mention.matched of a possible place placed by an alias
ALIAS_CONFIDENCE = 0.9  # the reader said so; below a gazetteer name the text confirms


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
        # A digest of what the book places: a cache of parsed articles keys on it, so a new alias parses them again.
        self.version = sha256(
            repr(sorted((k, p.id, p.lat, p.lon) for k, p in self._places.items())).encode()
        ).hexdigest()

    def __len__(self) -> int:
        return len(self._places)

    def place_of(self, surface: str) -> Place | None:
        return self._places.get(alias_key(surface))

    def placed(self, mentions: Sequence[Mention]) -> list[Mention]:
        """The mentions with every possible place the book names placed; nothing else changes, so a screen's rows
        keep their order and count."""
        return [self._placed(mention) if mention.kind == POSSIBLE else mention for mention in mentions]

    def _placed(self, mention: Mention) -> Mention:
        place = self.place_of(mention.surface)
        if place is None:
            return mention
        return replace(mention, kind=place.kind, place=place, confidence=ALIAS_CONFIDENCE, matched=ALIAS)
