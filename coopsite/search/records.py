"""What the search knows: one record per quote, testimony, indicator, objective
and round table, built from the model (no HTML is parsed for them).

A record is what Pagefind indexes: a URL relative to the site root, a plain
text, display metadata and filter values. The filters are the facets of the
search page (:mod:`coopsite.search.facets` names and orders them).
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from typing import Callable

from .. import config
from ..french import date_fr, search_excerpt
from ..parallel import checkpoint
from ..renderer.text import markdown_to_html
from ..structure.departements import DEPARTEMENTS
from ..structure.model import Case, Corpus, Event, GeneralObjective, Indicator, MainObjective, Quote

LANGUAGE = "fr"

# Filter keys (also the URL parameters of the search page) and the kinds of result.
TYPE, GENERAL, MAIN, INDICATOR, EVENT, YEAR, KIND, DEPARTEMENT = (
    "type", "objectif", "principal", "indicateur", "table-ronde", "annee", "temoin", "departement")
QUOTE, CASE, INDICATOR_PAGE, OBJECTIVE, EVENT_PAGE, PAGE = (
    "citation", "temoignage", "indicateur", "objectif", "table-ronde", "page")

# Pagefind folds diacritics (« é » → « e ») but not the ligatures, which have no
# Unicode decomposition: « coeur » would miss « cœur ». Records are indexed
# with the ligatures spelt out, the page does the same to what is typed, and
# each record lists the words to show with their ligature again.
LIGATURES = str.maketrans({"œ": "oe", "Œ": "Oe", "æ": "ae", "Æ": "Ae"})
_LIGATURE_WORD = re.compile(r"\w*[œŒæÆ]\w*")


def fold(text: str) -> str:
    """``text`` with the ligatures spelt out: « cœur » → « coeur »."""
    return text.translate(LIGATURES)


def ligature_words(text: str) -> str:
    """« coeur=cœur oeuvre=œuvre »: the folded spelling of each word with a ligature."""
    words = dict.fromkeys(_LIGATURE_WORD.findall(text))
    return " ".join(f"{fold(word)}={word}" for word in words)


@dataclass(slots=True)
class Record:
    url: str  # relative to the site root: "temoignages/liess/#liess-cooperation-logique"
    content: str  # plain text, ligatures folded
    meta: dict[str, str]
    filters: dict[str, list[str]] = field(default_factory=dict)

    def pagefind(self) -> dict:
        """The record as plain data (what the index holds of it; the key of a cached index)."""
        return {"url": self.url, "content": self.content, "language": LANGUAGE,
                "meta": self.meta, "filters": {k: v for k, v in self.filters.items() if v}}


def plain(markdown_text: str) -> str:
    """Editor Markdown as plain text (the sanitised HTML, without its tags)."""
    return html.unescape(re.sub(r"<[^>]+>", " ", markdown_to_html(markdown_text)))


def sentence(text: str) -> str:
    """``text`` on one line, ending as a sentence ends: parts of a record never run into each other."""
    text = " ".join(text.split())
    return text if not text or text[-1] in ".!?…»)" else text + "."


def make_record(url: str, kind: str, title: str, parts: list[str], filters: dict[str, list[str]],
            **meta: str) -> Record:
    text = " ".join(" ".join(p.split()) for p in parts if p)
    meta = {"title": title, "type": kind, **{k: v for k, v in meta.items() if v}}
    words = ligature_words(text)
    if words:
        meta["ligatures"] = words
    return Record(url, fold(text), meta, {TYPE: [kind], **filters})


def _grid_filters(indicators: list[Indicator]) -> dict[str, list[str]]:
    return {
        GENERAL: list(dict.fromkeys(i.general.id for i in indicators)),
        MAIN: list(dict.fromkeys(i.main.id for i in indicators)),
        INDICATOR: list(dict.fromkeys(i.id for i in indicators)),
    }


def _event_filters(event: Event) -> dict[str, list[str]]:
    return {EVENT: [event.id], YEAR: [event.date[:4]] if event.date else []}  # a draft may have no date yet


def _case_filters(case: Case) -> dict[str, list[str]]:
    return {**_event_filters(case.event), KIND: [case.kind], DEPARTEMENT: list(case.departements)}


def quote_record(quote: Quote) -> Record:
    case = quote.case
    people = [f"{p.name} {p.role} {p.organisation}" for p in quote.speakers]
    return make_record(
        config.quote_url(quote), QUOTE, case.title, [quote.text, "—", *people, case.title],
        {**_grid_filters(quote.indicators), **_case_filters(case)},
        speaker=quote.speaker_name, role=quote.speaker_role, quote=quote.text,
        indicators=" ".join(i.id for i in quote.indicators), heading=quote_heading(quote))


def quote_heading(quote: Quote) -> str:
    """« Marie Dupont, LIESS… »: who spoke and their testimony, each named once. The grand
    témoin's testimony bears their name: « Stéphane Bossuet, grand témoin » alone."""
    speaker, title = quote.speaker_name, quote.case.title
    if not speaker or speaker.casefold() in title.casefold():
        return title
    return f"{speaker}, {title}"


# Testimonies, indicators, objectives and round tables: their own text first, each part a sentence,
# and their title last, as a sentence of its own (still found, never run into the text). What a
# result shows under its title is the start of that text (meta ``excerpt``), never the title again.

def case_record(case: Case) -> Record:
    indicators = list(dict.fromkeys(i for q in case.quotes for i in q.indicators))
    people = [f"{p.name} {p.role} {p.organisation}" for p in case.people]
    places = [DEPARTEMENTS[code] for code in case.departements]
    summary = plain(case.summary)
    return make_record(
        config.case_url(case), CASE, case.title,
        [sentence(summary), *(sentence(f.text) for f in case.facts), sentence(case.territory),
         *(sentence(p) for p in places), *(sentence(p) for p in people), sentence(case.kind_label),
         sentence(case.event.title), sentence(case.title)],
        {**_grid_filters(indicators), **_case_filters(case)},
        territory=case.territory, witness=case.kind_label, excerpt=search_excerpt(summary))


def indicator_record(indicator: Indicator) -> Record:
    return make_record(
        config.indicator_url(indicator), INDICATOR_PAGE, f"{indicator.id} {indicator.title}",
        [sentence(indicator.description), sentence(indicator.question), sentence(indicator.main.title),
         sentence(f"{indicator.id} {indicator.title}")],
        _grid_filters([indicator]), excerpt=search_excerpt(indicator.description))


def objective_record(objective: GeneralObjective | MainObjective) -> Record:
    if isinstance(objective, MainObjective):
        filters = {GENERAL: [objective.general.id], MAIN: [objective.id]}
    else:
        filters = {GENERAL: [objective.id]}
    return make_record(
        config.objective_url(objective), OBJECTIVE, f"{objective.id} {objective.title}",
        [sentence(objective.description), sentence(f"{objective.id} {objective.title}")], filters,
        excerpt=search_excerpt(objective.description))


def event_record(event: Event) -> Record:
    summary = plain(event.summary)
    return make_record(
        config.event_url(event), EVENT_PAGE, event.title,
        [sentence(summary), *(sentence(a) for a in event.aims), sentence(plain(event.framing)),
         sentence(event.organiser), sentence(event.place), sentence(date_fr(event.date)), sentence(event.title)],
        _event_filters(event), date=date_fr(event.date), excerpt=search_excerpt(summary))


def corpus_records(corpus: Corpus, stop: Callable[[], bool] | None = None) -> list[Record]:
    """Every record of the corpus, in a stable order (``stop``: see coopsite/parallel.py, checkpoint)."""
    grid = corpus.grid
    records = [objective_record(g) for g in grid.general_objectives]
    records += [objective_record(m) for m in grid.main_objectives]
    records += [indicator_record(i) for i in grid.indicators]
    records += [event_record(e) for e in corpus.events]
    for number, case in enumerate(corpus.cases):
        if number % 50 == 0:
            checkpoint(stop)
        records.append(case_record(case))
        records += [quote_record(q) for q in case.quotes]
    return records
