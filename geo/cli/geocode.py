"""`python -m geo geocode NAME`: where a place name resolves, offline, with the confidence of the match.

Exit status 0 found, 1 no place matches, 2 a country that is not known.
"""

import argparse
import json
import sys
from dataclasses import asdict

from geo.places.gazetteer import Match
from geo.places.geocode import candidates

NAME = "geocode"
HELP = "resolve a place name (any spelling) to a place"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("name")
    parser.add_argument("--country", help="ISO3 (or ISO2, or an English name) of the country to prefer")
    parser.add_argument("--context", nargs="*", default=[], help="other place names or ISO3 codes in the text")
    parser.add_argument("--json", action="store_true", help="print JSON (an object, or a list with --candidates)")
    parser.add_argument("--candidates", type=int, metavar="N", help="print the N best candidates")


def run(args: argparse.Namespace) -> int:
    try:
        found = candidates(args.name, args.country, args.context, args.candidates or 1)
    except ValueError as error:
        print(error, file=sys.stderr)
        return 2
    if not found:
        print(f"no place matches '{args.name}'", file=sys.stderr)
        return 1
    if args.json:
        records = [match_record(m) for m in found]
        print(json.dumps(records if args.candidates else records[0], ensure_ascii=False))
    else:
        print("\n".join(match_line(m) for m in found))
    return 0


def match_record(match: Match) -> dict:
    """The JSON shape: the place's fields, then how sure the match is and which spelling matched."""
    return {**asdict(match.place), "confidence": match.confidence, "matched": match.matched}


def match_line(match: Match) -> str:
    p = match.place
    return (
        f"{p.name} [{p.kind}, {p.country_iso3 or '-'}] {p.lat:.5f}, {p.lon:.5f} {p.id} "
        f"confidence {match.confidence:.2f} (matched {match.matched!r})"
    )
