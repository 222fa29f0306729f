"""``build`` and ``serve`` with ``--engine``: MkDocs (the default) or Zensical, Material's successor."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

from .tools import say


def engine_option(args: list[str]) -> tuple[str, list[str]]:
    """``--engine NAME`` (or ``--engine=NAME``) taken out of ``args``; MkDocs by default."""
    engine, rest, items = "mkdocs", [], iter(args)
    for arg in items:
        if arg == "--engine":
            engine = next(items, "")
        elif arg.startswith("--engine="):
            engine = arg.partition("=")[2]
        else:
            rest.append(arg)
    return engine, rest


def zensical(root: Path, job: str, rest: list[str]) -> int:
    """Build or serve with Zensical: the core exports into build/zensical/, Zensical builds it,
    the core indexes the search (Zensical ignores hooks, so its own search is not used) and
    writes the security policy and the servers' files.

    `serve` builds once, then serves the built folder on 127.0.0.1:8000: edits
    to cases/ and grid/ are not followed (run the command again).
    """
    from . import run

    build = root / "build" / "zensical"
    zensical_program = Path(sys.executable).with_name("zensical" + (".exe" if sys.platform == "win32" else ""))
    steps = ([sys.executable, "-m", "coopsite.export.zensical", str(build)],
             [str(zensical_program), "build", "-f", str(build / "mkdocs.yml"), *(rest if job == "build" else [])],
             [sys.executable, "-m", "coopsite.cli", "index-search", str(build / "site")],
             [sys.executable, "-m", "coopsite.cli", "harden", str(build / "site")])
    for step in steps:
        code = run(root, *step)
        if code:
            return code
    if job == "serve":
        say("Zensical : site construit et indexé, servi sur http://127.0.0.1:8000 ; "
            "les modifications de cases/ et grid/ ne sont pas suivies, relancez la commande")
        return run(root, sys.executable, "-m", "http.server", "8000", "--bind", "127.0.0.1",
                   "--directory", str(build / "site"))
    shutil.rmtree(root / "site", ignore_errors=True)
    shutil.copytree(build / "site", root / "site")
    say("site construit par Zensical dans site/")
    return 0
