"""Migrations: what a new version of the generator changes in a site's own files, applied by
``python3 tasks.py migrate`` (``--dry-run`` shows the changes first).

Each migration is a function of the site's folder that returns the files it would change, each
with its text before and after, and nothing for a file already in the new format: running it
twice changes nothing, so no record of what ran is kept. A file whose text is the same is never
written. Every format change ships with its migration here (``MIGRATIONS``, oldest first) and a
test that takes a site made with the previous release through it (tests/test_release.py).
"""

from __future__ import annotations

import difflib
import os
import re
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from ..structure.schema import HOME_SCHEMAS, SITE_SCHEMAS


@dataclass(frozen=True)
class Change:
    """One file of the site, before and after a migration."""

    path: Path
    before: str
    after: str


@dataclass(frozen=True)
class Migration:
    version: str  # the release that brings it
    title: str  # in French, as the CHANGELOG announces it
    changes: Callable[[Path], list[Change]]


def _yaml_sources(root: Path) -> list[Path]:
    found = [root / "site.yml"] if (root / "site.yml").is_file() else []
    for folder in ("grid", "cases", "cases/evenements"):
        found += sorted((root / folder).glob("*.yml")) + sorted((root / folder).glob("*.yaml"))
    return found


OLD_SCHEMA_LINE = re.compile(r"^(# yaml-language-server: \$schema=(?:\.\./)*)" + re.escape(HOME_SCHEMAS) + r"/")


def schema_line_in_sites(root: Path) -> list[Change]:
    """0.3.0: a site's YAML sources name the schemas where a site has them, .venv/coopsite-schemas/
    (copied there by tasks.py), not coopsite/structure/schemas/, which only the generator has."""
    if (root / HOME_SCHEMAS).is_dir():  # the generator's home: that folder is there
        return []
    changes = []
    for path in _yaml_sources(root):
        text = _read(path)
        after = OLD_SCHEMA_LINE.sub(lambda found: f"{found.group(1)}{SITE_SCHEMAS}/", text, count=1)
        if after != text:
            changes.append(Change(path, text, after))
    return changes


MIGRATIONS: tuple[Migration, ...] = (
    Migration("0.3.0", "la première ligne des fichiers YAML désigne les schémas dans .venv/coopsite-schemas/",
              schema_line_in_sites),
)


def pending(root: Path) -> list[tuple[Migration, list[Change]]]:
    """The migrations that would change something, with their changes, in order."""
    found = []
    for migration in MIGRATIONS:
        try:
            changes = migration.changes(root)
        except (OSError, UnicodeDecodeError):
            changes = []  # an unreadable file is the validator's to report, with its line
        if changes:
            found.append((migration, changes))
    return found


def notice(root: Path) -> str:
    """What to tell the person when the site's files need a migration, or ``""``."""
    count = sum(len(changes) for _, changes in pending(root))
    if not count:
        return ""
    files = "1 fichier" if count == 1 else f"{count} fichiers"
    return (f"cette version du générateur change le format de {files} de ce site : lancez "
            "« python3 tasks.py migrate --dry-run » pour voir les changements, puis « python3 tasks.py migrate ».")


def _read(path: Path) -> str:
    """A file's text exactly as it is (its line endings too): what is not migrated stays byte for byte."""
    return path.read_bytes().decode("utf-8")


def _write(path: Path, text: str) -> None:
    """Replace ``path`` by ``text`` at once (a temporary file beside it, then renamed): never half-written."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def main(root: Path, dry_run: bool) -> int:
    todo = pending(root)
    if not todo:
        print("Rien à migrer : les fichiers du site sont au format de cette version du générateur.")
        return 0
    for migration, changes in todo:
        print(f"{migration.version} : {migration.title} ({len(changes)} fichier{'s' if len(changes) > 1 else ''})")
        for change in changes:
            name = change.path.relative_to(root).as_posix()
            if dry_run:
                sys.stdout.writelines(difflib.unified_diff(change.before.splitlines(keepends=True),
                                                           change.after.splitlines(keepends=True),
                                                           f"a/{name}", f"b/{name}"))
            else:
                _write(change.path, change.after)
                print(f"  modifié : {name}")
    if dry_run:
        print("Rien n'a été écrit (--dry-run). Pour appliquer : python3 tasks.py migrate")
    else:
        print("Migration faite. Vérifiez avec « git diff », puis : python3 tasks.py validate")
    return 0
