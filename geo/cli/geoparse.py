"""`python -m geo geoparse FILE…`: the place mentions (and, with --dates, the dates) found in news articles.

One line per mention, or one JSON object per mention with --jsonl. Exit status 1 when a file cannot be read (the
others are still parsed).
"""

import argparse
import json
import sys
from datetime import date
from pathlib import Path

from geo.news.article import ArticleError, read_article
from geo.news.geoparse import Mention, default_geoparser
from geo.news.textdates import find_dates

NAME = "geoparse"
HELP = "find and resolve the places (and dates) a news article mentions"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help=".txt, .md or .html")
    parser.add_argument("--jsonl", action="store_true", help="one JSON object per mention")
    parser.add_argument("--demonyms", action="store_true", help="also report demonyms ('Armenian')")
    parser.add_argument("--dates", action="store_true", help="also report dates (kind 'date')")
    parser.add_argument("--published", type=date.fromisoformat, help="publication date, YYYY-MM-DD, for partial dates")


def run(args: argparse.Namespace) -> int:
    geoparser, status = default_geoparser(), 0
    for path in args.files:
        try:
            article = read_article(path)
        except (ArticleError, OSError) as error:
            print(error, file=sys.stderr)
            status = 1
            continue
        for mention in geoparser.mentions(article.text, args.demonyms):
            print(
                json.dumps(mention_record(mention, str(path)), ensure_ascii=False)
                if args.jsonl
                else f"{path}:{mention_line(mention)}"
            )
        if args.dates:
            for found in find_dates(article.text, args.published or article.published):
                record = {
                    "file": str(path),
                    "start": found.start,
                    "end": found.end,
                    "surface": found.surface,
                    "kind": "date",
                    "date": found.date and found.date.iso,
                    "precision": found.precision.value,
                }
                print(json.dumps(record, ensure_ascii=False) if args.jsonl else f"{path}:{record}")
    return status


def mention_record(mention: Mention, file: str | None = None) -> dict:
    """The JSON shape of the command line; lat/lon/name are None for a border the gazetteer does not draw."""
    place = mention.place
    return {
        "file": file,
        "start": mention.start,
        "end": mention.end,
        "surface": mention.surface,
        "name": place and place.name,
        "kind": mention.kind,
        "lat": place and place.lat,
        "lon": place and place.lon,
        "country_iso3": place and place.country_iso3,
        "confidence": mention.confidence,
        "place_id": place and place.id,
        "place_kind": place and place.kind,
        "matched": mention.matched,
    }


def mention_line(mention: Mention) -> str:
    place = mention.place
    where = f"{place.name} [{place.kind}, {place.country_iso3 or '-'}] {place.id}" if place else "(not drawn)"
    return f"{mention.start}-{mention.end} {mention.surface!r} {mention.kind}: {where} {mention.confidence:.2f}"
