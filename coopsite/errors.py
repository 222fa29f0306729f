"""The page a reader's browser shows while the sources are broken during `serve`.

MkDocs' development server keeps every request waiting after a failed
rebuild ("the server will appear stuck"): an editor who looks at the browser,
not at the terminal, sees nothing. Instead, the hooks build a site made of this
one page, at every address (as ``index.html`` and ``404.html``): the same
problems as the terminal, with file, line, column, field and hint. It checks
a marker file every second and reloads itself when the sources are fixed.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .renderer import make_environment
from .structure.problems import REPORT_LIMIT, ValidationFailed, display_path

MARKER = "erreurs-de-construction.txt"  # present only in a site built from broken sources


def error_page(failed: ValidationFailed, marker_url: str = "/" + MARKER) -> tuple[str, str]:
    """(the HTML page, the marker's text) for ``failed``."""
    problems = [{"where": f"{display_path(p.path, failed.root)}:{p.line}:{p.column}", "field": p.field,
                 "message": p.message, "hint": p.hint} for p in failed.problems[:REPORT_LIMIT]]
    stamp = hashlib.sha256(failed.report().encode("utf-8", "backslashreplace")).hexdigest()[:16]
    html = make_environment().get_template("errors/build.html.j2").render(
        problems=problems, count=len(failed.problems), rest=max(0, len(failed.problems) - REPORT_LIMIT),
        stamp=stamp, marker=marker_url)
    return html, stamp


def write_error_site(failed: ValidationFailed, site_dir: Path, marker_url: str = "/" + MARKER) -> None:
    """Make every address of ``site_dir`` show the problems (index and 404 pages, and the marker)."""
    html, stamp = error_page(failed, marker_url)
    site_dir.mkdir(parents=True, exist_ok=True)
    for name in ("index.html", "404.html"):
        (site_dir / name).write_text(html, "utf-8")
    (site_dir / MARKER).write_text(stamp, "utf-8")
