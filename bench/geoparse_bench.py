"""Prints the geoparser's mention precision, recall and F1, its resolution accuracy, geotext's on the same corpus,
and articles per second on 5 KB articles: with names seen before, with every name new, and with nothing remembered.

Run: .venv/bin/python bench/geoparse_bench.py [--corpus bench/corpus-unseen] [--errors] [--no-speed]
Gold: <corpus>/gold.jsonl, one row per mention (file, start, end, surface, kind, place_id or null, lat/lon
for cities, equivalent_ids; in corpus-unseen also classes and, for places still missing, planned_id and a note).
A mention is found when its span is exact; it is resolved when a city lies within 25 km of the gold point, or any
other place is the gold one (or an equivalent). A gold mention's target is its place_id, or its planned_id once the
gazetteer has that id; mentions without a target count for finding, not for resolving. Per-class figures, traps
(<corpus>/traps.jsonl: spans that must yield no mention) and document-level F1 are printed for every corpus.
"""

import argparse
import json
import re
import sys
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from geo.news.geoparse import Geoparser  # noqa: E402
from geo.places.geocode import candidates, distance_km, shared_gazetteer  # noqa: E402

CORPUS = ROOT / "bench" / "corpus"
CITY_KM = 25.0
SPEED_ARTICLE_BYTES = 5_000
SPEED_ARTICLES = 400
ROUNDS = 3
HELD_OUT = "heldout-"
REGION_KINDS = ("region", "border", "corridor")  # the "regions, disputed regions and borders"
CLASSES = {
    1: "small places",
    2: "districts",
    3: "neighbours' regions",
    4: "abbreviations and long forms",
    5: "spelling variants",
    6: "one-party borders",
    7: "place beside a capitalised word",
    8: "datelines",
    9: "false friends (traps avoided)",
}


@dataclass(frozen=True, slots=True)
class Found:
    """One predicted mention, from either tool, in the corpus's terms."""

    file: str
    start: int
    end: int
    surface: str
    kind: str
    place_id: str | None
    lat: float | None
    lon: float | None


def read_gold(corpus: Path, name: str = "gold.jsonl") -> list[dict]:
    """Rows of a span file (gold.jsonl or traps.jsonl; an absent traps file is empty), each checked against its text."""
    path = corpus / name
    if not path.exists() and name != "gold.jsonl":
        return []
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    texts = corpus_texts(corpus)
    for row in rows:
        if texts[row["file"]][row["start"] : row["end"]] != row["surface"]:
            raise SystemExit(f"{name}: {row['file']} {row['start']}-{row['end']} is not {row['surface']!r}")
    return rows


def with_targets(gold: list[dict], known: Callable[[str], bool]) -> list[dict]:
    """Each row's place_id, or its planned_id once the gazetteer knows it, so figures move as data is wired in."""
    return [
        row
        if row["place_id"] or not row.get("planned_id") or not known(row["planned_id"])
        else {**row, "place_id": row["planned_id"]}
        for row in gold
    ]


def corpus_texts(corpus: Path) -> dict[str, str]:
    return {path.name: path.read_bytes().decode("utf-8") for path in sorted(corpus.glob("*.txt"))}


def ours(parser: Geoparser) -> Callable[[str, str], list[Found]]:
    def parse(name: str, text: str) -> list[Found]:
        return [
            Found(
                name,
                m.start,
                m.end,
                m.surface,
                m.kind,
                m.place and m.place.id,
                m.place and m.place.lat,
                m.place and m.place.lon,
            )
            for m in parser.mentions(text)
        ]

    return parse


def parse_only(parser: Geoparser) -> Callable[[str, str], object]:
    """The geoparser alone, as timed: converting its mentions to the bench's records is the bench's work."""
    return lambda name, text: parser.mentions(text)


def geotext_tool() -> Callable[[str, str], list[Found]]:
    """geotext names cities and countries without offsets; each name is placed at its next occurrence in the text,
    and resolved as generously as its output allows: a city to the largest place of that name in the country
    geotext assigns it, a country to that country."""
    from geotext import GeoText

    gazetteer = shared_gazetteer()

    def parse(name: str, text: str) -> list[Found]:
        found = GeoText(text)
        cities = set(found.cities)
        found_list: list[Found] = []
        cursor: dict[str, int] = {}
        for surface in found.cities + found.countries:  # each name's occurrences are matched in order
            start = text.find(surface, cursor.get(surface, 0))
            while start >= 0 and not _whole_word(text, start, start + len(surface)):
                start = text.find(surface, start + 1)
            if start < 0:
                continue
            cursor[surface] = start + len(surface)
            if surface in cities:
                country = GeoText.index.cities.get(surface.lower())
                match = candidates(surface, _safe_country(country), limit=1, gazetteer=gazetteer)
            else:
                match = candidates(surface, limit=1, gazetteer=gazetteer)
            place = match[0].place if match else None
            kind = "city" if surface in cities else "country"
            found_list.append(
                Found(
                    name,
                    start,
                    start + len(surface),
                    surface,
                    kind,
                    place and place.id,
                    place and place.lat,
                    place and place.lon,
                )
            )
        return found_list

    return parse


def _whole_word(text: str, start: int, end: int) -> bool:
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _safe_country(code: object) -> str | None:
    return code if isinstance(code, str) and re.fullmatch(r"[A-Z]{2}", code) else None


@dataclass(frozen=True, slots=True)
class Scores:
    precision: float
    recall: float
    f1: float
    resolved: int
    resolvable: int
    kind_right: int
    matched: int
    false_positives: list[Found]
    false_negatives: list[dict]
    wrong_places: list[tuple[dict, Found]]

    @property
    def accuracy(self) -> float:
        return self.resolved / self.resolvable if self.resolvable else 0.0


def score(gold: list[dict], predicted: list[Found]) -> Scores:
    gold_by_span = {(g["file"], g["start"], g["end"]): g for g in gold}
    predicted_by_span = {(p.file, p.start, p.end): p for p in predicted}
    matched = [(gold_by_span[span], p) for span, p in predicted_by_span.items() if span in gold_by_span]
    precision = len(matched) / len(predicted_by_span) if predicted_by_span else 0.0
    recall = len(matched) / len(gold_by_span)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    resolvable = [(g, p) for g, p in matched if g["place_id"]]
    wrong = [(g, p) for g, p in resolvable if not resolved(g, p)]
    return Scores(
        precision,
        recall,
        f1,
        len(resolvable) - len(wrong),
        sum(1 for g in gold if g["place_id"]),
        sum(1 for g, p in matched if g["kind"] == p.kind),
        len(matched),
        [p for span, p in predicted_by_span.items() if span not in gold_by_span],
        [g for span, g in gold_by_span.items() if span not in predicted_by_span],
        wrong,
    )


def resolved(gold: dict, found: Found) -> bool:
    """The gold place itself, or a city within CITY_KM of the gold point. A planned area's gold point is hand-placed
    (a label point, a seat), so the same id counts even when the gazetteer's point for it lies farther away."""
    if found.place_id in [gold["place_id"], *gold.get("equivalent_ids", [])]:
        return True
    return (
        "lat" in gold
        and found.lat is not None
        and distance_km((gold["lat"], gold["lon"]), (found.lat, found.lon)) <= CITY_KM
    )


def end_to_end_recall(gold: list[dict], predicted: list[Found]) -> float:
    """Found, and resolved wherever the gazetteer has the place: what a reader of the map gets."""
    by_span = {(p.file, p.start, p.end): p for p in predicted}
    good = sum(
        1
        for g in gold
        if (found := by_span.get((g["file"], g["start"], g["end"]))) and (not g["place_id"] or resolved(g, found))
    )
    return good / len(gold) if gold else 0.0


def document_f1(gold: list[dict], predicted: list[Found]) -> float:
    """Distinct places per text, micro-averaged: a predicted place counts once per text wherever it was found.
    Gold places are their target ids, or their points (within CITY_KM) when they have lat/lon but no target."""
    right_gold = right_predicted = gold_places = predicted_places = 0
    for name in {g["file"] for g in gold}:
        places = {p.place_id: p for p in predicted if p.file == name and p.place_id}
        targets = {_place_key(g): g for g in gold if g["file"] == name and _place_key(g)}
        gold_places += len(targets)
        predicted_places += len(places)
        right_gold += sum(1 for g in targets.values() if any(_same_place(g, p) for p in places.values()))
        right_predicted += sum(1 for p in places.values() if any(_same_place(g, p) for g in targets.values()))
    precision = right_predicted / predicted_places if predicted_places else 0.0
    recall = right_gold / gold_places if gold_places else 0.0
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def _place_key(gold: dict) -> str | None:
    if gold["place_id"]:
        return gold["place_id"]
    return f"point:{gold['lat']:.2f},{gold['lon']:.2f}" if "lat" in gold and gold["kind"] == "city" else None


def _same_place(gold: dict, found: Found) -> bool:
    if gold["place_id"]:
        return resolved(gold, found)
    return found.lat is not None and distance_km((gold["lat"], gold["lon"]), (found.lat, found.lon)) <= CITY_KM


def class_recall(gold: list[dict], predicted: list[Found], traps: list[dict]) -> dict[int, tuple[int, int]]:
    """(right, total) per class: gold mentions found for classes 1-8, traps left alone (no overlapping mention)
    for class 9."""
    spans = {(p.file, p.start, p.end) for p in predicted}
    figures = {}
    for number in CLASSES:
        if number == 9:
            rows = [t for t in traps if 9 in t["classes"]]
            right = sum(
                1
                for t in rows
                if not any(p.file == t["file"] and p.start < t["end"] and t["start"] < p.end for p in predicted)
            )
        else:
            rows = [g for g in gold if number in g.get("classes", ())]
            right = sum(1 for g in rows if (g["file"], g["start"], g["end"]) in spans)
        if rows:
            figures[number] = (right, len(rows))
    return figures


def region_recall(gold: list[dict], predicted: list[Found]) -> tuple[int, int]:
    spans = {(p.file, p.start, p.end) for p in predicted}
    rows = [g for g in gold if g["kind"] in REGION_KINDS]
    return sum(1 for g in rows if (g["file"], g["start"], g["end"]) in spans), len(rows)


def run(tool: Callable[[str, str], list[Found]], texts: dict[str, str]) -> list[Found]:
    return [found for name, text in texts.items() for found in tool(name, text)]


def speed_articles(texts: dict[str, str]) -> list[str]:
    """5 KB articles cut from the corpus texts run together, so their density of names is the corpus's."""
    joined = "\n\n".join(texts.values())
    articles = []
    while len(articles) < SPEED_ARTICLES:
        offset = (len(articles) * 977) % len(joined)
        piece = (joined[offset:] + "\n\n" + joined)[:SPEED_ARTICLE_BYTES]
        articles.append(piece)
    return articles


def articles_per_second(
    tool: Callable[[str, str], object], articles: list[str], before_each: Callable[[], None] = lambda: None
) -> float:
    """CPU time of this process, best of ROUNDS: other work on a shared machine slows the wall clock, not this.
    Only the parsing is timed, not before_each (which empties memos for the cases below)."""
    tool("warm-up", articles[0])
    best = float("inf")
    for _ in range(ROUNDS):
        spent = 0.0
        for n, article in enumerate(articles):
            before_each()
            start = time.process_time()
            tool(f"a{n}", article)
            spent += time.process_time() - start
        best = min(best, spent)
    return len(articles) / best


def report(label: str, result: Scores, speed: float | None) -> str:
    timing = "" if speed is None else f"  {speed:,.0f} articles/s (names seen before)"
    return (
        f"{label:10} P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}  "
        f"resolution {result.accuracy:.3f} ({result.resolved}/{result.resolvable} resolvable gold)  "
        f"kind {result.kind_right}/{result.matched}{timing}"
    )


def error_lines(result: Scores) -> list[str]:
    lines = [f"  FP {p.file} {p.start}-{p.end} {p.surface!r} {p.kind} {p.place_id}" for p in result.false_positives]
    lines += [
        f"  FN {g['file']} {g['start']}-{g['end']} {g['surface']!r} {g['kind']} {g['place_id']}"
        for g in result.false_negatives
    ]
    lines += [
        f"  WRONG {g['file']} {g['surface']!r} gold {g['place_id']} got {p.place_id}" for g, p in result.wrong_places
    ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=CORPUS, help="folder of .txt files with gold.jsonl")
    parser.add_argument("--errors", action="store_true", help="list false positives, misses and wrong places")
    parser.add_argument("--no-speed", action="store_true", help="quality figures only")
    args = parser.parse_args()
    corpus = args.corpus.resolve()
    load_start = time.perf_counter()
    gazetteer = shared_gazetteer()
    geoparser = Geoparser(gazetteer)
    print(f"gazetteer + geoparser ready in {time.perf_counter() - load_start:.1f} s")
    gold = with_targets(read_gold(corpus), lambda place_id: gazetteer.place_by_id(place_id) is not None)
    texts, traps = corpus_texts(corpus), read_gold(corpus, "traps.jsonl")
    print(
        f"corpus {corpus.name}: {len(texts)} texts, {sum(map(len, texts.values())):,} characters, {len(gold)} gold "
        f"mentions ({sum(1 for g in gold if g['place_id'])} resolvable), {len(traps)} traps; "
        f"kinds {dict(Counter(g['kind'] for g in gold))}"
    )
    articles, geotext = speed_articles(texts), geotext_tool()
    for label, tool, timed in (("ours", ours(geoparser), parse_only(geoparser)), ("geotext", geotext, geotext)):
        predicted = run(tool, texts)
        result = score(gold, predicted)
        speed = None if args.no_speed else articles_per_second(timed, articles)
        print(report(label, result, speed))
        for split, rows in splits(gold).items():
            files = {row["file"] for row in rows}
            part = [p for p in predicted if p.file in files]
            print(f"  {split:24} {summary(score(rows, part))}")
            print(f"  {'':24} {detail(rows, part, [t for t in traps if t['file'] in files])}")
        if args.errors:
            print("\n".join(error_lines(result)))
    if args.no_speed:
        return
    timed = parse_only(geoparser)
    every_name_new = articles_per_second(timed, articles, lambda: geoparser.forget(keep_vocabulary=True))
    print(
        f"ours, every name new (memos of names and capitalised words emptied before each article): "
        f"{every_name_new:,.0f} articles/s"
    )
    nothing_remembered = articles_per_second(timed, articles, geoparser.forget)
    print(f"ours, nothing remembered (every memo emptied, lower-case words too): {nothing_remembered:,.0f} articles/s")


def splits(gold: list[dict]) -> dict[str, list[dict]]:
    """The texts the parser was tuned on, and those written after tuning ('heldout-*'), which it never saw."""
    return {
        "tuning": [row for row in gold if not row["file"].startswith(HELD_OUT)],
        "held out (heldout-*)": [row for row in gold if row["file"].startswith(HELD_OUT)],
    }


def summary(result: Scores) -> str:
    return (
        f"P {result.precision:.3f}  R {result.recall:.3f}  F1 {result.f1:.3f}  "
        f"resolution {result.accuracy:.3f} ({result.resolved}/{result.resolvable})"
    )


def detail(gold: list[dict], predicted: list[Found], traps: list[dict]) -> str:
    """End-to-end recall, document F1, regions-and-borders recall and per-class figures of one part."""
    regions_right, regions = region_recall(gold, predicted)
    classes = "  ".join(
        f"c{number} {right}/{total}" for number, (right, total) in class_recall(gold, predicted, traps).items()
    )
    return (
        f"end-to-end R {end_to_end_recall(gold, predicted):.3f}  doc F1 {document_f1(gold, predicted):.3f}  "
        f"regions+borders {regions_right}/{regions}  {classes}"
    )


if __name__ == "__main__":
    main()
