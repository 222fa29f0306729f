"""« Diagnostic mutuel »: several members' self-test results read together.

The reference of ``coopsite/shared/docs/assets/autodiagnostic/aggregate.js`` (the synthesis)
and ``group-encoding.js`` (the group link), as :mod:`coopsite.selftest` is the
reference of ``scoring.js``: same rules, same output shape, tested to agree
in the browser. It also renders the collective page and the facilitator's
guide. The rules are documented on the « Fonctionnement » page.
"""

from __future__ import annotations

import math
from urllib.parse import quote

from . import config
from .generated import GeneratedFile
from .renderer import Renderer
from .qrcodes import qr_svg
from .selftest import UNKNOWN, _mean, _pct, _round, asset, band_for, exact_scores, fragment, payload_json, scores
from .structure.model import Corpus, Grid

GROUP_FRAGMENT_VERSION = "1"
GROUP_EXPORT_FORMAT = "coopsite-diagnostic-mutuel"
GROUP_EXPORT_VERSION = 1
DEBATE_COUNT = 5      # points of debate listed
PRIORITY_COUNT = 3    # weakest main objectives of the group
MAX_MEMBERS = 200     # members one synthesis accepts (pasted, imported or stored)
LINK_MAX_MEMBERS = 30  # members one group link may carry
LINK_MAX_LENGTH = 2000  # characters of a whole group link (address included)
LIMITS = {"max_members": MAX_MEMBERS, "link_max_members": LINK_MAX_MEMBERS, "link_max_length": LINK_MAX_LENGTH,
          "max_paste": 200_000, "debate_count": DEBATE_COUNT, "priority_count": PRIORITY_COUNT}


def default_label(position: int) -> str:
    """« Membre 1 », « Membre 2 »… for the member at ``position`` (0-based)."""
    return f"Membre {position + 1}"


def _round2(value: float | None) -> float | None:
    return None if value is None else float(f"{value + 1e-9:.2f}")


def _spread(values: list[float | None]) -> dict:
    known = [v for v in values if v is not None]
    return {"percent": _round(_mean(known)),
            "min": _round(min(known)) if known else None,
            "max": _round(max(known)) if known else None,
            "scored": len(known)}


def _variance(values: list[int]) -> float:
    """Population variance from integer sums: identical in Python and JS for the same multiset."""
    n, s1, s2 = len(values), sum(values), sum(v * v for v in values)
    return (n * s2 - s1 * s1) / (n * n)


def synthesis(grid: Grid, members: list[dict[str, int | str]]) -> dict:
    """The synthesis of ``members`` (each one answers dict, as for :func:`coopsite.selftest.scores`).

    Same output shape as the ``synthesis`` member of the group JSON export.
    """
    levels = [level.value for level in grid.scale.levels]
    level_set = set(levels)
    top = grid.scale.max_value
    exact = [exact_scores(grid, answers) for answers in members]
    result: dict = {"members": len(members)}
    overall = _spread([e[2] for e in exact])
    band = band_for(grid, overall["percent"])
    result["overall"] = {**overall, "band": band.label if band else None}
    result["general_objectives"] = {g.id: _spread([e[1][g.id] for e in exact]) for g in grid.general_objectives}
    main_exact = {m.id: _mean([e[0][m.id] for e in exact if e[0][m.id] is not None]) for m in grid.main_objectives}
    result["main_objectives"] = {m.id: _spread([e[0][m.id] for e in exact]) for m in grid.main_objectives}
    indicators = {}
    debate = []
    agreement = []
    for index, ind in enumerate(grid.indicators):
        given = [answers.get(ind.id) for answers in members]
        known = [v for v in given if v in level_set and v != UNKNOWN]
        unknown = sum(1 for v in given if v == UNKNOWN)
        mean = _mean(known)
        spread = max(known) - min(known) if known else None
        std = math.sqrt(_variance(known)) if known else None
        indicators[ind.id] = {
            "counts": [known.count(value) for value in levels],
            "unknown": unknown, "unanswered": len(given) - len(known) - unknown,
            "mean": _round2(mean), "percent": _round(None if mean is None else mean / top * 100),
            "spread": spread, "std_dev": _round2(std),
        }
        if len(known) >= 2 and spread > 0:
            debate.append((-spread, -_variance(known), index, ind.id))
        if len(members) >= 2 and len(known) == len(members) and spread == 0:
            agreement.append(ind.id)
    result["indicators"] = indicators
    result["debate"] = [item[3] for item in sorted(debate)[:DEBATE_COUNT]]
    result["agreement"] = agreement
    weak = [(main_exact[m.id], index, m.id) for index, m in enumerate(grid.main_objectives)
            if main_exact[m.id] is not None and _round(main_exact[m.id]) < 100]
    result["priorities"] = [item[2] for item in sorted(weak)[:PRIORITY_COUNT]]
    return result


def _step(after: float | None, before: float | None) -> float | None:
    # As JavaScript's Math.round: halves go up.
    return None if after is None or before is None else math.floor((after - before) * 10 + 0.5) / 10


def profile(grid: Grid, members: list[dict[str, int | str]], group: bool) -> dict:
    """What a comparison reads from a result: rounded scores, and a value per indicator
    (the chosen level for one person, the mean level for a group)."""
    if group:
        result = synthesis(grid, members)
        values = {i: figures["mean"] for i, figures in result["indicators"].items()}
    else:
        result = scores(grid, members[0])
        levels = {level.value for level in grid.scale.levels}
        values = {i.id: members[0].get(i.id) if members[0].get(i.id) in levels and members[0].get(i.id) != UNKNOWN
                  else None for i in grid.indicators}
    return {"overall": result["overall"]["percent"],
            "general_objectives": {k: v["percent"] for k, v in result["general_objectives"].items()},
            "main_objectives": {k: v["percent"] for k, v in result["main_objectives"].items()},
            "indicators": values}


def comparison(grid: Grid, before: dict, after: dict) -> dict:
    """Changes from the profile ``before`` to ``after``: the reference of ``compare.js``.

    Per objective, the rounded score now minus the rounded score before, in
    points; the indicators whose value moved, in grid order, with the direction.
    """
    def rows(key: str) -> dict:
        return {k: {"before": before[key][k], "after": v, "delta": _step(v, before[key][k])}
                for k, v in after[key].items()}

    moved = []
    for ind in grid.indicators:
        was, now = before["indicators"][ind.id], after["indicators"][ind.id]
        if was is not None and now is not None and was != now:
            moved.append({"id": ind.id, "before": was, "after": now, "direction": "up" if now > was else "down"})
    return {"overall": {"before": before["overall"], "after": after["overall"],
                        "delta": _step(after["overall"], before["overall"])},
            "general_objectives": rows("general_objectives"), "main_objectives": rows("main_objectives"),
            "moved": moved}


def _label_part(label: str) -> str:
    # Only letters, digits and -_.~ stay as they are (group-encoding.js encodes ' ( ) too).
    return quote(label, safe="")


def paper_line(grid: Grid, label: str, answers: dict[str, int | str], group: int = 4) -> str:
    """One member's paper answers as the facilitator types them: ``Camille : 3210 x-12 …``
    (the link's characters, in groups of ``group`` for the eye; paper.js reads it)."""
    chars = fragment(grid, answers).rsplit(";", 1)[1]
    return f"{label} : " + " ".join(chars[i:i + group] for i in range(0, len(chars), group))


def group_fragment(grid: Grid, members: list[tuple[str, dict[str, int | str]]]) -> str:
    """``#g=1;<grid id>;<grid version>;<member>;<member>…``, a member being
    ``<answers>`` or ``<answers>:<label>`` (the label left out when it is the default,
    percent-encoded but for letters, digits and ``-_.~``)."""
    index = {level.value: str(position) for position, level in enumerate(grid.scale.levels)}
    parts = []
    for position, (label, answers) in enumerate(members):
        chars = "".join("x" if answers.get(i.id) == UNKNOWN else index.get(answers.get(i.id), "-")
                        for i in grid.indicators)
        parts.append(chars if label == default_label(position) else f"{chars}:{_label_part(label)}")
    head = f"#g={GROUP_FRAGMENT_VERSION};{quote(grid.id, safe='')};{quote(grid.version, safe='')}"
    return ";".join([head, *parts])


def example_members(grid: Grid) -> list[tuple[str, dict[str, int | str]]]:
    """The worked example of the documentation: three members built from the grid's shape.

    « Camille » answers the top level everywhere; « Dominique » the lowest level
    in the first general objective and the second level elsewhere; « Sacha »
    « ne sait pas » in the first main objective, the third level elsewhere, and
    leaves the last question blank.
    """
    levels = grid.scale.levels
    first_general = grid.general_objectives[0]
    first_main = grid.main_objectives[0]
    camille = {i.id: levels[-1].value for i in grid.indicators}
    dominique = {i.id: levels[0].value if i.general.id == first_general.id else levels[min(1, len(levels) - 1)].value
                 for i in grid.indicators}
    sacha = {i.id: UNKNOWN if i.main.id == first_main.id else levels[min(2, len(levels) - 1)].value
             for i in grid.indicators[:-1]}
    return [("Camille", camille), ("Dominique", dominique), ("Sacha", sacha)]


def group_doc(grid: Grid) -> dict:
    """What the « Fonctionnement » page says about the mutual diagnosis: limits and a worked example."""
    members = example_members(grid)
    result = synthesis(grid, [answers for _, answers in members])

    def row(label: str, entry: dict) -> dict:
        return {"label": label, "percent": _pct(entry["percent"]), "min": _pct(entry["min"]),
                "max": _pct(entry["max"]), "scored": entry["scored"]}

    rows = [row("Score global", result["overall"])]
    rows += [row(f"{g.id}. {g.title}", result["general_objectives"][g.id]) for g in grid.general_objectives]
    rows += [row(f"{m.id}. {m.title}", result["main_objectives"][m.id]) for m in grid.main_objectives]
    return {
        "limits": LIMITS, "members": members,
        "numbers": {key: f"{value:,}".replace(",", "\u00a0") for key, value in LIMITS.items()}, "synthesis": result, "rows": rows,
        "fragment": group_fragment(grid, members),
        "paper": [paper_line(grid, label, answers) for label, answers in members],
        "debate": [(grid.indicator(i), result["indicators"][i]) for i in result["debate"]],
    }


def collective_payload_json(corpus: Corpus, here: str):
    """The self-test payload, for the collective page (same data, one more address)."""
    return payload_json(corpus, here, extra={"collective_page": config.SELFTEST_COLLECTIVE, "limits": LIMITS})


TALLY_COLUMNS = 12  # members on one printed tally sheet (A4 landscape)


def collective_files(corpus: Corpus, renderer: Renderer, site_url: str = "") -> list[GeneratedFile]:
    """The collective page and the facilitator's guide."""
    here = config.SELFTEST_COLLECTIVE
    page = renderer.render("selftest/collective.md.j2", here=here, limits=LIMITS,
                           payload_json=collective_payload_json(corpus, here),
                           asset=lambda name: asset(here, name))
    guide = renderer.render("selftest/facilitator.md.j2", here=config.SELFTEST_FACILITATOR, limits=LIMITS)
    questionnaire = renderer.render("selftest/questionnaire.md.j2", here=config.SELFTEST_QUESTIONNAIRE)
    tally = renderer.render("selftest/tally.md.j2", here=config.SELFTEST_QUESTIONNAIRE_SHEET, columns=TALLY_COLUMNS)
    address = config.share_url(site_url, config.SELFTEST)
    projector = renderer.render("selftest/projector.md.j2", here=config.SELFTEST_PROJECTOR, address=address,
                                qr_svg=qr_svg(address) if address else "")
    source = corpus.grid.source_path
    return [
        GeneratedFile(config.src_uri(config.SELFTEST_PROJECTOR), projector, source),
        GeneratedFile(config.src_uri(here), page, source, in_nav=True),
        GeneratedFile(config.src_uri(config.SELFTEST_FACILITATOR), guide, source, in_nav=True),
        GeneratedFile(config.src_uri(config.SELFTEST_QUESTIONNAIRE), questionnaire, source),
        GeneratedFile(config.src_uri(config.SELFTEST_QUESTIONNAIRE_SHEET), tally, source),
    ]
