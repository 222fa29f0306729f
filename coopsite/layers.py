"""What every site shares, shipped in the package, under what a site holds of its own.

A site is two layers. The package's ``shared/docs/`` holds the front end (ES
modules, stylesheets, images) and the guides every site gets; its
``shared/overrides/`` holds the Material templates. The site's own ``docs/``
and ``overrides/`` lie over them: a file of the site at the same path wins,
whatever it is (a stylesheet, a guide, a template).

A shared page named ``….md.j2`` is a Jinja template: it is rendered with the
site's own values (``network``, ``site``, ``grid``, and ``own_pages``, the paths
of the site's own pages), so that no guide names one network, nor links to a
page only one site has. The adapters (MkDocs, the export for Zensical) take the list of
shared files from :func:`shared_files` and never look into the package
themselves.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .generated import GeneratedFile

SHARED = Path(__file__).resolve().parent / "shared"
SHARED_DOCS = SHARED / "docs"
SHARED_OVERRIDES = SHARED / "overrides"
DOCS_DIR = "docs"
OVERRIDES_DIR = "overrides"
TEMPLATE_SUFFIX = ".j2"
# The shared stylesheets, in the order every page loads them (after the theme's).
STYLESHEETS = (
    "assets/stylesheets/coop.css",
    "assets/stylesheets/print.css",
    "assets/share/share.css",
    "assets/search/search.css",
)
# Never part of a site: editors' and systems' leftovers.
IGNORED = ("__pycache__", ".DS_Store")


def _walk(folder: Path) -> list[Path]:
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.rglob("*")
                  if p.is_file() and not any(part in IGNORED for part in p.relative_to(folder).parts))


def shared_uris() -> dict[str, Path]:
    """Every shared file of ``shared/docs/``, by its path in the built site's sources
    (``guide/editeur.md``; a template ``publier.md.j2`` is ``publier.md``)."""
    found = {}
    for path in _walk(SHARED_DOCS):
        uri = path.relative_to(SHARED_DOCS).as_posix()
        found[uri.removesuffix(TEMPLATE_SUFFIX)] = path
    return found


def site_uris(root: Path) -> set[str]:
    """The paths of the site's own ``docs/`` files."""
    docs = Path(root) / DOCS_DIR
    return {p.relative_to(docs).as_posix() for p in _walk(docs)}


def shared_files(root: Path, render=None) -> list[GeneratedFile]:
    """The shared files the site does not replace with its own, in a stable order.

    Templates (``*.md.j2``) are rendered by ``render(text) -> str``; other
    pages are read as text, every other file is handed over as a path.
    """
    own = site_uris(root)
    files = []
    for uri, path in shared_uris().items():
        if uri in own:
            continue
        if path.name.endswith(TEMPLATE_SUFFIX):
            if render is None:
                raise ValueError(f"{uri} : page partagée à rendre, sans moteur de rendu")
            files.append(GeneratedFile(uri, render(path.read_text("utf-8")), in_nav=True))
        elif uri.endswith(".md"):
            files.append(GeneratedFile(uri, path.read_text("utf-8"), in_nav=True))
        else:
            files.append(GeneratedFile(uri, path))
    return files


def stylesheets(built: Iterable[str]) -> list[str]:
    """The stylesheets every page loads before the site's own: the shared ones, then the
    palette's readable colours when the build writes them (``built``: the paths of its files) (:mod:`coopsite.palette`)."""
    from .palette import STYLESHEET

    return [*STYLESHEETS, *([STYLESHEET] if STYLESHEET in set(built) else [])]


def written_page_uris(root: Path) -> list[str]:
    """The written pages (``*.md``) of the site and of the shared layer, without duplicates."""
    pages = {uri for uri in site_uris(root) if uri.endswith(".md")}
    pages |= {uri for uri in shared_uris() if uri.endswith(".md")}
    return sorted(pages, key=lambda uri: uri.split("/"))


def asset(root: Path, uri: str) -> Path:
    """The file the site uses at ``uri`` (``assets/…``): its own, or the shared one."""
    own = Path(root) / DOCS_DIR / uri
    return own if own.is_file() else SHARED_DOCS / uri


def theme_dirs(root: Path) -> list[Path]:
    """The template folders, the site's first: the site's ``overrides/`` (when it has one),
    then the shared overrides."""
    own = Path(root) / OVERRIDES_DIR
    return ([own] if own.is_dir() else []) + [SHARED_OVERRIDES]
