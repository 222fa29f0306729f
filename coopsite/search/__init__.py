"""The site's search: French, forgiving accents, ligatures and plurals, with facets.

* :mod:`.records`: what is searchable, built from the model (quotes,
  testimonies, indicators, objectives, round tables), with its filters;
* :mod:`.pages`: the written pages, read from the built HTML;
* :mod:`.facets`: the filters of the search page, named from the grid and the corpus;
* :mod:`.indexer`: Pagefind writes the index into the built site.

Both engines call :func:`index_site` once the HTML is written; the browser
side is ``coopsite/shared/docs/assets/search/`` (ES modules, no dependency but Pagefind's
own library, served from the site).
"""

from __future__ import annotations

import shutil
import tempfile
import threading
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Callable

from ..cache import NO_CACHE, DiskCache, digest, link_or_copy
from ..parallel import Cancelled
from ..structure.model import Corpus
from .indexer import OUTPUT, PagefindRun, SearchIndexError
from .pages import page_records, written_page_records, written_page_urls
from .prepared import CorpusRecords, Prepared, prepare
from .records import Record, corpus_records

__all__ = ["BackgroundIndex", "IndexSwap", "SearchIndexError", "corpus_records", "index_site", "page_records", "write_index"]


# The engines' own indexes: the site searches with Pagefind alone, so they are not shipped.
ENGINE_INDEXES = ("search.json", "search/search_index.json")  # Zensical's, Material's lunr


# Indexes kept in the build cache (the most recent ones; each is a folder of small files).
CACHE_NAMESPACE = "search"
CACHE_KEEP = 3


def index_site(corpus: Corpus, site_dir: Path, docs_dir: Path, cache: DiskCache = NO_CACHE) -> int:
    """Index the built site in ``site_dir``; return the number of records.

    With a ``cache``, an index already written for the very same records (and
    the same Pagefind) is copied instead of written again: a build whose
    sources did not change does not run Pagefind.
    """
    site_dir = Path(site_dir)
    records = corpus_records(corpus) + written_page_records(site_dir, Path(docs_dir))
    write_index(records, site_dir, cache)
    return len(records)


def write_index(records: list[Record], site_dir: Path, cache: DiskCache = NO_CACHE) -> None:
    """The index of ``records`` in ``site_dir`` (copied from the cache when it has the same records)."""
    _Indexing(records, Path(site_dir), cache).finish()


class _Indexing:
    """One index being put in place: copied from the cache, or written by Pagefind (maybe in the background)."""

    def __init__(self, records: list[Record] | Prepared, site_dir: Path, cache: DiskCache, background: bool = False,
                 stop: Callable[[], bool] | None = None):
        self.site_dir = site_dir
        prepared = records if isinstance(records, Prepared) else prepare(records, stop)
        self.kept = _cached_index(cache, prepared)
        self.run = None
        if self.kept is not None and self.kept.is_dir():
            prepared.cleanup()  # pages written for nothing: the index is in the cache
        else:  # the run removes the folder of pages once Pagefind has read it
            self.run = PagefindRun(prepared.records, site_dir, background, pages=prepared.folder, ready=prepared.ready,
                                   stop=stop)

    def finish(self) -> None:
        output = self.site_dir / OUTPUT
        if self.run is None:
            if output.exists():
                shutil.rmtree(output)
            shutil.copytree(self.kept, output, copy_function=link_or_copy)
        else:
            self.run.finish()
            if self.kept is not None:
                _keep(output, self.kept)
        for name in ENGINE_INDEXES:
            (self.site_dir / name).unlink(missing_ok=True)

    def cancel(self) -> None:
        if self.run is not None:
            self.run.cancel()


class BackgroundIndex:
    """The index written while the engine renders pages (MkDocs' hooks).

    The records of the corpus are known before any page is built; a written
    page's record is made from its HTML as it is rendered (:meth:`add_page`).
    Once the last of them is in, Pagefind starts, on one core, while the
    engine goes on with the other pages; :meth:`finish` waits for it. The
    records, and so the index, are those :func:`index_site` makes from the
    built site.
    """

    def __init__(self, corpus: Corpus, site_dir: Path, docs_dir: Path, built_urls: set[str],
                 cache: DiskCache = NO_CACHE, corpus_records: CorpusRecords | None = None):
        """``corpus_records``: the corpus's records, being prepared since the build started."""
        self.corpus, self.site_dir, self.cache = corpus, Path(site_dir), cache
        self.corpus_records = corpus_records
        # The written pages this build renders, in the order index_site reads them.
        self.urls = [url for url in written_page_urls(Path(docs_dir)) if url in built_urls]
        self.pages: dict[str, list[Record]] = {}
        self.indexing: _Indexing | None = None

    def add_page(self, url: str, html_text: str) -> None:
        """A page has been rendered (``url`` relative to the site root, as in the records)."""
        if self.indexing is not None or url not in self.urls or url in self.pages:
            return
        self.pages[url] = page_records(html_text, url)
        if len(self.pages) == len(self.urls):
            self._start(background=True)

    def _start(self, background: bool) -> None:
        for url in self.urls:
            if url not in self.pages:  # not seen while rendering: read from the built site, as index_site does
                path = self.site_dir / url / "index.html"
                self.pages[url] = page_records(path.read_text("utf-8"), url) if path.is_file() else []
        ours = self.corpus_records.result() if self.corpus_records is not None else prepare(corpus_records(self.corpus))
        records = ours + prepare([record for url in self.urls for record in self.pages[url]])
        self.count = len(records.records)
        self.indexing = _Indexing(records, self.site_dir, self.cache, background)

    def finish(self) -> int:
        """Wait for the index (start it now if a page never came); return the number of records."""
        if self.indexing is None:
            self._start(background=False)
        self.indexing.finish()
        return self.count

    def cancel(self) -> None:
        if self.corpus_records is not None:
            self.corpus_records.cancel()
        if self.indexing is not None:
            self.indexing.cancel()

    def page_records(self) -> dict[str, list[Record]]:
        """The written pages' records, by URL, in the index's order (once it is finished)."""
        return {url: self.pages[url] for url in self.urls}


class IndexSwap:
    """The index of a site being served, made in ``staging`` and then put in place of the site's.

    For the preview (coopsite/adapter/preview/refresh.py): the site keeps its previous
    index, searchable, until the new one is complete. :meth:`run` is called
    in a thread; :meth:`cancel`, from another, stops it when a newer save
    makes it useless (Pagefind is stopped, nothing is swapped).
    """

    def __init__(self, site_dir: Path, staging: Path, cache: DiskCache = NO_CACHE):
        self.site_dir, self.staging, self.cache = Path(site_dir), Path(staging), cache
        self.cancelled = threading.Event()
        self._indexing: _Indexing | None = None

    def run(self, records: list[Record]) -> bool:
        """Make and swap in the index of ``records``; False if cancelled meanwhile."""
        shutil.rmtree(self.staging, ignore_errors=True)
        self.staging.mkdir(parents=True)
        if self.cancelled.is_set():
            return False
        try:
            self._indexing = _Indexing(records, self.staging, self.cache, stop=self.cancelled.is_set)
        except Cancelled:  # stopped while its pages were being written
            return False
        if self.cancelled.is_set():
            self._indexing.cancel()
            return False
        self._indexing.finish()
        if self.cancelled.is_set():
            return False
        target, old = self.site_dir / OUTPUT, self.staging / "previous"
        if target.exists():
            target.rename(old)
        (self.staging / OUTPUT).rename(target)
        shutil.rmtree(old, ignore_errors=True)
        return True

    def cancel(self) -> None:
        self.cancelled.set()
        if self._indexing is not None:
            self._indexing.cancel()


def _cached_index(cache: DiskCache, prepared: Prepared) -> Path | None:
    """Where the index of the ``prepared`` records is (or would be) kept; None without a cache."""
    if cache.folder is None:
        return None
    try:
        engine = version("pagefind_bin")
    except PackageNotFoundError:
        engine = "?"
    return cache.folder / CACHE_NAMESPACE / digest("pagefind", engine, prepared.key_text())


def cached_index_exists(cache: DiskCache) -> bool:
    """Is any index kept in ``cache``? If not, the next index will surely be written."""
    folder = cache.folder / CACHE_NAMESPACE if cache.folder is not None else None
    return folder is not None and folder.is_dir() and any(not p.name.startswith(".") for p in folder.iterdir())


def _keep(output: Path, target: Path) -> None:
    """Copy the index just written into the cache (atomically), keeping the latest few."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tmp-"))
        shutil.copytree(output, work / "index", copy_function=link_or_copy)
        try:
            (work / "index").rename(target)
        except OSError:  # another build kept the same index meanwhile
            pass
        shutil.rmtree(work, ignore_errors=True)
        entries = sorted((p for p in target.parent.iterdir() if not p.name.startswith(".")),
                         key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[CACHE_KEEP:]:
            shutil.rmtree(old, ignore_errors=True)
    except OSError:
        pass  # a cache that cannot be written only costs time
