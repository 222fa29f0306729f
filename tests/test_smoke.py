from pathlib import Path

from coopsite.structure.loader import load_corpus

ROOT = Path(__file__).resolve().parent.parent


def test_real_content_loads():
    corpus = load_corpus(ROOT)
    assert len(corpus.grid.indicators) == 36
    assert len(corpus.quotes) == 13
