"""A project Zensical can build: the core's export plus a config without MkDocs-only keys.

Zensical, Material's successor, reads ``mkdocs.yml`` but ignores ``hooks:``,
so it cannot ask the core for the generated pages. This module writes, into
a build folder (never into the sources):

* ``docs/``: the hand-written pages and every generated file
  (:func:`coopsite.export.folder.export_folder`, the same list the hooks use);
* ``overrides/``: the theme overrides, copied;
* ``mkdocs.yml``: the project's config without ``hooks:``, ``watch:`` and
  ``validation:``, building into ``site/`` inside the build folder (Zensical
  keeps ``site_dir`` inside the folder of its config file).

    python -m coopsite.export.zensical BUILD_FOLDER
"""

from __future__ import annotations

import json
import os
import shutil
import sys
from pathlib import Path

from .. import layers
from ..publishing import footer_values
from ..structure.loader import load_corpus
from ..structure.problems import ValidationFailed
from .folder import ExportError, check_destination, export_folder

CONFIG = "mkdocs.yml"
MKDOCS_ONLY = ("hooks", "watch", "validation")
# Zensical cannot point a generated page's edit button to its YAML source (the
# hooks do): its links would open files that do not exist, so there are none.
EDIT_FEATURE = "- content.action.edit"
GENERATED = ("docs", "overrides", "site", CONFIG)


def strip_top_level_keys(config_text: str, keys: tuple[str, ...]) -> str:
    """``config_text`` (YAML) without the top-level blocks named ``keys``, comments and order kept."""
    kept, skipping = [], False
    for line in config_text.splitlines(keepends=True):
        if line[:1] not in ("", " ", "\t", "\n", "#", "-"):  # a top-level key
            skipping = line.split(":", 1)[0].strip() in keys
        if not skipping:
            kept.append(line)
    return "".join(kept)


def zensical_config(config_text: str) -> str:
    """The project's ``mkdocs.yml`` as Zensical needs it."""
    lines = strip_top_level_keys(config_text, MKDOCS_ONLY).splitlines(keepends=True)
    kept = "".join(line for line in lines if line.strip() != EDIT_FEATURE)
    return (kept.rstrip("\n")
            + "\n\n# Written by coopsite.export.zensical: the site is built next to this file,\n"
            + "# without the edit button (it would open the exported Markdown, not the YAML source).\n"
            + "site_dir: site\n")


def prepare(root: Path, build: Path, site_url: str = "") -> Path:
    """Write the Zensical project for ``root`` into ``build``; return its config file.

    What a previous run wrote there (``docs/``, ``overrides/``, ``site/``,
    ``mkdocs.yml``) is replaced; nothing else in ``build`` is touched.
    """
    root, build = Path(root).resolve(), Path(build).resolve()
    check_destination(root, build / "docs", force=True)
    build.mkdir(parents=True, exist_ok=True)
    for name in GENERATED:
        path = build / name
        if path.is_dir():
            shutil.rmtree(path)
        elif path.exists():
            path.unlink()
    written = export_folder(root, build / "docs", site_url=site_url)
    # The shared templates, then the site's own over them (what the MkDocs adapter does with theme folders).
    # Not their notes (overrides/LISEZMOI.md): Zensical would publish them, MkDocs does not.
    for folder in reversed(layers.theme_dirs(root)):
        shutil.copytree(folder, build / "overrides", dirs_exist_ok=True, ignore=shutil.ignore_patterns("*.md"))
    config_text = zensical_config((root / CONFIG).read_text("utf-8"))
    # The shared stylesheets before the site's own, as the MkDocs adapter adds them.
    sheets = "".join(f"  - {sheet}\n" for sheet in layers.stylesheets(p.as_posix() for p in written))
    if "\nextra_css:\n" in config_text:
        config_text = config_text.replace("\nextra_css:\n", f"\nextra_css:\n{sheets}", 1)
    else:
        config_text = config_text.rstrip("\n") + f"\n\nextra_css:\n{sheets}"
    # The footer's values from site.yml, which the hooks give MkDocs (extra.publication).
    footer = json.dumps(footer_values(load_corpus(root).publication), ensure_ascii=False)
    # engine: the templates tell Zensical from MkDocs where the two differ (overrides/partials/nav.html).
    config_text = config_text.replace("\nextra:\n", f"\nextra:\n  publication: {footer}\n  engine: zensical\n", 1)
    (build / CONFIG).write_text(config_text, "utf-8")
    return build / CONFIG


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if len(argv) != 1:
        print("usage : python -m coopsite.export.zensical DOSSIER_DE_CONSTRUCTION", file=sys.stderr)
        return 2
    try:
        config = prepare(Path.cwd(), Path(argv[0]), os.environ.get("SITE_URL", ""))
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    except ExportError as error:
        print(f"Export impossible : {error}", file=sys.stderr)
        return 1
    print(f"Projet Zensical prêt : {config}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
