"""Work beside the main process on a large corpus, done by forks of it (they have the corpus already).

Used for a first build's image cards, every other page and half of the
source checks. Never where a fork would be unsafe or would not pay: one
core only, no ``fork`` on this system (Windows), a fork macOS deems unsafe
(its system libraries, hence Python's own default there), other threads running
(a fork copies only the thread that makes it: ``mkdocs serve`` runs a server
beside the build), or ``COOPSITE_NO_FORK`` set (the tests force the fallback so);
the callers then do the work themselves.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
from concurrent.futures import ProcessPoolExecutor


def _other_threads() -> int:
    return threading.active_count() - 1


def can_fork() -> bool:
    return ((os.cpu_count() or 1) > 1 and "fork" in multiprocessing.get_all_start_methods()
            and sys.platform != "darwin" and not os.environ.get("COOPSITE_NO_FORK") and _other_threads() == 0)


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forks. Freeze the garbage collector around the first submit
    (``gc.freeze()``): the forks' collector then leaves the shared memory alone."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
