"""Problems found in curated data, reported all at once so a curator fixes a file in one pass."""

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class DataProblem:
    path: str
    line: int
    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.field}: {self.message}"


class DataError(ValueError):
    """Every problem of one load; str() lists them one per line."""

    def __init__(self, problems: Iterable[DataProblem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class ProblemLog:
    """Collects problems while a loader walks a file, then raises them together."""

    def __init__(self, path: str) -> None:
        self.path = path
        self.problems: list[DataProblem] = []

    def add(self, line: int, field: str, message: str) -> None:
        self.problems.append(DataProblem(self.path, line, field, message))

    def raise_if_any(self) -> None:
        if self.problems:
            raise DataError(self.problems)
