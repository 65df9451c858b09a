"""The map's opening view, kept as data (STYLE: no coordinates in code)."""

from dataclasses import dataclass
from pathlib import Path

from geo.problems import DataError, DataProblem
from geo.records import csv_records

SIDES = ("south", "west", "north", "east")


@dataclass(frozen=True, slots=True)
class View:
    south: float
    west: float
    north: float
    east: float


def load_view(path: Path, name: str = "default") -> View:
    for record in csv_records(path, ("id", *SIDES)):
        if record.values["id"] == name:
            try:
                view = View(*(float(record.values[side]) for side in SIDES))
            except (TypeError, ValueError):
                raise DataError([DataProblem(str(path), record.line, "/".join(SIDES), "must be numbers")]) from None
            if not (-90 <= view.south < view.north <= 90 and -180 <= view.west < view.east <= 180):
                raise DataError([DataProblem(str(path), record.line, "/".join(SIDES), "is not a box on the globe")])
            return view
    raise DataError([DataProblem(str(path), 1, "id", f"no {name!r} view")])
