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

from pathlib import Path

from ..structure.model import Corpus
from .indexer import SearchIndexError, write_index
from .pages import written_page_records
from .records import corpus_records

__all__ = ["SearchIndexError", "index_site"]


# The engines' own indexes: the site searches with Pagefind alone, so they are not shipped.
ENGINE_INDEXES = ("search.json", "search/search_index.json")  # Zensical's, Material's lunr


def index_site(corpus: Corpus, site_dir: Path, docs_dir: Path) -> int:
    """Index the built site in ``site_dir``; return the number of records."""
    site_dir = Path(site_dir)
    records = corpus_records(corpus) + written_page_records(site_dir, Path(docs_dir))
    write_index(records, site_dir)
    for name in ENGINE_INDEXES:
        (site_dir / name).unlink(missing_ok=True)
    return len(records)
