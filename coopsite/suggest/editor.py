"""The suggester's numbers for the browser editor: ``admin/suggestions.json``, built with the site.

The editor ranks a quote as :class:`coopsite.suggest.Suggester` does, in its
own module (``coopsite/shared/docs/assets/editor/suggest.js``), from this file:
the stems of every indicator's document with their weights, the documents'
lengths, BM25's two settings and the common words left out. No question text
is copied: the indicators' titles come from the grid, at each build.
"""

from __future__ import annotations

import json

from ..cache import NO_CACHE, DiskCache, digest
from ..structure.model import Corpus
from . import B, K1, MATCHED, SHOWN, WEIGHTS, Suggester, coded_quotes
from .words import STOPWORDS

INDEX = "admin/suggestions.json"
FORMAT = 1


def index_data(corpus: Corpus) -> dict:
    suggester = Suggester.from_corpus(corpus)
    stems: dict[str, list[list]] = {}
    for index, doc in enumerate(suggester.docs):
        for stem, count in doc.items():
            if count > 1e-9:
                stems.setdefault(stem, []).append([index, count])
    return {
        "format": FORMAT, "k1": K1, "b": B, "shown": SHOWN, "matched": MATCHED,
        "stopwords": sorted(STOPWORDS),
        "indicators": [{"id": ind.id, "title": ind.title} for ind in suggester.indicators],
        "lengths": suggester.lengths, "average": suggester.average,
        "stems": dict(sorted(stems.items())),
    }


def index_json(corpus: Corpus) -> str:
    return json.dumps(index_data(corpus), ensure_ascii=False, separators=(",", ":"))


def cached_json(corpus: Corpus, cache: DiskCache = NO_CACHE) -> str:
    """:func:`index_json`, kept in the build's cache under what it is made of: the grid's texts, the
    coded quotes and the suggester's settings. A later build, or a save that changes no coded
    quote, reads it back (0.24 s to make at 1,000 testimonies, a few ms to read)."""
    parts = [FORMAT, K1, B, sorted(WEIGHTS.items()), sorted(STOPWORDS),
             [(i.id, i.title, i.description, i.question, i.main.id, i.main.title, i.main.description,
               i.general.title, i.general.description) for i in corpus.grid.indicators],
             coded_quotes(corpus)]
    key = digest(json.dumps(parts, ensure_ascii=False))
    hit = cache.get("suggestions", key)
    if hit is not None:
        return hit.decode("utf-8")
    text = index_json(corpus)
    cache.put("suggestions", key, text.encode("utf-8"))
    return text
