"""The search's records, built from the model: one per quote, testimony,
indicator, objective and round table, with their filters; the written pages
read from HTML; ligatures folded; départements checked against the official list."""

from __future__ import annotations

import json
import os
import shutil

import pytest

from coopsite import config
from coopsite.search.facets import facet_groups, filter_keys
from coopsite.search.indexer import record_html
from coopsite.search.pages import LONG_PAGE, page_records, written_page_urls
from coopsite.search.records import (CASE, QUOTE, Record, corpus_records, fold, ligature_words, plain)
from coopsite.structure.departements import DEPARTEMENTS
from coopsite.structure.loader import load_corpus
from coopsite.structure.schema import schema
from tests.helpers import ROOT


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def records(corpus):
    return corpus_records(corpus)


def test_every_quote_is_a_record_of_its_own_at_its_anchor(corpus, records):
    quotes = [r for r in records if r.meta["type"] == QUOTE]
    assert [r.url for r in quotes] == [config.quote_url(q) for q in corpus.quotes]
    for record, quote in zip(quotes, corpus.quotes):
        assert record.content.startswith(fold(quote.text))
        assert record.meta["quote"] == quote.text and record.meta["speaker"] == quote.speaker_name
        assert record.filters["indicateur"] == [i.id for i in quote.indicators]
        assert set(record.filters["principal"]) == {i.main.id for i in quote.indicators}
        assert record.filters["table-ronde"] == [quote.case.event.id]
        assert record.filters["annee"] == [quote.case.event.date[:4]]
        assert record.filters["temoin"] == [quote.case.kind]


def test_each_kind_of_record_is_there_once(corpus, records):
    urls = [r.url for r in records]
    assert len(urls) == len(set(urls))
    grid = corpus.grid
    expected = (len(corpus.quotes) + len(corpus.cases) + len(grid.indicators) + len(grid.general_objectives)
                + len(grid.main_objectives) + len(corpus.events))
    assert len(records) == expected


def test_cases_carry_their_departements_only_where_the_source_says(corpus, records):
    by_url = {r.url: r for r in records}
    found = {c.id: by_url[config.case_url(c)].filters["departement"] for c in corpus.cases}
    # Limoges is Haute-Vienne by the case's own text; the grand témoin's territory names none.
    assert found == {"cap-solidaire": ["33"], "cae-grand-poitiers": ["86"], "liess": ["87"], "stephane-bossuet": []}
    assert by_url[config.case_url(corpus.cases[0])].meta["type"] == CASE


def test_the_schema_lists_exactly_the_official_departements():
    items = schema("case")["properties"]["departements"]["items"]
    assert items["enum"] == list(DEPARTEMENTS)
    assert len(DEPARTEMENTS) == 101 and {"2A", "2B", "971", "976"} <= set(DEPARTEMENTS)


def test_ligatures_are_folded_and_remembered():
    assert fold("Le cœur de l’Œuvre, ex æquo") == "Le coeur de l’Oeuvre, ex aequo"
    assert ligature_words("Au cœur de l’œuvre, au cœur") == "coeur=cœur oeuvre=œuvre"
    record = Record("x/", fold("cœur"), {"title": "t", "ligatures": ligature_words("cœur")})
    assert record.content == "coeur"


def test_hostile_text_stays_text_in_the_indexed_page():
    record = Record("x/", '<script>alert(1)</script> "a" & b', {"title": '<img src=x onerror=alert(1)>',
                                                                   "type": "page"}, {"type": ["page"]})
    page = record_html(record)
    assert "<script>" not in page and "<img" not in page
    assert "&lt;script&gt;" in page and 'content="&lt;img src=x onerror=alert(1)&gt;"' in page


def test_markdown_becomes_plain_text():
    assert " ".join(plain("Un **mot** et [un lien](https://exemple.org)\n\n- une liste").split()) == \
        "Un mot et un lien une liste"
    # Raw HTML typed by an editor is shown as typed: its text stays, as text.
    assert " ".join(plain("A & B <b>gras</b>").split()) == "A & B <b>gras</b>"


def test_a_written_page_is_read_from_its_article():
    html = """<html><body><nav>Menu Accueil</nav><article class="md-content__inner">
    <h1 id="x">Publier le site<a class="headerlink" href="#x">¶</a></h1>
    <p>Déposez le dossier sur un hébergement.</p><script>var secret = 1;</script>
    <div data-search-exclude><p>Partager</p></div></article><footer>Pied</footer></body></html>"""
    [record] = page_records(html, "publier/")
    assert record.meta["title"] == "Publier le site" and record.meta["type"] == "page"
    # The text first, the title last as a sentence of its own: an excerpt never starts with the title.
    assert record.content == "Déposez le dossier sur un hébergement. Publier le site."
    assert page_records("<html><body><p>rien</p></body></html>", "vide/") == []


def _long_page(words_a_section: int) -> str:
    sections = "".join(
        f'<h2 id="partie-{n}">Partie {n}<a class="headerlink" href="#partie-{n}">¶</a></h2>'
        f"<p>{' '.join(['coopération'] * words_a_section)} fin{n}.</p>" for n in (1, 2))
    return (f'<html><body><article><h1 id="p">Performances</h1><p>Introduction.</p>{sections}'
            "</article></body></html>")


def test_a_long_written_page_is_indexed_section_by_section():
    # Short enough: one record, as any page (a short page with sections is not split).
    [whole] = page_records(_long_page(10), "performances/")
    assert whole.url == "performances/" and "fin1" in whole.content and "fin2" in whole.content
    # Long: the text above the first section keeps the page's address and title, each section
    # has its own address (its permalink) and « Page — Section » as its title; no text is lost.
    records = page_records(_long_page(LONG_PAGE // 20), "performances/")
    assert [r.url for r in records] == ["performances/", "performances/#partie-1", "performances/#partie-2"]
    assert [r.meta["title"] for r in records] == ["Performances", "Performances — Partie 1", "Performances — Partie 2"]
    assert records[0].content == "Introduction. Performances."
    # The heading last, a sentence of its own: an excerpt never runs it into the text.
    assert records[1].content.startswith("coopération") and records[1].content.endswith("fin1. Partie 1.")
    assert "fin2" not in records[1].content and records[2].content.endswith("fin2. Partie 2.")
    assert all(len(r.content) < LONG_PAGE for r in records)


def test_written_pages_are_the_docs_and_the_self_test_prose(tmp_path):
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "ajouter.md").write_text("# A")
    (tmp_path / "donnees.md").write_text("# B")
    (tmp_path / "recherche").mkdir()
    (tmp_path / "recherche" / "index.md").write_text("# C")
    urls = written_page_urls(tmp_path)
    assert {"donnees/", "guide/ajouter/", "recherche/", config.SELFTEST_DOC} <= set(urls)
    assert config.QUOTES not in urls and config.CASES not in urls


def test_facets_follow_the_grid_and_the_corpus(corpus):
    groups = {g.key: g for g in facet_groups(corpus)}
    assert tuple(groups) == ("type", "objectif", "table-ronde", "annee", "temoin", "departement")
    assert set(filter_keys()) == set(groups) | {"principal", "indicateur"}
    generals = groups["objectif"].values
    assert [g.value for g in generals] == [g.id for g in corpus.grid.general_objectives]
    indicators = [i.value for g in generals for m in g.children for i in m.children]
    assert indicators == [i.id for i in corpus.grid.indicators]
    assert [v.value for v in groups["departement"].values] == ["33", "86", "87"]  # official order
    assert groups["departement"].values[0].label == "Gironde (33)"
    assert json.dumps([v.value for v in groups["annee"].values]) == '["2021"]'


def test_index_search_command_writes_the_index_after_another_generator(built_site, tmp_path, capsys):
    from coopsite.cli import main as cli_main

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    shutil.rmtree(site / "pagefind")
    (site / "search.json").write_text("{}")  # as Zensical leaves it: not shipped
    assert cli_main(["index-search", str(site), "--root", str(ROOT)]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Recherche : ") and "fiches indexées" in out
    entry = json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["fr"]["page_count"] == int(out.split()[2])
    assert not (site / "search.json").exists()


def test_index_search_command_refuses_a_folder_without_a_site(tmp_path, capsys):
    from coopsite.cli import main as cli_main

    assert cli_main(["index-search", str(tmp_path), "--root", str(ROOT)]) == 1
    err = capsys.readouterr().err
    assert "ne contient pas de site construit (index.html manquant)" in err and "Traceback" not in err


def test_an_unchanged_site_reuses_its_cached_index(built_site, tmp_path, monkeypatch, corpus):
    import coopsite.search as search
    from coopsite.cache import DiskCache

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    cache = DiskCache(tmp_path / "cache")
    written = []
    real_run = search.PagefindRun
    monkeypatch.setattr(search, "PagefindRun", lambda records, where, background=False, **kw: (
        written.append(len(records)), real_run(records, where, background, **kw))[1])
    first = search.index_site(corpus, site, ROOT / "docs", cache)
    entry = (site / "pagefind" / "pagefind-entry.json").read_text("utf-8")
    shutil.rmtree(site / "pagefind")
    assert search.index_site(corpus, site, ROOT / "docs", cache) == first
    assert written == [first]  # Pagefind ran once; the second index came from the cache
    assert (site / "pagefind" / "pagefind-entry.json").read_text("utf-8") == entry
    changed = load_corpus(ROOT)
    changed.cases[0].title += " (modifié)"
    search.index_site(changed, site, ROOT / "docs", cache)
    assert len(written) == 2  # another record: another index


def test_records_keep_their_title_out_of_what_the_result_shows(corpus):
    """Testimonies, indicators, objectives, round tables: the shown excerpt is their own text, and
    the indexed text has the title last, as a sentence of its own."""
    from coopsite.search.records import corpus_records, quote_heading

    records = [r for r in corpus_records(corpus) if r.meta["type"] != "citation"]
    assert {r.meta["type"] for r in records} == {"temoignage", "indicateur", "objectif", "table-ronde"}
    for record in records:
        title = record.meta["title"]
        assert record.meta["excerpt"] and not record.meta["excerpt"].startswith(title), title
        assert not record.content.startswith(title), title
        assert record.content.removesuffix(".").endswith(title.translate(str.maketrans({"œ": "oe"}))), title
    bossuet = next(q for q in corpus.quotes if q.speaker_name == "Stéphane Bossuet")
    assert quote_heading(bossuet) == bossuet.case.title  # « Stéphane Bossuet, grand témoin », once
    other = next(q for q in corpus.quotes if q.speaker_name not in q.case.title)
    assert quote_heading(other) == f"{other.speaker_name}, {other.case.title}"


def _written_pages(site) -> dict[str, str]:
    return {url: (site / url / "index.html").read_text("utf-8") for url in written_page_urls(ROOT / "docs")
            if (site / url / "index.html").is_file()}


def _indexed_and_not(built_site, tmp_path, corpus):
    """Two copies of the built site: one indexed by index_site (what Pagefind is given is recorded
    by the test), and one without its index, returned, for the index made during a build."""
    import coopsite.search as search

    reference, during = tmp_path / "reference", tmp_path / "during"
    shutil.copytree(built_site, reference)
    shutil.copytree(built_site, during)
    search.index_site(corpus, reference, ROOT / "docs")
    shutil.rmtree(during / "pagefind")
    return during


def _written_records(pages: dict[str, str]) -> int:
    """A written page gives one record, a long one one a section (coopsite/search/pages.py)."""
    return sum(len(page_records(html, url)) for url, html in pages.items())


def test_the_index_written_during_the_build_is_the_index_of_the_built_site(built_site, tmp_path, corpus,
                                                                            monkeypatch):
    """MkDocs' hooks hand each rendered page to BackgroundIndex: Pagefind starts once the last
    written page is in, before the build ends, on the records index_site gives it afterwards.
    (Pagefind's own files are not byte-for-byte the same from one run to the next.)"""
    import coopsite.search as search

    given = []
    real_run = search.PagefindRun
    monkeypatch.setattr(search, "PagefindRun", lambda records, where, background=False, **kw: (
        given.append(([r.pagefind() for r in records], background)), real_run(records, where, background, **kw))[1])
    during = _indexed_and_not(built_site, tmp_path, corpus)
    pages = _written_pages(built_site)
    assert len(pages) > 10
    index = search.BackgroundIndex(corpus, during, ROOT / "docs", set(pages) | {"citations/"})
    for url in ["citations/", *pages][:-1]:
        index.add_page(url, pages.get(url, "<article>une liste</article>"))
        assert index.indexing is None  # a written page is still to come
    last = list(pages)[-1]
    index.add_page(last, pages[last])
    assert index.indexing is not None and index.indexing.run is not None  # Pagefind is running
    assert index.finish() == len(corpus_records(corpus)) + _written_records(pages)
    (before, _), (during_build, background) = given
    assert during_build == before and background
    entry = json.loads((during / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["fr"]["page_count"] == len(before)
    assert len(list((during / "pagefind" / "fragment").iterdir())) == len(before)


def test_a_written_page_never_handed_over_is_read_from_the_built_site(built_site, tmp_path, corpus):
    import coopsite.search as search

    site = tmp_path / "site"
    shutil.copytree(built_site, site)
    pages = _written_pages(built_site)
    index = search.BackgroundIndex(corpus, site, ROOT / "docs", set(pages))
    first = next(iter(pages))
    index.add_page(first, pages[first])
    count = len(corpus_records(corpus)) + _written_records(pages)
    assert index.finish() == count
    entry = (site / "pagefind" / "pagefind-entry.json").read_text("utf-8")
    assert json.loads(entry)["languages"]["fr"]["page_count"] == count


def test_a_failed_build_stops_pagefind(built_site, tmp_path, corpus):
    import coopsite.search as search

    pages = _written_pages(built_site)
    index = search.BackgroundIndex(corpus, tmp_path, ROOT / "docs", set(pages))
    for url, text in pages.items():
        index.add_page(url, text)
    process = index.indexing.run._process
    index.cancel()
    assert process.returncode is not None  # stopped and reaped: no Pagefind left running


def test_pagefind_in_the_background_keeps_to_one_core():
    import os
    import subprocess
    import sys

    from coopsite.search.indexer import _one_core

    cores = os.sched_getaffinity(0)
    probe = [sys.executable, "-c", "import os; print(len(os.sched_getaffinity(0)))"]
    with _one_core(True):
        inside = subprocess.run(probe, capture_output=True, text=True).stdout.strip()
    assert inside == ("1" if len(cores) > 1 else str(len(cores)))
    assert os.sched_getaffinity(0) == cores  # the engine's thread gets its cores back
    with _one_core(False):
        assert subprocess.run(probe, capture_output=True, text=True).stdout.strip() == str(len(cores))


# -- the corpus's records, prepared by a fork while the engine converts pages ------------------

def _forked(corpus, monkeypatch, write: bool):
    from coopsite.search import prepared

    monkeypatch.setattr(prepared, "FORK_MIN", 1)  # the real corpus is small: fork all the same
    records = prepared.CorpusRecords(corpus, write=write)
    assert records._fork is not None, "la préparation n'a pas été confiée à un processus"
    return records


@pytest.mark.parametrize("write", [True, False], ids=["pages écrites", "pages non écrites"])
def test_the_fork_prepares_what_the_build_would(corpus, monkeypatch, alone, write):
    from coopsite.search.prepared import prepare

    expected = prepare(corpus_records(corpus))
    forked = _forked(corpus, monkeypatch, write)
    got = forked.result()
    assert got.parts == expected.parts and got.key_text() == json.dumps(
        [r.pagefind() for r in expected.records], ensure_ascii=False, sort_keys=True)
    assert [r.pagefind() for r in got.records] == [r.pagefind() for r in expected.records]
    if write:
        assert got.ready == len(expected.records) and got.owned == [got.folder]
        assert [(got.folder / f"{n}.html").read_text("utf-8") for n in range(got.ready)] == \
            [record_html(r) for r in expected.records]
        assert len(list(got.folder.iterdir())) == got.ready
        got.cleanup()
        assert not got.folder.exists()
    else:
        assert got.folder is None and got.ready == 0


def test_a_fork_that_dies_or_a_failed_build_leaves_nothing(corpus, monkeypatch, alone):
    from coopsite.search.prepared import prepare

    dead = _forked(corpus, monkeypatch, write=True)
    folder = dead._folder
    dead._fork.kill()
    got = dead.result()  # made here instead
    assert got.parts == prepare(corpus_records(corpus)).parts and got.folder is None and not folder.exists()
    cancelled = _forked(corpus, monkeypatch, write=True)
    folder, pid = cancelled._folder, cancelled._fork.pid
    cancelled.cancel()
    assert not folder.exists() and cancelled._fork is None
    with pytest.raises(ProcessLookupError):  # killed and reaped
        os.kill(pid, 0)


def test_the_index_from_the_forked_records_is_the_index_of_the_built_site(built_site, tmp_path, corpus,
                                                                           monkeypatch, alone):
    """Pagefind gets the same records (and reads the same pages) whether the corpus's were prepared
    by a fork, their pages written by it, or all made at the end; the pages' folder is then removed."""
    import coopsite.search as search

    given = []
    real_run = search.PagefindRun

    def run(records, where, background=False, pages=None, ready=0, stop=None):
        given.append(([r.pagefind() for r in records], ready))
        made = real_run(records, where, background, pages=pages, ready=ready, stop=stop)
        folder = made._pages
        given[-1] += ([(folder / f"{n}.html").read_text("utf-8") for n in range(len(records))], folder)
        return made

    monkeypatch.setattr(search, "PagefindRun", run)
    during = _indexed_and_not(built_site, tmp_path, corpus)
    pages = _written_pages(built_site)
    index = search.BackgroundIndex(corpus, during, ROOT / "docs", set(pages), corpus_records=_forked(
        corpus, monkeypatch, write=True))
    for url, text in pages.items():
        index.add_page(url, text)
    assert index.finish() == len(corpus_records(corpus)) + _written_records(pages)
    (records, ready, files, folder), (forked_records, forked_ready, forked_files, forked_folder) = given
    assert forked_records == records and forked_files == files
    assert ready == 0 and forked_ready == len(corpus_records(corpus))
    assert not folder.exists() and not forked_folder.exists()
    entry = json.loads((during / "pagefind" / "pagefind-entry.json").read_text("utf-8"))
    assert entry["languages"]["fr"]["page_count"] == len(records)
