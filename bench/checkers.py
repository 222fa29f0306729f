"""Third-party checkers on the built site: Lighthouse and pa11y, one page per type.

Both are npm packages, installed on first use into ``.cache/npm-bench/``
(ignored by git; versions pinned below), and both drive Debian's Chromium
(``/usr/bin/chromium``): no browser is downloaded. The site is served on
127.0.0.1 with gzip, as any static host serves it.

    python bench/checkers.py                 # builds the site into a temporary folder
    python bench/checkers.py --site DIR      # checks an already built site
    python bench/checkers.py --runs 3        # Lighthouse runs per page (median scores)
    python bench/checkers.py --only pa11y    # or --only lighthouse
    python bench/checkers.py --page collectif=autodiagnostic/collectif/   # one more page
    python bench/checkers.py --no-gzip       # served without compression (the worst host)
    python bench/checkers.py --site-url https://example.org/   # built with SITE_URL

Targets (exit code 1 if one is missed): Lighthouse accessibility and SEO 100 on
every page (with and without SITE_URL: ``--site-url``); Lighthouse mobile performance >= 90 on the self-test page; no console
error on the embed page; pa11y (htmlcs runner, WCAG2AA) 0 errors outside the
list of Material's own, below. Too slow for every test run: bench only.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import re
import shutil
import socketserver
import statistics
import subprocess
import sys
import tempfile
import threading
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopsite import config  # noqa: E402
from coopsite.structure.loader import load_corpus  # noqa: E402

NPM_DIR = ROOT / ".cache" / "npm-bench"
# Versions whose declared engines, their dependencies' included, accept the Node.js of Debian 12's
# machines (20): Lighthouse 13 and pa11y 10 ask for Node 22 (npm install --engine-strict refuses
# them). Lighthouse 13 removed audits and artifacts that the four category scores read here do not
# depend on; pa11y 9.1.1 is the version the test suite runs (tasks.py).
PACKAGES = {"lighthouse": "12.8.2", "pa11y": "9.1.1"}
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROME_FLAGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--no-first-run"]
SELFTEST_PERFORMANCE = 90
GZIP_TYPES = (".html", ".css", ".js", ".json", ".svg", ".xml", ".csv", ".txt")

# pa11y errors that come from Material's own markup, matched by rule and by
# the start of the offending element. Each is Material's, not ours, and is
# listed in the report.
MATERIAL_PA11Y = (
    ("H32.2", re.compile(r'^<form class="md-header__option" data-md-component="palette">'),
     "Material : le formulaire du bouton de thème clair/sombre n’a pas de bouton d’envoi"),
    ("H32.2", re.compile(r'^<form class="md-search__form" name="search">'),
     "Material : le formulaire de recherche n’a pas de bouton d’envoi (la recherche est instantanée)"),
    # nav-item.html writes the hidden `__toc` toggle of the current nav item
    # even when the page has no table of contents, and then no label for it.
    ("H91.InputCheckbox.Name", re.compile(r'^<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'),
     "Material : case à cocher cachée « __toc » sans libellé, sur une page du menu sans table des matières"),
    ("F68", re.compile(r'^<input class="md-nav__toggle md-toggle" type="checkbox" id="__toc">'),
     "Material : case à cocher cachée « __toc » sans libellé, sur une page du menu sans table des matières"),
)


def page_types(extra: list[str]) -> dict[str, str]:
    """One URL (relative to the site root) per page type, from the URL plan."""
    corpus = load_corpus(ROOT)
    pages = {
        "accueil": config.HOME,
        "témoignage": config.case_url(corpus.cases[0]),
        "citation": config.quote_page_url(corpus.quotes[0]),
        "indicateur": config.indicator_url(corpus.grid.indicators[0]),
        "table ronde": config.event_url(corpus.events[0]),
        "grille": config.GRID,
        "couverture": config.COVERAGE,
        "paroles": config.QUOTES,
        "autodiagnostic": config.SELFTEST,
        "intégrable": config.SELFTEST_EMBED,
    }
    for item in extra:
        name, _, url = item.partition("=")
        pages[name] = url
    return pages


# --- tools ------------------------------------------------------------------


def ensure_tools() -> dict[str, Path]:
    """The two CLIs, installed into .cache/npm-bench/ when missing."""
    bins = {name: NPM_DIR / "node_modules" / ".bin" / name for name in PACKAGES}
    wanted = [f"{name}@{version}" for name, version in PACKAGES.items()
              if not _installed(name, version)]
    if wanted:
        if shutil.which("npm") is None:
            sys.exit("npm est nécessaire pour Lighthouse et pa11y : installez Node.js et npm (paquet Debian « npm »).")
        print(f"installation de {', '.join(wanted)} dans .cache/npm-bench/ (paquets npm)", flush=True)
        NPM_DIR.mkdir(parents=True, exist_ok=True)
        subprocess.run(["npm", "install", "--prefix", str(NPM_DIR), "--no-audit", "--no-fund", "--ignore-scripts", "--engine-strict",
                        *wanted], check=True, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"})
    if not Path(CHROMIUM).exists():
        sys.exit(f"Chromium introuvable ({CHROMIUM}) : installez le paquet Debian « chromium ».")
    return bins


def _installed(name: str, version: str) -> bool:
    manifest = NPM_DIR / "node_modules" / name / "package.json"
    return manifest.exists() and json.loads(manifest.read_text(encoding="utf-8")).get("version") == version


# --- a gzip static server -----------------------------------------------------


class _GzipHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass

    def send_head(self):
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        if (path.suffix not in GZIP_TYPES or "gzip" not in self.headers.get("Accept-Encoding", "")
                or not path.is_file() or not self.path.split("?")[0].endswith(("/", path.name))):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), 6)
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self._body = body
        return None

    def do_GET(self):
        self._body = None
        result = self.send_head()
        if self._body is not None:
            self.wfile.write(self._body)
        elif result:
            try:
                self.copyfile(result, self.wfile)
            finally:
                result.close()


class _Server(socketserver.ThreadingMixIn, http.server.HTTPServer):
    daemon_threads = True
    allow_reuse_address = True


class _PlainHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def serve(site: Path, compress: bool = True):
    handler = _GzipHandler if compress else _PlainHandler
    server = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


# --- Lighthouse -------------------------------------------------------------


def lighthouse(binary: Path, url: str, runs: int) -> dict:
    """Median scores of ``runs`` mobile runs, with the failed accessibility audits and console errors."""
    reports = []
    for _ in range(runs):
        result = subprocess.run(
            [str(binary), url, "--quiet", "--output=json", "--output-path=stdout",
             "--only-categories=performance,accessibility,best-practices,seo",
             f"--chrome-flags={' '.join(CHROME_FLAGS)}"],
            capture_output=True, text=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM},
        )
        if result.returncode != 0:
            sys.exit(f"Lighthouse a échoué sur {url} :\n{result.stderr[-2000:]}")
        reports.append(json.loads(result.stdout))
    scores = {key: statistics.median(round(100 * (r["categories"][key]["score"] or 0)) for r in reports)
              for key in ("performance", "accessibility", "best-practices", "seo")}
    last = reports[-1]
    failed = sorted(audit_id for audit_id in _category_audits(last, "accessibility")
                    if last["audits"][audit_id].get("score") not in (None, 1))
    failed_seo = sorted(audit_id for audit_id in _category_audits(last, "seo")
                        if last["audits"][audit_id].get("score") not in (None, 1))
    console = last["audits"].get("errors-in-console", {}).get("details", {}).get("items", [])
    metrics = {key: last["audits"][key].get("displayValue", "") for key in (
        "first-contentful-paint", "largest-contentful-paint", "total-blocking-time", "cumulative-layout-shift")}
    dom = last["audits"].get("dom-size-insight", {}).get("details", {}).get("items", [{}])
    elements = dom[0].get("value", {}).get("value") if dom and isinstance(dom[0].get("value"), dict) else None
    return {"scores": scores, "runs": [round(100 * r["categories"]["performance"]["score"]) for r in reports],
            "failed_accessibility": failed, "failed_seo": failed_seo, "console_errors": [item.get("description", "") for item in console],
            "metrics": metrics, "dom_elements": elements}


def _category_audits(report: dict, category: str) -> list[str]:
    return [ref["id"] for ref in report["categories"][category]["auditRefs"] if ref.get("weight", 0) > 0]


# --- pa11y ------------------------------------------------------------------


def pa11y(binary: Path, url: str) -> dict:
    """pa11y errors (htmlcs runner, WCAG2AA), split into ours and Material's."""
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as handle:
        json.dump({"chromeLaunchConfig": {"executablePath": CHROMIUM, "args": ["--no-sandbox", "--disable-gpu"]},
                   "timeout": 60000}, handle)
        config_path = handle.name
    try:
        result = subprocess.run(
            [str(binary), "--runner", "htmlcs", "--standard", "WCAG2AA", "--reporter", "json",
             "--config", config_path, url],
            capture_output=True, text=True, timeout=300, env={**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"},
        )
    finally:
        os.unlink(config_path)
    try:
        issues = json.loads(result.stdout or "[]")
    except json.JSONDecodeError:
        sys.exit(f"pa11y a échoué sur {url} :\n{result.stderr[-2000:] or result.stdout[-2000:]}")
    errors = [i for i in issues if i.get("type") == "error"]
    ours, material = [], []
    for issue in errors:
        known = next((why for code, element, why in MATERIAL_PA11Y
                      if issue.get("code", "").endswith(code) and element.search(issue.get("context", ""))), None)
        (material if known else ours).append({**issue, "why": known} if known else issue)
    return {"ours": ours, "material": material}


# --- report -----------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build one into a temporary folder)")
    parser.add_argument("--runs", type=int, default=1, help="Lighthouse runs per page (median)")
    parser.add_argument("--only", choices=("lighthouse", "pa11y"))
    parser.add_argument("--page", action="append", default=[], metavar="NOM=URL", help="an extra page to check")
    parser.add_argument("--json", type=Path, help="also write the raw figures to this file")
    parser.add_argument("--no-gzip", action="store_true", help="serve without compression (the worst host)")
    parser.add_argument("--site-url", default="", help="build with this SITE_URL (default: without, as a first build)")
    args = parser.parse_args(argv)

    tools = ensure_tools()
    with tempfile.TemporaryDirectory(prefix="coopsite-checkers-") as scratch:
        site = args.site
        if site is None:
            site = Path(scratch) / "site"
            built = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(site)],
                                   cwd=ROOT, capture_output=True, text=True,
                                   env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": args.site_url})
            if built.returncode != 0:
                sys.exit(f"la construction du site a échoué :\n{built.stderr}")
        server, base = serve(site, compress=not args.no_gzip)
        try:
            results = run_checks(tools, base, page_types(args.page), args)
        finally:
            server.shutdown()
    if args.json:
        args.json.write_text(json.dumps(results, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return report(results)


def run_checks(tools: dict[str, Path], base: str, pages: dict[str, str], args) -> dict:
    results = {}
    for name, url in pages.items():
        entry = {"url": "/" + url}
        if args.only in (None, "lighthouse"):
            runs = args.runs if url == config.SELFTEST else 1
            entry["lighthouse"] = lighthouse(tools["lighthouse"], base + url, max(1, runs))
        if args.only in (None, "pa11y"):
            entry["pa11y"] = pa11y(tools["pa11y"], base + url)
        results[name] = entry
        print(f"  {name} : fait", file=sys.stderr, flush=True)
    return results


def report(results: dict) -> int:
    missed = []
    print(f"{'page':<16} {'adresse':<34} {'perf.':>5} {'access.':>7} {'bonnes pr.':>10} {'SEO':>4} "
          f"{'pa11y (nous)':>12} {'pa11y (Material)':>16}")
    for name, entry in results.items():
        lh, pa = entry.get("lighthouse"), entry.get("pa11y")
        cells = [f"{lh['scores']['performance']:>5}", f"{lh['scores']['accessibility']:>7}",
                 f"{lh['scores']['best-practices']:>10}", f"{lh['scores']['seo']:>4}"] if lh \
            else ["    —", "      —", "         —", "   —"]
        cells += [f"{len(pa['ours']):>12}", f"{len(pa['material']):>16}"] if pa else ["           —", "               —"]
        print(f"{name:<16} {entry['url']:<34} {' '.join(cells)}")
        if lh:
            if lh["scores"]["accessibility"] < 100:
                missed.append(f"{name} : accessibilité Lighthouse {lh['scores']['accessibility']} "
                              f"({', '.join(lh['failed_accessibility'])})")
            if lh["scores"]["seo"] < 100:
                missed.append(f"{name} : SEO Lighthouse {lh['scores']['seo']} ({', '.join(lh['failed_seo'])})")
            if entry["url"] == "/" + config.SELFTEST and lh["scores"]["performance"] < SELFTEST_PERFORMANCE:
                missed.append(f"{name} : performance mobile {lh['scores']['performance']} < {SELFTEST_PERFORMANCE} "
                              f"(essais : {lh['runs']})")
            if entry["url"] == "/" + config.SELFTEST_EMBED and lh["console_errors"]:
                missed.append(f"{name} : erreurs dans la console : {lh['console_errors']}")
        if pa:
            missed += [f"{name} : pa11y {i['code']} sur {i['selector']} : {i['message']}" for i in pa["ours"]]
    selftest = next((e["lighthouse"] for e in results.values()
                     if e["url"] == "/" + config.SELFTEST and e.get("lighthouse")), None)
    if selftest:
        print(f"\nautodiagnostic (mobile) : essais {selftest['runs']}, {selftest['metrics']}, "
              f"{selftest['dom_elements']} éléments")
    material = {i["why"] for e in results.values() if e.get("pa11y") for i in e["pa11y"]["material"]}
    if material:
        print("\nErreurs pa11y de Material, admises :")
        for why in sorted(material):
            print(f"  - {why}")
    if missed:
        print("\nCibles manquées :")
        for line in missed:
            print(f"  - {line}")
        return 1
    print("\nToutes les cibles sont atteintes.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
