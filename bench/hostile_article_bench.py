"""Prints how long a 2 MB worst-case article takes end to end: read, dates, geoparse and highlight.

Run: .venv/bin/python bench/hostile_article_bench.py [--size BYTES]
Each article is built to hit one known worst case (finding 6 of issue 10), plus one that mixes all three:
- dates: a date mention every few characters, so every date is checked against every date found before;
- nesting: HTML of as many nested dropped elements (<svg>) as an article may have (geo.news.article.MAX_HTML_TAGS),
  so every end tag scanned the stack of open ones, padded with text to the size; a page of more tags is refused;
- whitespace: place-like names with long runs of spaces before a qualifier ("Gyumri      (Armenia"),
  so the geocoder's qualified-name pattern backtracks.
Times are CPU seconds of this process (time.process_time), so that other work on a shared machine does not
count; the wall time is printed too. The floor is 5 s per article; no test asserts it.
"""

import argparse
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.news.article import MAX_HTML_TAGS, article_from_bytes  # noqa: E402
from geo.news.geoparse import Geoparser  # noqa: E402
from geo.news.textdates import find_dates  # noqa: E402
from geo.places.geocode import candidates, shared_gazetteer  # noqa: E402
from geo.render.highlight import highlighted_html  # noqa: E402

FLOOR_SECONDS = 5.0


def repeated(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def dates_article(size: int) -> tuple[str, bytes]:
    return "dates.txt", repeated("On 5 May 2023, in 1999 and on Tuesday. ", size).encode()


def nesting_article(size: int) -> tuple[str, bytes]:
    depth = MAX_HTML_TAGS // 2 - 10
    nested = "<svg>" * depth + "</svg>" * depth
    text = repeated("Gyumri and Kant. ", size - len(nested) - 60)
    return "nesting.html", f"<html><body><p>{text}</p>{nested}</body></html>".encode()


def whitespace_article(size: int) -> tuple[str, bytes]:
    return "whitespace.txt", ("Gyumri" + " " * (size - 20) + "(Armenia").encode()


def mixed_article(size: int) -> tuple[str, bytes]:
    depth = MAX_HTML_TAGS // 2 - 10
    nested = "<svg>" * depth + "</svg>" * depth
    third = (size - len(nested)) // 2
    parts = [repeated("On 5 May 2023 in Gyumri. ", third), "<p>Gyumri" + " " * (third - 30) + "(Armenia</p>", nested]
    return "mixed.html", "".join(parts).encode()


def end_to_end(parser: Geoparser, name: str, data: bytes) -> dict[str, float]:
    """CPU seconds per stage, as the Ingest screen runs them."""
    timings, started = {}, time.process_time()
    article = article_from_bytes(name, data)
    timings["read"] = time.process_time() - started
    started = time.process_time()
    dates = find_dates(article.text)
    timings["dates"] = time.process_time() - started
    started = time.process_time()
    mentions = parser.mentions(article.text)
    timings["geoparse"] = time.process_time() - started
    started = time.process_time()
    highlighted_html(article.text, mentions, dates)
    timings["highlight"] = time.process_time() - started
    return timings


def qualified_cell_seconds(size: int) -> float:
    """The geocoder alone on one long cell of spaces before a qualifier (the bulk import's geocoding path)."""
    started = time.process_time()
    candidates("Gyumri" + " " * size + "(Armenia", gazetteer=shared_gazetteer())
    return time.process_time() - started


def main() -> None:
    options = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    options.add_argument("--size", type=int, default=2_000_000, help="bytes per article (default 2,000,000)")
    size = options.parse_args().size
    parser = Geoparser(shared_gazetteer())
    makers: list[Callable[[int], tuple[str, bytes]]] = [
        dates_article,
        nesting_article,
        whitespace_article,
        mixed_article,
    ]
    print(
        f"| article ({size:,} bytes) | read | dates | geoparse | highlight | CPU total | wall | "
        f"under {FLOOR_SECONDS:g} s |"
    )
    print("|---|---|---|---|---|---|---|---|")
    for make in makers:
        name, data = make(size)
        wall = time.perf_counter()
        timings = end_to_end(parser, name, data)
        wall = time.perf_counter() - wall
        total = sum(timings.values())
        cells = " | ".join(f"{seconds:.2f} s" for seconds in timings.values())
        print(f"| {name} | {cells} | {total:.2f} s | {wall:.2f} s | {'yes' if total < FLOOR_SECONDS else 'NO'} |")
    print(f"\ngeocoder (CPU), one 40 KB cell of spaces before a qualifier: {qualified_cell_seconds(40_000):.2f} s")


if __name__ == "__main__":
    main()
