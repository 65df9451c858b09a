"""Every text field reaches the map, its legend and the offline HTML download as inert, literal text (issue 10).

Each field carries the payloads behind a marker naming the field (`@title@ …`); the page is then searched for the
escaped text after every marker. A benign twin of the same scene counts the page's own backticks, scripts and
images, so a payload that turned into markup shows up as one more of them.
"""

from datetime import UTC, date, datetime

import geopandas as gpd
import pytest
from shapely.geometry import box

from geo.alliance.bases import Base
from geo.alliance.events import Category, Event, Source
from geo.alliance.membership import Interval, Memberships, Organisation, Status
from geo.alliance.my_event import MyEvent
from geo.alliance.view import View
from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place
from geo.render import bulk_layers, frame, layers
from geo.render.export import standalone_map
from geo.render.html import html_text
from geo.render.popups import SHORTENED
from geo.render.script import fetched
from geo.store.bins import MAX_POINTS, EventPoint, ViewFeatures

JINJA = "{{ 7*7 }} {% if 1 %}x{% endif %} {# c #}"
PAYLOAD = f"{JINJA} <img src=x onerror=alert(1)></script>`${{1}} javascript:alert(1)"
BENIGN = "plain words"
VIEW = View(35, 25, 57, 84)
DAY = date(2022, 11, 23)
STRUCTURE = ["`", "<script", "</script>", "<img", "${", 'href="javascript', "<a ", "{{", "{%", "{#"]


def marked(field: str, text: str) -> str:
    return f"@{field}@ {text}"


def whole_page(text: str) -> str:
    """The offline download of a map showing every kind of object, each text field carrying `text`."""
    t = lambda field: marked(field, text)  # noqa: E731 (reads like the field list it fills)
    place = Place("gn:1", t("place"), "city", 40.18, 44.51, "ARM", "1")
    town = Place("gn:2", t("town"), "city", 40.79, 43.85, "ARM", "2")
    category = Category("summit", t("category"), "#56B4E9", t("description"))
    event = Event(
        t("id"),
        parse_fuzzy("2022-11-23"),
        None,
        t("title"),
        t("summary"),
        "summit",
        (place.name,),
        (place, town),
        t("place note"),
        ("ARM",),
        t("disputed"),
        "high",
        (
            Source(t("outlet"), "t", None, "https://example.org/a\n![x](https://t.example/p)"),
            Source("TASS", t("source title"), None, "https://example.org/b c"),
            Source("TASS", t("linked"), None, "https://tass.com/1?q=" + text.replace(" ", "+")),
        ),
    )
    base = Base(
        "B1",
        t("base"),
        place,
        "ARM",
        "Russia",
        t("kind"),
        parse_fuzzy("1995"),
        None,
        True,
        ("https://example.org/base",),
        t("base note"),
    )
    mine = MyEvent(
        "U1",
        t("my title"),
        parse_fuzzy("2022-11-23"),
        t("my place"),
        40.0,
        44.0,
        "city",
        "ARM",
        ("ARM",),
        t("my note"),
        t("my source"),
        datetime(2024, 1, 1, tzinfo=UTC),
    )
    points = tuple(
        EventPoint(f"k{i}", 40.0 + i / 10, 45.0, DAY, DAY, "day", 1, *fields)
        for i, fields in enumerate(
            [
                (t("type"), "clash", "Jermuk", "Army", None, 1),
                ("Battles", t("imported title"), "Jermuk", None, None, None),
                ("Battles", None, t("location"), None, None, None),
                ("Battles", None, "Jermuk", t("actor1"), "Army", 2),
                ("Battles", None, "Jermuk", "Army", t("actor2"), None),
            ]
        )
    )
    regions = gpd.GeoDataFrame(
        {"name": [t("region")], "kind": ["region"], "approximate": [True], "note": [t("note")]},
        geometry=[box(45, 39, 47, 41)],
        crs="EPSG:4326",
    )
    countries = gpd.GeoDataFrame(
        {"iso3": ["ARM"], "name": [t("country")]}, geometry=[box(43, 38, 46, 41)], crs="EPSG:4326"
    )
    memberships = Memberships(
        [Organisation("CSTO", "Collective Security Treaty Organization", "CSTO", None, None, "", "")],
        [Interval("CSTO", "ARM", Status.MEMBER, parse_fuzzy("2002-10-07"), None, "high", ("https://x.org",), "", 2)],
    )
    legend = (
        layers.atlas_legend_html(t("org"), [category])
        + f"<details><summary>Imported</summary>{bulk_layers.imported_legend_html([t('legend type')])}</details>"
    )
    groups = layers.with_stable_ids(
        [
            layers.status_layer("CSTO", 2022, memberships, {"ARM": t("country")}),
            layers.regions_layer(regions),
            layers.places_layer([base], [event], 2022),
            layers.event_layer([event], {"summit": category}, {"ARM": t("country")}),
            layers.my_events_layer([mine]),
            bulk_layers.imported_layer(ViewFeatures(len(points), points=points)),
        ]
    )
    page = standalone_map(frame.map_frame(VIEW, legend, frame.inlined(countries)), groups)
    return page.replace("\\u0026", "&")  # folium's GeoJSON writes & as \u0026; read both forms alike


FIELDS = [
    "place",
    "town",
    "category",
    "id",
    "title",
    "summary",
    "place note",
    "disputed",
    "outlet",
    "source title",
    "linked",
    "base",
    "kind",
    "base note",
    "my title",
    "my place",
    "my note",
    "my source",
    "type",
    "imported title",
    "location",
    "actor1",
    "actor2",
    "region",
    "note",
    "country",
    "org",
    "legend type",
]


@pytest.fixture(scope="module")
def hostile_page() -> str:
    return whole_page(PAYLOAD)


@pytest.mark.parametrize("field", FIELDS)
def test_every_field_is_on_the_page_as_escaped_literal_text(hostile_page, field):
    assert html_text(marked(field, PAYLOAD)) in hostile_page


def test_no_payload_is_evaluated_as_a_template_anywhere(hostile_page):
    """After every marker, wherever the text went (tooltip, popup, legend, JSON), the Jinja is still there."""
    for field in FIELDS:
        pieces = hostile_page.split(f"@{field}@ ")[1:]
        assert pieces, field
        for after in pieces:
            assert after.startswith(html_text("{{ 7*7 }}")), (field, after[:60])  # shortened or whole


def test_the_payloads_add_no_script_image_link_or_template_syntax(hostile_page):
    benign = whole_page(BENIGN)
    for token in STRUCTURE:
        assert hostile_page.count(token) == benign.count(token), token


def test_a_source_address_with_a_newline_or_space_is_text_not_a_link(hostile_page):
    assert 'href="https://example.org/a' not in hostile_page and 'href="https://example.org/b ' not in hostile_page
    assert "t.example" not in hostile_page
    assert 'href="https://tass.com/1?q=%7B%7B+7*7+%7D%7D' in hostile_page  # a whole address: linked, encoded


def map_update(text: str, copies: int) -> str:
    """What one rerun sends to the map component at most: the whole page of the app's map (outlines fetched, not
    inlined), with `copies` curated, user and imported events, every text field `text` long."""
    t = lambda field: text  # noqa: E731
    place = Place("gn:1", t("place"), "city", 40.18, 44.51, "ARM", "1")
    category = Category("summit", t("category"), "#56B4E9", "")
    events = [
        Event(
            f"E{i}",
            parse_fuzzy("2022-11-23"),
            None,
            t("title"),
            t("summary"),
            "summit",
            (place.name,),
            (place, Place(f"gn:t{i}", t("town"), "city", 40.79, 43.85, "ARM", "2")),
            t("note"),
            ("ARM",),
            t("disputed"),
            "high",
            (Source(t("outlet"), t("title"), None, "https://x.org/" + text),),
        )
        for i in range(copies)
    ]
    mine = [
        MyEvent(
            f"U{i}",
            t("title"),
            parse_fuzzy("2022-11-23"),
            t("place"),
            40.0,
            44.0 + i / 100,
            "city",
            "ARM",
            ("ARM",),
            t("note"),
            t("source"),
            datetime(2024, 1, 1, tzinfo=UTC),
        )
        for i in range(copies)
    ]
    points = tuple(
        EventPoint(
            f"k{i}",
            40.0 + i / 1000,
            45.0,
            DAY,
            DAY,
            "day",
            1,
            t("type"),
            t("title"),
            t("where"),
            t("actor1"),
            t("actor2"),
            1,
        )
        for i in range(MAX_POINTS)
    )
    legend = layers.atlas_legend_html("CSTO", [category]) + bulk_layers.imported_legend_html(
        [f"{i}{text}" for i in range(12)]
    )
    groups = layers.with_stable_ids(
        [
            layers.event_layer(events, {"summit": category}, {"ARM": t("country")}),
            layers.places_layer([], events, 2022),
            layers.my_events_layer(mine),
            bulk_layers.imported_layer(ViewFeatures(len(points), points=points)),
        ]
    )
    fmap = frame.map_frame(VIEW, legend, fetched("/app/static/data/countries.json"))
    for group in groups:
        group.add_to(fmap)
    return fmap.get_root().render()


# The costliest characters once escaped and serialised: a quote becomes &quot; (6 bytes), an emoji a JSON
# surrogate pair (12 bytes).
MEGABYTE_FIELD = ('"😀<' * 350_000)[:1_000_000]


def test_one_map_update_stays_under_a_megabyte_whatever_the_field_lengths():
    update = map_update(MEGABYTE_FIELD, copies=10).encode("utf-8")
    print(f"map update with 1 MB fields, 10 curated + 10 user + {MAX_POINTS} imported events: {len(update):,} bytes")
    assert len(update) < 1_000_000
    assert html_text(SHORTENED) in update.decode("utf-8")  # and the reader is told
