"""``coopsite export DEST``: the site's Markdown and data, without MkDocs.

The folder gets the hand-written pages of ``docs/`` and every generated file
(:func:`coopsite.site.generate`, the same list the MkDocs hooks use), laid
out as a ``docs/`` folder another generator (Zensical, ProperDocs…) can take
over. It never writes into the sources, and into a non-empty folder only
when asked to (``--force``, which adds and replaces files, never deletes).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from ..editor import EditorConfigError, Settings, editor_files
from ..site import GeneratedFile, generate
from ..structure.loader import load_corpus

DOCS_DIR = "docs"
SOURCE_DIRS = ("cases", "grid", "docs", "coopsite", "hooks", "overrides", "tests", ".git", ".venv")


class ExportError(Exception):
    """Why the export refused to write, in French."""


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def check_destination(root: Path, dest: Path, force: bool) -> None:
    root, dest = root.resolve(), dest.resolve()
    if _inside(root, dest):
        raise ExportError(f"{dest} contient le projet lui-même : choisissez un dossier à part")
    for name in SOURCE_DIRS:
        if _inside(dest, root / name):
            raise ExportError(f"{dest} est dans les sources du projet ({name}/) : choisissez un dossier à part")
    if dest.exists() and not dest.is_dir():
        raise ExportError(f"{dest} existe et n'est pas un dossier")
    if dest.is_dir() and any(dest.iterdir()) and not force:
        raise ExportError(f"{dest} n'est pas vide : rien n'a été écrit (ajoutez --force pour écrire quand même)")


def exported_files(root: Path, site_url: str = "") -> tuple[list[Path], list[GeneratedFile]]:
    """The hand-written files of ``docs/`` (relative paths) and the generated files."""
    root = Path(root)
    corpus = load_corpus(root)
    generated = generate(corpus, site_url=site_url)
    # The browser editor (/admin/), as the MkDocs hooks add it.
    try:
        settings = Settings.from_env(os.environ, os.environ.get("REPO_URL", ""))
    except EditorConfigError as error:
        raise ExportError(f"éditeur : {error}") from None
    generated += editor_files(corpus, root, settings, site_url, corpus.publication.site_name)
    docs = root / DOCS_DIR
    static = sorted(p.relative_to(docs) for p in docs.rglob("*") if p.is_file()) if docs.is_dir() else []
    taken = {p.as_posix() for p in static}
    for item in generated:
        if item.src_uri in taken:
            raise ExportError(f"{DOCS_DIR}/{item.src_uri} masquerait une page générée : renommez ou retirez ce fichier")
    return static, generated


def export_folder(root: Path, dest: Path, force: bool = False, site_url: str = "") -> list[Path]:
    """Write the export into ``dest``; return the written paths, relative to ``dest``.

    Raises :class:`ExportError` or :class:`~coopsite.structure.problems.ValidationFailed`
    before anything is written.
    """
    root, dest = Path(root), Path(dest)
    check_destination(root, dest, force)
    static, generated = exported_files(root, site_url)
    written = []
    for rel in static:
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(root / DOCS_DIR / rel, target)
        written.append(rel)
    for item in generated:
        target = dest / item.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        item.write(target)
        written.append(Path(item.src_uri))
    return written
