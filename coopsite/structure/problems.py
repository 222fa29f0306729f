"""Validation problems: one message per problem, with its place in the source."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def format(self, root: Path | None = None) -> str:
        shown = self.path
        if root is not None:
            try:
                shown = self.path.resolve().relative_to(root.resolve())
            except ValueError:
                pass
        where = f"{shown.as_posix()}:{self.line}:{self.column}"
        text = f"{where}: {self.field or '(document)'} : {self.message}"
        if self.hint:
            text += f" — {self.hint}"
        return text


class ValidationFailed(Exception):
    """Raised when the sources hold one or more problems; carries them all."""

    def __init__(self, problems: list[Problem], root: Path | None = None):
        self.problems = sorted(problems, key=lambda p: (str(p.path), p.line, p.column, p.field))
        self.root = root
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        head = f"{count} problème{'s' if count > 1 else ''} dans les sources :"
        return "\n".join([head, *(p.format(self.root) for p in self.problems)])


def field_path(parts: tuple) -> str:
    """Render a JSON path like ``quotes[0].indicators[1]``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out
