import json

import pytest

from geo.news.reader_places import placed_on_map
from geo.places.gazetteer import Place
from geo.render.html import html_text
from geo.render.markdown import md_text
from tests.screens.conftest import HOSTILE_TITLE, page

ARTICLE = (
    "Published: 2022-11-24\n\nAt the CSTO summit in Yerevan on November 23 the prime minister refused to "
    "sign the declaration. Azerbaijani troops remain in Syunik, near Goris, and the Russian base in Gyumri "
    "(once Leninakan) stays. <img src=x onerror=alert(1)> The Kremlin said it regretted the decision."
)


def map_args(at) -> dict:
    """What the Ingest map's component was given (its script, what it reports back)."""
    return json.loads(at.get("component_instance")[0].proto.json_args)


@pytest.fixture(autouse=True)
def home(tmp_path, monkeypatch):
    monkeypatch.setenv("ALLIANCE_ATLAS_HOME", str(tmp_path / "home"))
    return tmp_path / "home"


def test_pasted_article_shows_places_dates_and_a_map():
    at = page("ingest")
    at.session_state["article_text"] = ARTICLE
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "6 place mentions, 2 dates"  # Kremlin is a metonym; the published date counts
    html = at.get("html")[0].proto.body
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert html.count("<mark") == 8 and "Gyumri" in html
    assert "name_to_place" not in [s.key for s in at.selectbox]  # no possible place: nothing to place on the map,
    assert map_args(at)["returned_objects"] == []  # and the map reports no clicks


def test_an_article_pasted_after_the_first_run_completes_its_dates_from_its_dateline():
    """The date widget is drawn before any article: the article's own date still completes 'on Tuesday'."""
    at = page("ingest").run()
    at.session_state["article_text"] = "YEREVAN, 14 March 2025 — Shelling hit Sotk on Tuesday."
    at.run()
    assert at.subheader[0].value == "1 place mention, 2 dates"  # YEREVAN; Sotk is no gazetteer town
    assert any(c.value.startswith("The article gives its date: 14 Mar 2025") for c in at.caption)
    assert 'title="11 Mar 2025"' in at.get("html")[0].proto.body  # the Tuesday before


def test_keeping_an_event_stores_it_and_lists_it(home):
    at = page("ingest")
    at.session_state["article_text"] = ARTICLE
    at.run()
    at.text_input[0].input("Yerevan summit without Armenia's signature")
    at.button[0].click()  # the form's submit button
    at.run()
    assert not at.exception
    assert any("Kept" in s.value for s in at.success)
    assert any(h.value.startswith("My events (1)") for h in at.subheader)
    assert (home / "events.sqlite3").exists()


def test_corrections_re_resolve_and_unknown_names_are_reported():
    at = page("ingest")
    at.session_state["article_text"] = ARTICLE
    at.session_state["mention_table"] = {
        "edited_rows": {1: {"place": "Qqxyz Nowhere"}, 2: {"place": "Kapan"}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.run()
    assert not at.exception
    assert [w.value for w in at.warning] == ["'Qqxyz Nowhere' (for 'Syunik') is not a place the gazetteer knows"]
    place_choices = at.selectbox[0].options
    assert any(option.startswith("Kapan") for option in place_choices)
    assert not any(option.startswith("Goris") for option in place_choices)


def test_an_unchanged_article_is_geoparsed_once_across_reruns(monkeypatch):
    """Reading and geoparsing a 2 MB upload costs seconds; every click reruns the screen."""
    from geo.news.geoparse import Geoparser

    texts = []
    parse = Geoparser.mentions

    def counted(self, text, *args, **kwargs):
        texts.append(text)
        return parse(self, text, *args, **kwargs)

    monkeypatch.setattr(Geoparser, "mentions", counted)
    at = page("ingest")
    at.session_state["article_text"] = ARTICLE
    at.run()
    at.run()
    at.text_input[0].input("A title typed, then another rerun")
    at.run()
    assert not at.exception
    assert at.subheader[0].value == "6 place mentions, 2 dates"
    assert texts == [ARTICLE]


def test_in_team_mode_a_reader_who_has_not_signed_in_gets_a_link_not_the_screen(team_mode):
    at = page("ingest")
    at.session_state["article_text"] = ARTICLE
    at.run()
    assert not at.exception
    assert "[Sign in](/signin)" in at.info[0].value
    assert not at.text_area and not at.file_uploader and not at.button and not at.subheader


def test_in_team_mode_an_analyst_keeps_an_event_lists_it_as_theirs_and_publishes_it(team_mode):
    at = page("ingest")
    at.user = {"name": "alice"}
    at.session_state["article_text"] = ARTICLE
    at.run()
    at.text_input[0].input("Yerevan summit without Armenia's signature")
    at.button[0].click().run()
    assert not at.exception and not at.info
    assert any(h.value.startswith("My events (1)") for h in at.subheader)
    at.multiselect(key="picked_events").select(at.multiselect(key="picked_events").options[0]).run()
    next(b for b in at.button if b.label == "Publish to the team").click().run()
    assert not at.exception
    assert at.multiselect(key="picked_events").options[0].endswith("· published")
    assert at.multiselect(key="picked_events").value == []  # nothing stays picked for the next button
    assert next(b for b in at.button if b.label == "Publish to the team").disabled
    bob = page("ingest")
    bob.user = {"name": "bob"}
    bob.run()
    assert any(h.value == "My events (0)" for h in bob.subheader)  # Alice's event is not Bob's to delete


def test_single_user_mode_lists_every_event_and_offers_no_publishing(home):
    at = page("ingest")
    at.session_state["article_text"] = ARTICLE
    at.run()
    at.text_input[0].input("Yerevan summit without Armenia's signature")
    at.button[0].click().run()
    assert "Publish to the team" not in [b.label for b in at.button]
    assert "· published" not in at.multiselect(key="picked_events").options[0]


def test_a_possible_place_the_gazetteer_lacks_is_shown_as_not_found():
    at = page("ingest")
    at.session_state["article_text"] = "Shells hit Berd in Armenia and the village of Aygepar overnight."
    at.run()
    assert not at.exception
    assert [i.value for i in at.info] == [
        md_text(
            "1 possible place, not found in the gazetteer: 'Aygepar'. Type a known place name in the place column, "
            "or pick the name under the map and click where it is, to place one."
        )
    ]
    assert at.selectbox(key="name_to_place").options == ["Aygepar"]
    assert map_args(at)["returned_objects"] == ["last_clicked"]  # the map reports clicks only while one may place


def test_a_village_put_on_the_map_is_shown_with_its_source_and_found_in_the_next_article_without_a_cue(home):
    from geo.atlas import load_atlas
    from geo.store.authorship import SOLO, kept_now
    from geo.store.my_events_sqlite import SqliteMyEvents

    village = placed_on_map("Aygepar", (40.91219, 45.3714), load_atlas().countries)
    SqliteMyEvents.open(home).keep_alias("Aygepar", village, kept_now(None), SOLO)  # what the confirm button does
    at = page("ingest")
    at.session_state["article_text"] = "Shells hit Berd in Armenia and the village of Aygepar overnight."
    at.run()
    assert not at.exception and not at.info
    rows = at.dataframe[0].value
    assert list(zip(rows["surface"], rows["kind"], rows["place"], rows["country"], rows["source"]))[2] == (
        "Aygepar",
        "village",
        "Aygepar",
        "ARM",
        "placed by you on the map, approximate",
    )
    assert at.caption[-1].value.startswith("Placed by you on the map, approximate (the point clicked): Aygepar")
    assert at.selectbox(key="name_to_place").options == ["Aygepar"]  # to place again elsewhere
    assert "Aygepar (village, approximate)" in map_args(at)["script"]
    following = page("ingest")
    following.session_state["article_text"] = "Shelling near Berd in Armenia. Aygepar was hit again on 4 May 2026."
    following.run()
    rows = following.dataframe[0].value
    assert list(zip(rows["surface"], rows["source"])) == [
        ("Berd", "gazetteer"),
        ("Armenia", "gazetteer"),
        ("Aygepar", "placed by you on the map, approximate"),
    ]
    following.text_input[0].input("Aygepar shelled again")
    following.selectbox[1].select(village)  # the proposal's place
    following.button[0].click().run()
    assert not following.exception and any("Kept" in s.value for s in following.success)


def test_a_hostile_name_of_a_place_put_on_the_map_stays_text_in_the_map_and_the_page(home):
    from geo.store.authorship import SOLO, kept_now
    from geo.store.my_events_sqlite import SqliteMyEvents

    hostile = Place("reader:0", HOSTILE_TITLE, "village", 40.91219, 45.3714, "ARM", "0", approximate=True)
    SqliteMyEvents.open(home).keep_alias("Aygepar", hostile, kept_now(None), SOLO)
    at = page("ingest")
    at.session_state["article_text"] = "Shells hit Berd in Armenia and the village of Aygepar overnight."
    at.run()
    assert not at.exception
    script = map_args(at)["script"]
    assert "<img src=x" not in script and f"{html_text(HOSTILE_TITLE)} (village, approximate)" in script
    assert "<img" not in at.get("html")[0].proto.body
    assert at.caption[-1].value == (
        "Placed by you on the map, approximate (the point clicked): " + md_text(HOSTILE_TITLE) + "."
    )


def test_a_possible_place_placed_once_is_placed_in_the_next_article(home):
    at = page("ingest")
    at.session_state["article_text"] = "Shells hit Berd in Armenia and the village of Aygepar overnight."
    at.session_state["mention_table"] = {"edited_rows": {2: {"place": "Berd"}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and not at.info  # the correction is kept and the article read again with it
    assert [t.value for t in at.toast] == ["Kept 1 place name for your next articles"]
    following = page("ingest")
    following.session_state["article_text"] = "Residents of the village of AYGEPAR, near Berd in Armenia, left."
    following.run()
    assert not following.exception and not following.info
    rows = following.dataframe[0].value
    assert list(zip(rows["surface"], rows["kind"], rows["place"]))[0] == ("AYGEPAR", "city", "Berd")


def test_a_hostile_name_typed_for_a_possible_place_stays_text_and_is_not_kept(home):
    from geo.store.authorship import SOLO
    from geo.store.my_events_sqlite import SqliteMyEvents

    typed = "{{ 7*7 }} <b>x</b>'; DROP TABLE place_aliases; --"
    at = page("ingest")
    at.session_state["article_text"] = "Shells hit Berd in Armenia and the village of Aygepar overnight."
    at.session_state["mention_table"] = {"edited_rows": {2: {"place": typed}}, "added_rows": [], "deleted_rows": []}
    at.run()
    assert not at.exception and not at.toast
    assert [w.value for w in at.warning] == [f"'{typed}' (for 'Aygepar') is not a place the gazetteer knows"]
    assert SqliteMyEvents.open(home).aliases(SOLO) == []
