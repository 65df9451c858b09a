"""geo/render/popups.py: popup and tooltip text from escaped, shortened pieces, so no field can inject or bloat."""

import pytest

from geo.alliance.bases import Base
from geo.alliance.events import Category, Event, Source
from geo.alliance.my_event import MyEvent
from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place
from geo.render.popups import (
    LABEL_CHARS,
    SHORTENED,
    TEXT_CHARS,
    base_label,
    base_popup_html,
    event_label,
    event_popup_html,
    my_event_label,
    my_event_popup_html,
    shortened,
    source_label,
)

YEREVAN = Place("gn:616052", "Yerevan", "city", 40.18, 44.51, "ARM", "616052")
SYUNIK = Place("feature:syunik", "Syunik", "region", 39.5, 46.0, "ARM", "syunik", approximate=True)
SUMMIT = Category("summit", "Summit", "#56B4E9", "")


def event(title="CSTO summit in Yerevan", summary="Leaders met.", sources=()):
    return Event(
        "E22",
        parse_fuzzy("2022-11-23"),
        None,
        title,
        summary,
        "summit",
        ("Yerevan", "Syunik"),
        (YEREVAN, SYUNIK),
        None,
        ("ARM", "RUS"),
        None,
        "high",
        sources,
    )


def test_shortened_keeps_short_text_and_says_when_it_cuts():
    assert shortened("Gyumri", 10) == "Gyumri"
    assert shortened("a" * 20 + "  b", 21) == "a" * 20 + SHORTENED


def test_an_event_popup_has_date_places_countries_and_only_safe_links():
    sources = (Source("TASS", "Summit", "2022-11-23", "https://tass.com/1"), Source("X", "bad", None, "javascript:1"))
    page = event_popup_html(event(sources=sources), SUMMIT, {"ARM": "Armenia", "RUS": "Russia"})
    assert "23 Nov 2022" in page and "Places: Yerevan, Syunik (approximate)" in page
    assert "Countries: Armenia, Russia" in page and '<a href="https://tass.com/1"' in page
    assert "<li>X, bad</li>" in page and page.count("<a ") == 1  # the javascript: source: its label, unlinked


@pytest.mark.parametrize(
    "payload, shown",
    [
        ("{{ 7*7 }}", "&#123;&#123; 7*7 &#125;&#125;"),
        ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)&gt;"),
        ("`${1}`", "&#96;&#36;&#123;1&#125;&#96;"),
    ],
)
def test_text_fields_are_escaped(payload, shown):
    """folium wraps popups in JS template literals and branca renders them once more as Jinja."""
    page = event_popup_html(event(title=payload, summary=payload), SUMMIT, {})
    assert f"<b>{shown}</b>" in page and f"<p>{shown}</p>" in page
    assert payload not in page and "<img" not in page and "${" not in page


def test_long_fields_are_cut_so_a_popup_stays_small():
    page = event_popup_html(event(title="T" * 10_000, summary="S" * 100_000), SUMMIT, {})
    assert len(page) < LABEL_CHARS + TEXT_CHARS + 2_000 and page.count(SHORTENED) == 2
    assert event_label(event(title="T" * 10_000)).endswith(f"{SHORTENED} (23 Nov 2022)")


def test_a_base_says_when_its_point_is_only_the_town():
    base = Base(
        "B1",
        "102nd base",
        YEREVAN,
        "ARM",
        "RUS",
        "military base",
        parse_fuzzy("1995"),
        None,
        True,
        ("https://example.org/a",),
        "<b>note</b>",
    )
    assert base_label(base) == (
        "102nd base — military base, 1995 – present, at Yerevan (point is the town, not the facility)"
    )
    assert "&lt;b&gt;note" in base_popup_html(base) and '<a href="https://example.org/a"' in base_popup_html(base)


def test_my_event_is_labelled_as_mine_and_its_source_is_linked_only_if_a_web_address():
    mine = MyEvent(
        "u1",
        "Talks <resumed>",
        parse_fuzzy("2024-05"),
        "Yerevan",
        40.18,
        44.51,
        "city",
        "ARM",
        ("ARM",),
        "",
        "an article.txt",
        None,
    )
    assert my_event_label(mine) == "Talks <resumed> (May 2024) — my event"
    page = my_event_popup_html(mine)
    assert "Talks &lt;resumed&gt;" in page and "<a " not in page and "an article.txt" in page


def test_a_source_label_leaves_out_what_is_missing():
    assert source_label("TASS", "", None) == "TASS" and source_label("TASS", "T", "2022") == "TASS, T, 2022"


def test_a_team_event_another_analyst_published_is_not_labelled_as_the_readers_own():
    theirs = MyEvent(
        "id-2", "Talks", parse_fuzzy("2024-05"), "Yerevan", 40.18, 44.51, "city", "ARM", ("ARM",), "", "", None
    )
    assert my_event_label(theirs, own=False) == "Talks (May 2024) — team event"
    page = my_event_popup_html(theirs, own=False)
    assert "Published to the team by another analyst" in page and "My event" not in page


def test_an_event_at_a_village_placed_by_a_click_says_its_point_is_approximate():
    at_city = MyEvent("a", "Talks", parse_fuzzy("2024-05"), "Yerevan", 40.18, 44.51, "city", "ARM", (), "", "", None)
    at_village = MyEvent(
        "b", "Shelling", parse_fuzzy("2024-05"), "Aygepar", 40.9, 45.3, "village", "ARM", (), "", "", None
    )
    assert "approximate" not in my_event_popup_html(at_city)
    assert "Aygepar <small>(placed by hand on the map: approximate point)</small>" in my_event_popup_html(at_village)
