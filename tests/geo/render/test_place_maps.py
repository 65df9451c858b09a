"""geo/render/place_maps.py: the Places screen's candidates (best in red, outlined) and the places an article names."""

import pytest

from geo.atlas import load_atlas
from geo.places.gazetteer import Place
from geo.places.geocode import candidates
from geo.render.frame import inlined
from geo.render.palette import CHOSEN_PLACE, PLACE_UNDERLINE, RUNNER_UP
from geo.render.place_maps import candidates_frame, candidates_map, preview_map
from geo.render.script import js_json
from tests.conftest import ROOT


@pytest.fixture(scope="module")
def atlas():
    return load_atlas(ROOT / "data")


def html(fmap) -> str:
    return fmap.get_root().render()


def test_candidates_are_ranked_rows_with_their_confidence(atlas):
    matches = candidates("Kant", None, (), 3, atlas.gazetteer)
    frame = candidates_frame(matches)
    assert list(frame["rank"]) == list(range(1, len(matches) + 1)) and len(matches) >= 2
    assert frame.loc[0, "country"] == "KGZ" and frame.loc[0, "confidence"] == frame["confidence"].max()


def test_the_best_candidate_is_red_and_outlined_only_when_it_is_a_region(atlas):
    region = candidates("Syunik", None, (), 3, atlas.gazetteer)  # Syunik Province first, a region with a shape
    city = candidates("Kant", None, (), 3, atlas.gazetteer)  # Kant, a town: a point, no shape
    assert region[0].place.kind == "region" and city[0].place.kind == "city"
    for matches, red in ((region, 2), (city, 1)):  # the marker, and the outline when there is one
        page = html(candidates_map(matches, atlas, inlined(atlas.outlines[:0])))
        assert page.count(f'"color": "{CHOSEN_PLACE}"') == red
        assert page.count(f'"color": "{RUNNER_UP}"') == len(matches) - 1


def test_an_article_preview_marks_each_place_and_escapes_its_name(atlas):
    gyumri = candidates("Gyumri", None, (), 1, atlas.gazetteer)[0].place
    hostile = Place("x:1", "{{ 7*7 }} <img src=x onerror=alert(1)> `${1}`", "city", 40.0, 44.0, "ARM", "1")
    clicked = Place("reader:1", "Aygepar", "village", 40.9, 45.3, "ARM", "1", approximate=True)
    page = html(preview_map([gyumri, hostile, clicked], atlas.view, inlined(atlas.outlines[:0])))
    assert page.count(f'"color": "{PLACE_UNDERLINE}"') == 3 and "Gyumri (city)" in page
    assert "Aygepar (village, approximate)" in page
    shown = "&#123;&#123; 7*7 &#125;&#125; &lt;img src=x onerror=alert(1)&gt; &#96;&#36;&#123;1&#125;&#96;"
    assert f"{shown} (city)" in page
    assert "<img src=x" not in page and "{{ 7*7 }}" not in page


def test_a_preview_without_places_keeps_the_opening_frame(atlas):
    page = html(preview_map([], atlas.view, inlined(atlas.outlines[:0])))
    frame = [[atlas.view.south, atlas.view.west], [atlas.view.north, atlas.view.east]]
    assert f".fitBounds({js_json(frame)}, {{animate: false}})" in page
    assert "L.circleMarker" not in page
