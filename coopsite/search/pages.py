"""The written pages in the search: guides, the self-test's pages, open data…

Their text is taken from the built HTML (the article of the page, without
its permalinks, scripts or what a page marks ``data-search-exclude``), so it
is what the reader sees, whichever engine built it. Listings, quote pages,
the embed page and the search page itself are not written pages: their
texts are all indexed through the records of :mod:`coopsite.search.records`.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path

from .. import config
from ..layers import shared_uris
from .records import PAGE, Record, make_record, sentence

# Generated pages that are prose a reader looks for (the rest are listings).
GENERATED_PROSE = (config.SELFTEST, config.SELFTEST_DOC, config.SELFTEST_COLLECTIVE, config.SELFTEST_FACILITATOR)
SKIP = {"script", "style", "template", "noscript", "svg", "button", "form", "select", "textarea", "nav"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr"}


def written_page_urls(docs_dir: Path) -> list[str]:
    """The URLs of the generated prose pages, then of the written pages: the site's own
    (``docs_dir``) and the shared ones (:mod:`coopsite.layers`)."""
    urls = list(GENERATED_PROSE)
    pages = {uri for uri in shared_uris() if uri.endswith(".md")}
    if docs_dir.is_dir():
        pages |= {path.relative_to(docs_dir).as_posix() for path in docs_dir.rglob("*.md")}
    for uri in sorted(pages, key=lambda uri: uri.split("/")):
        rel = uri.removesuffix(".md")
        if rel == "index" or rel.endswith("/index"):
            rel = rel[:-len("index")].rstrip("/")
        url = f"{rel}/" if rel else ""
        if url not in urls:
            urls.append(url)
    return urls


class _ArticleText(HTMLParser):
    """The text of the page's ``<article>``, and its first ``<h1>``."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.depth = 0  # inside <article>
        self.skipping: list[str] = []  # the open elements being skipped
        self.parts: list[str] = []
        self.title: list[str] = []
        self.in_h1 = False
        self.h1_done = False

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        names = dict(attrs)
        if tag == "article":
            self.depth += 1
        if not self.depth:
            return
        classes = (names.get("class") or "").split()
        if self.skipping or tag in SKIP or "headerlink" in classes or "data-search-exclude" in names \
                or "data-pagefind-ignore" in names or "md-source-file" in classes:
            self.skipping.append(tag)
            return
        if tag == "h1" and not self.h1_done:
            self.in_h1 = True
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "td", "th", "dd", "dt", "br", "div"):
            self.parts.append(" ")

    def handle_endtag(self, tag):
        if tag in VOID or not self.depth:
            return
        if self.skipping:
            if self.skipping[-1] == tag:
                self.skipping.pop()
            return
        if tag == "h1" and self.in_h1:
            self.in_h1, self.h1_done = False, True
        elif tag in ("h2", "h3", "h4", "dt", "th"):
            # A heading ends as a sentence: an excerpt never runs it into the paragraph below.
            text = "".join(self.parts).rstrip()
            if text and text[-1] not in ".!?:…»)":
                self.parts.append(".")
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skipping:
            # The page's title is shown above its result: indexed last, out of the text (page_record).
            (self.title if self.in_h1 else self.parts).append(data)


def page_record(html_text: str, url: str) -> Record | None:
    """The record of one written page, or ``None`` when it has no article text."""
    parser = _ArticleText()
    parser.feed(html_text)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    if not text:
        return None
    title = " ".join("".join(parser.title).split())
    return make_record(url, PAGE, title or url, [text, sentence(title)], {})


def written_page_records(site_dir: Path, docs_dir: Path) -> list[Record]:
    records = []
    for url in written_page_urls(docs_dir):
        path = site_dir / url / "index.html"
        if path.is_file():
            record = page_record(path.read_text("utf-8"), url)
            if record is not None:
                records.append(record)
    return records
