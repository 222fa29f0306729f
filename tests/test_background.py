"""Work beside the build stops at its next checkpoint when a newer save makes it useless
(coopsite/parallel.py): the preview's background step never keeps a save waiting long."""

from __future__ import annotations

import threading

import pytest

from coopsite.parallel import Cancelled, checkpoint
from coopsite.search import IndexSwap, corpus_records
from coopsite.search.indexer import PagefindRun
from coopsite.site import generate_parts
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT


def test_checkpoint_raises_once_asked():
    checkpoint(None)
    checkpoint(lambda: False)
    with pytest.raises(Cancelled):
        checkpoint(lambda: True)


def test_the_other_files_and_the_records_stop_between_two_pieces():
    corpus = load_corpus(ROOT)
    made = generate_parts(corpus)
    asked = []

    def stop_at_second() -> bool:
        asked.append(1)
        return len(asked) > 1

    with pytest.raises(Cancelled):
        made.others(stop=stop_at_second)
    assert len(asked) == 2  # one group made, then stopped
    assert made.others()  # and without stop, every file
    with pytest.raises(Cancelled):
        corpus_records(corpus, stop=lambda: True)
    assert corpus_records(corpus) == corpus_records(corpus, stop=lambda: False)


def test_a_cancelled_index_leaves_nothing_and_swaps_nothing(tmp_path):
    records = corpus_records(load_corpus(ROOT))
    pages = tmp_path / "fiches"
    pages.mkdir()
    with pytest.raises(Cancelled):
        PagefindRun(records, tmp_path / "site", pages=pages, stop=lambda: True)
    assert not pages.exists()  # its pages are removed
    site = tmp_path / "site"
    (site / "pagefind").mkdir(parents=True)
    (site / "pagefind" / "ancien.txt").write_text("l'index d'avant", "utf-8")
    swap = IndexSwap(site, tmp_path / "travail")
    swap.cancelled.set()
    assert swap.run(records) is False
    assert (site / "pagefind" / "ancien.txt").read_text("utf-8") == "l'index d'avant"  # the old one stays


def test_a_save_during_the_pages_of_the_index_stops_it(tmp_path):
    records = corpus_records(load_corpus(ROOT)) * 40  # enough pages to be stopped on the way
    swap = IndexSwap(tmp_path / "site", tmp_path / "travail")
    timer = threading.Timer(0.05, swap.cancelled.set)
    timer.start()
    assert swap.run(records) is False
    timer.join()
    assert not (tmp_path / "site" / "pagefind").exists()


# -- one way to run a piece of work in a fork (coopsite/parallel.py) ---------------------------

def _boom():
    raise ValueError("une erreur dans le processus")


def test_a_fork_returns_its_value_or_says_it_failed(alone):
    from coopsite.parallel import Fork, ForkFailed

    data = list(range(1000))  # in the fork already: not copied there, only the value comes back
    fork = Fork.start(sum, data)
    assert fork is not None and fork.result() == sum(data)
    failing = Fork.start(_boom)
    with pytest.raises(ForkFailed, match="ValueError: une erreur dans le processus"):
        failing.result()
    killed = Fork.start(threading.Event().wait, 60)
    killed.kill()
    with pytest.raises(ForkFailed):
        killed.result()


def test_no_fork_where_forking_is_refused(monkeypatch):
    from coopsite.parallel import Fork

    monkeypatch.setenv("COOPSITE_NO_FORK", "1")
    assert Fork.start(sum, [1, 2]) is None  # the caller does the work itself


def test_only_the_parallel_module_makes_processes():
    """Forks are made in coopsite/parallel.py only; the build's modules use its Fork and fork_pool."""
    from pathlib import Path

    import coopsite

    package = Path(coopsite.__file__).parent
    makers = sorted(str(path.relative_to(package)) for path in package.rglob("*.py")
                    if "multiprocessing" in path.read_text("utf-8") and "template" not in path.parts)
    assert makers == ["parallel.py"]
