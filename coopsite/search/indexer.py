"""Writing the search index of a built site with Pagefind (PyPI ``pagefind[bin]``).

Pagefind runs as a local program (its binary ships in the wheel); nothing is
downloaded at run time. The index goes to ``pagefind/`` in the built site:
Pagefind's own browser library, its WebAssembly and the index in small chunks,
so that a first query downloads only the chunks it needs.
"""

from __future__ import annotations

import html
import os
import shutil
import subprocess
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from ..parallel import Cancelled, checkpoint
from .records import LANGUAGE, Record

OUTPUT = "pagefind"
# Pagefind's ready-made interfaces: the site has its own (coopsite/shared/docs/assets/search/).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    """Why the index could not be written, in French."""


def record_html(record: Record) -> str:
    """One record as the smallest page Pagefind indexes: its text in the body,
    its metadata and filters as attributes (any text is safe there)."""
    esc = html.escape
    head = [f'<meta data-pagefind-meta="{esc(key)}[content]" content="{esc(value)}">'
            for key, value in (("href", record.url), *record.meta.items())]
    head += [f'<meta data-pagefind-filter="{esc(key)}[content]" content="{esc(value)}">'
             for key, values in record.filters.items() for value in values]
    return ('<!doctype html><html lang="fr"><head><meta charset="utf-8">' + "".join(head)
            + f"</head><body data-pagefind-body><p>{esc(record.content)}</p></body></html>")


def write_pages(records: list[Record], folder: Path, start: int = 0, stop: Callable[[], bool] | None = None) -> None:
    """The pages of ``records`` in ``folder``, numbered from ``start`` (``stop``: coopsite/parallel.py)."""
    for number, record in enumerate(records, start):
        if number % 200 == 0:
            checkpoint(stop)
        descriptor = os.open(folder / f"{number}.html", os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            os.write(descriptor, record_html(record).encode("utf-8"))
        finally:
            os.close(descriptor)


def binary() -> str:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("Pagefind n'est pas installé : lancez « python3 tasks.py setup »") from None
    return str(get_executable())


class PagefindRun:
    """Pagefind writing the index of ``records`` into ``site_dir/pagefind/`` (replaced).

    Started at once; :meth:`finish` waits for it. Pagefind's command line
    indexes one small HTML file per record, written in a temporary folder:
    its Python API waits a tenth of a second per record (1.5.2), ten minutes
    for the 5,000 records of the benchmark.

    ``background``: the engine is still rendering pages meanwhile, so
    Pagefind keeps to one core where the system allows it (its threads would
    otherwise take the engine's core, and spend more time in total).
    """

    def __init__(self, records: list[Record], site_dir: Path, background: bool = False,
                 pages: Path | None = None, ready: int = 0, stop: Callable[[], bool] | None = None):
        """``pages``: a folder (then removed with the rest) where the pages of the first ``ready``
        records are written already (coopsite/search/prepared.py). ``stop``: the writing of the
        pages may stop there (coopsite/parallel.py, checkpoint); then nothing is left behind."""
        program = binary()
        self.output = (Path(site_dir) / OUTPUT).resolve()
        if pages is None:
            pages, ready = Path(tempfile.mkdtemp(prefix="coopsite-search-")), 0
        self._pages = pages
        try:
            write_pages(records[ready:], pages, ready, stop)
        except Cancelled:
            self._cleanup()
            raise
        except OSError as error:
            self._cleanup()
            raise SearchIndexError(f"les fiches de la recherche n'ont pas pu être écrites ({error.strerror or error})") \
                from None
        if self.output.exists():
            shutil.rmtree(self.output)
        try:
            with _one_core(background):
                self._process = subprocess.Popen(
                    [program, "--site", str(pages), "--output-path", str(self.output),
                     "--force-language", LANGUAGE, "--silent"],
                    stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        except OSError as error:
            self._cleanup()
            raise SearchIndexError(f"le programme Pagefind n'a pas pu être lancé ({error.strerror or error}) : "
                                   "lancez « python3 tasks.py setup »") from None

    def _cleanup(self) -> None:
        shutil.rmtree(self._pages, ignore_errors=True)

    def finish(self) -> Path:
        """Wait for Pagefind; return the index's folder."""
        try:
            out, err = self._process.communicate()
        finally:
            self._cleanup()
        if self._process.returncode != 0:
            detail = (err or out).strip().splitlines()[-3:]
            raise SearchIndexError("Pagefind a échoué : " + " / ".join(detail))
        for name in UNUSED:
            (self.output / name).unlink(missing_ok=True)
        return self.output

    def cancel(self) -> None:
        """Stop Pagefind (the build failed, or a newer save made it useless). Another thread may be
        in :meth:`finish`, reading Pagefind's output: this one only ends the program and waits for it."""
        if self._process.poll() is None:
            self._process.kill()
        try:
            self._process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            pass
        self._cleanup()


@contextmanager
def _one_core(wanted: bool):
    """A program started inside runs on one core (the last of this process's), where Linux allows it.

    The calling thread is pinned while the program starts, and set back: a
    child inherits the core set of the thread that starts it.
    """
    cores = os.sched_getaffinity(0) if wanted and hasattr(os, "sched_setaffinity") else set()
    if len(cores) < 2:
        yield
        return
    os.sched_setaffinity(0, {max(cores)})
    try:
        yield
    finally:
        os.sched_setaffinity(0, cores)


def write_index(records: list[Record], site_dir: Path) -> Path:
    """Write the index of ``records`` into ``site_dir/pagefind/`` (replaced); return that folder."""
    return PagefindRun(records, site_dir).finish()
