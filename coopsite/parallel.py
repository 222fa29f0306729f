"""Work beside the build: every piece of it, what runs where, and the one rule for forks.

A newcomer reads here what runs beside a build or a preview, and nowhere else:

==========================  ==================  ========================  =====================  ================================
work                        runs in             priority                  cancelled by           when it dies
==========================  ==================  ========================  =====================  ================================
half the pages of a large   a fork              the same as the build     the build's end        the parent renders them itself
corpus (``site.py``)        (:class:`Fork`)
half the source checks      a fork              the same                  the build's end        the files are checked again here
(``structure/loader.py``)   (:class:`Fork`)
the image cards             forks (a pool,      the same                  ``BackgroundCards.``   what is missing is drawn here;
(``cards.py``)              :func:`fork_pool`)                            ``cancel()``           an error names the card
the search records of a     a fork              ``nice 19``: only the     ``CorpusRecords.``     prepared here when asked
large corpus                (:class:`Fork`)     time left over            ``cancel()`` (kill)
(``search/prepared.py``)
the search index            a program           one core (Linux), the     ``cancel()`` (kill)    the build fails with Pagefind's
(``search/indexer.py``)     (Pagefind, a        last of the process's                            last lines, in French
                            subprocess)
the rest of a preview's     a thread            the same; the garbage     a newer save           its error is logged; the next
refresh                                         collector is held back    (``Completion.``       refresh starts from what the
(``adapter/preview/``                           until it starts           ``cancel()``; started  site's folder holds
``completion.py``)                                                        again if nothing
                                                                          changed)
the system's file events,   a thread (watchdog) the same                  the preview's stop     the polling watcher of MkDocs'
beside MkDocs' polling                                                                           server sees the saves alone
watcher (``mkdocs_private``)
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


class ForkFailed(Exception):
    """The fork died (killed, out of memory) or its function raised: the caller does the work itself."""


class Fork:
    """One function run in a fork of this process, its value sent back: the way every single
    piece of work beside the build runs (a pool of forks, :func:`fork_pool`, is for many pieces).

    The fork has everything in memory already (the corpus, the pages to render): its function
    and arguments are not copied, only the value it returns is. :meth:`start` gives ``None``
    where :func:`can_fork` refuses or the fork cannot be made: the caller then does the work
    itself, as it does when :meth:`result` raises :class:`ForkFailed`.
    """

    def __init__(self, process, connection):
        self._process, self._connection = process, connection

    @classmethod
    def start(cls, function: Callable, *args, nice: int = 0) -> Fork | None:
        """``function(*args)`` in a fork; ``nice``: how much lower its priority is (19: only the
        time the build leaves)."""
        if not can_fork():
            return None
        import gc

        receive, send = multiprocessing.Pipe(duplex=False)
        gc.freeze()  # the fork's garbage collector leaves the shared memory alone
        try:
            process = multiprocessing.get_context("fork").Process(
                target=_run_forked, args=(function, args, nice, send), daemon=True)
            process.start()
        except (OSError, ValueError, RuntimeError):
            receive.close()
            return None
        finally:
            gc.unfreeze()
            send.close()
        return cls(process, receive)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None else None

    def result(self):
        """What the function returned (waits for it); :class:`ForkFailed` if it never came."""
        if self._connection is None:
            raise ForkFailed("déjà lu ou arrêté")
        try:
            outcome = self._connection.recv()
        except (EOFError, OSError):  # the fork died before sending
            outcome = None
        finally:
            self._close()
        if not isinstance(outcome, tuple) or outcome[0] != "done":
            raise ForkFailed(outcome[1] if isinstance(outcome, tuple) else "le processus s'est arrêté")
        return outcome[1]

    def kill(self) -> None:
        """Stop the fork at once (what it was doing is lost; :meth:`result` then raises)."""
        if self._process is not None and self._process.is_alive():
            self._process.kill()

    def cancel(self) -> None:
        """Stop the fork and wait for it to be gone."""
        self.kill()
        self._close()

    def _close(self) -> None:
        if self._connection is not None:
            self._connection.close()
        if self._process is not None:
            self._process.join()
        self._process = self._connection = None


def _run_forked(function: Callable, args: tuple, nice: int, connection) -> None:
    if nice:
        os.nice(nice)
    try:
        outcome = ("done", function(*args))
    except BaseException as error:  # noqa: BLE001 - told to the parent, which does the work itself
        outcome = ("failed", f"{type(error).__name__}: {error}")
    try:
        connection.send(outcome)
    finally:
        connection.close()


def fork_pool(workers: int) -> ProcessPoolExecutor:
    """A pool of forks. Freeze the garbage collector around the first submit
    (``gc.freeze()``): the forks' collector then leaves the shared memory alone."""
    return ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("fork"))
