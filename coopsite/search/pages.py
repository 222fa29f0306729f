"""The written pages in the search: guides, the self-test's pages, open data…

Their text is taken from the built HTML (the article of the page, without
its permalinks, scripts or what a page marks ``data-search-exclude``), so it
is what the reader sees, whichever engine built it. A long page is indexed
section by section (its ``<h2 id>``): a result leads to the section that
matched, and a first search does not download a whole long page to show
one excerpt of it. Listings, quote pages,
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
# Beyond this many characters of text, a page is indexed by sections (a result's data holds
# its whole text: about a third of it, compressed, is downloaded to show its excerpt).
LONG_PAGE = 15_000
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
        # Each <h2 id>'s section: where it starts in ``parts``, its id; then where its heading
        # ends and the heading's text.
        self.sections: list[tuple[int, str]] = []
        self.heading: list[str] | None = None  # the text of the <h2> being read
        self.headings: list[tuple[int, str]] = []

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
        if tag == "h2" and names.get("id"):
            self.sections.append((len(self.parts), names["id"]))
            self.heading = []
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
        if tag == "h2" and self.heading is not None:
            self.headings.append((len(self.parts), " ".join("".join(self.heading).split())))
            self.heading = None
        if tag == "article":
            self.depth -= 1

    def handle_data(self, data):
        if self.depth and not self.skipping:
            # The page's title is shown above its result: indexed last, out of the text (page_records).
            (self.title if self.in_h1 else self.parts).append(data)
            if self.heading is not None:
                self.heading.append(data)


def page_records(html_text: str, url: str) -> list[Record]:
    """The records of one written page: one, or one a section for a long page; none without text."""
    parser = _ArticleText()
    parser.feed(html_text)
    parser.close()
    text = " ".join("".join(parser.parts).split())
    if not text:
        return []
    title = " ".join("".join(parser.title).split()) or url
    if len(text) <= LONG_PAGE or not parser.sections:
        return [make_record(url, PAGE, title, [text, sentence(title)], {})]
    # The text above the first section keeps the page's address and title; each section has
    # its own, « Page — Section », and its heading last, as the page's title is.
    ends = [start for start, _ in parser.sections] + [len(parser.parts)]
    records = []
    intro = " ".join("".join(parser.parts[:ends[0]]).split())
    if intro:
        records.append(make_record(url, PAGE, title, [intro, sentence(title)], {}))
    for (_, anchor), (heading_end, heading), end in zip(parser.sections, parser.headings, ends[1:]):
        part = " ".join("".join(parser.parts[heading_end:end]).split())
        records.append(make_record(f"{url}#{anchor}", PAGE, f"{title} — {heading}", [part, sentence(heading)], {}))
    return records


def written_page_records(site_dir: Path, docs_dir: Path) -> list[Record]:
    records = []
    for url in written_page_urls(docs_dir):
        path = site_dir / url / "index.html"
        if path.is_file():
            records += page_records(path.read_text("utf-8"), url)
    return records
