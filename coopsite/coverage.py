"""The coverage matrix: which indicators of the grid the testimonies illustrate.

Cases × indicators, rolled up by main objective, and the gaps: indicators no
quote illustrates yet, which is what the next round table should look for.
"""

from __future__ import annotations

from dataclasses import dataclass

from .structure.model import Case, Corpus, Indicator, MainObjective


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator: Indicator
    counts: tuple[int, ...]  # quotes of each case illustrating the indicator

    @property
    def total(self) -> int:
        return sum(self.counts)


@dataclass(frozen=True, slots=True)
class MainRow:
    main: MainObjective
    counts: tuple[int, ...]  # quotes of each case illustrating at least one of its indicators
    total: int               # distinct quotes, all cases together
    covered: int             # indicators illustrated by at least one quote
    gaps: tuple[Indicator, ...]

    @property
    def size(self) -> int:
        return len(self.main.indicators)


@dataclass(frozen=True, slots=True)
class Coverage:
    cases: tuple[Case, ...]
    indicators: tuple[IndicatorRow, ...]
    mains: tuple[MainRow, ...]

    @property
    def gaps(self) -> list[Indicator]:
        return [row.indicator for row in self.indicators if row.total == 0]

    @property
    def covered(self) -> int:
        return sum(1 for row in self.indicators if row.total)


def coverage(corpus: Corpus) -> Coverage:
    cases = tuple(corpus.cases)
    rows = tuple(
        IndicatorRow(ind, tuple(sum(1 for q in case.quotes if ind in q.indicators) for case in cases))
        for ind in corpus.grid.indicators
    )
    by_id = {row.indicator.id: row for row in rows}
    mains = []
    for main in corpus.grid.main_objectives:
        def touches(quote, main=main) -> bool:
            return any(ind.main is main for ind in quote.indicators)
        counts = tuple(sum(1 for q in case.quotes if touches(q)) for case in cases)
        gaps = tuple(ind for ind in main.indicators if by_id[ind.id].total == 0)
        mains.append(MainRow(main, counts, sum(counts), len(main.indicators) - len(gaps), gaps))
    return Coverage(cases, rows, tuple(mains))
