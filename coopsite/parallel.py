"""Work beside the build: every piece of it, what runs where, and the one rule for forks.

A newcomer reads here what runs beside a build or a preview, and nowhere else:

==========================  ==================  ========================  =====================  ================================
work                        runs in             priority                  cancelled by           when it dies
==========================  ==================  ========================  =====================  ================================
half the pages of a large   a fork (pool of 1,  the same as the build     the build's end        the parent renders them itself
corpus (``site.py``)        :func:`fork_pool`)
half the source checks      a fork (pool of 1)  the same                  the build's end        the files are checked again here
(``structure/loader.py``)
the image cards             forks (a pool)      the same                  ``BackgroundCards.``   what is missing is drawn here;
(``cards.py``)                                                            ``cancel()``           an error names the card
the search records of a     a fork (one         ``nice 19``: only the     ``CorpusRecords.``     prepared here when asked
large corpus                ``Process``)        time left over            ``cancel()`` (kill)
(``search/prepared.py``)
the search index            a program           one core (Linux), the     ``cancel()`` (kill)    the build fails with Pagefind's
(``search/indexer.py``)     (Pagefind, a        last of the process's                            last lines, in French
                            subprocess)
the rest of a preview's     a thread            the same                  a newer save           its error is logged; the next
refresh                                                                   (``Completion.``       refresh starts from what the
(``adapter/preview/``                                                     ``cancel()``)          site's folder holds
``completion.py``)
==========================  ==================  ========================  =====================  ================================

Forks are the way for work on the corpus already in memory (they have it without
copying it). Never where a fork would be unsafe or would not pay: one core only,
no ``fork`` on this system (Windows), a fork macOS deems unsafe (its system
libraries, hence Python's own default there), other threads running (a fork
copies only the thread that makes it: ``mkdocs serve`` runs a server beside the
build), or ``COOPSITE_NO_FORK`` set (the tests force the fallback so); the callers
then do the work themselves (:func:`can_fork`).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor
from typing import Callable


class Cancelled(Exception):
    """Work beside the build was stopped at a :func:`checkpoint`: a newer save made it useless."""


def checkpoint(stop: Callable[[], bool] | None) -> None:
    """Where long work beside the build may stop: raises :class:`Cancelled` once ``stop()`` says so.

    Python work in a thread cannot be interrupted from outside; it looks here between two
    pieces, so that a newer save waits for one piece at most (a tenth of a second or so)."""
    if stop is not None and stop():
        raise Cancelled


def _other_threads() -> int:
    return threading.active_count() - 1


def can_fork() -> bool:
    return ((os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
            and sys.platform != "darwin" and not os.environ.get("COOPSITE_NO_FORK") and _other_threads() == 0)


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forks. Freeze the garbage collector around the first submit
    (``gc.freeze()``): the forks' collector then leaves the shared memory alone."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
