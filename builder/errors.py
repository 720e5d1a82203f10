"""Problems found in the input data, each carrying where it is."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the input, with its position as data.

    ``line`` and ``column`` are 1-based; 0 means the position is unknown
    (e.g. a file that is missing altogether).
    """

    file: str
    line: int
    column: int
    field: str
    message: str
    expected: str = ""
    got: str = ""

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.expected or self.got:
            text += f" (expected {self.expected}, got {self.got})"
        return text

    def to_dict(self) -> dict:
        return asdict(self)


class DataError(Exception):
    """Raised when the input has one or more problems; holds all of them."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(set(problems))
        super().__init__("\n".join(str(p) for p in self.problems))
