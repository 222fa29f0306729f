"""The page memo (coopsite/rebuild.py): a generation that takes pages from the last one equals one that
renders them all, edit after edit, on a corpus whose listings run over many pages."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import corpus as bench_corpus, edits
from coopsite import listings
from coopsite.rebuild import PageMemo, dependencies, touched, source_digests
from coopsite.site import generate
from coopsite.structure.loader import load_corpus
from coopsite.structure.problems import ValidationFailed


def files_of(corpus, memo=None) -> dict:
    return {f.src_uri: f.content for f in generate(corpus, site_url="https://exemple.org/", memo=memo)}


@pytest.fixture()
def small_pages(monkeypatch):
    """Listings of a few items a page, so that one edit moves items from page to page."""
    monkeypatch.setattr(listings, "QUOTES_PER_PAGE", 3)
    monkeypatch.setattr(listings, "CASES_PER_PAGE", 4)
    monkeypatch.setattr(listings, "EVENTS_PER_PAGE", 2)
    monkeypatch.setattr(listings, "INDICATOR_PREVIEW", 2)


def test_each_edit_gives_what_a_full_generation_gives(tmp_path, small_pages):
    root = bench_corpus.make_project(tmp_path / "projet", cases=12, quotes=3)
    memo = PageMemo()
    files_of(load_corpus(root), memo)
    assert memo.rendered > 0 and memo.reused == 0
    reused = {}
    for number, make in enumerate(edits.SERIES + edits.TIMED * 2):
        edit = make(root, f"n{number}", index=number % 5)
        edit.apply(root)
        try:
            corpus = load_corpus(root)
        except ValidationFailed:
            continue  # the broken file: nothing generated, the memo kept
        with_memo = files_of(corpus, memo)
        assert with_memo == files_of(corpus), edit.name
        reused[edit.name] = memo.reused / (memo.reused + memo.rendered)
    # A testimony's edit renders a few pages again, not the site; the grid and site.yml, every page.
    assert reused["résumé"] > 0.7 and reused["citation déplacée vers un autre indicateur"] > 0.6
    assert reused["titre d'un indicateur"] == 0 and reused["site.yml"] == 0


def test_an_unknown_or_shared_source_touches_everything(tmp_path):
    root = bench_corpus.make_project(tmp_path / "projet", cases=3, quotes=2)
    before = load_corpus(root)
    digests = source_digests(before)
    assert touched(before, digests, before, digests) == frozenset()
    grid = before.grid.source_path
    assert touched(before, digests, before, {**digests, grid: "autre"}) is None
    assert touched(before, digests, before, {**digests, root / "cases" / "inconnu.yml": "x"}) is None
    case = before.cases[0]
    keys = touched(before, digests, before, {**digests, case.source_path: "autre"})
    assert ("case", case.id) in keys and ("event-cases", case.event.id) in keys
    assert ("event", case.event.id) not in keys  # the round table's own page fields did not change
    assert {("indicator", i.id) for q in case.quotes for i in q.indicators} <= keys


def test_pages_without_known_dependencies_are_always_rendered():
    assert dependencies("pages/home.md.j2", {}) == (None, ())
    assert dependencies("selftest/page.md.j2", {}) == (None, ())


def test_a_changed_address_or_name_renders_everything(tmp_path):
    root = bench_corpus.make_project(tmp_path / "projet", cases=3, quotes=2)
    corpus = load_corpus(root)
    memo = PageMemo()
    generate(corpus, site_url="https://a.example/", memo=memo)
    generate(corpus, site_url="https://a.example/", memo=memo)
    assert memo.rendered < 40
    generate(corpus, site_url="https://b.example/", memo=memo)
    assert memo.reused == 0
    memo.forget()
    generate(corpus, site_url="https://b.example/", memo=memo)
    assert memo.reused == 0


def test_the_digests_are_those_of_the_bytes_the_loader_read(tmp_path):
    """The preview compares the loader's hashes (no file read again after each save); they are the
    files' own, site.yml included, and a corpus made without them hashes the files instead."""
    from dataclasses import replace

    from tests.helpers import copy_sources

    root = copy_sources(tmp_path / "projet")
    (root / "site.yml").write_text("network: Réseau\n", "utf-8")
    corpus = load_corpus(root)
    assert len(corpus.digests) == 1 + len(corpus.events) + len(corpus.cases) + 1
    assert source_digests(corpus) == source_digests(replace(corpus, digests={}))
    case = corpus.cases[0].source_path
    case.write_text(case.read_text("utf-8") + "\n", "utf-8")
    assert source_digests(corpus) != source_digests(replace(corpus, digests={}))  # what was read, not what is there
