"""Command line: ``coopsite validate`` and friends, with no MkDocs involved."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .structure.loader import load_corpus
from .structure.problems import ValidationFailed


def cmd_validate(args: argparse.Namespace) -> int:
    root = Path(args.root)
    try:
        corpus = load_corpus(root)
    except ValidationFailed as failed:
        print(failed.report(), file=sys.stderr)
        return 1
    grid = corpus.grid
    print(
        f"OK : grille « {grid.id} » version {grid.version} "
        f"({len(grid.general_objectives)} objectifs généraux, {len(grid.main_objectives)} objectifs principaux, "
        f"{len(grid.indicators)} indicateurs), {len(corpus.events)} événement(s), "
        f"{len(corpus.cases)} témoignage(s), {len(corpus.quotes)} citation(s)."
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="coopsite", description="Outils du site de ressources sur la coopération.")
    sub = parser.add_subparsers(dest="command", required=True)
    validate = sub.add_parser("validate", help="vérifie cases/ et grid/ et liste tous les problèmes")
    validate.add_argument("--root", default=".", help="dossier du projet (qui contient cases/ et grid/)")
    validate.set_defaults(func=cmd_validate)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return args.func(args)


if __name__ == "__main__":
    sys.exit(main())
