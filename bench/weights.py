"""What a reader downloads from a built site: page weights and the search index.

Used by ``bench/run.py`` (figures for every N) and by the tests at N = 1,000.

* page weight: the size of each HTML file, as served (uncompressed);
* the search index: ``search/search_index.json``, compared with the text the
  pages carry as their own. A page's own text is the text of its main
  content (``<article>``) without what it repeats from another page: quote
  copies (a quote is owned by its case page, where its ``<figure>`` carries
  the permalink id) and the cards of case and round-table listings.
"""

from __future__ import annotations

import gzip
import math
from html.parser import HTMLParser
from pathlib import Path

MAX_PAGE_BYTES = 250_000
MAX_INDEX_RATIO = 1.3
# The off-line workshop kit (one file, coopsite/kit.py): its compressed size, as downloaded.
KIT = "autodiagnostic/atelier.html"
MAX_KIT_GZIP = 250_000
# Pages whose weight does not depend on the number of cases, exempt from the bound
# (the off-line kit has its own: MAX_KIT_GZIP).
EXEMPT_PAGES = ("autodiagnostic/index.html", "autodiagnostic/atelier.html")
SEARCH_INDEX = "search/search_index.json"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


def page_weights(site: Path) -> dict[str, int]:
    """``{path relative to the site: bytes}`` for every HTML page."""
    site = Path(site)
    return {p.relative_to(site).as_posix(): p.stat().st_size for p in sorted(site.rglob("*.html"))}


def largest_page(site: Path, exempt: tuple[str, ...] = EXEMPT_PAGES) -> tuple[str, int]:
    weights = {path: size for path, size in page_weights(site).items() if path not in exempt}
    path = max(weights, key=weights.__getitem__)
    return path, weights[path]


def percentile(values: list[int], share: float) -> int:
    """Nearest-rank percentile (``share`` in 0..1)."""
    ordered = sorted(values)
    return ordered[max(0, math.ceil(share * len(ordered)) - 1)]


class _OwnText(HTMLParser):
    """Text of ``<article>``, leaving out quote copies and listing cards."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0        # open elements inside <article>
        self.skip_at = None   # depth at which the skipped element opened
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        classes = (attrs.get("class") or "").split()
        if self.depth == 0:
            if tag == "article":
                self.depth = 1
            return
        self.depth += 1
        if self.skip_at is None and (
            ("coop-quote" in classes and tag == "figure" and "id" not in attrs)
            or ("grid" in classes and "cards" in classes)
            or tag in ("script", "style")
        ):
            self.skip_at = self.depth

    def handle_endtag(self, tag):
        if tag in VOID or self.depth == 0:
            return
        if self.skip_at == self.depth:
            self.skip_at = None
        self.depth -= 1

    def handle_data(self, data):
        if self.depth and self.skip_at is None:
            self.parts.append(data)


def own_text(html: str) -> str:
    parser = _OwnText()
    parser.feed(html)
    parser.close()
    return " ".join(" ".join(parser.parts).split())


def own_text_bytes(site: Path) -> int:
    """The text all pages carry as their own, in UTF-8 bytes."""
    site = Path(site)
    return sum(len(own_text(p.read_text("utf-8")).encode("utf-8")) for p in sorted(site.rglob("*.html")))


def search_index_bytes(site: Path, index: str = SEARCH_INDEX) -> int:
    path = Path(site) / index
    return path.stat().st_size if path.is_file() else 0


def kit_gzip_bytes(site: Path) -> int:
    path = Path(site) / KIT
    return len(gzip.compress(path.read_bytes(), 9)) if path.is_file() else 0


def measure(site: Path, index: str = SEARCH_INDEX) -> dict:
    """Every figure at once: largest page, 95th percentile, search index and its ratio.

    ``index`` is where the engine writes its search index (Zensical: ``search.json``).
    """
    weights = page_weights(site)
    path, largest = largest_page(site)
    index, own = search_index_bytes(site, index), own_text_bytes(site)
    return {"largest_path": path, "largest_bytes": largest, "p95_bytes": percentile(list(weights.values()), 0.95),
            "html_pages": len(weights), "index_bytes": index, "own_text_bytes": own,
            "index_ratio": index / own if own else 0.0, "kit_gzip_bytes": kit_gzip_bytes(site)}
