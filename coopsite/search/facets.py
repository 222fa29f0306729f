"""The filters of the search page, named from the grid and the corpus.

Each group is a filter key of the records (:mod:`.records`) and the name of
its URL parameter; its values are what the corpus holds, in the grid's order
for the objectives and indicators, most recent first for the round tables.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..french import date_fr
from ..structure.departements import DEPARTEMENTS
from ..structure.model import KIND_LABELS, Corpus
from . import records as r

# Each kind of result: the filter's label, and the label of one result.
TYPE_LABELS = {r.QUOTE: ("Citations", "Citation"), r.CASE: ("Témoignages", "Témoignage"),
               r.INDICATOR_PAGE: ("Indicateurs", "Indicateur"), r.OBJECTIVE: ("Objectifs", "Objectif"),
               r.EVENT_PAGE: ("Tables rondes", "Table ronde"), r.PAGE: ("Pages du site", "Page")}


@dataclass(slots=True)
class Value:
    value: str
    label: str
    children: list["Value"] = field(default_factory=list)  # the main objectives of a general one…
    child_key: str = ""  # …and the filter key of those children
    one: str = ""  # a result of this kind (type filter only)


@dataclass(slots=True)
class Group:
    key: str
    legend: str
    values: list[Value]


def facet_groups(corpus: Corpus) -> list[Group]:
    grid = corpus.grid
    objectives = [
        Value(g.id, f"{g.id}. {g.title}", child_key=r.MAIN, children=[
            Value(m.id, f"{m.id}. {m.title}", child_key=r.INDICATOR, children=[
                Value(i.id, f"{i.id} {i.title}") for i in m.indicators])
            for m in g.main_objectives])
        for g in grid.general_objectives]
    events = sorted(corpus.events, key=lambda e: e.date, reverse=True)
    years = sorted({e.date[:4] for e in corpus.events if e.date}, reverse=True)  # a draft may have no date yet
    codes = sorted({code for c in corpus.cases for code in c.departements}, key=list(DEPARTEMENTS).index)
    return [
        Group(r.TYPE, "Type de résultat", [Value(k, many, one=one) for k, (many, one) in TYPE_LABELS.items()]),
        Group(r.GENERAL, "Objectifs et indicateurs de la grille", objectives),
        Group(r.EVENT, "Table ronde", [Value(e.id, f"{e.title} ({date_fr(e.date)})") for e in events]),
        Group(r.YEAR, "Année", [Value(y, y) for y in years]),
        Group(r.KIND, "Témoin", [Value(k, v) for k, v in KIND_LABELS.items()]),
        Group(r.DEPARTEMENT, "Département", [Value(c, f"{DEPARTEMENTS[c]} ({c})") for c in codes]),
    ]


def filter_keys() -> tuple[str, ...]:
    """Every filter key, hence every URL parameter of the search page but ``q``."""
    return (r.TYPE, r.GENERAL, r.MAIN, r.INDICATOR, r.EVENT, r.YEAR, r.KIND, r.DEPARTEMENT)
