"""The site at scale: what a reader downloads stays bounded, and nothing is lost.

Builds the benchmark corpus (N testimonies × 4 quotes) with MkDocs, then
checks, following the links of the built HTML as a reader or a crawler would:

* no page over the bound (``bench/weights.py``), the self-test's page aside;
* every quote reachable from Paroles, and from each of its indicators;
* each indicator's page: a bounded preview and the total;
* the search index: every record in it, each quote once, at its anchor;
* no broken link or anchor;
* Zensical builds the same corpus, within the same bound.

    python bench/scale.py                 # N = 1,000 (the figures of docs/performances.md)
    python bench/scale.py --cases 300

The test suite runs the same checks at a smaller N (``tests/test_scale.py``),
so that they are tested too while the suite stays quick.
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
import time
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.corpus import make_project  # noqa: E402
from bench.weights import EXEMPT_PAGES, MAX_PAGE_BYTES, largest_page, page_weights  # noqa: E402
from coopsite import config  # noqa: E402
from coopsite.search.pages import written_page_records  # noqa: E402
from coopsite.search.records import corpus_records  # noqa: E402
from coopsite.structure.loader import load_corpus  # noqa: E402
from tests.conftest import mkdocs_build  # noqa: E402
from tests.helpers import crawl  # noqa: E402

QUOTES_PER_CASE = 4
_HREF = re.compile(r'<a\b[^>]*?\bhref="([^"]*)"')


def build(work: Path, cases: int):
    """(corpus, project folder, built site) of the benchmark corpus with ``cases`` testimonies."""
    project = make_project(work / "projet", cases, QUOTES_PER_CASE)
    site = work / "site"
    result = mkdocs_build(project, site)
    if result.returncode != 0:
        raise RuntimeError(result.stderr[-3000:])
    return load_corpus(project), project, site


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


# Each check returns a list of failures (empty: it holds) and says what it checked.

def pages_bounded(corpus, site: Path) -> list[str]:
    weights = page_weights(site)
    over = [f"{path} : {size / 1000:.1f} Ko" for path, size in weights.items()
            if size > MAX_PAGE_BYTES and path not in EXEMPT_PAGES]
    if len(weights) <= len(corpus.cases):
        over.append(f"{len(weights)} pages seulement pour {len(corpus.cases)} témoignages")
    return over


def quotes_reachable_from_paroles(corpus, site: Path) -> list[str]:
    found = reach(site, config.QUOTES, lambda url: url.startswith(config.QUOTES))
    missing = [q.id for q in corpus.quotes if (config.case_url(q.case), q.id) not in found]
    # The first page shows the most recent round table.
    first = {url for url, _ in links(site, config.QUOTES) if url.startswith(config.CASES)} - {config.CASES}
    newest = {config.case_url(c) for c in corpus.events[0].cases}
    if not first or not first <= newest:
        missing.append("la première page de Paroles ne montre pas la table ronde la plus récente")
    return missing


def quotes_reachable_from_indicators(corpus, site: Path) -> list[str]:
    failures = []
    for indicator in corpus.grid.indicators:
        mine = config.indicator_quotes_url(indicator)
        found = reach(site, config.indicator_url(indicator), lambda url, mine=mine: url.startswith(mine))
        lost = [q.id for q in indicator.quotes if (config.case_url(q.case), q.id) not in found]
        if lost:
            failures.append(f"{indicator.id} : {len(lost)} citation(s) injoignable(s)")
        own = (site / config.indicator_url(indicator) / "index.html").read_text("utf-8")
        shown = own.count('class="coop-quote"')
        if shown != min(12, len(indicator.quotes)):
            failures.append(f"{indicator.id} : aperçu de {shown} citations")
        if f"{len(indicator.quotes)} citations illustrent" not in own:
            failures.append(f"{indicator.id} : total absent de la page")
    return failures


def search_index_complete(corpus, site: Path, project: Path) -> list[str]:
    records = corpus_records(corpus)
    quotes = [r.url for r in records if r.meta["type"] == "citation"]
    failures = []
    if quotes != [config.quote_url(q) for q in corpus.quotes] or len(set(quotes)) != len(quotes):
        failures.append("les citations ne sont pas chacune une fois, à leur ancre")
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    written = written_page_records(site, project / "docs")
    indexed = entry["languages"]["fr"]["page_count"]
    if not written or indexed != len(records) + len(written):
        failures.append(f"{indexed} fiches indexées pour {len(records)} + {len(written)} attendues")
    if (site / "search" / "search_index.json").exists():
        failures.append("l'index lunr de Material est encore publié")
    return failures


def no_broken_link(corpus, site: Path) -> list[str]:
    broken_links, broken_anchors = crawl(site)
    return (broken_links + broken_anchors)[:20]


def zensical_builds(corpus, project: Path, work: Path) -> list[str]:
    """Zensical refused N = 1,000 when one page carried every quote (its search field limit)."""
    from coopsite.export.zensical import prepare

    build = work / "zensical"
    config_file = prepare(project, build)
    result = subprocess.run([sys.executable, "-m", "zensical", "build", "-f", str(config_file)],
                            cwd=build, capture_output=True, text=True, timeout=1800)
    if result.returncode != 0:
        return [(result.stdout + result.stderr)[-1000:]]
    path, size = largest_page(build / "site")
    failures = [f"{path} : {size / 1000:.1f} Ko"] if size > MAX_PAGE_BYTES else []
    if len(corpus.quotes) > 40 and not (build / "site" / config.QUOTES / "page" / "2" / "index.html").is_file():
        failures.append("Paroles n'est pas découpée en pages")
    return failures


MAX_FEED_BYTES = 250_000
FEED_ENTRIES = 50  # the newest entries only, whatever the size of the corpus


def feeds_bounded(corpus) -> list[str]:
    """Both Atom feeds, as a site with SITE_URL has them: 50 entries, newest first, under 250 KB."""
    from coopsite.feed import feed_files

    problems = []
    for path, text in feed_files(corpus, "https://example.org/cooperation/", "Coopérer sur les territoires").items():
        size = len(text.encode("utf-8"))
        entries = text.count("<entry>")
        dates = re.findall(r"<updated>([0-9-]{10})T", text)[1:]
        if size > MAX_FEED_BYTES:
            problems.append(f"{path} : {size} octets")
        if entries != FEED_ENTRIES:
            problems.append(f"{path} : {entries} entrées au lieu de {FEED_ENTRIES}")
        if dates != sorted(dates, reverse=True):
            problems.append(f"{path} : entrées dans le désordre")
    return problems


def run_checks(corpus, project: Path, site: Path, work: Path, zensical: bool = True) -> list[tuple[str, list[str]]]:
    checks = [
        (f"aucune page au-delà de {MAX_PAGE_BYTES // 1000} Ko", lambda: pages_bounded(corpus, site)),
        ("chaque citation atteinte depuis Paroles", lambda: quotes_reachable_from_paroles(corpus, site)),
        ("chaque citation atteinte depuis chacun de ses indicateurs",
         lambda: quotes_reachable_from_indicators(corpus, site)),
        ("index de recherche complet, chaque citation une fois à son ancre",
         lambda: search_index_complete(corpus, site, project)),
        ("aucun lien ni ancre cassés", lambda: no_broken_link(corpus, site)),
        (f"fils d’actualités bornés : 50 entrées, moins de {MAX_FEED_BYTES // 1000} Ko",
         lambda: feeds_bounded(corpus)),
    ]
    if zensical:
        checks.append(("Zensical construit le même corpus dans la même borne",
                       lambda: zensical_builds(corpus, project, work)))
    return [(label, check()) for label, check in checks]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Vérifie le site construit à grande échelle.")
    parser.add_argument("--cases", type=int, default=1000, help="témoignages du corpus de banc (défaut : 1000)")
    parser.add_argument("--no-zensical", action="store_true", help="sans la construction par Zensical")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        start = time.perf_counter()
        corpus, project, site = build(work, args.cases)
        path, size = largest_page(site)
        print(f"N = {args.cases} : {len(corpus.quotes)} citations, {len(page_weights(site))} pages HTML, "
              f"plus grosse {size / 1000:.1f} Ko ({path}), construit en {time.perf_counter() - start:.0f} s")
        results = run_checks(corpus, project, site, work, zensical=not args.no_zensical)
    ok = True
    for label, failures in results:
        ok &= not failures
        print(f"[{'OK' if not failures else 'ÉCHEC'}] N={args.cases} : {label}")
        for failure in failures[:10]:
            print(f"    {failure}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
