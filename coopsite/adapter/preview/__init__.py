"""The preview of a site while it is written (``coopsite serve``, behind ``tasks.py serve`` and ``edit``).

``mkdocs serve`` builds the whole site again after every save: seconds for a
few hundred testimonies, a minute for a thousand. The preview builds it once,
with MkDocs and the hooks, then serves it with MkDocs' own live-reload server
and, after a save:

* when only files of ``cases/`` changed, brings the site up to date page by
  page (``coopsite/adapter/preview/refresh.py``): the pages, data, cards, feeds and
  search records the change touches, and nothing else;
* when the sources are broken, serves the page of the problems at every
  address (``coopsite/errors.py``) and keeps the last good site aside, so that
  the fix is again a refresh;
* otherwise (the grid, ``site.yml``, ``mkdocs.yml``, ``docs/``, the
  templates, or a change a refresh does not cover): builds the whole site
  again, as ``mkdocs serve`` does.

The served site is a clean build's, file by file (``tests/test_preview.py``).

Its rooms:

* ``server.py``: the server, the watched files' snapshots, the preview's working
  folder, and stopping (Ctrl+C, SIGTERM, SIGHUP);
* ``plan.py``: what a save asks to redo, a pure function of the pages before and
  after it (no MkDocs);
* ``refresh.py``: the plan carried out, page by page, with MkDocs;
* ``mkdocs_private.py``: the one module that calls MkDocs' private functions;
* ``completion.py``: the rest of a refresh, in a thread: the other files, then the
  search index.
"""

__all__ = ["INDEXED", "AddressTaken", "FullBuildNeeded", "Preview", "main"]


def __getattr__(name: str):
    """The server's names, imported on first use: ``plan.py`` alone never loads MkDocs."""
    if name == "FullBuildNeeded":
        from .plan import FullBuildNeeded

        return FullBuildNeeded
    if name in __all__:
        from . import server

        return getattr(server, name)
    raise AttributeError(name)
