"""Weight of the embeddable self-test: what a host page makes its readers download.

Reads the built embed page (``autodiagnostic/embed/index.html``), follows
every script, module, stylesheet, preload and image it references, then
the ES ``import`` statements of the scripts (static and dynamic), the
``fetch("…")`` / ``new URL("…", import.meta.url)`` literals, and the
``@import`` / ``url(…)`` of the stylesheets. Each file is counted once,
gzipped at level 6 (a usual server setting).

    python bench/payload.py              # builds the site into a temporary folder
    python bench/payload.py --site DIR   # measures an already built site

Targets, at first load: the whole page ≤ 60 KB gzipped; the self-test's own
JS and CSS (files under ``assets/autodiagnostic/``) ≤ 25 KB gzipped. What only
a dynamic ``import()`` reaches (the comparison view, for example) is loaded on
demand: it is listed and totalled apart, and kept out of the first-load figures.
"""

from __future__ import annotations

import argparse
import gzip
import os
import re
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

ROOT = Path(__file__).resolve().parent.parent
EMBED = "autodiagnostic/embed/index.html"
OWN_ASSETS = "assets/autodiagnostic/"
TARGET_TOTAL = 60 * 1024
TARGET_OWN = 25 * 1024

JS_IMPORT = re.compile(
    r"""(?<![.\w$"'])(?:import\s*(?:[\w*{}\s,$]+\s*from\s*)?|export\s*[\w*{}\s,$]*\s*from\s*|import\s*\(\s*|"""
    r"""fetch\s*\(\s*|new\s+URL\s*\(\s*)(["'])([^"'\n]+)\1""")
CSS_REF = re.compile(r"""@import\s+(?:url\()?\s*["']?([^"')\s;]+)|url\(\s*["']?([^"')]+?)["']?\s*\)""")


class _Refs(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.refs: list[str] = []
        self.inline: list[str] = []
        self._script = False

    def handle_starttag(self, tag, attrs):
        a = {k: v or "" for k, v in attrs}
        if tag == "script":
            if a.get("src"):
                self.refs.append(a["src"])
            elif a.get("type", "module") in ("module", "", "text/javascript"):
                self._script = True
                self.inline.append("")
        elif tag == "link" and a.get("href") and set(a.get("rel", "").split()) & {
                "stylesheet", "modulepreload", "preload", "icon", "manifest"}:
            self.refs.append(a["href"])
        elif tag in ("img", "source", "iframe", "audio", "video") and a.get("src"):
            self.refs.append(a["src"])

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = False

    def handle_data(self, data):
        if self._script:
            self.inline[-1] += data


def _local(site: Path, base: str, ref: str) -> Path | None:
    """The file of ``site`` that ``ref`` (relative to the URL ``base``) names, if local."""
    url = urljoin(base, ref.strip())
    parts = urlsplit(url)
    if parts.netloc != "site.invalid" or not parts.path or ref.startswith("data:"):
        return None
    path = site / unquote(parts.path).lstrip("/")
    return path / "index.html" if path.is_dir() else path


def _gz(data: bytes) -> int:
    return len(gzip.compress(data, compresslevel=6, mtime=0))


def _is_dynamic(match: re.Match) -> bool:
    return re.match(r"import\s*\(", match.group(0)) is not None


def measure(site: Path) -> tuple[list[tuple[str, int, int, bool]], list[str]]:
    """([(file, bytes, gzipped bytes, loaded on demand)], [references outside the site or missing]).

    Files a first load fetches are found first; then the ones only dynamic
    ``import()`` calls reach (and everything those reach) are marked on demand.
    """
    site = site.resolve()
    page = site / EMBED
    if not page.is_file():
        raise FileNotFoundError(page)
    base = "http://site.invalid/" + EMBED
    seen: dict[Path, tuple[int, int]] = {}
    problems: list[str] = []
    queue: list[tuple[str, str]] = []  # (base URL, reference) reached at first load
    later: list[tuple[str, str]] = []  # reached only through import()
    on_demand: set[Path] = set()
    lazy = False  # becomes True once everything the first load fetches is counted

    def follow(origin: str, text: str) -> None:
        for m in JS_IMPORT.finditer(text):
            (later if _is_dynamic(m) and not lazy else queue).append((origin, m.group(2)))

    html = page.read_bytes()
    seen[page] = (len(html), _gz(html))
    parser = _Refs()
    parser.feed(html.decode("utf-8"))
    queue += [(base, ref) for ref in parser.refs]
    for script in parser.inline:
        follow(base, script)

    while queue or later:
        if not queue:  # the first load is complete: what remains loads on demand
            queue, later = later, []
            lazy = True
        origin, ref = queue.pop(0)
        if ref.startswith(("data:", "blob:", "#")):
            continue
        target = _local(site, origin, ref)
        if target is None:
            problems.append(f"hors du site : {ref}")
            continue
        if target in seen:
            continue
        if not target.is_file():
            problems.append(f"introuvable : {ref} (depuis {origin.removeprefix('http://site.invalid/')})")
            continue
        data = target.read_bytes()
        seen[target] = (len(data), _gz(data))
        if lazy:
            on_demand.add(target)
        url = "http://site.invalid/" + target.relative_to(site).as_posix()
        if target.suffix in (".js", ".mjs"):
            follow(url, data.decode("utf-8", "replace"))
        elif target.suffix == ".css":
            queue += [(url, m.group(1) or m.group(2)) for m in CSS_REF.finditer(data.decode("utf-8", "replace"))]
    files = [(p.relative_to(site).as_posix(), raw, packed, p in on_demand) for p, (raw, packed) in seen.items()]
    return files, problems


def build_site(dest: Path) -> Path:
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
        cwd=ROOT, capture_output=True, text=True, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    if result.returncode != 0:
        raise SystemExit(f"échec de la construction :\n{result.stderr[-4000:]}")
    return dest


def report(site: Path) -> bool:
    files, problems = measure(site)
    first = [f for f in files if not f[3]]
    later = [f for f in files if f[3]]
    print(f"{'au premier chargement':<52} {'octets':>9} {'gzip':>8}")
    for name, raw, packed, _ in sorted(first):
        print(f"{name:<52} {raw:>9,} {packed:>8,}".replace(",", " "))
    total = sum(f[2] for f in first)
    own = sum(f[2] for f in first if f[0].startswith(OWN_ASSETS) and f[0].endswith((".js", ".css")))
    if later:
        print(f"\n{'chargé à la demande (import dynamique)':<52} {'octets':>9} {'gzip':>8}")
        for name, raw, packed, _ in sorted(later):
            print(f"{name:<52} {raw:>9,} {packed:>8,}".replace(",", " "))
    print()
    ok = not problems
    for problem in problems:
        print(f"[ÉCHEC] {problem}")
    for label, value, target in (("page intégrée, en tout, au premier chargement", total, TARGET_TOTAL),
                                 ("JS et CSS propres à l'autodiagnostic, au premier chargement", own, TARGET_OWN)):
        good = value <= target
        ok &= good
        print(f"[{'OK' if good else 'ÉCHEC'}] {label} : {value / 1024:.1f} Ko gzip (cible ≤ {target // 1024} Ko)")
    if later:
        print(f"[info] chargé à la demande : {sum(f[2] for f in later) / 1024:.1f} Ko gzip "
              f"({len(later)} fichiers, hors du premier chargement)")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure le poids de la page intégrable de l'autodiagnostic.")
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon construit dans un dossier temporaire)")
    args = parser.parse_args(argv)
    if args.site:
        return 0 if report(args.site) else 1
    with tempfile.TemporaryDirectory(prefix="coop-payload-") as tmp:
        return 0 if report(build_site(Path(tmp) / "site")) else 1


if __name__ == "__main__":
    raise SystemExit(main())
