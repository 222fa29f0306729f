"""The self-test « Testez votre degré de coopération »: its pages and its data.

Everything the browser needs comes from the grid model: the form is rendered
by Jinja templates (``renderer/templates/selftest/``) and the scoring data is
embedded in the page as a JSON payload read by ``coopsite/shared/docs/assets/autodiagnostic/``.
No question text is written anywhere else.

Two outputs:

* ``autodiagnostic/index.md``         – the site page (Markdown with one HTML block);
* ``autodiagnostic/embed/index.html`` – a standalone page for iframes, without
                                        the site chrome or the Material bundle.
"""

from __future__ import annotations

import json
import posixpath
from urllib.parse import quote

from markupsafe import Markup

from . import config
from .generated import GeneratedFile
from .french import num, selftest_excerpt
from .renderer import Renderer
from .structure.model import Band, Corpus, Grid, Quote
from .wording import grid_name

PAYLOAD_FORMAT = 1
SHORT_QUOTE = 160  # characters kept from a quote in the recommendations
# Quotes per indicator carried by the page: the recommendations show these and
# link to the indicator's page for the rest, so the page stays light however
# many round tables the corpus holds.
QUOTES_PER_INDICATOR = 3
DOC_URL = config.SELFTEST_DOC
UNKNOWN = "ne-sait-pas"
EXPORT_FORMAT = "coopsite-autodiagnostic"
EXPORT_FORMAT_VERSION = 1
FRAGMENT_VERSION = "1"


def root_from(here: str) -> str:
    """Relative path from the page at ``here`` to the site root, ending with ``/``."""
    depth = len([part for part in here.split("/") if part])
    return "../" * depth if depth else "./"


def credit(quote: Quote) -> str:
    """Who said it, and in which testimony, without saying a name twice.

    A witness's testimony is titled after the person (« Stéphane Bossuet,
    grand témoin »): the title alone then names both.
    """
    speaker, title = quote.speaker_name, quote.case.title
    if title.casefold().startswith(speaker.casefold()):
        return title
    return f"{speaker}, {title}"


def _quote(quote: Quote) -> dict:
    return {
        "id": quote.id,
        "text": selftest_excerpt(quote.text, SHORT_QUOTE),
        "credit": credit(quote),
        "url": config.quote_url(quote),
    }


def payload(corpus: Corpus, here: str) -> dict:
    """The data the self-test scripts read, for the page at ``here``.

    URLs are relative to the site root; ``root`` is the way from the page to
    that root, so ``root + url`` is a working relative link.
    """
    grid = corpus.grid
    return {
        "format_version": PAYLOAD_FORMAT,
        "root": root_from(here),
        "page": config.SELFTEST,
        "grid": {"id": grid.id, "version": grid.version, "title": grid.title},
        "scale": {
            "levels": [{"value": level.value, "label": level.label} for level in grid.scale.levels],
            "max": grid.scale.max_value,
            "unknown_label": grid.scale.unknown_label,
        },
        "bands": [{"min": b.min, "max": b.max, "label": b.label, "interpretation": b.interpretation}
                  for b in grid.bands],
        "general_objectives": [
            {"id": g.id, "title": g.title, "main_objective_ids": [m.id for m in g.main_objectives]}
            for g in grid.general_objectives
        ],
        "main_objectives": [
            {"id": m.id, "title": m.title, "general_objective_id": m.general.id,
             "indicator_ids": [i.id for i in m.indicators]}
            for m in grid.main_objectives
        ],
        "indicators": [
            {"id": i.id, "slug": i.slug, "title": i.title, "main_objective_id": i.main.id,
             "url": config.indicator_url(i), "quote_count": len(i.quotes),
             "quotes": [_quote(q) for q in i.quotes[:QUOTES_PER_INDICATOR]]}
            for i in grid.indicators
        ],
    }


def payload_json(corpus: Corpus, here: str, extra: dict | None = None) -> Markup:
    """The payload (plus ``extra`` members) as JSON safe inside ``<script type="application/json">``."""
    text = json.dumps({**payload(corpus, here), **(extra or {})}, ensure_ascii=False, separators=(",", ":"))
    for char, escape in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                         ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escape)
    return Markup(text)


def asset(here: str, name: str) -> str:
    """Relative link from ``here`` to a file of ``coopsite/shared/docs/assets/autodiagnostic/``."""
    return config.relative(here, posixpath.join("assets/autodiagnostic", name))


# --- Scoring: the reference for coopsite/shared/docs/assets/autodiagnostic/scoring.js --------------

def _mean(values: list[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _round(value: float | None) -> float | None:
    return None if value is None else float(f"{value + 1e-9:.1f}")


def band_for(grid: Grid, percent: float | None) -> Band | None:
    """The band holding ``percent``: ``min`` inclusive, ``max`` exclusive, the last one closed."""
    if percent is None:
        return None
    for index, band in enumerate(grid.bands):
        last = index == len(grid.bands) - 1
        if band.min <= percent and (percent < band.max or (last and percent <= band.max)):
            return band
    return None


def exact_scores(grid: Grid, answers: dict[str, int | str]) -> tuple[dict, dict, float | None]:
    """Unrounded scores: ``({main id: percent|None}, {general id: percent|None}, overall|None)``."""
    levels = {level.value for level in grid.scale.levels}
    top = grid.scale.max_value
    mains = {main.id: _mean([answers[i.id] / top * 100 for i in main.indicators
                             if answers.get(i.id) in levels and answers.get(i.id) != UNKNOWN])
             for main in grid.main_objectives}
    generals = {general.id: _mean([mains[m.id] for m in general.main_objectives if mains[m.id] is not None])
                for general in grid.general_objectives}
    return mains, generals, _mean([v for v in generals.values() if v is not None])


def scores(grid: Grid, answers: dict[str, int | str]) -> dict:
    """Scores for ``answers`` (indicator id → level value or ``"ne-sait-pas"``).

    Same rules and same output shape as the ``scores`` of the JSON export.
    """
    levels = {level.value for level in grid.scale.levels}
    exact_main, exact_general, exact_overall = exact_scores(grid, answers)
    result: dict = {"overall": {}, "general_objectives": {}, "main_objectives": {}}

    def counts(indicators) -> dict:
        values = [answers.get(i.id) for i in indicators]
        unknown = sum(1 for v in values if v == UNKNOWN)
        answered = sum(1 for v in values if v in levels and v != UNKNOWN)
        return {"answered": answered, "unknown": unknown, "unanswered": len(values) - answered - unknown}

    for main in grid.main_objectives:
        result["main_objectives"][main.id] = {"percent": _round(exact_main[main.id]), **counts(main.indicators)}
    for general in grid.general_objectives:
        indicators = [i for m in general.main_objectives for i in m.indicators]
        result["general_objectives"][general.id] = {"percent": _round(exact_general[general.id]),
                                                    **counts(indicators)}
    overall = _round(exact_overall)
    band = band_for(grid, overall)
    result["overall"] = {"percent": overall, "band": band.label if band else None, **counts(grid.indicators)}
    return result


def fragment(grid: Grid, answers: dict[str, int | str]) -> str:
    """The share fragment ``#r=1;<grid id>;<grid version>;<answers>``."""
    index = {level.value: str(position) for position, level in enumerate(grid.scale.levels)}
    chars = "".join("x" if answers.get(i.id) == UNKNOWN else index.get(answers.get(i.id), "-")
                    for i in grid.indicators)
    return f"#r={FRAGMENT_VERSION};{quote(grid.id, safe='')};{quote(grid.version, safe='')};{chars}"


def example(grid: Grid) -> dict:
    """The worked example of the documentation, built from the grid's own shape.

    Indicators of the first general objective get the top level, those of the
    second the second level, and in the others each main objective gets the
    third level twice, then « ne sait pas » once, the rest left unanswered.
    """
    levels = grid.scale.levels
    answers: dict[str, int | str] = {}
    for position, general in enumerate(grid.general_objectives):
        for main in general.main_objectives:
            for rank, ind in enumerate(main.indicators):
                if position == 0:
                    answers[ind.id] = levels[-1].value
                elif position == 1:
                    answers[ind.id] = levels[min(1, len(levels) - 1)].value
                elif rank < 2:
                    answers[ind.id] = levels[min(2, len(levels) - 1)].value
                elif rank == 2:
                    answers[ind.id] = UNKNOWN
    result = scores(grid, answers)
    rows = [{"label": f"{g.id}. {g.title}", "score": _pct(result["general_objectives"][g.id]["percent"])}
            for g in grid.general_objectives]
    rows += [{"label": f"{m.id}. {m.title}", "score": _pct(result["main_objectives"][m.id]["percent"])}
             for m in grid.main_objectives]
    overall = result["overall"]
    rows.insert(0, {"label": "Score global", "score": f"{_pct(overall['percent'])} : {overall['band']}"})
    first, second = grid.general_objectives[0], grid.general_objectives[1 % len(grid.general_objectives)]
    description = (
        f"Toutes les questions de l’objectif {first.id} à « {levels[-1].label} », toutes celles de "
        f"l’objectif {second.id} à « {levels[min(1, len(levels) - 1)].label} » ; dans chaque autre objectif "
        f"principal, les deux premières à « {levels[min(2, len(levels) - 1)].label} », la troisième à "
        f"« {grid.scale.unknown_label} » et les suivantes sans réponse."
    )
    export = {
        "format": EXPORT_FORMAT, "format_version": EXPORT_FORMAT_VERSION,
        "grid": {"id": grid.id, "version": grid.version},
        "date": "AAAA-MM-JJTHH:MM:SS.sssZ",
        "answers": answers, "scores": result,
    }
    return {"answers": answers, "scores": result, "fragment": fragment(grid, answers), "rows": rows,
            "description": description, "export": json.dumps(export, ensure_ascii=False, indent=2)}


def _pct(value: float | None) -> str:
    return "—" if value is None else f"{num(value)} %"


def selftest_files(corpus: Corpus, renderer: Renderer | None = None, group_doc: dict | None = None) -> list:
    """The self-test page, its standalone embed page and its documentation.

    ``group_doc`` (from :func:`coopsite.collective.group_doc`) adds the rules
    of the mutual diagnosis to the documentation page.
    """
    renderer = renderer or Renderer(corpus)
    description = (f"Un autodiagnostic en {len(corpus.grid.indicators)} questions, tiré "
                   f"{grid_name(corpus.grid, 'de')}, qui reste dans votre navigateur.")
    common = {"doc_url": DOC_URL, "group_doc": group_doc, "description": description}
    page = renderer.render("selftest/page.md.j2", here=config.SELFTEST,
                           payload_json=payload_json(corpus, config.SELFTEST),
                           asset=lambda name: asset(config.SELFTEST, name), embed=False, **common)
    embed = renderer.render("selftest/embed.html.j2", here=config.SELFTEST_EMBED,
                            payload_json=payload_json(corpus, config.SELFTEST_EMBED),
                            asset=lambda name: asset(config.SELFTEST_EMBED, name), embed=True, **common)
    doc = renderer.render("selftest/doc.md.j2", here=DOC_URL, example=example(corpus.grid), **common)
    return [
        GeneratedFile(config.src_uri(config.SELFTEST), page, corpus.grid.source_path, in_nav=True),
        GeneratedFile(config.src_uri(DOC_URL), doc, corpus.grid.source_path, in_nav=True),
        GeneratedFile(f"{config.SELFTEST_EMBED}index.html", embed),
    ]
