"""The build cache (``coopsite.cache``): never stale, never in the way."""

from __future__ import annotations

import pytest

from coopsite import qrcodes, selftest
from coopsite.cache import DiskCache, digest
from coopsite.structure import schema as schemas
from coopsite.structure.loader import load_corpus
from coopsite.structure.problems import ValidationFailed
from tests.helpers import copy_sources, edit


def test_digest_separates_its_parts():
    assert digest("ab", "c") != digest("a", "bc")
    assert digest("x") == digest(b"x")


def test_put_then_get_round_trips(tmp_path):
    cache = DiskCache(tmp_path / "c")
    assert cache.get("ns", "k" * 64) is None
    cache.put("ns", "k" * 64, b"data")
    assert cache.get("ns", "k" * 64) == b"data"
    assert not list((tmp_path / "c").rglob(".tmp-*")), "no temporary file is left behind"


def test_an_unwritable_folder_is_ignored(tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    cache = DiskCache(blocker / "c")  # cannot be created: a file is in the way
    cache.put("ns", "key", b"data")
    assert cache.get("ns", "key") is None


def test_a_valid_file_is_not_schema_checked_twice(tmp_path, monkeypatch):
    root = copy_sources(tmp_path / "p")
    cache = DiskCache(tmp_path / "cache")
    calls = []
    real_check = schemas.check
    monkeypatch.setattr(schemas, "check", lambda doc, kind: calls.append(doc.path.name) or real_check(doc, kind))
    load_corpus(root, cache)
    first = len(calls)
    assert first == len(list(root.rglob("*.yml")))
    calls.clear()
    load_corpus(root, cache)
    assert calls == []


def test_a_changed_file_is_checked_again(tmp_path):
    root = copy_sources(tmp_path / "p")
    cache = DiskCache(tmp_path / "cache")
    load_corpus(root, cache)
    edit(root, "cases/liess.yml", "territory: Limoges (Haute-Vienne)", "territory: ''")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root, cache)
    assert any(p.path.name == "liess.yml" and p.field == "territory" for p in failed.value.problems)


def test_an_invalid_file_is_never_cached(tmp_path):
    root = copy_sources(tmp_path / "p")
    cache = DiskCache(tmp_path / "cache")
    edit(root, "cases/liess.yml", "territory: Limoges (Haute-Vienne)", "territory: ''")
    for _ in range(2):
        with pytest.raises(ValidationFailed):
            load_corpus(root, cache)


def test_cached_qr_code_is_the_same_as_a_fresh_one(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    address = "https://example.org/cooperation/temoignages/liess/"
    fresh = qrcodes.qr_svg(address)
    assert qrcodes.qr_svg(address, cache) == fresh  # computed, then stored
    assert qrcodes.qr_svg(address, cache) == fresh  # read back
    assert qrcodes.qr_svg(address + "x", cache) != fresh


def test_a_corrupted_entry_is_not_trusted_for_another_address(tmp_path):
    cache = DiskCache(tmp_path / "cache")
    qrcodes.qr_svg("https://example.org/a/", cache)
    entries = [p for p in (tmp_path / "cache").rglob("*") if p.is_file()]
    assert len(entries) == 1
    # Entries are named by what they were computed from: another address
    # can never read this one, even if its content were damaged.
    entries[0].write_bytes(b"garbage")
    assert qrcodes.qr_svg("https://example.org/b/", cache).startswith("<svg")


def test_selftest_payload_carries_a_few_quotes_and_the_count(tmp_path):
    root = copy_sources(tmp_path / "p")
    # A1.2 is cited by two quotes of the grand témoin; two more make four.
    edit(root, "cases/liess.yml", "indicators: [A1.1, A3.1]", "indicators: [A1.1, A3.1, A1.2]")
    edit(root, "cases/cap-solidaire.yml", "indicators: [A2.2, A2.1]", "indicators: [A2.2, A2.1, A1.2]")
    data = selftest.payload(load_corpus(root), "autodiagnostic/")
    by_id = {ind["id"]: ind for ind in data["indicators"]}
    assert by_id["A1.2"]["quote_count"] == 4 > selftest.QUOTES_PER_INDICATOR
    assert len(by_id["A1.2"]["quotes"]) == selftest.QUOTES_PER_INDICATOR
    for ind in data["indicators"]:
        assert len(ind["quotes"]) == min(ind["quote_count"], selftest.QUOTES_PER_INDICATOR)


def test_a_problem_found_with_a_warm_cache_still_has_its_line(tmp_path):
    root = copy_sources(tmp_path / "p")
    cache = DiskCache(tmp_path / "cache")
    load_corpus(root, cache)  # every file is now known valid
    # The case files do not change, but the grid loses the indicator A3.4 that two quotes cite.
    edit(root, "grid/ptce-2012.yml", "id: A3.4", "id: A3.5")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root, cache)
    unknown = [p for p in failed.value.problems if "A3.4" in p.message]
    assert {p.path.name for p in unknown} == {"cae-grand-poitiers.yml", "stephane-bossuet.yml"}
    for problem in unknown:
        text = problem.path.read_text("utf-8").splitlines()
        assert "A3.4" in text[problem.line - 1], problem.format()
        assert problem.field.startswith("quotes[") and ".indicators[" in problem.field


def test_a_first_build_checks_the_second_half_of_the_files_in_another_process(tmp_path, monkeypatch, alone):
    """With many files and an empty cache, a fork checks files[half:] into the cache meanwhile:
    the corpus is the one a load without cache gives, and this process checks only the first half."""
    import os

    from coopsite.export.opendata import data_files
    from coopsite.structure import loader

    root = copy_sources(tmp_path / "p")
    monkeypatch.setattr(loader, "CHECK_AHEAD_MIN", 2)
    here = os.getpid()
    checked_here = []
    real_check = schemas.check
    monkeypatch.setattr(schemas, "check", lambda doc, kind: (
        checked_here.append(doc.path.name) if os.getpid() == here and kind == "case" else None,
        real_check(doc, kind))[1])
    corpus = load_corpus(root, DiskCache(tmp_path / "cache"))
    cases = sorted(p.name for p in (root / "cases").glob("*.yml"))
    assert sorted(checked_here) == cases[:len(cases) // 2]  # the rest came from the fork, through the cache
    assert data_files(corpus) == data_files(load_corpus(root))


def test_a_problem_in_the_half_checked_ahead_keeps_its_line(tmp_path, monkeypatch, alone):
    from coopsite.structure import loader

    root = copy_sources(tmp_path / "p")
    monkeypatch.setattr(loader, "CHECK_AHEAD_MIN", 2)
    last = sorted((root / "cases").glob("*.yml"))[-1]
    text = last.read_text("utf-8")
    last.write_text(text.replace("title:", "title: 12\nxtitle:", 1), "utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root, DiskCache(tmp_path / "cache"))
    mine = [p for p in failed.value.problems if p.path.name == last.name]
    assert mine and all(p.line > 0 for p in mine), [p.format() for p in failed.value.problems]
    lines = last.read_text("utf-8").splitlines()
    assert any("title: 12" in lines[p.line - 1] or "xtitle" in lines[p.line - 1] for p in mine), \
        [p.format() for p in mine]


def test_beside_another_thread_every_file_is_checked_here(tmp_path, monkeypatch):
    """`mkdocs serve` runs its server in a thread: no fork then, this process checks every file."""
    from coopsite import parallel
    from coopsite.structure import loader

    root = copy_sources(tmp_path / "p")
    monkeypatch.setattr(loader, "CHECK_AHEAD_MIN", 2)
    monkeypatch.setattr(parallel, "_other_threads", lambda: 1)
    checked = []
    real_check = schemas.check
    monkeypatch.setattr(schemas, "check", lambda doc, kind: (checked.append(doc.path.name) if kind == "case"
                                                             else None, real_check(doc, kind))[1])
    load_corpus(root, DiskCache(tmp_path / "cache"))
    assert sorted(checked) == sorted(p.name for p in (root / "cases").glob("*.yml"))
