"""Time to render the synthesis of a mutual diagnosis, in Chromium.

Serves a built site on 127.0.0.1, opens ``autodiagnostic/collectif/`` in
Debian's Chromium (Playwright), and times inside the page, for N members:

* the synthesis alone: ``aggregate.js``, its DOM (``synthesis-view.js``), its
  insertion into the page and the layout that follows (random but fixed
  members, with « ne sait pas » and blanks);
* the whole click on « Voir la synthèse » with N pasted links: reading them,
  the members list, the synthesis and the layout.

The median of several runs is reported; both must meet the target.

    python bench/synthesis.py              # builds the site into a temporary folder
    python bench/synthesis.py --site DIR   # measures an already built site
    python bench/synthesis.py --repeat 15

Targets: 30 members < 100 ms; 200 members < 1 s (exit code 1 if missed).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from payload import build_site  # noqa: E402  (bench/ is not a package)
from conftest import CHROMIUM, CHROMIUM_ARGS, serve  # noqa: E402

TARGETS = {30: 100.0, 200: 1000.0}  # members → milliseconds

FULL = """([count, repeat]) => {
    // The whole « Voir la synthèse » click: reading the pasted links, members list, synthesis, layout.
    const data = JSON.parse(document.querySelector("script.coop-st-data").textContent);
    const prefix = `#r=1;${data.grid.id};${data.grid.version};`;
    const n = data.indicators.length;
    let seed = 1871;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const text = Array.from({ length: count }, () =>
        location.href.split("#")[0] + prefix + Array.from({ length: n }, () => "00112233x-"[Math.floor(random() * 10)]).join("")
    ).join("\\n");
    const field = document.querySelector("[data-co=links]");
    const submit = document.querySelector("[data-co=submit]");
    const clear = document.querySelector("[data-co=clear]");
    const times = [];
    for (let run = 0; run < repeat; run += 1) {
        clear.click();
        field.value = text;
        const start = performance.now();
        submit.click();
        document.querySelector("[data-co=synthesis-body]").getBoundingClientRect();
        times.push(performance.now() - start);
        const loaded = document.querySelectorAll("[data-co=members] li").length;
        if (loaded !== count) throw new Error(`${loaded} membres chargés au lieu de ${count}`);
    }
    clear.click();
    return times;
}"""

TIMED = """async ([count, repeat]) => {
    const base = new URL("../../assets/autodiagnostic/", location.href).href;
    const { synthesize } = await import(base + "aggregate.js");
    const { synthesisView } = await import(base + "synthesis-view.js");
    const data = JSON.parse(document.querySelector("script.coop-st-data").textContent);
    let seed = 2012;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
    const choices = [0, 1, 2, 3, 0, 1, 2, 3, "ne-sait-pas", null];
    const members = Array.from({ length: count }, (_, i) => {
        const answers = {};
        for (const ind of data.indicators) {
            const choice = choices[Math.floor(random() * choices.length)];
            if (choice !== null) answers[ind.id] = choice;
        }
        return { label: `Membre ${i + 1}`, answers };
    });
    const section = document.querySelector("[data-co=synthesis]");
    const body = document.querySelector("[data-co=synthesis-body]");
    section.hidden = false;
    const times = [];
    for (let run = 0; run < repeat; run += 1) {
        const start = performance.now();
        const synthesis = synthesize(data, members.map((m) => m.answers));
        body.replaceChildren(...synthesisView(data, members, synthesis));
        body.getBoundingClientRect();  // force the layout
        times.push(performance.now() - start);
    }
    return times;
}"""


def run(site: Path, repeat: int) -> dict[int, list[float]]:
    from playwright.sync_api import sync_playwright

    server, url = serve(site)
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
            try:
                page = browser.new_page()
                page.goto(url + "autodiagnostic/collectif/")
                page.wait_for_load_state("networkidle")
                page.evaluate(TIMED, [5, 2])  # warm-up: modules compiled, JIT started
                return {count: (page.evaluate(TIMED, [count, repeat]), page.evaluate(FULL, [count, repeat]))
                        for count in TARGETS}
            finally:
                browser.close()
    finally:
        server.shutdown()


def report(site: Path, repeat: int) -> bool:
    results = run(site, repeat)
    print(f"médianes de {repeat} rendus, {os.cpu_count()} cœurs")
    print(f"{'membres':>8} {'synthèse seule':>15} {'clic « Voir la synthèse »':>26}   cible")
    ok = True
    for count, (alone, full) in results.items():
        worst = max(statistics.median(alone), statistics.median(full))
        good = worst < TARGETS[count]
        ok &= good
        print(f"{count:>8} {statistics.median(alone):>12.1f} ms {statistics.median(full):>23.1f} ms   "
              f"< {TARGETS[count]:.0f} ms  [{'OK' if good else 'ÉCHEC'}]")
    return ok


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure le rendu de la synthèse du diagnostic mutuel dans Chromium.")
    parser.add_argument("--site", type=Path, help="site déjà construit (sinon construit dans un dossier temporaire)")
    parser.add_argument("--repeat", type=int, default=9, help="rendus mesurés par taille (médiane)")
    args = parser.parse_args(argv)
    if args.site:
        return 0 if report(args.site, args.repeat) else 1
    with tempfile.TemporaryDirectory(prefix="coop-synthesis-") as tmp:
        return 0 if report(build_site(Path(tmp) / "site"), args.repeat) else 1


if __name__ == "__main__":
    raise SystemExit(main())
