from pathlib import Path

import pytest

from geo.alliance.events import load_categories, load_events
from geo.places.gazetteer import Place
from geo.problems import DataError
from tests.conftest import HOSTILE, ROOT

YEREVAN = Place("gn:616052", "Yerevan", "city", 40.18, 44.51, "ARM", "616052", 1_000_000)
KNOWN = {"Yerevan": YEREVAN}
CATEGORIES = load_categories(ROOT / "data" / "categories.csv")


def resolve(name, countries):
    return KNOWN.get(name)


GOOD = """\
- id: T1
  start: 2022-11-23
  end: null
  precision: day
  title: "{title}"
  summary: >-
    A summary.
  category: summit
  places: [Yerevan]
  countries: [ARM, RUS]
  confidence: high
  sources:
    - outlet: TASS
      title: A report
      date: 2022-11-23
      url: https://tass.com/politics/1
"""


def _load(tmp_path: Path, text: str):
    path = tmp_path / "events.yaml"
    path.write_text(text)
    return load_events(path, CATEGORIES, resolve)


def test_a_good_event_loads_with_its_place_and_label(tmp_path):
    [event] = _load(tmp_path, GOOD.format(title="Summit"))
    assert (event.main_place, event.date_label, event.precision_label) == (YEREVAN, "23 Nov 2022", "day")


@pytest.mark.parametrize("title", HOSTILE)
def test_hostile_text_is_kept_verbatim_as_data(tmp_path, title):
    text = GOOD.replace('"{title}"', "'" + title.replace("'", "''") + "'")
    [event] = _load(tmp_path, text)
    assert event.title == title


@pytest.mark.parametrize(
    "old, new, expected",
    [
        ("start: 2022-11-23", "start: 2022-13-23", "events.yaml:2: start: '2022-13-23' is not a real date"),
        (
            "places: [Yerevan]",
            "places: [Atlantis]",
            "events.yaml:9: places: 'Atlantis' is not a place the gazetteer knows",
        ),
        ("category: summit", "category: party", "events.yaml:8: category: 'party' is not one of"),
        ("countries: [ARM, RUS]", "countries: [Armenia]", "events.yaml:10: countries: ['Armenia'] are not ISO"),
        (
            "url: https://tass.com/politics/1",
            "url: javascript:alert(1)",
            "events.yaml:12: sources: 'javascript:alert(1)' is not an http(s) address",
        ),
        ("end: null", "end: 2021-01-01", "events.yaml:3: end: 2021-01-01 is before start"),
        (
            "precision: day",
            "precision: month",
            "events.yaml:2: start: '2022-11-23' is written to the day but its precision says 'month'",
        ),
        ("confidence: high", "confidence: total", "events.yaml:11: confidence: 'total' is not one of"),
        ("  confidence: high\n", "  confidence: high\n  colour: red\n", "events.yaml:12: colour: is not a known field"),
        ("  confidence: high\n", "", "events.yaml:1: confidence: is missing"),
    ],
)
def test_bad_fields_name_file_line_and_field(tmp_path, old, new, expected):
    with pytest.raises(DataError) as error:
        _load(tmp_path, GOOD.format(title="Summit").replace(old, new))
    assert expected in str(error.value)


def test_every_problem_of_the_file_is_reported_and_none_dropped(tmp_path):
    bad_place = GOOD.format(title="B").replace("Yerevan", "Atlantis").replace("T1", "T2")
    bad_date = GOOD.format(title="C").replace("2022-11-23\n  end", "2022-02-30\n  end").replace("T1", "T3")
    text = GOOD.format(title="A") + bad_place + bad_date + GOOD.format(title="A again")
    with pytest.raises(DataError) as error:
        _load(tmp_path, text)
    assert len(error.value.problems) == 3  # two bad records, and T1 repeated
    assert "id: 'T1' appears twice" in str(error.value)


def test_broken_yaml_names_the_line(tmp_path):
    with pytest.raises(DataError, match=r"events.yaml:\d+: \(file\): is not valid YAML"):
        _load(tmp_path, "- id: [unclosed\n")


def test_bad_category_colour_is_reported(tmp_path):
    path = tmp_path / "categories.csv"
    path.write_text("id,label,colour,description\nsummit,Summit,red,x\n")
    with pytest.raises(DataError, match="categories.csv:2: colour: 'red' is not a #rrggbb colour"):
        load_categories(path)
