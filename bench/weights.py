"""What a reader downloads from a built site: page weights and the off-line kit.

Used by ``bench/run.py`` (figures for every N) and by the tests at N = 1,000.
Page weight is the size of each HTML file, as served (uncompressed). What a
first search downloads is measured in a browser by ``bench/search.py``.
"""

from __future__ import annotations

import gzip
import math
from pathlib import Path

MAX_PAGE_BYTES = 250_000
# The off-line workshop kit (one file, coopsite/kit.py): its compressed size, as downloaded.
KIT = "autodiagnostic/atelier.html"
MAX_KIT_GZIP = 250_000
# Pages whose weight does not depend on the number of cases, exempt from the bound
# (the off-line kit has its own: MAX_KIT_GZIP).
EXEMPT_PAGES = ("autodiagnostic/index.html", "autodiagnostic/atelier.html")


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


def kit_gzip_bytes(site: Path) -> int:
    path = Path(site) / KIT
    return len(gzip.compress(path.read_bytes(), 9)) if path.is_file() else 0


def measure(site: Path) -> dict:
    """Every figure at once: largest page, 95th percentile, the off-line kit compressed.

    A first search's bytes (Pagefind loads its index in pieces) are measured in a
    browser by ``bench/search.py``.
    """
    weights = page_weights(site)
    path, largest = largest_page(site)
    return {"largest_path": path, "largest_bytes": largest, "p95_bytes": percentile(list(weights.values()), 0.95),
            "html_pages": len(weights), "kit_gzip_bytes": kit_gzip_bytes(site)}
