"""The site map: every page a reader can reach, grouped as in the nav.

The groups and their order come from the ``nav`` of ``mkdocs.yml``: a page
belongs to the nav entry whose address is the longest start of its own (a
testimony's page goes under « Témoignages »). The footer's pages make their
own group, and a page no entry claims is listed under « Autres pages », never
left out. The pages of a paginated listing are one line of numbers, so the
map stays within the page budget at N = 1,000 (``bench/scale.py``).

Left out, by design: the quote pages (each quote is on its testimony's
page, which the map lists), the self-test's embed (a frame for other sites)
and the editor (``/admin/``, not a page of the site).
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .. import config
from ..generated import GeneratedFile
from ..layers import DOCS_DIR, written_page_uris
from ..memos import GenerationMemo
from ..structure.loader import read_mkdocs_config

EXCLUDED_PREFIXES = (config.QUOTE_PAGES, config.SELFTEST_EMBED)
FOOTER_PAGES = (config.ACCESSIBILITY, config.LEGAL, config.PRIVACY, config.SITEMAP)
FOOTER_GROUP = "À propos du site"
OTHER_GROUP = "Autres pages"
PAGE_N = re.compile(r"^(?P<first>.*?)page-(?P<n>[0-9]+)/$")


@dataclass
class Entry:
    title: str
    url: str
    more: list[tuple[str, str]] = field(default_factory=list)  # the next pages of a listing: (number, url)


@dataclass
class Group:
    title: str
    prefixes: list[str]
    entries: list[Entry] = field(default_factory=list)


def page_url(src_uri: str) -> str:
    """``temoignages/liess/index.md`` → ``temoignages/liess/``; ``donnees.md`` → ``donnees/``."""
    stem = src_uri.removesuffix(".md")
    if stem == "index" or stem.endswith("/index"):
        stem = stem[: -len("index")].rstrip("/")
    return f"{stem}/" if stem else ""


def _nav(root: Path) -> list[tuple[str, list[tuple[str, str]]]]:
    nav = read_mkdocs_config(root).get("nav") or []
    if not isinstance(nav, list):
        return []
    groups = []
    for item in nav:
        if not isinstance(item, dict):
            continue
        for title, target in item.items():
            children = target if isinstance(target, list) else [{title: target}]
            pages = [(t, page_url(p)) for child in children if isinstance(child, dict)
                     for t, p in child.items() if isinstance(p, str)]
            groups.append((str(title), pages))
    return groups


# The core writes each front matter value as a JSON string (renderer.front_matter): its title
# is read without a YAML parser, which cost seconds at N = 1,000. Hand-written pages fall back to YAML.
_JSON_TITLE = re.compile(r'^title: ("(?:[^"\\\n]|\\.)*")$', re.MULTILINE)


def _title(text: str) -> str:
    if text.startswith("---\n"):
        head = text[4:].split("\n---", 1)[0]
        quick = _JSON_TITLE.search(head)
        if quick:
            try:
                return html.unescape(json.loads(quick.group(1)))
            except ValueError:
                pass
        try:
            meta = yaml.safe_load(head) or {}
        except yaml.YAMLError:
            meta = {}
        if isinstance(meta, dict) and meta.get("title"):
            return html.unescape(str(meta["title"]))
    match = re.search(r"^# (.+)$", text, re.MULTILINE)
    return match.group(1).strip() if match else ""


# A preview generates again and again mostly the same texts (the same objects, whose hash
# Python keeps), and only reads the new ones: coopsite/memos.py.
_page_titles: GenerationMemo[str, str] = GenerationMemo("page_titles")


def _title_of(text: str) -> str:
    title = _page_titles.get(text)
    return _page_titles.put(text, _title(text)) if title is None else title


def _pages(root: Path, files: list[GeneratedFile]) -> dict[str, str]:
    """Every page's URL and title: the written pages of ``docs/``, then the generated ones."""
    pages: dict[str, str] = {}
    # The written pages first, the site's own and the shared ones (whose text is among ``files``).
    texts = {item.src_uri: item.content for item in files if item.is_page and isinstance(item.content, str)}
    docs = root / DOCS_DIR
    for uri in written_page_uris(root):
        text = texts[uri] if uri in texts else (docs / uri).read_text("utf-8")
        pages[page_url(uri)] = _title_of(text)
    for item in files:
        if item.is_page and isinstance(item.content, str):
            pages[page_url(item.src_uri)] = _title_of(item.content)
    _page_titles.end()
    return {url: title for url, title in pages.items() if not url.startswith(EXCLUDED_PREFIXES)}


def page_urls(root: Path, files: list[GeneratedFile]) -> list[str]:
    """The URL of every page the site map lists."""
    return list(_pages(root, files))


def sitemap_groups(root: Path, files: list[GeneratedFile]) -> list[Group]:
    pages = _pages(root, files)
    nav = _nav(root)
    groups = [Group(title, [url for _, url in items]) for title, items in nav]
    nav_titles = {url: title for _, items in nav for title, url in items}
    footer = Group(FOOTER_GROUP, list(FOOTER_PAGES))
    other = Group(OTHER_GROUP, [])
    listings: dict[str, Entry] = {}

    def home(url: str) -> Group:
        if url in footer.prefixes:
            return footer
        best, length = other, -1
        for group in groups:
            for prefix in group.prefixes:
                matches = url == prefix or (prefix and url.startswith(prefix))
                if matches and len(prefix) > length:
                    best, length = group, len(prefix)
        return best

    # The nav's own pages first, in the nav's order and with its titles.
    ordered = [url for group in groups for url in group.prefixes if url in pages]
    ordered += [url for url in pages if url not in ordered]
    for url in ordered:
        paged = PAGE_N.match(url)
        if paged and paged["first"] in listings:
            listings[paged["first"]].more.append((paged["n"], url))
            continue
        entry = Entry(nav_titles.get(url) or pages[url] or url, url)
        listings[url] = entry
        home(url).entries.append(entry)
    return [g for g in (*groups, footer, other) if g.entries]
