"""The second step of a refresh, in a thread: the site's other files, then its search index."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path
from typing import Callable

from coopsite.cache import link
from coopsite.parallel import Cancelled
from coopsite.search import IndexSwap, SearchIndexError

from ..state import BuildState
from .plan import same
from .refresh import Refreshed, delete


PAGES_FIRST = 0.5  # seconds the background step leaves to the browser's reload of the refreshed pages


class Completion:
    """The second step of a refresh, in a thread: the site's other files, then its search index.

    :meth:`cancel` stops it between two files (a newer save makes it useless):
    the build's ``others`` always says what the site's folder holds, so the
    next refresh starts from there.
    """

    def __init__(self, state: BuildState, done: Refreshed, staging: Path, finished: Callable[[], None] = lambda: None):
        self._state = state
        self._site_dir = Path(state.config.site_dir)
        self.done, self._finished = done, finished
        self.finished = False  # its files written and its index in place
        self._index = IndexSwap(self._site_dir, staging, state.cache)
        self.error: Exception | None = None
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        stop = self._index.cancelled.is_set
        # The refreshed pages first: the browser reloads them now, and this step, which computes,
        # would slow their serving. A save meanwhile cancels it before it starts.
        if self._index.cancelled.wait(PAGES_FIRST):
            return  # (the newer save's refresh lets the garbage collector work again after it)
        gc.enable()  # held back by the refresh (Preview.update): its collections happen here
        try:
            self._write_others()
            if not stop() and self._index.run(self.done.records(stop)):
                self.finished = True
                self._finished()
        except Cancelled:  # a newer save: it stopped at a checkpoint, having written nothing half
            pass
        except (SearchIndexError, OSError) as error:
            if not stop():
                self.error = error

    def _write_others(self) -> None:
        held = self._state.others
        others = self.done.others(stop=self._index.cancelled.is_set)
        fresh = {item.src_uri: item for item in others}
        cache_folder = self._state.cache.folder
        for uri, item in fresh.items():
            if self._index.cancelled.is_set():
                return
            if uri in held and same(held[uri], item.content):
                continue
            target = self._site_dir / uri
            target.parent.mkdir(parents=True, exist_ok=True)
            # Written beside, then renamed: the server never sends half a file.
            work = target.with_name(f".{target.name}.tmp")
            work.unlink(missing_ok=True)
            cached = isinstance(item.content, Path) and cache_folder is not None \
                and item.content.is_relative_to(cache_folder)
            if not (cached and link(item.content, work)):  # a file of the cache: linked, as in a build
                item.write(work)
            os.replace(work, target)
            held[uri] = item.content
        for uri in [uri for uri in held if uri not in fresh]:
            if self._index.cancelled.is_set():
                return
            delete(self._site_dir, uri)
            del held[uri]

    def wait(self) -> None:
        self._thread.join()

    def cancel(self) -> None:
        self._index.cancel()
        self._thread.join()
