"""Material's search, driven in Chromium: a word of a quote finds it on its case page.

Each quote is indexed once, on its case page (listings are left out of the
index), so the result a reader gets is the testimony, with its title.
"""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

from coopsite import config
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def test_each_quote_is_indexed_once_on_its_case_page(built_site, corpus):
    index = json.loads((built_site / "search" / "search_index.json").read_text("utf-8"))
    seen = Counter()
    for entry in index["docs"]:
        for quote in corpus.quotes:
            if quote.text in entry["text"]:
                seen[quote.id] += 1
                assert entry["location"].startswith(config.case_url(quote.case)), (quote.id, entry["location"])
    assert seen == Counter({q.id: 1 for q in corpus.quotes})
    # Listings are out of the index (title and intro at most), the indicators' own text stays in.
    listed = sum(len(e["text"]) for e in index["docs"]
                 if e["location"].split("#")[0] in (config.QUOTES, config.COVERAGE, config.CASES))
    assert listed < 2000, listed
    for indicator in corpus.grid.indicators[:3]:
        own = [e for e in index["docs"] if e["location"] == config.indicator_url(indicator)]
        assert own and indicator.description[:40] in own[0]["text"]


def search(page, site_url, query):
    """Type ``query`` in Material's search box, as a reader does (key by key)."""
    page.goto(site_url)
    box = page.locator("input.md-search__input")
    box.click()
    box.press_sequentially(query)


@pytest.mark.parametrize("query, case_id, words", [
    ("défi double", "cap-solidaire", "défi de la coopération est double"),   # accents typed as they are
    ("gouvernance bénévole", "cap-solidaire", "uniquement basée sur l’engagement bénévole"),
])
def test_a_word_of_a_quote_finds_it_on_its_case_page(page, site_url, corpus, query, case_id, words):
    case = next(c for c in corpus.cases if c.id == case_id)
    search(page, site_url, query)
    hit = page.locator(".md-search-result__item").filter(
        has=page.locator(f"a[href*='{config.case_url(case)}']"))
    hit.first.wait_for(timeout=15000)
    text = " ".join(hit.first.inner_text().split())
    assert case.title in text
    assert words in text, text
    assert page.outside_requests == []
