"""Benchmark: ``coopsite validate`` on sources full of mistakes, and on a huge file.

Three synthetic projects, written under a temporary folder (never in the
repository), each a copy of the real ``cases/`` and ``grid/`` with one file
replaced:

* ``types``: 10 000 quotes that are a number instead of a set of fields
  (10 000 schema problems in one file);
* ``mixed``: 3 000 quotes each with an unknown field, an unknown speaker and
  two unknown indicators (12 000 problems of every layer);
* ``huge``: a 1 GiB file (sparse: nothing is written on the disk).

Each is validated several times in a fresh process; the median time and the
peak memory are checked against the targets of ``docs/performances.md``.

    .venv/bin/python bench/problems.py
    .venv/bin/python bench/problems.py --repeat 5
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET_SECONDS = 3.0
TARGET_MEMORY_MB = 200
CASE = "cases/stephane-bossuet.yml"
HEAD = ["id: stephane-bossuet", "title: x", "kind: grand-temoin", "territory: t", "event: table-ronde-2021-10-20",
        "people:", "  - id: a-b", "    name: A", "summary: s", "quotes:"]


def write_types(path: Path) -> None:
    path.write_text("\n".join(HEAD + ["  - 1"] * 10_000) + "\n", "utf-8")


def write_mixed(path: Path) -> None:
    lines = list(HEAD)
    for index in range(3_000):
        lines += [f"  - id: q-{index}", "    text: t", "    speaker: a-c", "    indicators: [A9.1, A1]",
                  "    rationale: r", "    foo: 1"]
    path.write_text("\n".join(lines) + "\n", "utf-8")


def write_huge(path: Path) -> None:
    with path.open("wb") as out:
        out.truncate(1024**3)


def measure(root: Path, repeat: int) -> tuple[float, float, int]:
    """Median seconds, peak memory (MB) and the number of report lines of ``validate``."""
    times, peaks, lines = [], [], 0
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for _ in range(repeat):
        start = time.perf_counter()
        result = subprocess.run(
            [sys.executable, "-c", "import resource, sys\n"
             "from coopsite.cli import main\n"
             "code = main(sys.argv[1:])\n"
             "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stdout)\n"
             "sys.exit(code)",
             "validate", "--root", str(root)],
            capture_output=True, text=True, env=env, cwd=root, timeout=600)
        times.append(time.perf_counter() - start)
        if result.returncode != 1 or "Traceback" in result.stderr:
            sys.exit(f"validate n'a pas refusé proprement les sources :\n{result.stderr[-2000:]}")
        peaks.append(int(result.stdout.split()[-1]) / 1024)
        lines = len(result.stderr.splitlines())
    return statistics.median(times), max(peaks), lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    missed = 0
    print(f"{'sources':<8} {'médiane':>9} {'mémoire':>10} {'lignes':>7}")
    for name, write in (("types", write_types), ("mixed", write_mixed), ("huge", write_huge)):
        with tempfile.TemporaryDirectory(prefix="coop-problems-") as tmp:
            root = Path(tmp)
            for folder in ("cases", "grid"):
                shutil.copytree(ROOT / folder, root / folder)
            write(root / CASE)
            seconds, memory, lines = measure(root, args.repeat)
        ok = seconds <= TARGET_SECONDS and memory <= TARGET_MEMORY_MB
        missed += not ok
        print(f"{name:<8} {seconds:>7.2f} s {memory:>7.0f} Mo {lines:>7}  {'' if ok else 'CIBLE MANQUÉE'}")
    print(f"cibles : ≤ {TARGET_SECONDS:.0f} s et ≤ {TARGET_MEMORY_MB} Mo par vérification")
    return 1 if missed else 0


if __name__ == "__main__":
    sys.exit(main())
