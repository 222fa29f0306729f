"""Writing the search index of a built site with Pagefind (PyPI ``pagefind[bin]``).

Pagefind runs as a local program (its binary ships in the wheel); nothing is
downloaded at run time. The index goes to ``pagefind/`` in the built site:
Pagefind's own browser library, its WebAssembly and the index in small chunks,
so that a first query downloads only the chunks it needs.
"""

from __future__ import annotations

import html
import shutil
import subprocess
import tempfile
from pathlib import Path

from .records import LANGUAGE, Record

OUTPUT = "pagefind"
# Pagefind's ready-made interfaces: the site has its own (docs/assets/search/).
UNUSED = ("pagefind-ui.js", "pagefind-ui.css", "pagefind-component-ui.js", "pagefind-component-ui.css",
          "pagefind-modular-ui.js", "pagefind-modular-ui.css", "pagefind-highlight.js")


class SearchIndexError(Exception):
    """Why the index could not be written, in French."""


def record_html(record: Record) -> str:
    """One record as the smallest page Pagefind indexes: its text in the body,
    its metadata and filters as attributes (any text is safe there)."""
    esc = html.escape
    head = [f'<meta data-pagefind-meta="{esc(key)}[content]" content="{esc(value)}">'
            for key, value in (("href", record.url), *record.meta.items())]
    head += [f'<meta data-pagefind-filter="{esc(key)}[content]" content="{esc(value)}">'
             for key, values in record.filters.items() for value in values]
    return ('<!doctype html><html lang="fr"><head><meta charset="utf-8">' + "".join(head)
            + f"</head><body data-pagefind-body><p>{esc(record.content)}</p></body></html>")


def binary() -> str:
    try:
        from pagefind_bin import get_executable
    except ImportError:
        raise SearchIndexError("Pagefind n'est pas installé : lancez « python3 tasks.py setup »") from None
    return str(get_executable())


def write_index(records: list[Record], site_dir: Path) -> Path:
    """Write the index of ``records`` into ``site_dir/pagefind/`` (replaced); return that folder.

    Pagefind's command line indexes one small HTML file per record, written
    in a temporary folder: its Python API waits a tenth of a second per
    record (1.5.2), ten minutes for the 5,000 records of the benchmark.
    """
    program = binary()
    output = (Path(site_dir) / OUTPUT).resolve()
    with tempfile.TemporaryDirectory(prefix="coopsite-search-") as folder:
        pages = Path(folder)
        for number, record in enumerate(records):
            (pages / f"{number}.html").write_text(record_html(record), "utf-8")
        if output.exists():
            shutil.rmtree(output)
        try:
            done = subprocess.run([program, "--site", str(pages), "--output-path", str(output),
                                   "--force-language", LANGUAGE, "--silent"],
                                  capture_output=True, text=True)
        except OSError as error:
            raise SearchIndexError(f"le programme Pagefind n'a pas pu être lancé ({error.strerror or error}) : "
                                   "lancez « python3 tasks.py setup »") from None
    if done.returncode != 0:
        detail = (done.stderr or done.stdout).strip().splitlines()[-3:]
        raise SearchIndexError("Pagefind a échoué : " + " / ".join(detail))
    for name in UNUSED:
        (output / name).unlink(missing_ok=True)
    return output
