"""From an article to events a user keeps: mentions as reviewable rows, and corrected names re-resolved."""

from collections.abc import Iterable, Sequence

import pandas as pd

from geo.news.aliases import ALIAS, AliasBook, alias_key
from geo.news.geoparse import POSSIBLE, Mention
from geo.news.reader_places import is_placed_by_reader, placed_source
from geo.places.gazetteer import Gazetteer, Place
from geo.places.geocode import geocode

MENTION_COLUMNS = ["surface", "kind", "place", "source", "country", "lat", "lon", "confidence", "start", "end"]
NOT_FOUND = "possible place, not found"  # how a reader sees a POSSIBLE mention: a place the gazetteer lacks


def mention_rows(mentions: Sequence[Mention], reader: str | None = None) -> pd.DataFrame:
    """One row per mention; `place` is the editable column: typing another name re-resolves the row. `reader` is
    who reads (None: the single user), named in the source of what they placed."""
    rows = [
        {
            "surface": m.surface,
            "kind": NOT_FOUND if m.kind == POSSIBLE else m.kind,
            "place": m.place.name if m.place else "",
            "source": place_source(m, reader),
            "country": (m.place.country_iso3 or "") if m.place else "",
            "lat": m.place.lat if m.place else None,
            "lon": m.place.lon if m.place else None,
            "confidence": round(m.confidence, 2),
            "start": m.start,
            "end": m.end,
        }
        for m in mentions
    ]
    return pd.DataFrame(rows, columns=MENTION_COLUMNS)


def place_source(mention: Mention, reader: str | None = None) -> str:
    """Where a row's place comes from, and whether its point is approximate (the data honesty rule): the reader's
    click, the gazetteer under a name the reader gave, or the gazetteer (its datasets are listed in Data & sources)."""
    place = mention.place
    if place is None:
        return ""
    if is_placed_by_reader(place):
        return f"{placed_source(reader)}, approximate"
    source = "gazetteer, your alias" if mention.matched == ALIAS else "gazetteer"
    return f"{source}, approximate point" if place.approximate else source


def placeable_names(mentions: Sequence[Mention]) -> list[str]:
    """The names a reader may place on the map, once each: the possible places, and the names their aliases placed
    (a second placing replaces the first); 'AYGEPAR' after 'Aygepar' is the same name."""
    names: dict[str, str] = {}
    for mention in mentions:
        if mention.kind == POSSIBLE or mention.matched == ALIAS:
            names.setdefault(alias_key(mention.surface), " ".join(mention.surface.split()))
    return list(names.values())


def not_found_note(mentions: Sequence[Mention]) -> str | None:
    """What to tell a reader about the possible places the gazetteer lacks ('the village of Aygepar', a dateline's
    town): they are listed so that none is dropped silently, and placed by typing a known name or clicking the map."""
    names = list(dict.fromkeys(m.surface for m in mentions if m.kind == POSSIBLE))
    if not names:
        return None
    listed = ", ".join(f"'{name}'" for name in names)
    return (
        f"{len(names)} possible place{'s' if len(names) > 1 else ''}, not found in the gazetteer: {listed}. "
        "Type a known place name in the place column, or pick the name under the map and click where it is, to place "
        "one."
    )


def resolved_places(
    edited: pd.DataFrame, mentions: Sequence[Mention], gazetteer: Gazetteer, context: Iterable[str]
) -> tuple[list[Place | None], list[str]]:
    """The place of each row after the user's edits, and a message for every typed name the gazetteer lacks."""
    context = tuple(context)
    places, unknown = [], []
    for mention, typed in zip(mentions, edited["place"].fillna("")):
        typed = str(typed).strip()
        if mention.place is not None and typed == mention.place.name:
            places.append(mention.place)
        elif not typed:
            places.append(None)
        elif match := geocode(typed, context=context, gazetteer=gazetteer):
            places.append(match.place)
        else:
            places.append(None)
            unknown.append(f"'{typed}' (for '{mention.surface}') is not a place the gazetteer knows")
    return places, unknown


def distinct_places(places: Iterable[Place | None]) -> list[Place]:
    seen: dict[str, Place] = {}
    for place in places:
        if place is not None and place.id not in seen:
            seen[place.id] = place
    return list(seen.values())


def corrections(
    mentions: Sequence[Mention], places: Sequence[Place | None], book: AliasBook
) -> list[tuple[str, Place]]:
    """(surface, place) for each possible place the reader placed, or alias they changed, that the book does not hold
    yet: what to keep as aliases so that the next article places the name itself."""
    kept: dict[str, Place] = {}
    for mention, place in zip(mentions, places):
        by_reader = mention.kind == POSSIBLE or mention.matched == ALIAS
        known = book.place_of(mention.surface)
        if by_reader and place is not None and (known is None or known.id != place.id):
            kept[mention.surface] = place
    return list(kept.items())
