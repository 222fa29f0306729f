"""Ranked suggestions of grid indicators for a quote: offline, explained, never applied alone.

Each indicator is a small document made of the grid's own words (its title,
description and question, its objectives' texts, with weights below) and of
the quotes the site has already coded to it, with their rationales: the
network's own way of coding. A quote is ranked against them with BM25
(Robertson and Zaragoza's Okapi weighting), on French stems with accents
folded (:mod:`.words`). A suggestion carries the quote's words that matched,
so that a person sees why; a person confirms it, or not.

Measured by leave-one-out on the coded quotes (:mod:`.evaluate`,
``python3 tasks.py bench --suggest``), against a baseline that always offers
the most used indicators. The editor ranks with the same numbers in the
browser (:mod:`.editor`, ``coopsite/shared/docs/assets/editor/suggest.js``).
"""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass

from ..structure.model import Corpus, Grid, Indicator
from .words import words

K1 = 1.2
B = 0.75
# How much each text weighs in its indicator's document: the grid's own words first, then the
# quotes already coded to it and their rationales. Chosen on the bench's corpus among a few
# settings (bench/suggest.py): 33 of its 60 quotes in the top 3, against 30 with every weight at 1.
WEIGHTS = {"title": 3.0, "description": 1.0, "question": 1.0, "main_title": 0.5, "main_description": 0.5,
           "general_title": 0.5, "general_description": 0.25, "quote": 0.5, "rationale": 0.5}
SHOWN = 3  # suggestions offered for a quote
MATCHED = 4  # words shown with each


@dataclass(frozen=True, slots=True)
class Suggestion:
    indicator: Indicator
    score: float
    matched: tuple[str, ...]  # the quote's own words that matched, the strongest first


def grid_texts(indicator: Indicator) -> list[tuple[str, float]]:
    main, general = indicator.main, indicator.general
    return [(indicator.title, WEIGHTS["title"]), (indicator.description, WEIGHTS["description"]),
            (indicator.question, WEIGHTS["question"]), (main.title, WEIGHTS["main_title"]),
            (main.description, WEIGHTS["main_description"]), (general.title, WEIGHTS["general_title"]),
            (general.description, WEIGHTS["general_description"])]


def coded_texts(text: str, rationale: str) -> list[tuple[str, float]]:
    return [(text, WEIGHTS["quote"]), (rationale, WEIGHTS["rationale"])]


def bag(texts: list[tuple[str, float]]) -> Counter:
    """Weighted stem counts of some texts."""
    counts: Counter = Counter()
    for text, weight in texts:
        for _, stem in words(text or ""):
            counts[stem] += weight
    return counts


class Suggester:
    """BM25 over one document per indicator. ``coded``: (quote id, text, rationale, indicator ids)."""

    def __init__(self, grid: Grid, coded: list[tuple[str, str, str, list[str]]] = ()):
        self.indicators = grid.indicators
        self.position = {ind.id: index for index, ind in enumerate(self.indicators)}
        self.docs = [bag(grid_texts(ind)) for ind in self.indicators]
        self.coded: dict[str, tuple[Counter, list[int]]] = {}
        for quote_id, text, rationale, ids in coded:
            counts = bag(coded_texts(text, rationale))
            targets = [self.position[i] for i in ids if i in self.position]
            self.coded[quote_id] = (counts, targets)
            for target in targets:
                self.docs[target].update(counts)
        self._stats()

    @classmethod
    def from_corpus(cls, corpus: Corpus) -> "Suggester":
        return cls(corpus.grid, coded_quotes(corpus))

    def _stats(self) -> None:
        self.lengths = [sum(doc.values()) for doc in self.docs]
        self.average = (sum(self.lengths) / len(self.lengths)) if self.lengths else 0.0
        self.df: Counter = Counter(stem for doc in self.docs for stem, count in doc.items() if count > 0)

    def idf(self, stem: str) -> float:
        n, count = len(self.docs), self.df.get(stem, 0)
        return math.log(1 + (n - count + 0.5) / (count + 0.5))

    def rank(self, text: str, limit: int = SHOWN, without: str | None = None) -> list[Suggestion]:
        """The ``limit`` indicators that fit ``text`` best (none that share no word with it).

        ``without``: the id of a coded quote to leave out of what the suggester knows (leave-one-out).
        """
        docs, lengths, average, df = self.docs, self.lengths, self.average, self.df
        if without in self.coded:
            counts, targets = self.coded[without]
            docs = list(docs)
            lengths = list(lengths)
            df = Counter(df)
            for target in targets:
                reduced = docs[target].copy()
                reduced.subtract(counts)
                for stem in counts:
                    if self.docs[target].get(stem, 0) > 0 and reduced.get(stem, 0) <= 1e-9:
                        df[stem] -= 1
                docs[target] = reduced
                lengths[target] -= sum(counts.values())
            average = sum(lengths) / len(lengths)
        query: dict[str, str] = {}
        for word, stem in words(text):
            query.setdefault(stem, word)
        n = len(docs)
        results = []
        for index, doc in enumerate(docs):
            score, parts = 0.0, []
            norm = K1 * (1 - B + B * lengths[index] / average) if average else K1
            for stem, word in query.items():
                tf = doc.get(stem, 0)
                if tf <= 1e-9:
                    continue
                idf = math.log(1 + (n - df.get(stem, 0) + 0.5) / (df.get(stem, 0) + 0.5))
                gain = idf * tf * (K1 + 1) / (tf + norm)
                score += gain
                parts.append((gain, word))
            if score > 0:
                parts.sort(key=lambda part: -part[0])
                results.append(Suggestion(self.indicators[index], score,
                                          tuple(dict.fromkeys(word for _, word in parts))[:MATCHED]))
        results.sort(key=lambda s: (-round(s.score, 9), self.position[s.indicator.id]))
        return results[:limit]


def coded_quotes(corpus: Corpus) -> list[tuple[str, str, str, list[str]]]:
    """The quotes a person has coded (a draft's quotes without indicators are not)."""
    return [(q.id, q.text, "" if q.case.draft and not q.indicators else q.rationale, [i.id for i in q.indicators])
            for q in corpus.quotes if q.indicators]
