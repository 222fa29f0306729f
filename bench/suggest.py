"""How often the suggested indicators are right: top 3 and top 1, against a baseline.

    python3 tasks.py bench --suggest              # the site's coded quotes, and the bench's corpus
    .venv/bin/python bench/suggest.py --root DIR  # another site's (its grid, its coded quotes)

By leave-one-out (coopsite/suggest/evaluate.py): each coded quote is hidden
in turn from what the suggester knows, then ranked as a new quote. The
baseline always offers the indicators most used by the other quotes. Two
corpora:

- the site's own coded quotes (PQN-A's 13 at home);
- ``bench/suggest-corpus.yml``: 60 synthetic quotes written for the bench in
  everyday words (about half share almost no distinctive word with their
  indicator's texts), coded by hand on the working grid; the grid knows none
  of them, so it is the fairer of the two. The site's quotes were coded when
  the working grid was written, and its texts follow them.

The suggestions offered to editors come with the words that matched; this
script reports how often the first three hold a right indicator. It also
prints the size of the editor's index (coopsite/suggest/editor.py).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from coopsite.structure.loader import load_corpus  # noqa: E402
from coopsite.suggest import coded_quotes  # noqa: E402
from coopsite.suggest.editor import index_json  # noqa: E402
from coopsite.suggest.evaluate import leave_one_out  # noqa: E402

CORPUS = ROOT / "bench" / "suggest-corpus.yml"


def bench_quotes(grid_ids: set[str]) -> list[tuple[str, str, str, list[str]]]:
    data = yaml.safe_load(CORPUS.read_text("utf-8"))
    quotes = [(q["id"], q["text"], "", list(q["indicators"])) for q in data["quotes"]]
    unknown = sorted({i for _, _, _, ids in quotes for i in ids} - grid_ids)
    if unknown:
        raise SystemExit(f"{CORPUS.name} cite des indicateurs que la grille n’a pas : {', '.join(unknown)}")
    return quotes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Mesure les suggestions d’indicateurs (top 3, top 1).")
    parser.add_argument("--root", type=Path, default=ROOT, help="le site dont mesurer les citations codées")
    args = parser.parse_args(argv)
    corpus = load_corpus(args.root)
    own = coded_quotes(corpus)
    name = corpus.publication.network_name or args.root.resolve().name
    if own:
        print(leave_one_out(corpus.grid, own).line(f"Citations du site ({name})"))
    else:
        print(f"Citations du site ({name}) : aucune citation codée, rien à mesurer")
    grid_ids = {i.id for i in corpus.grid.indicators}
    if args.root.resolve() == ROOT.resolve() or grid_ids >= {"A1.1", "C3.4"}:
        try:
            print(leave_one_out(corpus.grid, bench_quotes(grid_ids)).line(f"Corpus du banc ({CORPUS.name})"))
        except SystemExit as stop:
            print(stop)
    index = index_json(corpus).encode("utf-8")
    print(f"Index des suggestions de l’éditeur : {len(index) / 1024:.1f} Ko, {len(gzip.compress(index, 6)) / 1024:.1f} Ko "
          f"en gzip ({len(json.loads(index)['stems'])} racines, {len(corpus.grid.indicators)} indicateurs)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
