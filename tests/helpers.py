"""Small reusable helpers for the tests: source copies, edits, the seed, a link crawler.

Nothing here touches the real project: copies go to temporary folders.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("cases", "grid")


# -- copies of the YAML sources --------------------------------------------------------------

def copy_sources(dest: Path) -> Path:
    """Copy the real ``cases/`` and ``grid/`` into ``dest`` (created if needed); return ``dest``."""
    dest.mkdir(parents=True, exist_ok=True)
    for name in SOURCE_DIRS:
        shutil.copytree(ROOT / name, dest / name)
    return dest


def edit(root: Path, rel: str, old: str, new: str) -> str:
    """Replace the first occurrence of ``old`` in ``root/rel``; fail if it is not there."""
    path = root / rel
    text = path.read_text("utf-8")
    assert old in text, f"{rel} ne contient plus {old!r} : le test doit suivre le contenu"
    text = text.replace(old, new, 1)
    path.write_text(text, "utf-8")
    return text


def line_of(root: Path, rel: str, needle: str) -> int:
    """1-based number of the only line of ``root/rel`` that contains ``needle``."""
    lines = (root / rel).read_bytes().decode("utf-8", "replace").splitlines()
    found = [n for n, line in enumerate(lines, 1) if needle in line]
    assert len(found) == 1, f"{needle!r} apparaît {len(found)} fois dans {rel}"
    return found[0]


def column_of(root: Path, rel: str, needle: str) -> int:
    """1-based column where ``needle`` starts on its (only) line."""
    line = (root / rel).read_text("utf-8").splitlines()[line_of(root, rel, needle) - 1]
    return line.index(needle) + 1


def tree_digest(root: Path) -> dict[str, tuple[str, int]]:
    """``{relative path: (sha256, mtime_ns)}`` of every file under ``root``."""
    return {
        path.relative_to(root).as_posix(): (hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns)
        for path in sorted(root.rglob("*")) if path.is_file()
    }


# -- the seed: the source text of the verbatim quotes ----------------------------------------

def seed_path() -> Path:
    """The round-table text, or a skip with the reason if it is not available."""
    path = Path(os.environ.get("COOP_SEED") or ROOT.parent / "shared" / "seeds" / "round-table-2021-10-20.txt")
    if not path.is_file():
        pytest.skip(f"texte source des citations introuvable ({path}) : définissez COOP_SEED")
    return path


_QUOTED = re.compile(r"«\s*(.*?)\s*»|“\s*(.*?)\s*”", re.S)


def seed_quotes(text: str) -> list[str]:
    """Every passage between « » or “ ”, except single words (« autrement »)."""
    found = [(a or b) for a, b in _QUOTED.findall(text)]
    return [q for q in found if len(q.split()) > 1]


def normalise_quote(text: str) -> str:
    """Compare quotes up to apostrophes (’ or ') and whitespace only."""
    return " ".join(text.replace("\u2019", "'").split())


# -- a crawler of the built site ---------------------------------------------------------------

class _LinkParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.ids: set[str] = set()
        self.links: list[tuple[str, str]] = []  # (tag, url)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        for name in ("id", "name") if tag == "a" else ("id",):
            if attrs.get(name):
                self.ids.add(attrs[name])
        for name in ("href", "src"):
            if attrs.get(name) is not None and tag in ("a", "link", "script", "img", "iframe", "source", "area"):
                self.links.append((tag, attrs[name]))


_EXTERNAL = re.compile(r"^(?:[a-z][a-z0-9+.-]*:|//)", re.I)


def parse_html(path: Path) -> _LinkParser:
    parser = _LinkParser()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser


def _target_file(site: Path, page_url: str, href: str, resolve=None) -> tuple[Path | None, str]:
    """The file a site-internal ``href`` of ``page_url`` points to, and its fragment.

    ``resolve``: a kept :func:`_target_path` for one crawl, where every page links the same few files.
    """
    parts = urlsplit(urljoin(page_url, href))
    return (resolve or _target_path)(site.resolve(), unquote(parts.path)), unquote(parts.fragment)


def _target_path(site: Path, path: str) -> Path | None:
    """The file at the site-absolute ``path`` of the resolved ``site``; None outside it."""
    if path.endswith("/"):
        path += "index.html"
    target = (site / path.lstrip("/")).resolve()
    if site not in (target, *target.parents):
        return None
    if target.is_dir():
        target = target / "index.html"
    return target


def crawl(site: Path) -> tuple[list[str], list[str]]:
    """Check every link of every HTML file in ``site``.

    Returns ``(broken links, broken anchors)`` as readable strings. External
    http(s), ``mailto:``, ``tel:`` (any URL with a scheme) are ignored;
    relative URLs are resolved from the page, directory URLs mean
    ``index.html`` and a ``#id`` must exist in the target page (a fragment
    with ``=`` is application state, not an anchor).
    """
    site = site.resolve()
    parsed: dict[Path, _LinkParser] = {}
    # Kept within this crawl only (the site does not change meanwhile).
    exists, resolve = lru_cache(maxsize=None)(Path.is_file), lru_cache(maxsize=None)(_target_path)

    def page(path: Path) -> _LinkParser:
        if path not in parsed:
            parsed[path] = parse_html(path)
        return parsed[path]

    broken_links: list[str] = []
    broken_anchors: list[str] = []
    for html_file in sorted(site.rglob("*.html")):
        rel = html_file.relative_to(site).as_posix()
        page_url = "http://site.invalid/" + rel
        for tag, href in page(html_file).links:
            href = href.strip()
            if not href or _EXTERNAL.match(href):
                continue
            target, fragment = _target_file(site, page_url, href, resolve)
            if target is None or not exists(target):
                broken_links.append(f"{rel}: <{tag}> {href}")
                continue
            # A fragment carrying state (the self-test's ``#r=…`` share link) is not an anchor.
            is_anchor = fragment and "=" not in fragment
            if is_anchor and target.suffix == ".html" and fragment not in page(target).ids:
                broken_anchors.append(f"{rel}: {href} (pas d'id « {fragment} » dans {target.relative_to(site).as_posix()})")
    return broken_links, broken_anchors


def site_page_count(site: Path) -> int:
    return sum(1 for _ in site.rglob("*.html"))


# -- a tiny DOM, enough to look inside one element ---------------------------------------------

_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class Node:
    def __init__(self, tag: str, attrs: dict, parent: "Node | None" = None):
        self.tag, self.attrs, self.parent = tag, attrs, parent
        self.children: list[Node | str] = []

    def text(self) -> str:
        """The text content, whitespace collapsed."""
        parts = [c if isinstance(c, str) else c.text() for c in self.children]
        return " ".join(" ".join(parts).split())

    def iter(self):
        yield self
        for child in self.children:
            if isinstance(child, Node):
                yield from child.iter()

    def find_all(self, tag: str | None = None, cls: str | None = None) -> list["Node"]:
        return [n for n in self.iter() if (tag is None or n.tag == tag)
                and (cls is None or cls in (n.attrs.get("class") or "").split())]

    def by_id(self, ident: str) -> "Node | None":
        return next((n for n in self.iter() if n.attrs.get("id") == ident), None)


class _DomBuilder(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#document", {})
        self.current = self.root

    def handle_starttag(self, tag, attrs):
        node = Node(tag, dict(attrs), self.current)
        self.current.children.append(node)
        if tag not in _VOID:
            self.current = node

    def handle_startendtag(self, tag, attrs):
        self.current.children.append(Node(tag, dict(attrs), self.current))

    def handle_endtag(self, tag):
        node = self.current
        while node is not self.root and node.tag != tag:
            node = node.parent
        if node is not self.root:
            self.current = node.parent

    def handle_data(self, data):
        self.current.children.append(data)


def dom(path: Path) -> Node:
    builder = _DomBuilder()
    builder.feed(path.read_text("utf-8"))
    builder.close()
    return builder.root


def resolve(site: Path, page: Path, href: str) -> tuple[Path, str]:
    """The file and fragment an internal ``href`` found in ``page`` points to."""
    rel = page.resolve().relative_to(site.resolve()).as_posix()
    target, fragment = _target_file(site, "http://site.invalid/" + rel, href)
    assert target is not None, f"{href} sort du site"
    return target, fragment
