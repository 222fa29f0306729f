"""The site's search: French, forgiving accents, ligatures and plurals, with facets.

* :mod:`.records`: what is searchable, built from the model (quotes,
  testimonies, indicators, objectives, round tables), with its filters;
* :mod:`.pages`: the written pages, read from the built HTML;
* :mod:`.facets`: the filters of the search page, named from the grid and the corpus;
* :mod:`.indexer`: Pagefind writes the index into the built site.

Both engines call :func:`index_site` once the HTML is written; the browser
side is ``docs/assets/search/`` (ES modules, no dependency but Pagefind's
own library, served from the site).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from ..cache import NO_CACHE, DiskCache, digest
from ..structure.model import Corpus
from .indexer import OUTPUT, SearchIndexError, write_index
from .pages import written_page_records
from .records import corpus_records

__all__ = ["SearchIndexError", "index_site"]


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
    kept = _cached_index(cache, records)
    output = site_dir / OUTPUT
    if kept is not None and kept.is_dir():
        if output.exists():
            shutil.rmtree(output)
        shutil.copytree(kept, output, copy_function=_link_or_copy)
    else:
        write_index(records, site_dir)
        if kept is not None:
            _keep(output, kept)
    for name in ENGINE_INDEXES:
        (site_dir / name).unlink(missing_ok=True)
    return len(records)


def _link_or_copy(source: str, target: str) -> None:
    """A hard link to the cached file (its 5,000 fragments copy in a tenth of the
    time); a copy where the two folders are not on one file system."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def _cached_index(cache: DiskCache, records: list) -> Path | None:
    """Where the index of ``records`` is (or would be) kept; None without a cache."""
    if cache.folder is None:
        return None
    try:
        engine = version("pagefind_bin")
    except PackageNotFoundError:
        engine = "?"
    key = digest("pagefind", engine, json.dumps([r.pagefind() for r in records], ensure_ascii=False,
                                                sort_keys=True))
    return cache.folder / CACHE_NAMESPACE / key


def _keep(output: Path, target: Path) -> None:
    """Copy the index just written into the cache (atomically), keeping the latest few."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        work = Path(tempfile.mkdtemp(dir=target.parent, prefix=".tmp-"))
        shutil.copytree(output, work / "index")
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
