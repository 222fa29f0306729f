"""How the pages name what is the site's own: its grid, its network, its region.

The package names no network, no region and no grid: these words come from
``site.yml`` and from the grid's file, and French grammar joins them to the
sentences of the templates (« reliées à la grille… », « tirées du référentiel… »).
"""

from __future__ import annotations

from typing import Callable

from .structure.model import Grid, Publication

# « à le » and « de le(s) » do not exist in French.
CONTRACTIONS = {("à", "le"): "au", ("à", "les"): "aux", ("de", "le"): "du", ("de", "les"): "des"}


def in_sentence(title: str) -> str:
    """``Grille d’analyse`` → ``grille d’analyse``; an acronym (``PTCE…``) keeps its capitals."""
    if len(title) > 1 and title[1].isupper():
        return title
    return title[:1].lower() + title[1:]


def grid_name(grid: Grid, prep: str = "", shown: Callable[[str], str] | None = None) -> str:
    """The grid inside a sentence, with its article and a preposition (``à``, ``de``) if any:
    « la grille d’analyse des PTCE », « à la grille… », « du référentiel… ». ``shown`` formats
    the name, not its article (the renderer sets it in bold Markdown)."""
    name = in_sentence(grid.title)
    if shown is not None:
        name = shown(name)
    article = grid.article
    contracted = CONTRACTIONS.get((prep, article))
    if contracted:
        return f"{contracted} {name}"
    named = f"{article}{name}" if article.endswith(("’", "'")) else f"{article} {name}"
    return f"{prep} {named}" if prep else named


def network_and_region(site: Publication) -> str:
    """« Réseau · Région », or what of it ``site.yml`` says."""
    return " · ".join(part for part in (site.network_name, site.region) if part)
