"""What a first search costs a reader: bytes and time, in Chromium, on a built site.

From the opening of ``/recherche/?q=…`` to the first 5 results shown, every
file the page requests is counted once, at the size a gzip-serving host
sends (gzip level 6, or the file as it is when that is smaller: Pagefind's
index chunks and WebAssembly are compressed already). The search's own share
(``pagefind/`` and ``assets/search/``) is given apart.

    python bench/search.py --cases 1000          # builds the benchmark corpus, then measures
    python bench/search.py --site DIR            # measures an already built site

The filters' counts are loaded just after the first results: the page's
total once they are shown is reported too.

Targets at N = 1,000: a first query downloads ≤ 300 KB, library included
(issue « Find a good practice… »), and the search's own share ≤ 150 KB
(issue « A build you can see »). The figures go to docs/performances.md.
"""

from __future__ import annotations

import argparse
import gzip
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, unquote, urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

TARGET = 300 * 1024
SEARCH_TARGET = 150 * 1024
QUERIES = ("cooperation", "mutualise", "territoires", "benevole", "gouvernance partagee")
# French as people type it, on the corpus: (typed, reference, relation). "=" the same
# count of results, ">=" at least as many. Names and words of bench/corpus.py.
PAIRS = (("reseau", "réseau", "="), ("elus", "élus", "="), ("Helene", "Hélène", "="), ("Guerin", "Guérin", "="),
         ("region", "région", "="), ("territoires", "territoire", ">="), ("projets", "projet", ">="),
         ("mutualis", "mutualisé", ">="))
SEARCH_OWN = ("pagefind/", "assets/search/")


def sent_size(path: Path) -> int:
    data = path.read_bytes()
    return min(len(data), len(gzip.compress(data, 6)))


def build_corpus(cases: int, work: Path) -> Path:
    project = work / "project"
    subprocess.run([sys.executable, str(ROOT / "bench" / "corpus.py"), str(project), "--cases", str(cases)],
                   check=True, capture_output=True)
    site = work / "site"
    subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(site)],
                   cwd=project, check=True, capture_output=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"})
    return site


def sizes(site: Path, urls: list[str]) -> tuple[int, int]:
    """(bytes of all ``urls``, bytes of the search's own files), each file once."""
    total = own = 0
    for url in dict.fromkeys(urls):
        rel = unquote(urlsplit(url).path).lstrip("/")
        path = site / rel
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            continue
        size = sent_size(path)
        total += size
        if rel.startswith(SEARCH_OWN):
            own += size
    return total, own


def measure(site: Path, queries=QUERIES) -> list[dict]:
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    server, base = serve(site)
    out = []
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            for query in queries:
                context = browser.new_context()  # an empty cache: a first visit
                page = context.new_page()
                requested: list = []
                page.on("request", lambda request: requested.append(request))
                page.goto(f"{base}recherche/?q={quote(query)}")
                # The count is announced once the first results are on the page.
                page.wait_for_function("() => /\\d+ résultat|Aucun/.test("
                                       "document.querySelector('#coop-search-status').textContent)",
                                       polling=50, timeout=60000)
                # The moment the results were shown, by the page's clock (ms since the epoch).
                shown_at = page.evaluate("() => performance.timeOrigin + "
                                         "performance.getEntriesByName('coop-search-results')[0].startTime")
                navigation = page.evaluate("() => performance.timeOrigin")
                elapsed = (shown_at - navigation) / 1000
                hits = page.locator(".coop-hit").count()
                # Then the filters' counts, loaded once the results are shown.
                page.wait_for_function("() => 'counted' in document.querySelector('[data-coop-search]').dataset",
                                       polling=50, timeout=60000)
                page.wait_for_load_state("networkidle")
                # Requests made by the page and by Pagefind's worker, each with its start time.
                first = [r.url for r in requested if r.timing["startTime"] <= shown_at]
                counted = [r.url for r in requested]
                context.close()
                total, own = sizes(site, first)
                with_counts, _ = sizes(site, counted)
                out.append({"query": query, "hits": hits, "seconds": elapsed, "bytes": total, "search_bytes": own,
                            "files": len(set(first)), "with_counts": with_counts})
            browser.close()
    finally:
        server.shutdown()
    return out


def result_count(page, base: str, query: str) -> int:
    page.goto(f"{base}recherche/?q={quote(query)}")
    page.wait_for_function("() => /\\d+ résultat|Aucun/.test(document.querySelector('#coop-search-status').textContent)",
                           polling=50, timeout=60000)
    status = page.locator("#coop-search-status").inner_text()
    return 0 if status.startswith("Aucun") else int(status.split()[0])


def check_pairs(site: Path, pairs=PAIRS) -> bool:
    """Accent-free, plural and prefix forms find at least what their reference finds."""
    from playwright.sync_api import sync_playwright

    from tests.conftest import CHROMIUM, CHROMIUM_ARGS, serve

    server, base = serve(site)
    ok = True
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            page = browser.new_page()
            print("Requêtes en français (tapé / référence) :")
            for typed, reference, relation in pairs:
                a, b = result_count(page, base, typed), result_count(page, base, reference)
                good = b > 0 and (a == b if relation == "=" else a >= b)
                ok &= good
                print(f"[{'OK' if good else 'ÉCHEC'}] « {typed} » : {a} résultats ; « {reference} » : {b} "
                      f"(attendu : {'autant' if relation == '=' else 'au moins autant'})")
            browser.close()
    finally:
        server.shutdown()
    return ok


def report(rows: list[dict], label: str) -> bool:
    print(f"Première recherche ({label}) : octets envoyés compressés, de l'ouverture de la page aux 5 premiers résultats")
    print(f"{'requête':<24} {'résultats':>9} {'fichiers':>8} {'total (Ko)':>11} {'recherche (Ko)':>15} {'temps (s)':>10} "
          f"{'avec les comptes (Ko)':>22}")
    for r in rows:
        print(f"{r['query']:<24} {r['hits']:>9} {r['files']:>8} {r['bytes'] / 1024:>11.1f} {r['search_bytes'] / 1024:>15.1f} "
              f"{r['seconds']:>10.2f} {r['with_counts'] / 1024:>22.1f}")
    worst = max(r["bytes"] for r in rows)
    ok = worst <= TARGET
    print(f"[{'OK' if ok else 'ÉCHEC'}] la plus lourde : {worst / 1024:.1f} Ko (cible ≤ {TARGET // 1024} Ko) ; "
          f"temps médian jusqu'aux résultats : {statistics.median(r['seconds'] for r in rows):.2f} s")
    own = max(r["search_bytes"] for r in rows)
    own_ok = own <= SEARCH_TARGET
    print(f"[{'OK' if own_ok else 'ÉCHEC'}] la part de la recherche la plus lourde : {own / 1024:.1f} Ko "
          f"(cible ≤ {SEARCH_TARGET // 1024} Ko)")
    return ok and own_ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure une première recherche dans Chromium.")
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon : corpus de banc construit)")
    parser.add_argument("--cases", type=int, default=1000, help="témoignages du corpus de banc (défaut : 1000)")
    args = parser.parse_args(argv)
    if args.site:
        ok = report(measure(args.site), str(args.site))
        return 0 if check_pairs(args.site) and ok else 1
    with tempfile.TemporaryDirectory() as work:
        site = build_corpus(args.cases, Path(work))
        ok = report(measure(site), f"N = {args.cases}")
        return 0 if check_pairs(site) and ok else 1


if __name__ == "__main__":
    sys.exit(main())
