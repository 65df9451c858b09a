"""Reading curated CSV and YAML files with the line of every record, for problems that name it."""

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from geo.problems import DataError, DataProblem

CONFIDENCES = ("high", "medium", "low")  # how sure the curators are of a record, in every curated file


@dataclass(frozen=True, slots=True)
class Record:
    """One row or list item: its values as written (strings, lists, None) and where each one stands."""

    line: int
    values: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)

    def line_of(self, key: str) -> int:
        return self.lines.get(key, self.line)


def csv_records(path: Path, required: tuple[str, ...]) -> Iterator[Record]:
    """Rows of a CSV with blank cells as None; a missing column is one problem for the whole file."""
    with path.open(newline="", encoding="utf-8") as handle:
        reader = csv.DictReader(handle)
        missing = [name for name in required if name not in (reader.fieldnames or [])]
        if missing:
            raise DataError([DataProblem(str(path), 1, name, "column is missing") for name in missing])
        for row in reader:
            if None in row:
                raise DataError([DataProblem(str(path), reader.line_num, "(row)", "has more cells than the header")])
            values = {key: (value.strip() or None) if isinstance(value, str) else None for key, value in row.items()}
            yield Record(reader.line_num, values)


def yaml_records(path: Path) -> Iterator[Record]:
    """Items of a YAML list of mappings, scalars kept as written (no implicit dates or numbers)."""
    try:
        root = yaml.compose(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        line = mark.line + 1 if mark else 1
        raise DataError(
            [DataProblem(str(path), line, "(file)", f"is not valid YAML: {getattr(error, 'problem', error)}")]
        ) from None
    if root is None:
        return
    if not isinstance(root, yaml.SequenceNode):
        raise DataError([DataProblem(str(path), root.start_mark.line + 1, "(file)", "must be a list of records")])
    for node in root.value:
        if not isinstance(node, yaml.MappingNode):
            raise DataError(
                [DataProblem(str(path), node.start_mark.line + 1, "(record)", "must be a mapping of fields")]
            )
        values = {key.value: _plain(value) for key, value in node.value}
        lines = {key.value: key.start_mark.line + 1 for key, _ in node.value}
        yield Record(node.start_mark.line + 1, values, lines)


def _plain(node: yaml.Node) -> Any:
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item) for item in node.value]
    if isinstance(node, yaml.MappingNode):
        return {key.value: _plain(value) for key, value in node.value}
    if node.tag == "tag:yaml.org,2002:null" or (node.style is None and node.value in ("", "~", "null", "Null", "NULL")):
        return None
    return node.value
