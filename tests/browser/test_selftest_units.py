"""Unit tests of the self-test's ES modules (scoring, encoding, storage, chart), run in Chromium.

The modules are imported by the built page itself, with its real grid payload;
Python only asserts on what the browser returns. No Node.js needed.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from coopsite.selftest import example, scores
from coopsite.structure.loader import load_corpus
from tests.conftest import module_runner

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.browser

UNKNOWN = "ne-sait-pas"


@pytest.fixture(scope="module")
def grid():
    return load_corpus(ROOT).grid


@pytest.fixture
def js(harness_page, site_url):
    """Run ``body`` (an async function body using ``m`` = modules, ``data`` = payload) in the page."""
    return module_runner(harness_page, site_url + "autodiagnostic/", "../assets/autodiagnostic/",
                         ["scoring", "encoding", "storage", "chart"])


def test_hand_computed_scores(js):
    # In every main objective: 0, 1, 2, 3 → (0+1+2+3)/4/3 = 50 % everywhere.
    result = js("""
        const answers = {};
        for (const main of data.main_objectives) main.indicator_ids.forEach((id, i) => { answers[id] = i; });
        const s = m.computeScores(data, answers);
        return {mains: s.mains.map(x => x.percent), generals: s.generals.map(x => x.percent),
                overall: s.overall.percent, band: s.overall.band.label, answered: s.overall.answered};
    """)
    assert result == {"mains": [50.0] * 9, "generals": [50.0] * 3, "overall": 50.0,
                      "band": "Coopération en structuration", "answered": 36}


def test_unknown_answers_are_left_out_and_counted(js):
    result = js("""
        const a = {"A1.1": 3, "A1.2": "ne-sait-pas", "A1.3": "ne-sait-pas", "A2.1": 0};
        const s = m.computeScores(data, a);
        return {a1: s.mains[0].percent, a2: s.mains[1].percent, a3: s.mains[2].percent,
                general: s.generals[0].percent, b: s.generals[1].percent, overall: s.overall.percent,
                unknown: s.overall.unknown, unanswered: s.overall.unanswered, band: s.overall.band.label};
    """)
    # A1 = 100 (only A1.1 counts), A2 = 0, A3 none → A = 50; B, C none → overall = 50.
    assert result == {"a1": 100.0, "a2": 0.0, "a3": None, "general": 50.0, "b": None, "overall": 50.0,
                      "unknown": 2, "unanswered": 32, "band": "Coopération en structuration"}


def test_no_answer_gives_no_score(js):
    assert js("const s = m.computeScores(data, {}); return [s.overall.percent, s.overall.band];") == [None, None]
    assert js("""const s = m.computeScores(data, {"A1.1": "ne-sait-pas"});
                 return [s.overall.percent, s.overall.unknown];""") == [None, 1]


@pytest.mark.parametrize("percent, label", [
    (0, "Coopération à amorcer"), (24.9, "Coopération à amorcer"), (25, "Coopération naissante"),
    (49.9, "Coopération naissante"), (50, "Coopération en structuration"), (75, "Coopération affirmée"),
    (100, "Coopération affirmée"), (100.1, None), (-1, None),
])
def test_band_for(js, percent, label):
    assert js("const b = m.bandFor(arg, data.bands); return b ? b.label : null;", percent) == label


def test_scores_match_the_python_reference(js, grid):
    rng = random.Random(2012)
    choices = [0, 1, 2, 3, UNKNOWN, None]
    profiles = [example(grid)["answers"]]
    for _ in range(25):
        profile = {}
        for ind in grid.indicators:
            choice = rng.choice(choices)
            if choice is not None:
                profile[ind.id] = choice
        profiles.append(profile)
    results = js("return arg.map(a => m.scoresForExport(m.computeScores(data, a)));", profiles)
    for profile, result in zip(profiles, results):
        assert result == scores(grid, profile)


def test_weakest_main_objectives(js):
    result = js("""
        const a = {"A1.1": 3, "A2.1": 0, "A3.1": 1, "B1.1": 2, "B2.1": 0, "C1.1": 3};
        return m.weakest(m.computeScores(data, a)).map(x => x.id);
    """)
    assert result == ["A2", "B2", "A3"]  # lowest first, grid order on ties
    assert js('return m.weakest(m.computeScores(data, {"A1.1": 3})).length;') == 0


def test_fragment_round_trip(js, grid):
    ex = example(grid)
    result = js("""
        const frag = m.fragmentFor(data, arg);
        const back = m.decodeFragment(data, frag);
        return {frag, ok: back.ok, same: JSON.stringify(back.answers) === JSON.stringify(arg)};
    """, ex["answers"])
    assert result == {"frag": ex["fragment"], "ok": True, "same": True}


def test_hand_written_fragment(js):
    result = js("""
        const r = m.decodeFragment(data, "#r=1;grille-ptce-2012;1.0-travail;" + "0123".repeat(9));
        return r.ok ? m.computeScores(data, r.answers).overall.percent : r.message;
    """)
    assert result == 50.0


@pytest.mark.parametrize("fragment, words", [
    ("#r=2;grille-ptce-2012;1.0-travail;" + "0" * 36, "format"),
    ("#r=1;grille-ptce-2012;0.9;" + "0" * 36, "version « 0.9 »"),
    ("#r=1;autre-grille;1.0-travail;" + "0" * 36, "autre grille"),
    ("#r=1;grille-ptce-2012;1.0-travail;" + "0" * 35, "35 réponses au lieu de 36"),
    ("#r=1;grille-ptce-2012;1.0-travail;" + "0" * 37, "37 réponses au lieu de 36"),
    ("#r=1;grille-ptce-2012;1.0-travail;" + "0" * 10 + "7" + "0" * 25, "(« 7 ») à la position 11"),
    ("#r=1;grille-ptce-2012;1.0-travail;" + "z" + "0" * 35, "(« z ») à la position 1,"),
    ("#r=1;grille-ptce-2012", "mal formé"),
    ("#r=", "mal formé"),
    ("#r=1;%E0%A4%A;1.0-travail;" + "0" * 36, "mal formé"),
])
def test_malformed_fragments(js, fragment, words):
    result = js("return m.decodeFragment(data, arg);", fragment)
    assert result["ok"] is False
    assert words in result["message"]


def test_export_import_round_trip(js, grid):
    ex = example(grid)
    result = js("""
        const s = m.computeScores(data, arg);
        const file = m.exportData(data, arg, s, new Date("2024-01-02T03:04:05Z"));
        const back = m.parseImport(data, JSON.stringify(file));
        return {file, back};
    """, ex["answers"])
    file = result["file"]
    assert file["format"] == "coopsite-autodiagnostic" and file["format_version"] == 1
    assert file["grid"] == {"id": "grille-ptce-2012", "version": "1.0-travail"}
    assert file["date"] == "2024-01-02T03:04:05.000Z"
    assert file["answers"] == ex["answers"]
    assert file["scores"] == ex["scores"]
    assert result["back"] == {"ok": True, "answers": ex["answers"]}


@pytest.mark.parametrize("text, words", [
    ("pas du json", "JSON lisible"),
    ('{"format": "autre"}', "pas un export"),
    ('{"format": "coopsite-autodiagnostic", "format_version": 1, "grid": {"id": "grille-ptce-2012", '
     '"version": "0.1"}, "answers": {}}', "version « 0.1 »"),
    ('{"format": "coopsite-autodiagnostic", "format_version": 1, "grid": {"id": "grille-ptce-2012", '
     '"version": "1.0-travail"}, "answers": {"Z9.9": 1, "A1.1": 7, "A1.2": "2"}}', "Indicateur inconnu"),
])
def test_import_rejects_bad_files(js, text, words):
    result = js("return m.parseImport(data, arg);", text)
    assert result["ok"] is False
    assert any(words in error for error in result["errors"]), result["errors"]


def test_csv_for_french_spreadsheets(js, grid):
    csv = js("return m.scoresCsv(data, arg, m.computeScores(data, arg));", example(grid)["answers"])
    assert csv.startswith("\ufeffNiveau;Identifiant;Intitulé;Score (%);")
    lines = csv.rstrip("\r\n").split("\r\n")
    assert len(lines) == 1 + 1 + 3 + 9 + 36
    assert lines[1] == "Score global;;Coopération en structuration;66,7;;30;3;3"
    assert lines[3].startswith("Objectif général;B;") and ";33,3;" in lines[3]
    assert all(line.count(";") >= 7 for line in lines)


def test_storage_versions_and_corruption(js):
    result = js("""
        localStorage.clear();
        const store = m.openStorage(data.grid.id, data.grid.version);
        const empty = store.load().status;
        store.save({"A1.1": 2});
        const ok = store.load();
        localStorage.setItem(store.key, "{pas du json");
        const corrupt = store.load().status;
        localStorage.setItem(store.key, '{"answers": [1, 2]}');
        const wrongShape = store.load().status;
        localStorage.setItem("coopsite:autodiagnostic:grille-ptce-2012:0.9", '{"answers": {}}');
        const others = store.otherKeys();
        store.clearOthers();
        store.clear();
        return {key: store.key, empty, ok, corrupt, wrongShape, others, after: store.otherKeys(),
                final: store.load().status};
    """)
    assert result["key"] == "coopsite:autodiagnostic:grille-ptce-2012:1.0-travail"
    assert result["empty"] == "empty"
    assert result["ok"]["status"] == "ok" and result["ok"]["answers"] == {"A1.1": 2}
    assert result["corrupt"] == "corrupt" and result["wrongShape"] == "corrupt"
    assert result["others"] == ["coopsite:autodiagnostic:grille-ptce-2012:0.9"]
    assert result["after"] == [] and result["final"] == "empty"


def test_radar_chart(js):
    result = js("""
        const items = data.main_objectives.map((x, i) => ({id: x.id, percent: i === 0 ? null : i * 10}));
        const svg = m.radarChart(items, "Radar");
        return {tag: svg.tagName, role: svg.getAttribute("role"), label: svg.getAttribute("aria-label"),
                dots: svg.querySelectorAll("circle").length, empty: svg.querySelectorAll(".coop-st__radar-dot--empty").length,
                top: m.point(0, 9, 1, 210, 150)};
    """)
    assert result == {"tag": "svg", "role": "img", "label": "Radar", "dots": 9, "empty": 1, "top": [210, 60]}
