"""Validation of the sources and the strict build, with French reports."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

from . import ROOT_VARIABLE

BUILD_TIMEOUT = 600


def not_a_site(root: Path) -> str | None:
    """Why ``root`` is not a site's folder, or None."""
    if (root / "mkdocs.yml").is_file():
        return None
    return (f"Aucun site à vérifier dans {root} (pas de fichier mkdocs.yml) : lancez la vérification "
            f"depuis le dossier du site, ou indiquez-le dans la variable {ROOT_VARIABLE}.")


def validation_report(root: Path) -> str | None:
    """The French report of every problem in the sources (``cases/``, ``grid/``, ``site.yml``), or None."""
    from coopsite.structure.loader import load_corpus
    from coopsite.structure.problems import ValidationFailed

    try:
        load_corpus(root)
    except ValidationFailed as failure:
        return failure.report()
    return None


def strict_build(root: Path, dest: Path) -> subprocess.CompletedProcess:
    """``mkdocs build --strict`` of the site at ``root`` into ``dest``; never raises on a failed build."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=root, capture_output=True, text=True, timeout=BUILD_TIMEOUT,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )


_LEVEL = re.compile(r"^\s*(DEBUG|INFO|WARNING|ERROR|CRITICAL)\b")


def build_report(result: subprocess.CompletedProcess, limit: int = 40, tail: int = 12) -> str:
    """What to tell when the strict build failed: MkDocs' warnings and errors with their following
    lines, else the end of its output (a crash's last lines name the file and the error)."""
    lines = [line.rstrip() for line in (result.stderr + "\n" + result.stdout).splitlines() if line.strip()]
    flagged, keep = [], False
    for line in lines:
        level = _LEVEL.match(line)
        if level:
            keep = level.group(1) not in ("DEBUG", "INFO")
        elif line.startswith("Aborted"):
            keep = True
        if keep:
            flagged.append(line)
    shown = flagged or lines[-tail:]
    more = len(shown) - limit
    body = "\n".join(f"    {line}" for line in shown[:limit])
    if more > 0:
        body += f"\n    … et {more} autre{'s' if more > 1 else ''} ligne{'s' if more > 1 else ''}"
    return (f"La construction stricte du site a échoué (mkdocs build --strict, code {result.returncode}). "
            "En mode strict, le moindre avertissement arrête la construction : corrigez ce que MkDocs "
            "signale ci-dessous (parfois en anglais), puis relancez la vérification.\n" + body)
