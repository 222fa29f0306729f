"""How often the suggestions are right, measured by leave-one-out on the coded quotes.

Each coded quote is hidden in turn from what the suggester knows (its text and
rationale leave its indicators' documents); the suggester then ranks its text
alone, as for a new quote. A hit in the top 3 (top 1) is one of the quote's
own indicators among the first three (the first) suggestions. The baseline
knows no words: it always offers the indicators most used by the other coded
quotes (ties in the grid's order).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from ..structure.model import Grid
from . import Suggester


@dataclass(frozen=True, slots=True)
class Score:
    quotes: int
    top3: int
    top1: int
    baseline_top3: int
    baseline_top1: int

    @staticmethod
    def share(hits: int, total: int) -> str:
        return f"{hits}/{total} ({round(100 * hits / total) if total else 0} %)"

    def line(self, name: str) -> str:
        q = self.quotes
        return (f"{name} : {q} citations codées, par exclusion d'une citation à la fois — "
                f"suggestions : top 3 {self.share(self.top3, q)}, top 1 {self.share(self.top1, q)} ; "
                f"référence (les indicateurs les plus utilisés) : top 3 {self.share(self.baseline_top3, q)}, "
                f"top 1 {self.share(self.baseline_top1, q)}")


def leave_one_out(grid: Grid, coded: list[tuple[str, str, str, list[str]]]) -> Score:
    suggester = Suggester(grid, coded)
    order = {ind.id: index for index, ind in enumerate(grid.indicators)}
    used: Counter = Counter(i for _, _, _, ids in coded for i in ids)
    top3 = top1 = base3 = base1 = 0
    for quote_id, text, _, ids in coded:
        truth = set(ids)
        ranked = [s.indicator.id for s in suggester.rank(text, limit=3, without=quote_id)]
        top3 += bool(truth & set(ranked[:3]))
        top1 += bool(ranked[:1] and ranked[0] in truth)
        others = used.copy()
        others.subtract(ids)
        popular = sorted(order, key=lambda i: (-others.get(i, 0), order[i]))
        base3 += bool(truth & set(popular[:3]))
        base1 += popular[0] in truth
    return Score(len(coded), top3, top1, base3, base1)
