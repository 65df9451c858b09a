"""geo/render/highlight.py: the article with its places and dates marked, built from escaped text only."""

from geo.dates import Precision, parse_fuzzy
from geo.news.geoparse import Mention
from geo.news.textdates import DateMention
from geo.places.gazetteer import Place
from geo.render.highlight import DATE_STYLE, PLACE_STYLE, highlighted_html

GYUMRI = Place("gn:616635", "Gyumri", "city", 40.79, 43.85, "ARM", "616635")
TEXT = "On 23 Nov 2022 leaders met in Leninakan.\nThen <b>Baku</b> replied."


def test_places_and_dates_are_marked_with_a_title_saying_what_they_are():
    place = Mention(30, 39, "Leninakan", "city", GYUMRI, 0.95, "Leninakan")
    day = DateMention(3, 14, "23 Nov 2022", Precision.DAY, parse_fuzzy("2022-11-23"))
    page = highlighted_html(TEXT, [place], [day])
    assert f'<mark style="{PLACE_STYLE}" title="Gyumri (city, ARM) 0.95">Leninakan</mark>' in page
    assert f'<mark style="{DATE_STYLE}" title="23 Nov 2022">23 Nov 2022</mark>' in page


def test_a_place_with_an_approximate_point_says_so():
    """A district (its point is a town in it) or a village a reader placed with a click."""
    village = Place("reader:ab12", "Leninakan", "village", 40.8, 43.8, "ARM", "ab12", approximate=True)
    page = highlighted_html(TEXT, [Mention(30, 39, "Leninakan", "village", village, 0.9, "reader's alias")])
    assert 'title="Leninakan (village, ARM, approximate point) 0.90"' in page


def test_text_is_escaped_and_newlines_become_breaks():
    page = highlighted_html(TEXT, [])
    assert "&lt;b&gt;Baku&lt;/b&gt;" in page and "<b>" not in page and "Leninakan.<br>Then" in page


def test_overlapping_marks_keep_the_first_and_lose_no_text():
    outer = Mention(30, 39, "Leninakan", "city", GYUMRI, 0.9, "Leninakan")
    inner = Mention(33, 39, "inakan", "city", GYUMRI, 0.5, "x")
    page = highlighted_html(TEXT, [outer, inner])
    assert page.count("<mark") == 1 and "Leninakan</mark>" in page


def test_a_border_without_a_line_says_it_is_not_drawn_and_a_partial_date_says_so():
    border = Mention(0, 2, "On", "border", None, 0.6, "rule")
    partial = DateMention(3, 9, "23 Nov", Precision.DAY, None)
    page = highlighted_html(TEXT, [border], [partial])
    assert 'title="border: not drawn"' in page and 'title="date (year unknown)"' in page


def test_hostile_titles_stay_inside_their_attribute():
    place = Mention(
        30, 39, "Leninakan", "city", Place("x", '"><script>alert(1)</script>', "city", 0, 0, None, "x"), 0.9, "x"
    )
    page = highlighted_html(TEXT, [place])
    assert "<script>" not in page and "&quot;&gt;&lt;script&gt;" in page
