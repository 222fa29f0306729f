"""Bounded listings: pagination, most recent first, and the URLs that existed before them."""

from __future__ import annotations

from pathlib import Path

import pytest

from coopsite import config, listings
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT, dom

URLS_BEFORE = Path(__file__).parent / "data" / "urls-before-scale.txt"


def test_paginate_cuts_items_into_pages_with_stable_urls():
    pages = listings.paginate(list(range(95)), 40, "paroles/")
    assert [p.url for p in pages] == ["paroles/", "paroles/page/2/", "paroles/page/3/"]
    assert [len(p.items) for p in pages] == [40, 40, 15]
    assert [(p.previous, p.next) for p in pages] == [
        (None, "paroles/page/2/"), ("paroles/", "paroles/page/3/"), ("paroles/page/2/", None)]
    assert [(p.first_index, p.last_index) for p in pages] == [(1, 40), (41, 80), (81, 95)]
    assert all(p.count == 3 and p.total == 95 for p in pages)
    assert pages[1].urls == [p.url for p in pages]
    assert sum((list(p.items) for p in pages), []) == list(range(95))


def test_an_empty_listing_still_has_its_first_page():
    (page,) = listings.paginate([], 40, "temoignages/")
    assert page.url == "temoignages/" and page.items == () and page.count == 1 and page.next is None


def test_groups_keeps_runs_in_order():
    a, b = object(), object()
    items = [(a, 1), (a, 2), (b, 3), (a, 4)]
    assert listings.groups(items, lambda i: i[0]) == [(a, [(a, 1), (a, 2)]), (b, [(b, 3)]), (a, [(a, 4)])]


def test_quotes_come_most_recent_round_table_first():
    corpus = load_corpus(ROOT)
    ordered = listings.recent_quotes(corpus.quotes)
    dates = [q.case.event.date for q in ordered]
    assert dates == sorted(dates, reverse=True)
    assert sorted(q.id for q in ordered) == sorted(q.id for q in corpus.quotes)
    assert listings.quote_pages(corpus)[0].url == config.QUOTES


def before_urls() -> list[str]:
    lines = URLS_BEFORE.read_text("utf-8").splitlines()
    return [line for line in lines if line and not line.startswith("#")]


def test_the_saved_url_list_is_the_real_site():
    urls = before_urls()
    assert len(urls) > 200
    assert "paroles/#objectif-a" in urls and "temoignages/liess/" in urls and "data/quotes.json" in urls


@pytest.mark.build
def test_every_url_from_before_the_listings_still_resolves(built_site):
    """Pages, data files and anchors (headings, quote permalinks) built before issue 10."""
    missing = []
    for url in before_urls():
        path, _, anchor = url.partition("#")
        target = built_site / ("index.html" if path == "/" else path + "index.html" if path.endswith("/") else path)
        if not target.is_file():
            missing.append(url)
        elif anchor and dom(target).by_id(anchor) is None:
            missing.append(url)
    assert missing == []
