"""What the words around a name say about it: that it is part of an organisation's or a person's name, or a natural
feature's, so no town of that name is meant; that it opens a report (a dateline); or that a city speaks for its
government ('Moscow said', 'Baku and Yerevan agreed', "Moscow's response"): a metonym.

The gazetteer holds 200,000 towns, many named like people ('Vladimir Putin'), like English words, or like part of an
organisation's name ('Bank of Georgia', 'The Moscow Times'); these cues, and the word lists they read (titles,
organisation heads, reporting verbs... in the lexicon), keep such readings out.
"""

import re

from geo.news.candidates import MONTH_WORDS, NAME_DESIGNATORS, Candidate
from geo.news.lexicon import Lexicon
from geo.news.words import POSSESSIVE, SENTENCE_GAP, Words

# After a dateline's place: a date (06.01.2022, 5 January, January 5, 2022-01-06), maybe an agency, then a dash.
_DATED = re.compile(
    r",? ?(?:\d{1,2}[./]\d{1,2}[./]\d{2,4}|\d{4}-\d{2}-\d{2}|\d{1,2} [A-Z][a-z]+|[A-Z][a-z]+ \d{1,2})"
    r"(?:,? \d{4})? ?(?:\([^()\n]{1,30}\) ?)?[—–-]"
)


def ruled_out(words: Words, first: int, last: int, kind: str, lexicon: Lexicon, common_words: frozenset[str]) -> bool:
    """The words around words first..last make them no place of this kind: organisations rule out every kind; titles,
    features and neighbouring capitalised words rule out towns and provinces; a gerund opening a sentence, towns."""
    if dateline(words, first, last):  # 'Astana 06.01.2022 —' is no 'France 24'
        return False
    if _organisation_follows(words, last, lexicon.organisation_heads) or _organisation_of_precedes(
        words, first, lexicon.organisation_openers
    ):
        return True
    if kind not in ("city", "province", "district"):
        return False
    if _title_precedes(words, first, lexicon.titles) or _natural_feature(words, first, last, lexicon.feature_words):
        return True
    if not words.heading[first] and (
        person_named(words, first, last, lexicon)
        or _name_precedes(words, first, common_words, lexicon.place_qualifiers)
    ):
        return True
    return kind == "city" and words.opens[first] and _gerund(words, first, last)


def byline(words: Words, i: int) -> bool:
    """Word i is on a line opening with 'By ' ('By Madina Karimova and Leila Rustamova'): its names are people's."""
    text = words.text
    return text.startswith("By ", text.rfind("\n", 0, words.starts[i]) + 1)


def person_named(words: Words, first: int, last: int, lexicon: Lexicon) -> bool:
    """A capitalised word right after the name makes it part of a person's or body's name ('Vladimir Putin',
    'Yerevan State University'), unless a designator, a month or a facility ('Baku Airport', 'the Yerevan Office')."""
    if last + 1 >= words.count or not words.joined(last, last + 1, hyphens=False):
        return False
    following = words.normals[last + 1]
    return (
        words.capital[last + 1]
        and following not in NAME_DESIGNATORS
        and following not in MONTH_WORDS
        and following not in lexicon.facility_words
    )


def dateline(words: Words, first: int, last: int) -> bool:
    """A place opening a report's line: in capitals before a comma, a bracket or a dash ('YEREVAN, 22 February —',
    'BISHKEK (Reuters) —'), or written any way before a date and a dash ('Astana 06.01.2022 —', 'Brussels, 6 January
    -')."""
    if not words.opens[first]:  # the cheap test first: it is asked of every name
        return False
    text, start, end = words.text, words.starts[first], words.ends[last]
    if text[text.rfind("\n", 0, start) + 1 : start].strip():
        return False
    if text[start:end].isupper() and text[end : end + 2] in (", ", " (", " —", " -", " –"):
        return True
    return _DATED.match(text, end) is not None


def metonym_indexes(words: Words, kept: list[Candidate], lexicon: Lexicon) -> set[int]:
    """Indexes into kept of the cities that speak: 'Moscow said', 'Baku and Yerevan agreed', "Moscow's response";
    not a city the words before place the speakers in ('officials in Moscow said')."""
    found: set[int] = set()
    run: list[int] = []
    for n, candidate in enumerate(kept):
        if candidate.place is None or candidate.place.kind != "city" or candidate.source == "demonym":
            run = []
            continue
        if run and _coordinated(words, kept[run[-1]].last, candidate.first):
            run.append(n)
        else:
            run = [n]
        if _speaks(words, candidate.last, lexicon) and not _located(words, kept[run[0]].first):
            found.update(run)
    return found


# Before a city, these make it where the speakers are, not who speaks: 'officials in Batken and Osh said', 'the
# mayor of Gyumri said', 'people from Osh said'.
LOCATIVES = frozenset({"in", "at", "near", "from", "of", "outside", "inside"})


def _located(words: Words, first: int) -> bool:
    before = first - 1
    return before >= 0 and words.normals[before] in LOCATIVES and words.joined(before, first)


def _coordinated(words: Words, left: int, right: int) -> bool:
    return words.normals[left + 1 : right] in (("and",), ()) and not SENTENCE_GAP.search(words.gap(left, right))


def _speaks(words: Words, last: int, lexicon: Lexicon) -> bool:
    after = words.gap(last, last + 1) if last + 1 < words.count else ""
    if POSSESSIVE.match(after.strip()):
        return last + 1 < words.count and words.normals[last + 1] in lexicon.possessed_nouns
    if SENTENCE_GAP.search(after):
        return False
    j = last + 1
    while j < words.count and words.normals[j] in lexicon.auxiliaries:
        j += 1
    return j < words.count and words.normals[j] in lexicon.reporting_verbs


def _organisation_follows(words: Words, last: int, heads: frozenset[str]) -> bool:
    """'The Moscow Times', 'OSCE Minsk Group', 'France 24'."""
    if last + 1 >= words.count or not words.joined(last, last + 1, hyphens=False):
        return False
    following = words.spellings[last + 1]
    if following.isdigit() and len(following) <= 3:
        return True
    return words.capital[last + 1] and words.normals[last + 1] in heads


def _organisation_of_precedes(words: Words, first: int, openers: frozenset[str]) -> bool:
    """'Bank of Georgia', 'University of Central Asia', 'Voice of America'."""
    return (
        first >= 2
        and words.normals[first - 1] == "of"
        and words.capital[first - 2]
        and words.normals[first - 2] in openers
    )


def _title_precedes(words: Words, first: int, titles: frozenset[str]) -> bool:
    return first >= 1 and words.normals[first - 1] in titles and words.capital[first - 1]


def _name_precedes(words: Words, first: int, common_words: frozenset[str], qualifiers: frozenset[str]) -> bool:
    """A capitalised word right before, unless a sentence's first function word ('In Kapan') or a qualifier
    ('Official Moscow'): 'State University'."""
    if first == 0 or not words.joined(first - 1, first, hyphens=False):
        return False
    before = first - 1
    normal = words.normals[before]
    return words.capital[before] and not (words.opens[before] and normal in common_words) and normal not in qualifiers


def _natural_feature(words: Words, first: int, last: int, features: frozenset[str]) -> bool:
    """'Lake Issyk-Kul', 'the Aras river': the name is a water body's or a mountain's, which the gazetteer lacks."""
    before = (
        first > 0
        and words.capital[first - 1]
        and words.normals[first - 1] in features
        and words.joined(first - 1, first, hyphens=False)
    )
    after = (
        last + 1 < words.count and words.normals[last + 1] in features and words.joined(last, last + 1, hyphens=False)
    )
    return before or after


def _gerund(words: Words, first: int, last: int) -> bool:
    """'Reading the statement, ...': a sentence opening with an -ing word and going on in lower case."""
    after = last + 1
    return first == last and words.spellings[first].endswith("ing") and after < words.count and not words.capital[after]
