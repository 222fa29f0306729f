"""``data/grid.json``, ``data/cases.json`` and ``data/quotes.json``.

This is a public contract, documented in the page « Données ouvertes » (``coopsite/shared/docs/donnees.md.j2``): add fields if
you must, never rename or remove one without raising ``FORMAT_VERSION``.
"""

from __future__ import annotations

import json

from .. import config
from ..structure.model import Corpus, Quote
from .qdc import codebook

FORMAT_VERSION = 1


def _dump(payload: dict) -> str:
    # Compact, one line: Python's fast C encoder only works without indentation,
    # and the files grow with every round table. Any JSON viewer re-indents them.
    return json.dumps(payload, ensure_ascii=False, separators=(",", ":")) + "\n"


def _grid_ref(corpus: Corpus) -> dict:
    return {"id": corpus.grid.id, "version": corpus.grid.version}


def grid_json(corpus: Corpus) -> dict:
    grid = corpus.grid
    prov = grid.provenance
    return {
        "format_version": FORMAT_VERSION,
        "grid": {
            "id": grid.id,
            "version": grid.version,
            "title": grid.title,
            "description": grid.description,
            "url": config.absolute(config.GRID),
            "provenance": {
                "title": prov.title, "authors": list(prov.authors), "year": prov.year,
                "source": prov.source, "status": prov.status, "version": prov.version, "note": prov.note,
            },
            "scale": {
                "levels": [{"value": l.value, "label": l.label, "description": l.description}
                           for l in grid.scale.levels],
                "unknown_label": grid.scale.unknown_label,
            },
            "bands": [{"min": b.min, "max": b.max, "label": b.label, "interpretation": b.interpretation}
                      for b in grid.bands],
        },
        "general_objectives": [
            {"id": g.id, "title": g.title, "description": g.description,
             "url": config.absolute(config.objective_url(g)),
             "main_objective_ids": [m.id for m in g.main_objectives]}
            for g in grid.general_objectives
        ],
        "main_objectives": [
            {"id": m.id, "title": m.title, "description": m.description,
             "general_objective_id": m.general.id,
             "url": config.absolute(config.objective_url(m)),
             "indicator_ids": [i.id for i in m.indicators]}
            for m in grid.main_objectives
        ],
        "indicators": [
            {"id": i.id, "title": i.title, "description": i.description, "question": i.question,
             "main_objective_id": i.main.id, "general_objective_id": i.general.id,
             "url": config.absolute(config.indicator_url(i)),
             "quote_ids": [q.id for q in i.quotes]}
            for i in grid.indicators
        ],
    }


def cases_json(corpus: Corpus) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "grid": _grid_ref(corpus),
        "events": [
            {"id": e.id, "title": e.title, "date": e.date, "organiser": e.organiser, "place": e.place,
             "aims": list(e.aims), "report_url": e.report_url, "replay_url": e.replay_url,
             "url": config.absolute(config.event_url(e)),
             "case_ids": [c.id for c in e.cases], **_draft(e)}
            for e in corpus.events
        ],
        "cases": [
            {"id": c.id, "title": c.title, "kind": c.kind, "territory": c.territory,
             "departements": list(c.departements), "published": c.published,
             "event_id": c.event.id, "url": config.absolute(config.case_url(c)),
             "summary": c.summary,
             "people": [{"id": p.id, "name": p.name, "role": p.role, "organisation": p.organisation}
                        for p in c.people],
             "facts": [{"text": f.text, "source_url": f.source_url, "source_title": f.source_title}
                       for f in c.facts],
             "links": [{"label": l.label, "url": l.url} for l in c.links],
             "quote_ids": [q.id for q in c.quotes],
             "indicator_ids": sorted({i.id for q in c.quotes for i in q.indicators},
                                     key=[i.id for i in corpus.grid.indicators].index), **_draft(c)}
            for c in corpus.cases
        ],
    }


def _draft(item) -> dict:
    """``{"draft": true}`` for a draft to review, else nothing: a published site has none
    (publish-check refuses them), so its files are the same as before drafts existed."""
    return {"draft": True} if item.draft else {}


def quote_record(quote: Quote) -> dict:
    return {
        "id": quote.id,
        "text": quote.text,
        "speaker": {"name": quote.speaker_name, "role": quote.speaker_role},
        "speakers": [{"id": p.id, "name": p.name, "role": p.role, "organisation": p.organisation}
                     for p in quote.speakers],
        "case_id": quote.case.id,
        "event_id": quote.case.event.id,
        "indicator_ids": [i.id for i in quote.indicators],
        "rationale": quote.rationale,
        "url": config.absolute(config.quote_url(quote)),
    }


def quotes_json(corpus: Corpus) -> dict:
    return {
        "format_version": FORMAT_VERSION,
        "grid": _grid_ref(corpus),
        "quotes": [quote_record(q) for q in corpus.quotes],
    }


def data_files(corpus: Corpus) -> dict[str, str]:
    """Every open-data file, by its path in the built site."""
    return {
        f"{config.DATA}grid.json": _dump(grid_json(corpus)),
        f"{config.DATA}cases.json": _dump(cases_json(corpus)),
        f"{config.DATA}quotes.json": _dump(quotes_json(corpus)),
        config.CODEBOOK: codebook(corpus.grid),
    }
