"""Quote pages, image cards and share meta tags in the built site.

One strict build with SITE_URL (module fixture), the session's ``built_site``
without it, and one build of a copy whose quote and speaker are hostile.
"""

from __future__ import annotations

import html
import json
import re
from pathlib import Path
from urllib.parse import urljoin

import pytest
import yaml
from PIL import Image

from coopsite import config
from coopsite.search.pages import written_page_urls
from coopsite.search.records import corpus_records
from coopsite.structure.loader import load_corpus
from tests.conftest import PUBLIC_URL, ROOT, copy_project, mkdocs_build
from tests.helpers import normalise_quote
from tests.test_share_meta import page_url, pages, parse

pytestmark = pytest.mark.build

SITE_URL = "https://example.org/cooperation/"


@pytest.fixture(scope="module")
def shared_site(public_site) -> Path:
    assert PUBLIC_URL == SITE_URL
    return public_site


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def text_of(path: Path) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", path.read_text("utf-8")))


def test_every_quote_has_its_page_with_the_verbatim_text_and_a_link_to_its_anchor(shared_site, corpus):
    assert len(corpus.quotes) == 13
    for quote in corpus.quotes:
        page = shared_site / config.quote_page_url(quote) / "index.html"
        assert page.is_file(), quote.id
        assert normalise_quote(quote.text) in normalise_quote(text_of(page)), quote.id
        head = parse(page)
        assert head.links.get("canonical") == [SITE_URL + config.quote_page_url(quote)]
        links = {a.get("href"): a for a in head.anchors}
        anchor = config.relative(config.quote_page_url(quote), config.quote_url(quote))
        assert anchor in links, quote.id
        target = urljoin(SITE_URL + config.quote_page_url(quote), anchor)
        assert target == SITE_URL + config.case_url(quote.case) + "#" + quote.id
        case_html = (shared_site / config.case_url(quote.case) / "index.html").read_text("utf-8")
        assert f'id="{quote.id}"' in case_html
        assert config.relative(config.quote_page_url(quote), config.event_url(quote.case.event)) in links
        assert "Lire tout le témoignage" in page.read_text("utf-8")


def test_quote_pages_stay_out_of_the_nav_and_the_search_index(shared_site, corpus):
    # A quote is found at its anchor on its testimony, not on its share page.
    locations = [r.url for r in corpus_records(corpus)] + written_page_urls(ROOT / "docs")
    assert any(loc.startswith(config.case_url(corpus.cases[0]) + "#") for loc in locations)
    assert not [loc for loc in locations if loc.startswith(config.QUOTE_PAGES)]
    home = (shared_site / "index.html").read_text("utf-8")
    # No link to a quote's page (the quotes' news feed, citations/flux.xml, is no page).
    assert not re.search(rf'href="[^"]*{config.QUOTE_PAGES}(?!flux\.xml")', home)


def test_each_quote_figure_links_to_its_page(shared_site, corpus):
    for url in [config.case_url(c) for c in corpus.cases] + [config.QUOTES]:
        hrefs = {a.get("href") for a in parse(shared_site / url / "index.html").anchors}
        quotes = corpus.quotes if url == config.QUOTES else next(c for c in corpus.cases
                                                                  if config.case_url(c) == url).quotes
        for quote in quotes:
            assert config.relative(url, config.quote_page_url(quote)) in hrefs, (url, quote.id)


def card_pages(corpus) -> set[str]:
    return ({config.HOME, config.GRID, config.SELFTEST}
            | {config.event_url(e) for e in corpus.events} | {config.handout_url(e) for e in corpus.events}
            | {config.case_url(c) for c in corpus.cases} | {config.quote_page_url(q) for q in corpus.quotes})


def test_every_page_with_a_card_has_working_share_image_meta(shared_site, corpus):
    with_card = set()
    for path in pages(shared_site):
        head = parse(path)
        url = page_url(shared_site, path)
        if "og:image" not in head.meta:
            assert head.meta["twitter:card"] == ["summary"], url
            continue
        with_card.add(url)
        [image] = head.meta["og:image"]
        assert image.startswith(SITE_URL) and image.endswith(".png"), url
        file = shared_site / image.removeprefix(SITE_URL)
        assert file.is_file(), image
        assert file.stat().st_size <= 100_000, image
        with Image.open(file) as card:
            assert card.size == (1200, 630), image
        assert head.meta["og:image:width"] == ["1200"] and head.meta["og:image:height"] == ["630"]
        assert head.meta["og:image:alt"][0].strip(), url
        assert head.meta["twitter:card"] == ["summary_large_image"], url
    assert with_card == card_pages(corpus)
    for quote in corpus.quotes:
        alt = parse(shared_site / config.quote_page_url(quote) / "index.html").meta["og:image:alt"][0]
        assert normalise_quote(quote.text) in normalise_quote(alt)


def test_without_site_url_cards_are_built_but_not_announced(built_site, corpus):
    for url in card_pages(corpus):
        head = parse(built_site / url / "index.html")
        assert "og:image" not in head.meta, url
        assert head.meta["twitter:card"] == ["summary"], url
    for quote in corpus.quotes:
        assert (built_site / config.card_uri(config.quote_page_url(quote))).is_file()


def test_hostile_quote_and_name_stay_text_in_the_meta_tags(tmp_path):
    project = copy_project(tmp_path / "project")
    path = project / "cases" / "liess.yml"
    case = yaml.safe_load(path.read_text("utf-8"))
    hostile = "\"><script>alert('q')</script><meta property=\"og:image\" content=\"https://tiers.invalid/x.png"
    case["quotes"][0]["text"] = hostile
    speaker = case["quotes"][0]["speaker"]
    speaker = speaker[0] if isinstance(speaker, list) else speaker
    person = next(p for p in case["people"] if p["id"] == speaker)
    person["name"] = "Zoé \"'><img src=x onerror=alert(1)>"
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), "utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site, env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    quote_id = case["quotes"][0]["id"]
    page = site / config.QUOTE_PAGES / quote_id / "index.html"
    head = parse(page)
    assert head.meta["og:image"] == [f"{SITE_URL}{config.QUOTE_PAGES}{quote_id}/carte.png"]
    [alt] = head.meta["og:image:alt"]
    assert hostile in alt and "<img src=x onerror=alert(1)>" in alt
    raw = page.read_text("utf-8")
    assert "<script>alert('q')" not in raw and "<img src=x" not in raw
    assert "tiers.invalid" not in "".join(head.meta["og:image"] + head.meta["twitter:image"])


def test_two_builds_give_byte_identical_cards(shared_site, tmp_path):
    """The second build is a copy with an empty cache: its cards are drawn again."""
    project = copy_project(tmp_path / "project")
    assert not (project / ".cache").exists()
    second = tmp_path / "site"
    result = mkdocs_build(project, second, env={"SITE_URL": SITE_URL})
    assert result.returncode == 0, result.stderr
    first_cards = sorted(p.relative_to(shared_site) for p in shared_site.rglob("*.png")
                         if p.name == config.CARD_NAME)
    assert len(first_cards) >= 13 + 4
    for rel in first_cards:
        assert (second / rel).read_bytes() == (shared_site / rel).read_bytes(), rel
