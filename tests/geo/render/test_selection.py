import folium
import pytest

from geo.alliance.events import Event
from geo.dates import parse_fuzzy
from geo.places.gazetteer import Place
from geo.render.popups import event_label
from geo.render.selection import clicked_event, drawn_selection, event_id_from_query, selection_group

YEREVAN = Place("gn:616052", "Yerevan", "city", 40.18111, 44.51361, "ARM", "616052")
GYUMRI = Place("gn:616635", "Gyumri", "city", 40.7942, 43.84528, "ARM", "616635")


def event(id_, title, place):
    return Event(
        id_,
        parse_fuzzy("2022-11-23"),
        None,
        title,
        "s",
        "summit",
        (place.name,),
        (place,),
        None,
        ("ARM",),
        None,
        "high",
        (),
    )


SUMMIT = event("E22", "CSTO summit in Yerevan", YEREVAN)
OTHER = event("E18", "Armenia invokes Article 4 & asks <help>", YEREVAN)
BASE = event("E11", "Base extended", GYUMRI)
EVENTS = [SUMMIT, OTHER, BASE]


@pytest.mark.parametrize(
    "returned, expected",
    [
        (None, None),
        ({"last_object_clicked": None, "last_object_clicked_tooltip": None}, None),
        # As captured from st_folium: the tooltip is the marker's HTML content.
        (
            {
                "last_object_clicked": {"lat": 40.18111, "lng": 44.51361},
                "last_object_clicked_tooltip": f"<div>\n {event_label(SUMMIT)}\n </div>",
            },
            SUMMIT,
        ),
        (
            {
                "last_object_clicked": {"lat": 40.18111, "lng": 44.51361},
                "last_object_clicked_tooltip": (
                    "<div>Armenia invokes Article 4 &amp; asks &lt;help&gt; (23 Nov 2022)</div>"
                ),
            },
            OTHER,
        ),
        ({"last_object_clicked": {"lat": 40.78886, "lng": 43.87939}}, BASE),  # off-centre click, no tooltip
        ({"last_object_clicked": {"lat": 45.0, "lng": 50.0}}, None),
        ({"last_object_clicked": {"lat": "x", "lng": None}}, None),
    ],
)
def test_clicked_event(returned, expected):
    assert clicked_event(returned, EVENTS) == expected


@pytest.mark.parametrize(
    "params, expected",
    [
        ({"event": "E22"}, "E22"),
        ({"event": ["E11", "E22"]}, "E22"),
        ({"event": "E99"}, None),
        ({"event": "<script>"}, None),
        ({}, None),
    ],
)
def test_event_id_from_query_ignores_unknown(params, expected):
    assert event_id_from_query(params, ["E11", "E22"]) == expected


def test_a_selection_is_ringed_only_when_the_map_draws_it():
    shown = event("E1", "Summit", YEREVAN)
    unplaced = Event(
        "E9", parse_fuzzy("2022-11-23"), None, "Talks", "", "summit", (), (), None, ("ARM",), None, "high", ()
    )
    assert drawn_selection(shown, [shown]) is shown
    assert drawn_selection(shown, []) is None  # another year's event
    assert drawn_selection(unplaced, [unplaced]) is None
    assert drawn_selection(None, [shown]) is None


def test_the_selection_rings_its_event_and_opens_the_popup_that_names_it():
    page = folium.Map(tiles=None)
    selection_group(event("E22", "Summit", YEREVAN)).add_to(page)
    html = page.get_root().render()
    assert html.count("aa-selected") == 1
    assert 'getAttribute("data-event") === eventId' in html and '"E22");' in html  # the id as a JSON value
