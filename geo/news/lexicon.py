"""The word lists the geoparser's rules read, from `data/geoparse/` (see its README), checked when a Geoparser is built.

Words are compared with a text's words in normal form (`normal_form`: lower case, ASCII, no punctuation), so every
list entry must be written in that form; a word a text can never produce would silently never match.
"""

from dataclasses import dataclass
from pathlib import Path

from geo import files
from geo.places.gazetteer import Gazetteer, Place, normal_form
from geo.places.geocode import Context, ranked_matches
from geo.problems import DataError, ProblemLog
from geo.records import Record, csv_records

WORD_LISTS = (
    "titles",
    "organisation_heads",
    "organisation_openers",
    "common_words",
    "reporting_verbs",
    "auxiliaries",
    "possessed_nouns",
    "border_words",
    "feature_words",
    "plural_designators",
    "border_compounds",
    "facility_words",
    "place_qualifiers",
    "place_nouns",
    "area_nouns",
)
PHRASE_LISTS = ("place_cues",)  # entries of one or more words


@dataclass(frozen=True, slots=True)
class Lexicon:
    """Every list, in normal form, with the seats of power already resolved to their cities."""

    demonyms: dict[str, str]  # 'armenian' -> 'ARM'
    seats: dict[str, Place]  # 'kremlin' -> Moscow: seats of power that stand for their governments
    titles: frozenset[str]  # 'president': the capitalised word after it is a person's name
    organisation_heads: frozenset[str]  # 'times', 'group': after a place, they make it a medium or organisation
    organisation_openers: frozenset[str]  # 'bank', 'university': before 'of' and a place ('Bank of Georgia')
    common_words: frozenset[str]  # capitalised English words never read as a town alone
    reporting_verbs: frozenset[str]  # 'said': a city before one speaks for its government
    auxiliaries: frozenset[str]  # 'has', 'publicly': may stand between that city and the verb
    possessed_nouns: frozenset[str]  # 'response': "Moscow's response" is the government's
    border_words: frozenset[str]  # 'border', 'frontier'
    feature_words: frozenset[str]  # 'lake', 'river': next to a name, it is a natural feature's
    plural_designators: frozenset[str]  # 'regions': 'the Sughd and Batken regions' are areas
    border_compounds: frozenset[str]  # 'guards', 'town': 'the Kyrgyz border guards', 'the Armenian border town'
    facility_words: frozenset[str]  # 'airport': 'Baku Airport' is at Baku, not a person or a body named after it
    place_qualifiers: frozenset[str]  # 'official': 'Official Moscow says' is Moscow speaking
    place_nouns: frozenset[str]  # 'villages', 'river': 'Chinari and Aygepar, two villages', 'the Aras river' are places
    area_nouns: frozenset[str]  # 'valley': after a name, part of an area's name ('the Fergana valley')
    place_cues: frozenset[str]  # 'village of', 'near': the capitalised words after them name a place

    @property
    def seat_words(self) -> int:
        """The most words in a seat of power's name ('elysee palace': 2)."""
        return max((phrase.count(" ") + 1 for phrase in self.seats), default=0)


def lexicon_dir() -> Path:
    """The word lists live with the data, so a reviewer's copy of data/ (ALLIANCE_ATLAS_DATA) brings its own."""
    return files.data_dir() / "geoparse"


def load_lexicon(gazetteer: Gazetteer, folder: Path | None = None) -> Lexicon:
    """Raises one DataError listing every problem in every file (file, line, field), so a curator fixes all at once."""
    folder = folder or lexicon_dir()
    names = ("demonyms", "seats_of_power", *WORD_LISTS, *PHRASE_LISTS)
    logs = {name: ProblemLog(str(folder / f"{name}.csv")) for name in names}
    lexicon = Lexicon(
        _demonyms(logs["demonyms"], gazetteer),
        _seats(logs["seats_of_power"], gazetteer),
        **{name: _word_list(logs[name]) for name in WORD_LISTS},
        **{name: _word_list(logs[name], "phrase", one_word=False) for name in PHRASE_LISTS},
    )
    problems = [problem for log in logs.values() for problem in log.problems]
    if problems:
        raise DataError(problems)
    return lexicon


def _records(log: ProblemLog, columns: tuple[str, ...]) -> list[Record]:
    """The rows of the log's file; a missing file or column is logged like any other problem, so all files get
    checked."""
    path = Path(log.path)
    if not path.is_file():
        log.add(1, "(file)", "is missing")
        return []
    try:
        return list(csv_records(path, columns))
    except DataError as error:
        log.problems.extend(error.problems)
        return []


def _word_list(log: ProblemLog, column: str = "word", one_word: bool = True) -> frozenset[str]:
    seen: dict[str, int] = {}
    for record in _records(log, (column,)):
        _phrase(record, column, log, seen, one_word=one_word)
    return frozenset(seen)


def _demonyms(log: ProblemLog, gazetteer: Gazetteer) -> dict[str, str]:
    found: dict[str, str] = {}
    seen: dict[str, int] = {}
    for record in _records(log, ("demonym", "country")):
        word = _phrase(record, "demonym", log, seen, one_word=True)
        country = _country(record, log, gazetteer)
        if word and country:
            found[word] = country
    return found


def _seats(log: ProblemLog, gazetteer: Gazetteer) -> dict[str, Place]:
    found: dict[str, Place] = {}
    seen: dict[str, int] = {}
    for record in _records(log, ("phrase", "city", "country")):
        phrase = _phrase(record, "phrase", log, seen, one_word=False)
        country = _country(record, log, gazetteer)
        city = record.values["city"]
        if not city:
            log.add(record.line, "city", "is empty")
        elif country:
            place = _city_in(gazetteer, city, country)
            if place is None:
                log.add(record.line, "city", f"{city!r} is not a city the gazetteer knows in {country}")
            elif phrase:
                found[phrase] = place
    return found


def _phrase(record: Record, field: str, log: ProblemLog, seen: dict[str, int], one_word: bool) -> str | None:
    """The entry if it is non-empty, in normal form, (one word if asked) and not a repeat of an earlier line."""
    value = record.values[field]
    if not value:
        log.add(record.line, field, "is empty")
    elif normal_form(value) != value:
        log.add(
            record.line,
            field,
            f"{value!r} is not in normal form (lower case, ASCII letters and digits): write {normal_form(value)!r}",
        )
    elif one_word and " " in value:
        log.add(record.line, field, f"{value!r} must be one word")
    elif value in seen:
        log.add(record.line, field, f"{value!r} repeats line {seen[value]}")
    else:
        seen[value] = record.line
        return value
    return None


def _country(record: Record, log: ProblemLog, gazetteer: Gazetteer) -> str | None:
    value = record.values["country"]
    if not value:
        log.add(record.line, "country", "is empty")
    elif gazetteer.place_by_id(f"country:{value}") is None:
        log.add(record.line, "country", f"{value!r} is not the ISO3 code of a country the gazetteer knows")
    else:
        return value
    return None


def _city_in(gazetteer: Gazetteer, name: str, country: str) -> Place | None:
    found = ranked_matches(gazetteer, name, country, Context(), 1)
    place = found[0].place if found else None
    return place if place and place.kind == "city" and place.country_iso3 == country else None
