"""The other side of a border named by one country: 'Bishkek said the Tajik border had been crossed' is the
Tajik-Kyrgyz border, "Officials in Kars say the Armenian border could reopen" the Armenian-Turkish one.

It runs after resolution, since the other side is read from the places the text names: the nearest other country
named in the phrase's sentence (a speaker, a town at the border), else the other country the text names most. A pair
without a drawn line keeps the phrase found but unplaced, as the two-country rules do.
"""

from collections import Counter
from collections.abc import Iterator

from geo.news.borders import BorderPhrases
from geo.news.candidates import BORDER_CONFIDENCE, UNDRAWN_BORDER_CONFIDENCE, Candidate
from geo.news.words import Words


def settle_one_party_borders(words: Words, candidates: list[Candidate], borders: BorderPhrases) -> None:
    """Gives every one-country border candidate its second country and, where the gazetteer draws one, its line."""
    if not any(c.source == "border" and len(c.countries) == 1 for c in candidates):
        return  # most texts: nothing to count
    named = [(c.first, country) for c in candidates for country in _countries_named(c)]
    counts = Counter(country for _, country in named)
    for candidate in candidates:
        if candidate.source != "border" or len(candidate.countries) != 1:
            continue
        party = candidate.countries[0]
        first, last = sentence_of(words, candidate.first)
        near = sorted((abs(at - candidate.first), country) for at, country in named if first <= at <= last)
        other = next((country for _, country in near if country != party), None)
        other = other or next((country for country, _ in counts.most_common() if country != party), None)
        if other is None:
            continue
        candidate.countries = (party, other)
        candidate.place = borders.border_of(candidate.countries)
        candidate.confidence = BORDER_CONFIDENCE if candidate.place else UNDRAWN_BORDER_CONFIDENCE


def sentence_of(words: Words, i: int) -> tuple[int, int]:
    """First and last word of the sentence (or heading) holding word i."""
    first = i
    while first > 0 and not words.opens[first]:
        first -= 1
    last = i
    while last + 1 < words.count and not words.opens[last + 1]:
        last += 1
    return first, last


def _countries_named(candidate: Candidate) -> Iterator[str]:
    """The country a candidate names: a demonym's, a seat's or a two-country border's, or its place's."""
    if candidate.source == "border":
        if len(candidate.countries) == 2:
            yield from candidate.countries
    elif candidate.source in ("demonym", "seat"):
        yield from (c for c in candidate.countries if c)
    elif candidate.place is not None and candidate.place.country_iso3:
        yield candidate.place.country_iso3
