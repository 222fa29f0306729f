"""Grid coverage: which indicators the testimonies illustrate, and which to look for.

Site-wide, indicators × counts (quotes, cases), rolled up by main objective,
with the gaps: indicators no quote illustrates yet, which is what the next
round table should look for. Its size does not depend on the number of cases.
The case × indicator matrix only makes sense for a handful of cases: it is
computed per round table (:func:`event_matrix`) and shown on the event page.
"""

from __future__ import annotations

from dataclasses import dataclass

from .structure.model import Case, Corpus, Event, Indicator, MainObjective


@dataclass(frozen=True, slots=True)
class IndicatorRow:
    indicator: Indicator
    quotes: int  # quotes illustrating the indicator
    cases: int   # cases with at least one such quote

    @property
    def total(self) -> int:
        return self.quotes


@dataclass(frozen=True, slots=True)
class MainRow:
    main: MainObjective
    quotes: int   # distinct quotes illustrating at least one of its indicators
    cases: int    # cases with at least one such quote
    covered: int  # indicators illustrated by at least one quote
    gaps: tuple[Indicator, ...]

    @property
    def total(self) -> int:
        return self.quotes

    @property
    def size(self) -> int:
        return len(self.main.indicators)


@dataclass(frozen=True, slots=True)
class Coverage:
    indicators: tuple[IndicatorRow, ...]
    mains: tuple[MainRow, ...]

    @property
    def gaps(self) -> list[Indicator]:
        return [row.indicator for row in self.indicators if row.quotes == 0]

    @property
    def covered(self) -> int:
        return sum(1 for row in self.indicators if row.quotes)


def coverage(corpus: Corpus) -> Coverage:
    rows = tuple(
        IndicatorRow(ind, len(ind.quotes), len({id(q.case) for q in ind.quotes}))
        for ind in corpus.grid.indicators
    )
    by_id = {row.indicator.id: row for row in rows}
    mains = []
    for main in corpus.grid.main_objectives:
        quotes = {id(q): q for ind in main.indicators for q in ind.quotes}.values()
        gaps = tuple(ind for ind in main.indicators if by_id[ind.id].quotes == 0)
        mains.append(MainRow(main, len(quotes), len({id(q.case) for q in quotes}),
                             len(main.indicators) - len(gaps), gaps))
    return Coverage(rows, tuple(mains))


@dataclass(frozen=True, slots=True)
class CaseRow:
    case: Case
    # For each main objective of the grid, the indicators the case's quotes
    # illustrate, in grid order (empty when none does).
    cells: tuple[tuple[Indicator, ...], ...]

    @property
    def covered(self) -> int:
        return sum(len(cell) for cell in self.cells)


@dataclass(frozen=True, slots=True)
class EventMatrix:
    mains: tuple[MainObjective, ...]
    rows: tuple[CaseRow, ...]


def event_matrix(corpus: Corpus, event: Event) -> EventMatrix:
    """The case × indicator matrix of one round table, indicators grouped by main objective."""
    mains = tuple(corpus.grid.main_objectives)
    rows = []
    for case in event.cases:
        cited = {id(ind) for q in case.quotes for ind in q.indicators}
        rows.append(CaseRow(case, tuple(tuple(i for i in m.indicators if id(i) in cited) for m in mains)))
    return EventMatrix(mains, tuple(rows))
