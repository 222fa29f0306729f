"""Internal links of a built site: every address inside the site leads to a file, every anchor to an id.

Read from the HTML files with the standard library's parser (no browser, no
server). Checked: ``<a href>``, ``<link href>``, ``<script src>``, ``<img src>``.
Ignored: any URL with a scheme (``https:``, ``mailto:``, ``tel:``, ``data:``…)
or starting with ``//`` (external links are never fetched), and a fragment
carrying state rather than naming an anchor (the self-test's ``#r=…``).
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

from . import page_url

CHECKED = {"a": "href", "link": "href", "script": "src", "img": "src"}
_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)
_BASE = "http://site.invalid/"


class _Page(HTMLParser):
    """The ids (and ``<a name>``) of one page, and its checked links as (tag, URL)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        attribute = CHECKED.get(tag)
        if attribute and attrs.get(attribute) is not None:
            self.links.append((tag, attrs[attribute].strip()))


def _parse(path: Path) -> _Page:
    page = _Page()
    page.feed(path.read_text("utf-8", errors="replace"))
    page.close()
    return page


def _target(site: Path, path: str) -> Path | None:
    """The file a site-absolute ``path`` names (a folder means its index.html); None outside the site."""
    if path.endswith("/"):
        path += "index.html"
    target = (site / path.lstrip("/")).resolve()
    if target != site and site not in target.parents:
        return None
    return target / "index.html" if target.is_dir() else target


def broken_links(site: Path, pages_named: int = 3) -> list[str]:
    """Every broken internal link or anchor of the built ``site``, as French sentences (empty: all good).

    One sentence per broken address, naming the page it is on
    (« Lien interne cassé : /x/ → /y/ (page introuvable) »); an address
    broken on many pages (a template's link) names the first ``pages_named``
    and counts the others.
    """
    site = Path(site).resolve()
    parsed: dict[Path, _Page] = {}
    found: dict[tuple[str, str], list[str]] = {}  # (kind, "→ target (why)") → pages, in order

    def page(path: Path) -> _Page:
        if path not in parsed:
            parsed[path] = _parse(path)
        return parsed[path]

    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site).as_posix()
        here = page_url(rel)
        for tag, href in page(html_file).links:
            if not href or _EXTERNAL.match(href):
                continue
            parts = urlsplit(urljoin(_BASE + rel, href))
            path, fragment = unquote(parts.path), unquote(parts.fragment)
            target = _target(site, path)
            if target is None:
                problem = ("Lien interne cassé", f"{href} (adresse hors du site)")
            elif not target.is_file():
                what = {"img": "image", "script": "script", "link": "fichier"}.get(tag, "page")
                problem = ("Lien interne cassé", f"{path} ({what} introuvable)")
            elif (fragment and "=" not in fragment and fragment.lower() != "top"
                  and target.suffix == ".html" and fragment not in page(target).ids):
                there = page_url(target.relative_to(site).as_posix())
                problem = ("Ancre introuvable",
                           f"{there}#{fragment} (aucun élément id=\"{fragment}\" dans cette page)")
            else:
                continue
            pages = found.setdefault(problem, [])
            if here not in pages:
                pages.append(here)
    sentences = []
    for (kind, target), pages in found.items():
        where = ", ".join(pages[:pages_named])
        if len(pages) > pages_named:
            where += f" et {len(pages) - pages_named} autres pages"
        sentences.append(f"{kind} : {where} → {target}")
    return sentences
