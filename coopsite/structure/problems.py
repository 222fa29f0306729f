"""Validation problems: one message per problem, with its place in the source."""

from __future__ import annotations

import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

# A report lists this many problems, then counts the rest: a file with
# thousands of mistakes is usually one mistake repeated.
REPORT_LIMIT = 200


@dataclass(frozen=True, slots=True)
class Problem:
    path: Path
    line: int
    column: int
    field: str
    message: str
    hint: str = ""

    def format(self, root: Path | None = None) -> str:
        where = f"{display_path(self.path, root)}:{self.line}:{self.column}"
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

    def report(self, limit: int = REPORT_LIMIT) -> str:
        count = len(self.problems)
        head = f"{count} problème{'s' if count > 1 else ''} dans les sources :"
        lines = [head, *(p.format(self.root) for p in self.problems[:limit])]
        rest = count - limit
        if rest > 0:
            lines.append(f"… et {rest} autre{'s' if rest > 1 else ''} problème{'s' if rest > 1 else ''}, "
                         f"non affiché{'s' if rest > 1 else ''} : corrigez ceux-ci, puis relancez la vérification.")
        return "\n".join(lines)


def display_path(path: Path, root: Path | None) -> str:
    """``cases/x.yml``: the path relative to the project, whatever the working folder.

    A symbolic link is shown where it is, not where it points; a file name
    that is not valid UTF-8 is shown with escapes rather than breaking the output.
    """
    shown = path
    if root is not None and path.is_absolute() and root.is_absolute():
        # A path under the root, as loading gives them: its text after the root's (what
        # relative_to() says, without its cost, paid for each of a thousand files).
        base = str(root).rstrip(os.sep) + os.sep
        text = str(path)
        if text.startswith(base):
            return os.fsencode(text[len(base):].replace(os.sep, "/")).decode("utf-8", "backslashreplace")
    if root is not None:
        # The resolved paths only when the plain ones do not do (a resolution costs a system call per part).
        for inner, outer in ((p(path), p(root)) for p in (Path.absolute, resolved)):
            if inner.is_relative_to(outer):
                shown = inner.relative_to(outer)
                break
    return os.fsencode(shown.as_posix()).decode("utf-8", "backslashreplace")


def resolved(path: Path) -> Path:
    """``path.resolve()``, or ``path`` itself where it cannot be resolved (a link
    that loops raises ``RuntimeError`` on Python 3.11, ``OSError`` later)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


# Characters that look like nothing, or like a plain space, in a terminal.
_INVISIBLE_NAMES = {
    "\n": "retour à la ligne", "\r": "retour chariot", "\t": "tabulation",
    "\u00a0": "espace insécable", "\u202f": "espace fine insécable", "\u2007": "espace insécable",
    "\u200b": "espace de largeur nulle", "\u200c": "antiliant sans chasse", "\u200d": "liant sans chasse",
    "\u2060": "gluon de mots", "\ufeff": "indicateur d'ordre des octets", "\u00ad": "trait d'union conditionnel",
}


def _invisible(char: str) -> bool:
    return char != " " and (char in _INVISIBLE_NAMES or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zs", "Zl", "Zp", "Co", "Cn"))


def visible(text: str) -> str:
    """``"title\u00a0"`` → ``title[espace insécable]``: invisible differences made visible."""
    if text.isprintable() and "\u00a0" not in text and "\u202f" not in text and "\u00ad" not in text:
        return text
    out = []
    for char in text:
        if _invisible(char):
            out.append(f"[{_INVISIBLE_NAMES.get(char) or f'U+{ord(char):04X}'}]")
        else:
            out.append(char)
    return "".join(out)


def plain(text: str) -> str:
    """``text`` without its invisible differences: what an editor believes they typed.

    Invisible characters go, any odd space becomes a plain one, spaces at
    the ends go and runs of spaces become one.
    """
    kept = "".join(" " if char.isspace() else "" if _invisible(char) else char for char in text)
    return " ".join(kept.split())


def short(value, limit: int = 60) -> str:
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def field_path(parts: tuple) -> str:
    """Render a JSON path like ``quotes[0].indicators[1]``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + visible(str(part))
    return out
