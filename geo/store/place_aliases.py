"""The reader's place aliases as both backends of the my-events store keep them: one row per author and name.

A row keeps a snapshot of the place (id, name, kind, point, country), not only its id, so an alias still reads
after a gazetteer rebuild drops or renames the place; geo.news.aliases.AliasBook prefers the gazetteer's current
record when the id is still known. A place the reader put on the map (geo.news.reader_places) lives only here: its
id says that, and that its point is approximate, so neither needs a column. The name is keyed by
geo.news.aliases.alias_key, so a second correction of 'ALMATY' replaces the one of 'Almaty'. In single-user mode the
author is stored as '' (not NULL), so the key (author, surface_key) is one unique key on both backends.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from geo.news.aliases import alias_key
from geo.news.reader_places import READER_PREFIX
from geo.places.gazetteer import Place
from geo.store.authorship import Authorship

ALIAS_COLUMNS = ("author", "surface_key", "surface", "place_id", "name", "kind", "lat", "lon", "country", "kept_at")
# What a second correction of the same name by the same author replaces (the key and the author stay).
REPLACED = ", ".join(f"{column} = excluded.{column}" for column in ALIAS_COLUMNS[2:])
SINGLE_USER = ""  # the author column of an alias kept in single-user mode


@dataclass(frozen=True, slots=True)
class KeptAlias:
    """A name as it stood in an article ('Aygepar') and the place the reader gave it."""

    surface: str
    place: Place
    authorship: Authorship


def alias_row(alias: KeptAlias) -> tuple:
    """The values of ALIAS_COLUMNS: every one a bound parameter, whatever the name holds."""
    place, authorship = alias.place, alias.authorship
    author = SINGLE_USER if authorship.author is None else authorship.author
    key = alias_key(alias.surface)
    kept_at = authorship.kept_at.isoformat()
    return (
        author,
        key,
        alias.surface,
        place.id,
        place.name,
        place.kind,
        place.lat,
        place.lon,
        place.country_iso3,
        kept_at,
    )


def alias_from_row(row: Sequence) -> KeptAlias:
    author, _key, surface, place_id, name, kind, lat, lon, country, kept_at = row
    approximate = place_id.startswith(READER_PREFIX)  # a click's point; the gazetteer's own come back from it
    place = Place(place_id, name, kind, lat, lon, country, place_id.partition(":")[2], approximate=approximate)
    when = kept_at if isinstance(kept_at, datetime) else datetime.fromisoformat(kept_at)
    return KeptAlias(surface, place, Authorship(author or None, when))
