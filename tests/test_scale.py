"""The site at N = 1,000 testimonies (the benchmark's corpus): what a reader downloads stays bounded.

The corpus is generated and built once for this module (about half a minute).
Links are followed in the built HTML only, as a reader (or a crawler) would.
"""

from __future__ import annotations

import json
import re
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

from bench.corpus import make_project
from bench.weights import MAX_PAGE_BYTES, largest_page, page_weights
from coopsite import config
from coopsite.search.pages import written_page_records
from coopsite.search.records import corpus_records
from coopsite.structure.loader import load_corpus
from tests.conftest import mkdocs_build
from tests.helpers import crawl

pytestmark = pytest.mark.build

N = 1000
_HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """(corpus, built site) of the benchmark's N = 1,000 corpus, 4 quotes per case."""
    work = tmp_path_factory.mktemp("n1000")
    project = make_project(work / "projet", N, 4)
    site = work / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr[-3000:]
    return load_corpus(project), site


def links(site: Path, url: str) -> list[tuple[str, str]]:
    """(page URL, fragment) of every internal link on the page at ``url`` (site-root relative)."""
    html = (site / url / "index.html").read_text("utf-8")
    out = []
    for href in _HREF.findall(html):
        if not href or re.match(r"[a-z][a-z0-9+.-]*:", href):
            continue
        parts = urlsplit(urljoin("http://site.invalid/" + url, href.replace("&amp;", "&")))
        out.append((unquote(parts.path).lstrip("/"), unquote(parts.fragment)))
    return out


def reach(site: Path, start: str, follow) -> set[tuple[str, str]]:
    """Every link target found by following, from ``start``, the links whose page ``follow`` accepts."""
    seen, found, queue = {start}, set(), deque([start])
    while queue:
        for target in links(site, queue.popleft()):
            found.add(target)
            if follow(target[0]) and target[0] not in seen:
                seen.add(target[0])
                queue.append(target[0])
    return found


def test_no_page_is_over_the_bound(large):
    corpus, site = large
    assert len(corpus.cases) == N and len(corpus.quotes) == 4 * N
    weights = page_weights(site)
    over = {path: size for path, size in weights.items()
            if size > MAX_PAGE_BYTES and path != "autodiagnostic/index.html"}
    assert over == {}
    path, size = largest_page(site)
    assert size <= MAX_PAGE_BYTES, (path, size)
    assert len(weights) > N  # every case has its page


def test_every_quote_is_reachable_from_paroles(large):
    corpus, site = large
    found = reach(site, config.QUOTES, lambda url: url.startswith(config.QUOTES))
    expected = {(config.case_url(q.case), q.id) for q in corpus.quotes}
    assert expected <= found
    # The first page shows the most recent round table.
    first = {url for url, _ in links(site, config.QUOTES) if url.startswith(config.CASES)}
    newest = corpus.events[0]
    assert first and all(url in {config.case_url(c) for c in newest.cases} for url in first - {config.CASES})


def test_every_quote_is_reachable_from_each_of_its_indicators(large):
    corpus, site = large
    for indicator in corpus.grid.indicators:
        mine = config.indicator_quotes_url(indicator)
        found = reach(site, config.indicator_url(indicator), lambda url, mine=mine: url.startswith(mine))
        expected = {(config.case_url(q.case), q.id) for q in indicator.quotes}
        assert expected <= found, indicator.id
        # The indicator's page itself shows a bounded number of quotes and the total.
        own = (site / config.indicator_url(indicator) / "index.html").read_text("utf-8")
        assert own.count('class="coop-quote"') == min(12, len(indicator.quotes))
        assert f"{len(indicator.quotes)} citations illustrent" in own


def test_search_index_holds_each_quote_once_at_its_anchor(large):
    """Pagefind's index at N = 1,000: every record is in it, each quote once, at its
    anchor on its testimony (the bytes of a first query: bench/search.py)."""
    corpus, site = large
    records = corpus_records(corpus)
    quotes = [r.url for r in records if r.meta["type"] == "citation"]
    assert quotes == [config.quote_url(q) for q in corpus.quotes] and len(set(quotes)) == len(quotes)
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    written = written_page_records(site, site.parent / "projet" / "docs")
    assert written and entry["languages"]["fr"]["page_count"] == len(records) + len(written)
    assert not (site / "search" / "search_index.json").exists()


def test_no_broken_link_or_anchor_at_scale(large):
    _, site = large
    broken_links, broken_anchors = crawl(site)
    assert broken_links == [] and broken_anchors == []


def test_zensical_builds_the_large_corpus_within_the_bound(large, tmp_path):
    """Zensical refused N = 1,000 when one page carried every quote (its search field limit)."""
    import subprocess
    import sys

    from coopsite.export.zensical import prepare

    corpus, _ = large
    build = tmp_path / "zensical"
    config_file = prepare(corpus.root, build)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(config_file)],
                            cwd=build, capture_output=True, text=True, timeout=900)
    assert result.returncode == 0, (result.stdout + result.stderr)[-3000:]
    path, size = largest_page(build / "site")
    assert size <= MAX_PAGE_BYTES, (path, size)
    assert (build / "site" / config.QUOTES / "page" / "2" / "index.html").is_file()
