"""Unit tests of the mutual diagnosis modules (aggregate, group-encoding, compare), run in Chromium.

The synthesis of aggregate.js must equal coopsite.collective.synthesis (the
reference) on hand-made groups; the group link must equal group_fragment.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from coopsite.collective import example_members, group_fragment, paper_line, synthesis
from coopsite.selftest import fragment
from coopsite.structure.loader import load_corpus
from tests.conftest import module_runner

ROOT = Path(__file__).resolve().parents[2]
UNKNOWN = "ne-sait-pas"
MODULES = ["scoring", "encoding", "aggregate", "paper", "group-encoding", "compare"]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def grid():
    return load_corpus(ROOT).grid


@pytest.fixture
def js(harness_page, site_url):
    """Run ``body`` (an async function body using ``m`` = modules, ``data`` = payload) in the collective page."""
    return module_runner(harness_page, site_url + "autodiagnostic/collectif/", "../../assets/autodiagnostic/", MODULES)


def js_synthesis(js, members):
    return js("return m.synthesisForExport(m.synthesize(data, arg));", members)


def random_member(grid, rng, blank_main=None):
    """Random answers with « ne sait pas » and blanks; none at all in ``blank_main`` if given."""
    answers = {}
    for ind in grid.indicators:
        if ind.main.id == blank_main:
            if rng.random() < 0.5:
                answers[ind.id] = UNKNOWN
            continue
        choice = rng.choice([0, 1, 2, 3, 0, 1, 2, 3, UNKNOWN, None])
        if choice is not None:
            answers[ind.id] = choice
    return answers


def test_one_member_is_its_own_group(js, grid):
    member = example_members(grid)[2][1]  # « ne sait pas » in A1, the last question blank
    result = js_synthesis(js, [member])
    assert result == synthesis(grid, [member])
    assert result["members"] == 1
    assert result["main_objectives"]["A1"] == {"percent": None, "min": None, "max": None, "scored": 0}
    assert result["main_objectives"]["A2"] == {"percent": 66.7, "min": 66.7, "max": 66.7, "scored": 1}
    assert result["debate"] == [] and result["agreement"] == []


def test_two_members_by_hand(js, grid):
    a = {"A1.1": 3, "A1.2": 1, "A2.1": UNKNOWN}
    b = {"A1.1": 0, "A1.2": 1, "A2.1": 2, "B1.1": 3}
    result = js_synthesis(js, [a, b])
    assert result == synthesis(grid, [a, b])
    # A1: a = (100 + 33.33) / 2 = 66.67, b = (0 + 33.33) / 2 = 16.67 → mean 41.67.
    assert result["main_objectives"]["A1"] == {"percent": 41.7, "min": 16.7, "max": 66.7, "scored": 2}
    # A2: only b has a score (66.7); B1 only b (100).
    assert result["main_objectives"]["A2"] == {"percent": 66.7, "min": 66.7, "max": 66.7, "scored": 1}
    assert result["indicators"]["A1.1"] == {"counts": [1, 0, 0, 1], "unknown": 0, "unanswered": 0, "mean": 1.5,
                                           "percent": 50.0, "spread": 3, "std_dev": 1.5}
    assert result["indicators"]["A2.1"]["unknown"] == 1 and result["indicators"]["A2.1"]["spread"] == 0
    assert result["debate"] == ["A1.1"]  # A2.1 has one known answer only
    assert result["agreement"] == ["A1.2"]


def test_three_members_of_the_documented_example(js, grid):
    members = [answers for _, answers in example_members(grid)]
    result = js_synthesis(js, members)
    assert result == synthesis(grid, members)
    assert result["overall"]["percent"] == 63.0 and result["overall"]["band"] == "Coopération en structuration"
    assert result["debate"] == ["A1.1", "A1.2", "A1.3", "A1.4", "A2.1"]  # ties broken by std dev, then grid order


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_thirty_members_match_the_reference(js, grid, seed):
    rng = random.Random(seed)
    mains = [m.id for m in grid.main_objectives]
    members = [random_member(grid, rng, blank_main=mains[i % 9] if i % 4 == 0 else None) for i in range(30)]
    members[5] = {}  # a member with no answer at all
    members[7] = {ind.id: UNKNOWN for ind in grid.indicators}
    result = js_synthesis(js, members)
    assert result == synthesis(grid, members)
    assert result["members"] == 30 and len(result["debate"]) == 5


def test_ties_use_the_standard_deviation_then_grid_order(js, grid):
    # A1.1: 0, 3, 3 (spread 3, sd 1.41); A1.2: 0, 3 (spread 3, sd 1.5); A1.3: 0, 3, 0, (spread 3, sd 1.41).
    members = [{"A1.1": 0, "A1.2": 0, "A1.3": 0}, {"A1.1": 3, "A1.2": 3, "A1.3": 3}, {"A1.1": 3, "A1.3": 0}]
    result = js_synthesis(js, members)
    assert result["debate"] == ["A1.2", "A1.1", "A1.3"] == synthesis(grid, members)["debate"]


def test_group_fragment_matches_the_reference_and_round_trips(js, grid):
    members = example_members(grid) + [("Membre 4", {"C3.4": 1}), ("Zoé & <b>« moi »</b> ; 100 %:!*'()", {})]
    arg = [{"label": label, "answers": answers} for label, answers in members]
    result = js("""
        const frag = m.groupFragment(data, arg);
        return {frag, back: m.decodeGroupFragment(data, frag)};
    """, arg)
    assert result["frag"] == group_fragment(grid, members)
    assert ";" + "-" * 35 + "1;" in result["frag"]  # the default label is left out
    assert result["back"] == {"ok": True, "members": arg, "problems": []}


@pytest.mark.parametrize("fragment, words", [
    ("#g=1;grille-ptce-2012;0.9;" + "0" * 36, "version « 0.9 »"),
    ("#g=1;autre;1.0-travail;" + "0" * 36, "autre grille"),
    ("#g=2;grille-ptce-2012;1.0-travail;" + "0" * 36, "format"),
    ("#g=1;grille-ptce-2012", "mal formé"),
])
def test_bad_group_links(js, fragment, words):
    result = js("return m.decodeGroupFragment(data, arg);", fragment)
    assert result["ok"] is False and words in result["message"]


def test_bad_member_in_a_group_link_is_skipped(js):
    result = js("return m.decodeGroupFragment(data, arg);",
                "#g=1;grille-ptce-2012;1.0-travail;" + "1" * 36 + ";" + "2" * 30 + ";" + "3" * 36 + ":Bob")
    assert result["ok"] is True
    assert [m["label"] for m in result["members"]] == ["Membre 1", "Bob"]
    assert len(result["problems"]) == 1 and "membre 2" in result["problems"][0] and "30 réponses" in result["problems"][0]


def test_pasted_lines_are_read_one_by_one(js):
    prefix = "#r=1;grille-ptce-2012;1.0-travail;"
    text = "\n".join([
        "Voici mon lien : https://exemple.org/autodiagnostic/" + prefix + "0" * 36 + ".",
        "",
        "   " + prefix + "1" * 36,
        "bonjour tout le monde",
        "https://x.test/autodiagnostic/#r=1;grille-ptce-2012;0.9;" + "1" * 36,
        prefix + "2" * 35,
        "http://autre.example/#r=1;autre-grille;1.0-travail;" + "1" * 36,
    ])
    result = js("return m.readPasted(data, arg, data.limits);", text)
    assert [e["line"] for e in result["entries"]] == [1, 3]
    problems = {p["line"]: p["message"] for p in result["problems"]}
    assert sorted(problems) == [4, 5, 6, 7]
    assert "ni lien de résultats" in problems[4]
    assert "version « 0.9 »" in problems[5]
    assert "35 réponses au lieu de 36" in problems[6]
    assert "autre grille" in problems[7]


def test_too_long_paste_is_refused_at_once(js):
    assert js("return m.readPasted(data, 'x'.repeat(1000000), data.limits).tooLong;") is True


def test_group_export_reimport_and_csv(js, grid):
    members = example_members(grid)
    arg = [{"label": label, "answers": answers} for label, answers in members]
    result = js("""
        const s = m.synthesize(data, arg.map(x => x.answers));
        const file = m.groupExport(data, arg, m.synthesisForExport(s), new Date("2025-03-04T05:06:07Z"));
        const back = m.readFile(data, JSON.stringify(file));
        const single = m.readFile(data, JSON.stringify(m.exportData(data, arg[0].answers,
            m.computeScores(data, arg[0].answers))));
        const other = m.readFile(data, JSON.stringify({...file, grid: {id: data.grid.id, version: "0.9"}}));
        return {file, back, single, other, csv: m.groupCsv(data, arg, s)};
    """, arg)
    file = result["file"]
    assert file["format"] == "coopsite-diagnostic-mutuel" and file["format_version"] == 1
    assert file["date"] == "2025-03-04T05:06:07.000Z"
    assert file["members"] == arg
    assert file["synthesis"] == synthesis(grid, [a for _, a in members])
    assert result["back"]["ok"] and result["back"]["members"] == arg and result["back"]["kind"] == "group"
    assert result["single"]["ok"] and result["single"]["members"] == [{"label": None, "answers": arg[0]["answers"]}]
    assert result["other"]["ok"] is False and "version « 0.9 »" in " ".join(result["other"]["errors"])
    csv = result["csv"]
    assert csv.startswith("\ufeffNiveau;Identifiant;Intitulé;Score du groupe (%);Minimum (%);Maximum (%);")
    lines = csv.rstrip("\r\n").split("\r\n")
    assert len(lines) == 1 + 1 + 3 + 9 + 36
    assert lines[0].endswith(";Camille;Dominique;Sacha")
    assert lines[1].startswith("Score global;;Coopération en structuration;63;22,2;100;3;")
    assert lines[1].endswith(";100;22,2;66,7")
    a11 = next(line for line in lines if line.startswith("Indicateur;A1.1;"))
    assert a11.endswith(";1;0;0;1;1;0;3;Pleinement;Pas du tout;Je ne sais pas / non concerné")


def test_compare_deltas_by_hand(js):
    result = js("""
        const before = m.individualProfile(data, {"A1.1": 0, "A1.2": 1, "B1.1": 3, "C1.1": 2});
        const after = m.individualProfile(data, {"A1.1": 3, "A1.2": 1, "B1.1": 1, "C1.1": 2, "C2.1": 0});
        return m.compareProfiles(data, before, after);
    """)
    mains = {row["id"]: row for row in result["mains"]}
    # A1: (0 + 33.3) / 2 = 16.7 → (100 + 33.3) / 2 = 66.7: +50 points.
    assert (mains["A1"]["before"], mains["A1"]["after"], mains["A1"]["delta"]) == (16.7, 66.7, 50.0)
    assert (mains["B1"]["before"], mains["B1"]["after"], mains["B1"]["delta"]) == (100.0, 33.3, -66.7)
    assert mains["C2"]["before"] is None and mains["C2"]["delta"] is None
    # Overall: A 16.7 / B 100 / C 66.7 → 61.1 ; A 66.7 / B 33.3 / C (66.7 + 0) / 2 = 33.3 → 44.4: −16.7.
    assert (result["overall"]["before"], result["overall"]["after"], result["overall"]["delta"]) == (61.1, 44.4, -16.7)
    assert [(x["id"], x["direction"]) for x in result["moved"]] == [("A1.1", "up"), ("B1.1", "down")]
    assert js("return [m.deltaText(12.5), m.deltaText(-1), m.deltaText(0), m.deltaText(null)];") == [
        "+12,5\u00a0points", "\u22121\u00a0point", "0\u00a0point", "—"]


COMPARE_SHAPE = """
    const profile = (members, group) => group ? m.groupProfile(data, members) : m.individualProfile(data, members[0]);
    const r = m.compareProfiles(data, profile(arg.before, arg.group), profile(arg.after, arg.group));
    const rows = (list) => Object.fromEntries(list.map((x) => [x.id, {before: x.before, after: x.after, delta: x.delta}]));
    return {overall: {before: r.overall.before, after: r.overall.after, delta: r.overall.delta},
            general_objectives: rows(r.generals), main_objectives: rows(r.mains),
            moved: r.moved.map((x) => ({id: x.id, before: x.before, after: x.after, direction: x.direction}))};
"""


@pytest.mark.parametrize("group", [False, True])
@pytest.mark.parametrize("seed", [5, 6])
def test_comparison_matches_the_reference(js, grid, group, seed):
    from coopsite.collective import comparison, profile

    rng = random.Random(seed)
    size = 4 if group else 1
    before = [random_member(grid, rng) for _ in range(size)]
    after = [random_member(grid, rng, blank_main="B2") for _ in range(size)]
    result = js(COMPARE_SHAPE, {"before": before, "after": after, "group": group})
    assert result == comparison(grid, profile(grid, before, group), profile(grid, after, group))
    assert result["moved"] and result["main_objectives"]["B2"]["after"] is None


@pytest.mark.parametrize("count", [3, 30])
def test_paper_lines_give_the_same_synthesis_as_links(js, grid, count):
    rng = random.Random(count)
    members = [(f"Membre papier {n}", random_member(grid, rng)) for n in range(count)]
    paper = "\n".join(paper_line(grid, label, answers) for label, answers in members)
    links = "\n".join(fragment(grid, answers) for _, answers in members)
    result = js("""
        const read = (text) => m.readPasted(data, text, data.limits);
        const paper = read(arg[0]), links = read(arg[1]);
        const answers = (r) => r.entries.flatMap((e) => e.members.map((x) => x.answers));
        return {problems: paper.problems.concat(links.problems),
                labels: paper.entries.flatMap((e) => e.members.map((x) => x.label)),
                paper: m.synthesisForExport(m.synthesize(data, answers(paper))),
                links: m.synthesisForExport(m.synthesize(data, answers(links)))};
    """, [paper, links])
    assert result["problems"] == []
    assert result["labels"] == [label for label, _ in members]
    assert result["paper"] == result["links"] == synthesis(grid, [answers for _, answers in members])


def test_bad_paper_lines_are_named_and_the_good_ones_kept(js, grid):
    good = paper_line(grid, "Camille", {i.id: 2 for i in grid.indicators})
    chars = list("2" * 36)
    chars[[i.id for i in grid.indicators].index("A3.2")] = "7"
    text = "\n".join([good, "Dominique : " + "".join(chars), "Sacha : 3210 x-12", "Lou : 0123 0123 0123 x x x - - -"
                      " 0123 0123 0123 0123 01"])
    result = js("return m.readPasted(data, arg, data.limits);", text)
    assert [(e["line"], e["members"][0]["label"]) for e in result["entries"]] == [(1, "Camille"), (4, "Lou")]
    problems = {p["line"]: p["message"] for p in result["problems"]}
    assert problems[2].startswith("indicateur A3.2 : caractère « 7 » inconnu")
    assert problems[3] == "8 réponses au lieu de 36, il manque à partir de l’indicateur A3.1"


def test_the_documented_paper_example_reads_back_as_its_members(js, page, site_url, grid):
    page.goto(site_url + "autodiagnostic/fonctionnement/")
    example = page.locator(".coop-paper-example").inner_text()
    page.goto(site_url + "autodiagnostic/collectif/")
    result = js("return m.readPasted(data, arg, data.limits);", example)
    members = example_members(grid)
    assert result["problems"] == []
    assert [(x["label"], x["answers"]) for e in result["entries"] for x in e["members"]] == \
        [(label, answers) for label, answers in members]
