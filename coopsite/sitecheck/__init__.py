"""The checks the generator ships for any site: a site runs them on itself.

From the site's folder (or with ``COOPSITE_ROOT`` naming it)::

    .venv/bin/python -m pytest --pyargs coopsite.sitecheck

Five checks, in French for the people who maintain a site: the sources are
valid, the site builds with ``mkdocs build --strict`` (once, into a temporary
folder, shared by the other checks), no internal link is broken, every page is
valid HTML (Nu HTML Checker) and axe finds no WCAG 2.2 AA violation on the
home page, a testimony and the self-test.

The logic lives in plain functions (:mod:`.build`, :mod:`.links`,
:mod:`.validity`, :mod:`.a11y`); ``test_site.py`` and ``conftest.py`` only
call them. The project's own suite (``testpaths = ["tests"]``) never collects
this package; ``tests/test_sitecheck.py`` shows that each check can fail.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT_VARIABLE = "COOPSITE_ROOT"


def site_root() -> Path:
    """The site to check: ``$COOPSITE_ROOT`` if set, else the current folder."""
    return Path(os.environ.get(ROOT_VARIABLE) or os.getcwd()).resolve()


def page_url(rel: str) -> str:
    """``/temoignages/x/`` for ``temoignages/x/index.html``: a page as a reader sees its address."""
    if rel == "index.html" or rel.endswith("/index.html"):
        rel = rel[: -len("index.html")]
    return "/" + rel
