"""The site at scale: the checks of ``bench/scale.py``, at N = 150 testimonies.

The bench runs them at N = 1,000 (``python bench/scale.py``: figures in
docs/performances.md); here a smaller corpus keeps the suite quick while
every listing is still cut into several pages (Paroles: 40 quotes a page,
600 quotes; testimonies: 100 a page). Each check is also shown to fail on
a site that breaks it, so that a check that cannot fail would be seen.
"""

from __future__ import annotations

import os
import shutil

import pytest

from bench import scale
from coopsite import config

pytestmark = pytest.mark.build

N = 150


@pytest.fixture(scope="module")
def large(tmp_path_factory):
    """(corpus, project, built site, work folder) of the benchmark's corpus at N = 150."""
    work = tmp_path_factory.mktemp("n150")
    corpus, project, site = scale.build(work, N)
    return corpus, project, site, work


def test_the_corpus_is_paginated(large):
    corpus, _, site, _ = large
    assert len(corpus.cases) == N and len(corpus.quotes) == scale.QUOTES_PER_CASE * N
    assert (site / config.QUOTES / "page" / "15" / "index.html").is_file()
    assert (site / config.CASES / "page" / "2" / "index.html").is_file()


def test_every_check_holds(large):
    corpus, project, site, work = large
    # Zensical's build of the corpus is checked by the bench at N = 1,000, and on
    # the real content by tests/browser/test_zensical.py.
    results = scale.run_checks(corpus, project, site, work, zensical=False)
    assert len(results) == 6
    assert [(label, failures) for label, failures in results if failures] == []


def test_the_checks_fail_on_a_broken_site(large, tmp_path):
    corpus, project, site, _ = large
    broken = tmp_path / "site"
    # Linked, not copied (thousands of files): each file broken below is replaced, never
    # written through its link, so the built site stays as it is.
    shutil.copytree(site, broken, copy_function=os.link)
    quote = corpus.quotes[0]

    def replace(path, text: str) -> None:
        path.unlink()
        path.write_text(text, "utf-8")
    case_page = broken / config.case_url(quote.case) / "index.html"
    replace(case_page, case_page.read_text("utf-8").replace(f'id="{quote.id}"', 'id="ailleurs"'))
    replace(broken / config.QUOTES / "index.html", "<p>" + "x" * 300_000 + "</p>")
    replace(broken / "pagefind" / "pagefind-entry.json", '{"languages": {"fr": {"page_count": 3}}}')
    assert scale.pages_bounded(corpus, broken)
    assert scale.quotes_reachable_from_paroles(corpus, broken)
    assert scale.search_index_complete(corpus, broken, project)
    assert scale.no_broken_link(corpus, broken)
    # A feed that would list everything: more than its 50 entries.
    import coopsite.feed

    limit = coopsite.feed.MAX_ENTRIES
    try:
        coopsite.feed.MAX_ENTRIES = 10_000
        assert scale.feeds_bounded(corpus)
    finally:
        coopsite.feed.MAX_ENTRIES = limit


def test_the_first_build_links_its_cards_from_the_cache(large):
    """At N = 150 (750 cards, drawn by other processes while MkDocs converts the pages: see
    tests/test_cards.py), each card in the site is the build cache's file itself, not a copy."""
    from coopsite.cards import card_key, draw_card
    from coopsite.share import card_specs

    corpus, project, site, _ = large
    specs = card_specs(corpus, corpus.publication.site_name)
    assert len(specs) > 700
    cache = project / ".cache" / "coopsite" / "cards"
    for spec in specs[::40]:
        built = site / spec.uri
        key = card_key(spec, corpus.publication.site_name)
        cached = cache / key[:2] / key
        assert built.stat().st_ino == cached.stat().st_ino, spec.uri  # a hard link, not a copy
        assert built.read_bytes() == draw_card(spec, corpus.publication.site_name), spec.uri
