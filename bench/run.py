"""Benchmark: our site (MkDocs + hooks) against plain MkDocs on the same Markdown.

For each size N, a synthetic project of N cases × M quotes is generated under
a temporary folder (never in the repository), then built several times:

* (a) our site: ``mkdocs build`` with the hooks, from the YAML sources;
* (b) plain MkDocs: the very Markdown our core generates, exported into a
  plain ``docs/`` folder, with the same ``mkdocs.yml`` minus ``hooks`` and
  ``watch``.

Runs of (a) and (b) alternate so that machine noise hits both alike. The
report gives the medians, the ratio a/b, t(1000)/t(100) and the output bytes
per case, checked against the targets of ``docs/performances.md``.

    python3 tasks.py bench                       # N = 10, 100, 1000
    python3 tasks.py bench --sizes 10 100 --repeat 9
    python3 tasks.py bench --engine zensical     # Zensical against MkDocs, N = 10, 100, 1000
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path[:0] = [str(HERE), str(ROOT)]

from corpus import make_project  # noqa: E402
from weights import MAX_KIT_GZIP, MAX_PAGE_BYTES, measure  # noqa: E402
from coopsite.export.zensical import strip_top_level_keys  # noqa: E402

TARGET_RATIO = 1.10
TARGET_SCALING = 10.5
TARGET_BYTES_SPREAD = 0.20
# First build, empty caches (image cards drawn, search indexed), at N = 1000. Checked
# on the wall-clock time, the wait: the cards and the index are made beside MkDocs,
# on a core it leaves idle, which CPU time cannot show (it is reported beside).
TARGET_COLD = 1.20
SITE_URL = "https://example.org/cooperation/"  # as in production: the handouts' QR codes need it
THEME_ASSETS = ("assets/javascripts", "assets/stylesheets", "assets/images")


def strip_hooks(config_text: str) -> str:
    """``mkdocs.yml`` without its top-level ``hooks:`` and ``watch:`` blocks."""
    return strip_top_level_keys(config_text, ("hooks", "watch"))


def export_plain(project: Path) -> Path:
    """Write what the hooks would add as real files: a plain MkDocs project next to ``project``."""
    from coopsite.site import generate
    from coopsite.editor import Settings, editor_files
    from coopsite.structure.loader import load_corpus

    plain = project.parent / (project.name + "-plain")
    if plain.exists():
        shutil.rmtree(plain)
    from coopsite import layers

    shutil.copytree(project / "docs", plain / "docs")
    # The shared templates, under the site's own (what the adapter gives MkDocs as theme folders).
    shutil.copytree(layers.SHARED_OVERRIDES, plain / "overrides")
    if (project / "overrides").exists():
        shutil.copytree(project / "overrides", plain / "overrides", dirs_exist_ok=True)
    corpus = load_corpus(project)
    # What the hooks add beside generate(): the editor's page (/admin/), as the export does.
    generated = generate(corpus, site_url=SITE_URL) + editor_files(corpus, project, Settings(), SITE_URL)
    for item in generated:
        target = plain / "docs" / item.src_uri
        target.parent.mkdir(parents=True, exist_ok=True)
        item.write(target)
    # The shared stylesheets, which the adapter adds to extra_css.
    sheets = "".join(f"  - {sheet}\n" for sheet in layers.stylesheets(item.src_uri for item in generated))
    config_text = strip_hooks((project / "mkdocs.yml").read_text("utf-8")).rstrip("\n") + f"\n\nextra_css:\n{sheets}"
    (plain / "mkdocs.yml").write_text(config_text, "utf-8")
    return plain


def timed(command: list[str], cwd: Path, what: str) -> tuple[float, float]:
    """Run ``command``: (CPU seconds of the process and its children, wall-clock seconds).

    The CPU time (user + system) is what the targets are checked on: on a
    shared machine, wall-clock time also counts other programs' load (the
    same build was seen to vary by 50 %); it is reported too.
    """
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SITE_URL": SITE_URL}
    # As on a normal installation, Python keeps its compiled bytecode: without
    # it, (a) would recompile the core's modules at every run while (b)'s
    # libraries come precompiled from pip, which is not what is measured here.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    if result.returncode != 0:
        raise SystemExit(f"échec de {what} :\n{(result.stdout + result.stderr)[-4000:]}")
    return cpu, elapsed


def build(project: Path, dest: Path) -> tuple[float, float]:
    """One strict MkDocs build of ``project`` into ``dest``: (CPU seconds, wall-clock seconds)."""
    return timed([sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(dest)],
                 project, f"la construction de {project.name}")


def build_zensical(project: Path, folder: Path) -> tuple[float, float]:
    """Export with the core, build with Zensical, index the search, as ``tasks.py build --engine zensical`` does.

    The three steps are timed (the export is what the hooks do inside MkDocs);
    the site is in ``folder/site``.
    """
    cpu, wall = timed([sys.executable, "-m", "coopsite.export.zensical", str(folder)], project,
                      f"l'export Zensical de {project.name}")
    cpu2, wall2 = timed([sys.executable, "-m", "zensical", "build", "-f", str(folder / "mkdocs.yml")], folder,
                        f"la construction Zensical de {project.name}")
    # The search index, as tasks.py writes it after Zensical (the hooks do it inside MkDocs' build).
    cpu3, wall3 = timed([sys.executable, "-m", "coopsite", "index-search", str(folder / "site")], project,
                        f"l'index de recherche de {project.name}")
    return cpu + cpu2 + cpu3, wall + wall2 + wall3


def site_bytes(site: Path) -> tuple[int, int, int]:
    """(all bytes, bytes outside the theme's fixed assets, number of HTML pages)."""
    total = content = pages = 0
    for path in site.rglob("*"):
        if not path.is_file():
            continue
        size = path.stat().st_size
        rel = path.relative_to(site).as_posix()
        total += size
        if not rel.startswith(THEME_ASSETS):
            content += size
        pages += rel.endswith(".html")
    return total, content, pages


def card_cost(project: Path) -> dict:
    """CPU time to draw every image card once, in this process (no cache, no pool)."""
    from coopsite.cards import draw_card
    from coopsite.share import card_specs
    from coopsite.structure.loader import load_corpus

    corpus = load_corpus(project)
    specs = card_specs(corpus, corpus.publication.site_name)
    start = time.process_time()
    sizes = [len(draw_card(spec, corpus.publication.site_name)) for spec in specs]
    return {"cards": len(specs), "card_cpu": time.process_time() - start, "card_bytes": sum(sizes)}


def bench_size(work: Path, cases: int, quotes: int, repeat: int, cold_repeat: int = 1) -> dict:
    project = make_project(work / f"projet-{cases}", cases, quotes)
    plain = export_plain(project)
    cards = card_cost(project)
    # First builds, with our build cache emptied before each one of (a): the
    # image cards are all drawn, the schema checks and QR codes all made. The
    # very first of each variant also fills the caches later builds find (the
    # system's file cache, Python's bytecode). Reported on their own, left out
    # of the medians; alternated, and repeated, since a single pair of
    # builds on a shared machine can be 20 % apart from the next.
    colds_a, colds_b, colds_a_wall, colds_b_wall = [], [], [], []
    for run in range(cold_repeat):
        # As on a fresh clone: no build cache, and no earlier site for MkDocs to clean
        # first (for either variant; (a)'s has the search index's 5,000 more files).
        shutil.rmtree(project / ".cache", ignore_errors=True)
        shutil.rmtree(work / f"site-{cases}-a", ignore_errors=True)
        shutil.rmtree(work / f"site-{cases}-b", ignore_errors=True)
        cpu, wall = build(project, work / f"site-{cases}-a")
        colds_a.append(cpu)
        colds_a_wall.append(wall)
        cpu, wall = build(plain, work / f"site-{cases}-b")
        colds_b.append(cpu)
        colds_b_wall.append(wall)
        print(f"  N={cases:>5} première construction {run + 1}/{cold_repeat} (caches vides) : "
              f"a = {colds_a[-1]:.2f} s CPU ({colds_a_wall[-1]:.2f} s réel), "
              f"b = {colds_b[-1]:.2f} s CPU ({colds_b_wall[-1]:.2f} s réel)", flush=True)
    cold_a, cold_b = statistics.median(colds_a), statistics.median(colds_b)
    ours, theirs, ours_wall, theirs_wall = [], [], [], []
    for run in range(repeat):
        cpu, wall = build(project, work / f"site-{cases}-a")
        ours.append(cpu)
        ours_wall.append(wall)
        cpu, wall = build(plain, work / f"site-{cases}-b")
        theirs.append(cpu)
        theirs_wall.append(wall)
        print(f"  N={cases:>5} essai {run + 1}/{repeat} : a = {ours[-1]:.2f} s CPU ({ours_wall[-1]:.2f} s réel), "
              f"b = {theirs[-1]:.2f} s CPU ({theirs_wall[-1]:.2f} s réel)", flush=True)
    total, content, pages = site_bytes(work / f"site-{cases}-a")
    reader = measure(work / f"site-{cases}-a")
    plain_pages = site_bytes(work / f"site-{cases}-b")[2]
    if pages != plain_pages:
        raise SystemExit(f"N={cases} : {pages} pages avec les hooks, {plain_pages} sans : les deux sites diffèrent")
    a, b = statistics.median(ours), statistics.median(theirs)
    return {"cases": cases, "quotes": quotes, "runs": repeat, "a": a, "b": b, "ratio": a / b,
            "a_cold": cold_a, "b_cold": cold_b, "a_cold_runs": colds_a, "b_cold_runs": colds_b,
            "a_cold_wall": statistics.median(colds_a_wall), "b_cold_wall": statistics.median(colds_b_wall),
            "a_cold_wall_runs": colds_a_wall, "b_cold_wall_runs": colds_b_wall,
            "a_wall": statistics.median(ours_wall), "b_wall": statistics.median(theirs_wall),
            "a_wall_runs": ours_wall, "b_wall_runs": theirs_wall,
            "a_runs": ours, "b_runs": theirs, "pages": pages, "bytes": total, "content_bytes": content,
            "bytes_per_case": content / cases, "reader": reader, **cards,
            "card_ms": 1000 * cards["card_cpu"] / cards["cards"], "card_bytes_per_quote":
            sum(p.stat().st_size for p in (work / f"site-{cases}-a" / "citations").glob("*/carte.png")) / (cases * quotes)}


def report(results: list[dict]) -> bool:
    print()
    print("Médianes ; a = notre site (hooks), b = MkDocs seul sur le même Markdown ; temps CPU, et temps réel entre parenthèses.")
    print(f"{'N':>6} {'pages':>6} {'a CPU (s)':>10} {'b CPU (s)':>10} {'a/b':>6} {'a réel':>8} {'b réel':>8} "
          f"{'a/b réel':>9} {'octets/témoignage':>18}")
    for r in results:
        print(f"{r['cases']:>6} {r['pages']:>6} {r['a']:>10.2f} {r['b']:>10.2f} {r['ratio']:>6.3f} "
              f"{r['a_wall']:>8.2f} {r['b_wall']:>8.2f} {r['a_wall'] / r['b_wall']:>9.3f} "
              f"{r['bytes_per_case']:>18,.0f}".replace(",", " "))
    print()
    print("Cartes de partage (PNG 1200 × 630), dessinées une fois chacune dans ce processus, sans cache :")
    for r in results:
        print(f"  N={r['cases']} : {r['cards']} cartes, {r['card_ms']:.2f} ms CPU par carte, "
              f"{r['card_bytes_per_quote'] / 1000:.1f} Ko par citation")
    print()
    print("Première construction, caches vides (non comptée dans les médianes ; médiane des essais, "
          "et le rapport de chaque paire) :")
    for r in results:
        pairs = ", ".join(f"{a / b:.2f}" for a, b in zip(r["a_cold_wall_runs"], r["b_cold_wall_runs"]))
        cpu_pairs = ", ".join(f"{a / b:.2f}" for a, b in zip(r["a_cold_runs"], r["b_cold_runs"]))
        print(f"  N={r['cases']} : temps réel a = {r['a_cold_wall']:.2f} s, b = {r['b_cold_wall']:.2f} s, "
              f"a/b = {r['a_cold_wall'] / r['b_cold_wall']:.3f} (paires {pairs}) ; "
              f"temps CPU a = {r['a_cold']:.2f} s, b = {r['b_cold']:.2f} s, "
              f"a/b = {r['a_cold'] / r['b_cold']:.3f} (paires {cpu_pairs})")
    ok = True
    print()
    for r in results:
        good = r["ratio"] <= TARGET_RATIO
        ok &= good
        print(f"[{'OK' if good else 'ÉCHEC'}] N={r['cases']} : a/b = {r['ratio']:.3f} en temps CPU (cible ≤ {TARGET_RATIO})")
    by_n = {r["cases"]: r for r in results}
    if 1000 in by_n:
        r = by_n[1000]
        cold = r["a_cold_wall"] / r["b_cold_wall"]
        good = cold <= TARGET_COLD
        ok &= good
        print(f"[{'OK' if good else 'ÉCHEC'}] N=1000, première construction : a/b = {cold:.3f} en temps réel, "
              f"l'attente de la personne (cible ≤ {TARGET_COLD}) ; en temps CPU, pour information : "
              f"{r['a_cold'] / r['b_cold']:.3f}")
    if 100 in by_n and 1000 in by_n:
        scaling = by_n[1000]["a"] / by_n[100]["a"]
        good = scaling <= TARGET_SCALING
        ok &= good
        print(f"[{'OK' if good else 'ÉCHEC'}] t(1000)/t(100) = {scaling:.2f} en temps CPU (cible ≤ {TARGET_SCALING})")
        small, large = by_n[100]["bytes_per_case"], by_n[1000]["bytes_per_case"]
        spread = large / small - 1
        good = abs(spread) <= TARGET_BYTES_SPREAD
        ok &= good
        print(f"[{'OK' if good else 'ÉCHEC'}] octets par témoignage : {small:,.0f} (N=100) → {large:,.0f} (N=1000), "
              f"écart {spread:+.1%} (cible ±{TARGET_BYTES_SPREAD:.0%})".replace(",", " "))
    return ok


def report_reader(results: list[dict], engine: str = "MkDocs") -> bool:
    """What a reader downloads, per N: largest page and 95th percentile (a first search: bench/search.py)."""
    print()
    print(f"Ce que télécharge un lecteur ({engine}) : la plus grosse page HTML (hors autodiagnostic) et le 95e "
          "centile du poids des pages ; les octets d'une première recherche se mesurent avec bench/search.py.")
    print(f"{'N':>6} {'pages':>6} {'plus grosse (Ko)':>17} {'p95 (Ko)':>9}  page la plus grosse")
    ok = True
    for r in results:
        w = r["reader"]
        print(f"{r['cases']:>6} {w['html_pages']:>6} {w['largest_bytes'] / 1000:>17,.1f} {w['p95_bytes'] / 1000:>9,.1f}"
              f"  {w['largest_path']}".replace(",", " "))
    for r in results:
        w = r["reader"]
        good = w["largest_bytes"] <= MAX_PAGE_BYTES
        ok &= good
        print(f"[{'OK' if good else 'ÉCHEC'}] N={r['cases']} : plus grosse page {w['largest_bytes'] / 1000:.1f} Ko "
              f"({w['largest_path']}, cible ≤ {MAX_PAGE_BYTES / 1000:.0f} Ko)")
        if w.get("kit_gzip_bytes"):
            good = w["kit_gzip_bytes"] <= MAX_KIT_GZIP
            ok &= good
            print(f"[{'OK' if good else 'ÉCHEC'}] N={r['cases']} : kit d'atelier hors ligne {w['kit_gzip_bytes'] / 1000:.1f} Ko "
                  f"compressé (gzip, cible ≤ {MAX_KIT_GZIP / 1000:.0f} Ko)")
    return ok


def bench_zensical(work: Path, cases: int, quotes: int, repeat: int) -> dict:
    """(a) MkDocs with the hooks against (z) the core's export built by Zensical, alternated."""
    project = make_project(work / f"projet-{cases}", cases, quotes)
    site_a, folder = work / f"site-{cases}-a", work / f"zensical-{cases}"
    build(project, site_a)
    build_zensical(project, folder)
    ours, theirs = [], []
    for run in range(repeat):
        ours.append(build(project, site_a))
        theirs.append(build_zensical(project, folder))
        print(f"  N={cases:>5} essai {run + 1}/{repeat} : MkDocs = {ours[-1][0]:.2f} s CPU ({ours[-1][1]:.2f} s réel), "
              f"Zensical = {theirs[-1][0]:.2f} s CPU ({theirs[-1][1]:.2f} s réel)", flush=True)
    return {"cases": cases, "quotes": quotes, "runs": repeat,
            "a": statistics.median(c for c, _ in ours), "z": statistics.median(c for c, _ in theirs),
            "a_wall": statistics.median(w for _, w in ours), "z_wall": statistics.median(w for _, w in theirs),
            "pages": site_bytes(site_a)[2], "z_pages": site_bytes(folder / "site")[2],
            "reader": measure(site_a), "z_reader": measure(folder / "site")}


def report_zensical(results: list[dict]) -> bool:
    print()
    print("Médianes : MkDocs + Material avec les hooks, et Zensical sur l'export du cœur (export compris).")
    print(f"{'N':>6} {'pages M':>8} {'pages Z':>8} {'MkDocs CPU':>11} {'Zensical CPU':>13} {'Z/M':>6} "
          f"{'MkDocs réel':>12} {'Zensical réel':>14}")
    for r in results:
        print(f"{r['cases']:>6} {r['pages']:>8} {r['z_pages']:>8} {r['a']:>11.2f} {r['z']:>13.2f} {r['z'] / r['a']:>6.2f} "
              f"{r['a_wall']:>12.2f} {r['z_wall']:>14.2f}")
    ok = report_reader(results)
    ok &= report_reader([{**r, "reader": r["z_reader"]} for r in results], "Zensical")
    for r in results:
        good = r["z_pages"] == r["pages"]
        ok &= good
        print(f"[{'OK' if good else 'ÉCHEC'}] N={r['cases']} : Zensical construit {r['z_pages']} pages HTML, "
              f"MkDocs {r['pages']}")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Compare la construction du site avec MkDocs seul.")
    parser.add_argument("--sizes", type=int, nargs="+", default=[10, 100, 1000], help="nombres de témoignages")
    parser.add_argument("--quotes", type=int, default=4, help="citations par témoignage (défaut : 4)")
    parser.add_argument("--repeat", type=int, default=None,
                        help="constructions mesurées par variante et par taille "
                             "(défaut : 15 jusqu'à 10 témoignages, 9 jusqu'à 100, 3 au-delà)")
    parser.add_argument("--cold-repeat", type=int, default=None,
                        help="premières constructions, caches vides, par variante et par taille "
                             "(défaut : 3 à partir de 1 000 témoignages, où la cible s'applique ; 1 en dessous)")
    parser.add_argument("--json", type=Path, help="écrire aussi les résultats bruts dans ce fichier JSON")
    parser.add_argument("--keep", type=Path, help="dossier de travail à garder (sinon un dossier temporaire)")
    parser.add_argument("--engine", choices=("mkdocs", "zensical"), default="mkdocs",
                        help="zensical : compare Zensical (sur l'export du cœur) avec MkDocs + Material")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="coop-bench-") as tmp:
        work = args.keep or Path(tmp)
        work.mkdir(parents=True, exist_ok=True)
        results = []
        for cases in args.sizes:
            print(f"N = {cases} témoignages × {args.quotes} citations", flush=True)
            # Small builds last about a second: more runs keep their median steady.
            repeat = args.repeat or (15 if cases <= 10 else 9 if cases <= 100 else 3)
            if args.engine == "zensical":
                results.append(bench_zensical(work, cases, args.quotes, args.repeat or 3))
            else:
                cold_repeat = args.cold_repeat or (3 if cases >= 1000 else 1)
                results.append(bench_size(work, cases, args.quotes, repeat, cold_repeat))
    ok = report_zensical(results) if args.engine == "zensical" else report(results) & report_reader(results)
    if args.json:
        args.json.write_text(json.dumps(results, indent=2), "utf-8")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
