"""One gazetteer, lexicon and geoparser for the geoparser's test files (a gazetteer takes seconds to load, and the
geoparser's parts are tested each in its own file), and `found`: a text's mentions in short."""

from collections.abc import Callable

import geopandas as gpd
import pytest

from geo.news.geoparse import Geoparser
from geo.news.lexicon import Lexicon, load_lexicon
from geo.places import boundaries
from geo.places.gazetteer import Gazetteer
from geo.places.namekeys import NameKeys
from tests.conftest import ROOT

Found = Callable[..., list[tuple[str, str, str | None]]]


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return Gazetteer.load(ROOT / "data")


@pytest.fixture(scope="session")
def countries() -> gpd.GeoDataFrame:
    """The outlines a place put on the map takes its country from."""
    return boundaries.countries(ROOT / "data")


@pytest.fixture(scope="session")
def lexicon(gazetteer) -> Lexicon:
    return load_lexicon(gazetteer)


@pytest.fixture(scope="session")
def keys(gazetteer) -> NameKeys:
    return NameKeys(gazetteer)


@pytest.fixture(scope="session")
def geoparser(gazetteer) -> Geoparser:
    return Geoparser(gazetteer)


@pytest.fixture(scope="session")
def found(geoparser) -> Found:
    """(surface, kind, place id) of each mention, after checking that its offsets give its surface."""

    def mentions_in(text: str, **options) -> list[tuple[str, str, str | None]]:
        mentions = geoparser.mentions(text, **options)
        for mention in mentions:
            assert text[mention.start : mention.end] == mention.surface
        return [(m.surface, m.kind, m.place and m.place.id) for m in mentions]

    return mentions_in
