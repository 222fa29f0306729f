"""HTML validity of a built site with the Nu HTML Checker (vnu), the W3C's reference validator.

Java comes from Debian (``default-jre-headless``) and the checker's jar from the
npm package ``vnu-jar``, in the site's ``.cache/npm/``: ``python3 tasks.py test``
installs both. One run of the checker over every page (one JVM start).

Errors that no template of ours can remove are allowed one by one, each
matched by message *and* offending markup (never a whole page, never a whole
kind of error): :data:`ALLOWED`, with the reason of each. They are counted in
the report, so that nobody mistakes them for a clean page.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from . import page_url

JAR = Path(".cache/npm/node_modules/vnu-jar/build/dist/vnu.jar")
CHECKER_TIMEOUT = 600


@dataclass(frozen=True)
class Allowed:
    why: str  # in French: printed with the count of errors it covers
    message: str  # a regular expression searched in the checker's message
    extract: str  # a regular expression searched in the offending markup (whitespace collapsed)


# Errors of Material's own markup that a site cannot remove, and one of the CSS validator.
ALLOWED = (
    # Material 9.8's base.html writes its two hidden state checkboxes with
    # autocomplete="off" (so that Firefox does not restore them on reload),
    # in the body, outside any block: only a copy of the whole base template
    # could remove them. A plain Material site has the same two errors.
    Allowed("Material (base.html) : case à cocher du tiroir (__drawer) avec autocomplete",
            r"^Attribute “autocomplete” is only allowed when the input type is",
            r'<input class="md-toggle" data-md-toggle="drawer" type="checkbox" id="__drawer" autocomplete="off">'),
    Allowed("Material (base.html) : case à cocher de la recherche (__search) avec autocomplete",
            r"^Attribute “autocomplete” is only allowed when the input type is",
            r'<input class="md-toggle" data-md-toggle="search" type="checkbox" id="__search" autocomplete="off">'),
    # Material writes <label for="__toc"> on a page outside the nav without
    # the matching toggle. The generator's partials/nav.html avoids it; a
    # site that replaces that override with Material's own gets it back.
    Allowed("Material (nav.html) : étiquette « __toc » sans case à cocher, page hors du menu",
            r"^The value of the “for” attribute of the “label” element must be the ID of a non-hidden form control",
            r'<label\b[^>]*\bfor="__toc"'),
    # The off-line workshop kit inlines selftest.css, where the radar's labels
    # use paint-order (CSS Fill and Stroke, in every current browser), which
    # the checker's CSS validator does not know; it checks only inline CSS.
    Allowed("Kit d’atelier : propriété CSS paint-order, inconnue du validateur CSS",
            r"^CSS: “paint-order”: Property “paint-order” doesn't exist", r"order: stroke"),
)


def jar_path(root: Path) -> Path:
    """The checker's jar: ``$VNU_JAR`` if set, else the one ``python3 tasks.py test`` installs in the site."""
    return Path(os.environ.get("VNU_JAR") or Path(root) / JAR)


def missing_tools(root: Path) -> str | None:
    """Why the checker cannot run, in French, or None."""
    if shutil.which("java") is None:
        return ("Java est introuvable, et le validateur HTML en a besoin : lancez « python3 tasks.py test », "
                "qui l'installe (paquet Debian default-jre-headless).")
    jar = jar_path(root)
    if not jar.is_file():
        return (f"Le validateur HTML (Nu HTML Checker) est introuvable ({jar}) : lancez "
                "« python3 tasks.py test », qui l'installe.")
    return None


def run_checker(files: list[Path], jar: Path) -> list[dict]:
    """Every error the checker reports on ``files``, in one run (one JVM)."""
    result = subprocess.run(
        ["java", "-Xss4m", "-jar", str(jar), "--format", "json", "--errors-only", *map(str, files)],
        capture_output=True, text=True, timeout=CHECKER_TIMEOUT,
    )
    try:
        report = json.loads(result.stderr or result.stdout)
    except json.JSONDecodeError:
        raise AssertionError(f"Le validateur HTML n'a pas pu s'exécuter (code {result.returncode}) :\n"
                             + (result.stderr or result.stdout)[-2000:]) from None
    return [m for m in report.get("messages", []) if m.get("type") in ("error", "non-document-error")]


def allowance(error: dict) -> Allowed | None:
    """The entry of :data:`ALLOWED` that covers ``error``, if any."""
    extract = re.sub(r"\s+", " ", error.get("extract", ""))
    for entry in ALLOWED:
        if re.search(entry.message, error.get("message", "")) and re.search(entry.extract, extract):
            return entry
    return None


def split(errors: list[dict]) -> tuple[list[dict], list[dict]]:
    """(the errors to fix, the allowed ones)."""
    ours = [e for e in errors if allowance(e) is None]
    return ours, [e for e in errors if allowance(e) is not None]


def _where(error: dict, site: Path) -> str:
    where = error.get("url", "").removeprefix("file:")
    try:
        where = page_url(Path(where).resolve().relative_to(Path(site).resolve()).as_posix())
    except ValueError:
        pass
    line = error.get("lastLine")
    return f"{where} (ligne {line})" if line else where


def describe(errors: list[dict], site: Path, pages_named: int = 3) -> list[str]:
    """The errors in French around the checker's own (English) messages, one entry per message:
    the pages where it occurs (the first ``pages_named``, then a count) and the first extract."""
    grouped: dict[str, list[dict]] = {}
    for error in errors:
        grouped.setdefault(error.get("message", "?"), []).append(error)
    said = []
    for message, same in grouped.items():
        where = ", ".join(_where(e, site) for e in same[:pages_named])
        if len(same) > pages_named:
            where += f" et {len(same) - pages_named} autres endroits"
        extract = " ".join(same[0].get("extract", "").split())
        said.append(f"HTML invalide : {where} : {message}" + (f"\n    extrait : {extract}" if extract else ""))
    return said


def summary(pages: int, ours: list[dict], allowed: list[dict]) -> str:
    lines = [f"Nu HTML Checker : {pages} pages, {len(ours)} erreur(s) à corriger, "
             f"{len(allowed)} erreur(s) admises (Material, validateur CSS)"]
    for entry in ALLOWED:
        count = sum(1 for e in allowed if allowance(e) is entry)
        if count:
            lines.append(f"  - {entry.why} : {count}")
    return "\n".join(lines)
