"""The browser editor at ``/admin/``: Decap CMS, configured from our schemas and grid.

Where a form field comes from: :mod:`coopsite.editor.config`. Where the
third-party files come from: :mod:`coopsite.editor.vendor`. The local mode's
file server (``tasks.py edit``): :mod:`coopsite.editor.local`. The browser
side (YAML written like our files, the rules checked before a save, the
preview of a quote): ``coopsite/shared/docs/assets/editor/``.
"""

from __future__ import annotations

import json
from pathlib import Path

from ..generated import GeneratedFile
from ..renderer import make_environment
from ..structure.model import Corpus
from . import vendor
from .config import COLLECTIONS, EditorConfigError, Settings, editor_config

ADMIN = "admin/"

__all__ = ["ADMIN", "EditorConfigError", "Settings", "editor_config", "editor_files"]


def editor_files(corpus: Corpus, root: Path, settings: Settings, site_url: str = "",
                 site_name: str = "") -> list[GeneratedFile]:
    """``/admin/index.html``, ``/admin/config.json`` and the vendored files, if installed."""
    config = editor_config(corpus, settings, site_url)
    missing = vendor.missing(root)
    page = make_environment().get_template("editor/index.html.j2").render(
        site_name=site_name, settings=settings, missing=missing, decap=vendor.DECAP, js_yaml=vendor.JS_YAML)
    files = [
        GeneratedFile(ADMIN + "index.html", page),
        GeneratedFile(ADMIN + "config.json", json.dumps(config, ensure_ascii=False, indent=1) + "\n"),
    ]  # (the suggestions' numbers, admin/suggestions.json, come with the data: coopsite/site.py)
    files += [GeneratedFile(uri, path) for uri, path in vendor.site_files(root).items()]
    if settings.backend == "test":
        files.append(GeneratedFile(ADMIN + "test-repo.js", test_repo(root)))
    return files


def test_repo(root: Path) -> str:
    """Decap's in-memory test backend, filled with this checkout's files (EDITOR_BACKEND=test)."""
    tree: dict = {}
    for collection in COLLECTIONS:
        folder = root / collection.folder
        for path in sorted(folder.glob("*.yml")):
            relative = path.relative_to(root).as_posix()
            node = tree
            for part in relative.split("/")[:-1]:
                node = node.setdefault(part, {})
            node[path.name] = {"content": path.read_text("utf-8"), "path": relative}
    data = json.dumps(tree, ensure_ascii=False)
    return f"// Les fichiers du dépôt, en mémoire : mode d'essai de l'éditeur (EDITOR_BACKEND=test).\nwindow.repoFiles = {data};\n"
