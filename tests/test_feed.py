"""The Atom feeds (coopsite/feed.py), read by a real parser (feedparser): newest first, links
to built pages, summaries from the data, autodiscovery on every page, none without SITE_URL,
well formed with hostile text, and the optional ``published`` date of a testimony.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
import xml.etree.ElementTree as ET
from pathlib import Path

import feedparser
import pytest

from coopsite import config
from coopsite.feed import FEED, MAX_ENTRIES, QUOTES_FEED, feed_files
from coopsite.structure.loader import load_corpus
from coopsite.structure.problems import ValidationFailed
from tests.conftest import PUBLIC_URL, ROOT
from tests.helpers import copy_sources, edit, line_of

ATOM = "{http://www.w3.org/2005/Atom}"


def page_of(site: Path, link: str) -> Path:
    assert link.startswith(PUBLIC_URL), link
    return site / link[len(PUBLIC_URL):].partition("#")[0] / "index.html"


@pytest.mark.parametrize("path", [FEED, QUOTES_FEED])
def test_feedparser_reads_the_feed_newest_first_with_links_to_built_pages(public_site, path):
    parsed = feedparser.parse((public_site / path).read_bytes())
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    assert parsed.feed.language == "fr"
    entries = parsed.entries
    corpus = load_corpus(ROOT)
    expected = len(corpus.events) + len(corpus.cases) if path == FEED else len(corpus.quotes)
    assert len(entries) == min(expected, MAX_ENTRIES)
    dates = [e.published_parsed for e in entries]
    assert dates == sorted(dates, reverse=True)
    for entry in entries:
        assert entry.id == entry.link  # its permanent address
        assert page_of(public_site, entry.link).is_file(), entry.link
        assert entry.title and entry.summary and entry.author
        enclosures = [l for l in entry.links if l.rel == "enclosure"]
        assert len(enclosures) == 1 and enclosures[0].type == "image/png"
        assert (public_site / enclosures[0].href[len(PUBLIC_URL):]).is_file()


def test_entries_say_what_the_data_says(public_site):
    corpus = load_corpus(ROOT)
    parsed = feedparser.parse((public_site / FEED).read_bytes())
    by_link = {e.link: e for e in parsed.entries}
    for case in corpus.cases:
        entry = by_link[PUBLIC_URL + config.case_url(case)]
        assert entry.title == case.title
        assert case.kind_label in entry.summary and case.territory in entry.summary
        assert f"{len(case.quotes)} citation" in entry.summary
        assert entry.author == corpus.publication.publisher.name
    quotes = feedparser.parse((public_site / QUOTES_FEED).read_bytes())
    quote = corpus.quotes[0]
    entry = next(e for e in quotes.entries if e.link == PUBLIC_URL + config.quote_page_url(quote))
    assert quote.text in entry.summary and entry.author == quote.speaker_name


class _FeedLinks(HTMLParser):
    """The feeds a page announces, found as feed readers find them: a <link> whose rel words
    include « alternate », of a feed's type; and the links Material's script takes for language
    versions (the exact value « alternate », its CSS selector), whose site map it downloads."""

    def __init__(self):
        super().__init__()
        self.feeds, self.material = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag != "link":
            return
        if "alternate" in (attrs.get("rel") or "").lower().split() and \
                attrs.get("type") in ("application/atom+xml", "application/rss+xml"):
            self.feeds.append((attrs.get("title"), attrs.get("href")))
        if (attrs.get("rel") or "").lower() == "alternate":
            self.material.append(attrs.get("href"))


def test_autodiscovery_of_both_feeds_on_every_page_and_a_subscribe_link_on_the_listings(public_site):
    pages = sorted(public_site.rglob("*.html"))
    assert len(pages) > 50
    wanted = [("Coopérer sur les territoires : tables rondes et témoignages", f"{PUBLIC_URL}flux.xml"),
              ("Coopérer sur les territoires : citations", f"{PUBLIC_URL}citations/flux.xml")]
    skipped = {"admin/index.html", "autodiagnostic/embed/index.html", "autodiagnostic/atelier.html"}
    for path in pages:
        rel = path.relative_to(public_site).as_posix()
        if rel not in skipped:
            found = _FeedLinks()
            found.feed(path.read_text(encoding="utf-8"))
            assert found.feeds == wanted, rel
            # Nothing that Material's script would take for another language: it would fetch a site map.
            assert found.material == [], rel
    for listing in (config.EVENTS, config.CASES):
        text = (public_site / listing / "index.html").read_text(encoding="utf-8")
        assert f'href="{PUBLIC_URL}flux.xml" type="application/atom+xml">S’abonner au fil d’actualités</a>' in text


def test_no_feed_without_site_url(built_site):
    assert not (built_site / FEED).exists() and not (built_site / QUOTES_FEED).exists()
    assert "application/atom+xml" not in (built_site / "index.html").read_text(encoding="utf-8")
    assert "S’abonner" not in (built_site / config.CASES / "index.html").read_text(encoding="utf-8")
    assert feed_files(load_corpus(ROOT), "", "Site") == {}


def test_a_published_date_moves_a_testimony_among_the_newest(tmp_path):
    root = copy_sources(tmp_path / "projet")
    text = (root / "cases" / "liess.yml").read_text(encoding="utf-8")
    assert "\nevent: " in text
    edit(root, "cases/liess.yml", "\nevent: ", "\npublished: '2026-11-15'\nevent: ")
    corpus = load_corpus(root)
    liess = next(c for c in corpus.cases if c.id == "liess")
    assert liess.published == "2026-11-15" and liess.date == "2026-11-15"
    parsed = feedparser.parse(feed_files(corpus, PUBLIC_URL, "Site")[FEED].encode("utf-8"))
    assert not parsed.bozo
    assert parsed.entries[0].link == PUBLIC_URL + "temoignages/liess/"
    assert parsed.entries[0].published.startswith("2026-11-15")
    quotes = feedparser.parse(feed_files(corpus, PUBLIC_URL, "Site")[QUOTES_FEED].encode("utf-8"))
    assert {e.link for e in quotes.entries[:len(liess.quotes)]} == \
        {PUBLIC_URL + config.quote_page_url(q) for q in liess.quotes}


def test_a_published_date_that_does_not_exist_is_named_with_its_line(tmp_path):
    root = copy_sources(tmp_path / "projet")
    edit(root, "cases/liess.yml", "\nevent: ", "\npublished: '2026-02-30'\nevent: ")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root)
    line = line_of(root, "cases/liess.yml", "published:")
    assert f"cases/liess.yml:{line}:" in failed.value.report()
    assert "published : la date « 2026-02-30 » n'existe pas" in failed.value.report()


def test_hostile_text_gives_a_well_formed_feed(tmp_path):
    """The hostile corpus (every text field carries markup, quotes and ampersands), plus a line
    separator and a control character: well-formed XML that a parser reads, the markup as text."""
    from test_hostile import make_hostile_project

    corpus = load_corpus(make_hostile_project(tmp_path / "projet"))
    corpus.cases[0].title += " \u2028 fin\x0b"
    for path, text in feed_files(corpus, PUBLIC_URL, "Site & <co> \"x\"").items():
        root = ET.fromstring(text.encode("utf-8"))  # raises on malformed XML
        titles = [e.findtext(f"{ATOM}title") or "" for e in root.iter(f"{ATOM}entry")]
        summaries = [e.findtext(f"{ATOM}summary") or "" for e in root.iter(f"{ATOM}entry")]
        assert any("<script>window.__pwned=1</script>" in t for t in titles + summaries), path
        assert "<script>" not in text and "\x0b" not in text  # escaped, and the control character dropped
        parsed = feedparser.parse(text.encode("utf-8"))
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert root.findtext(f"{ATOM}title").startswith("Site & <co>")
