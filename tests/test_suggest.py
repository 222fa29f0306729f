"""The indicator suggestions: French words and stems, BM25 ranking with the words that matched,
the leave-one-out measure against the baseline, and the browser's ranking held to the build's
(the same stems, the same suggestions) with Node.js."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
import yaml

from coopsite.structure.loader import load_corpus
from coopsite.suggest import Suggester, coded_quotes
from coopsite.suggest.editor import index_data, index_json
from coopsite.suggest.evaluate import leave_one_out
from coopsite.suggest.words import stem, words
from tests.helpers import ROOT

ASSETS = ROOT / "coopsite" / "shared" / "docs" / "assets" / "editor"
BENCH = ROOT / "bench" / "suggest-corpus.yml"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def test_words_are_cut_at_apostrophes_common_words_left_out_and_stems_folded():
    assert words("L’engagement des bénévoles, c'est l'essentiel !") == [
        ("engagement", "engag"), ("bénévoles", "benevol"), ("essentiel", "essentiel")]
    assert stem("coopérations") == stem("coopérer") == stem("coopérative") == "cooper"
    assert words("le la les et ou 2021") == []


def test_a_quote_gets_its_indicators_with_the_words_that_matched(corpus):
    suggester = Suggester(corpus.grid)  # the grid's words alone
    first = suggester.rank("Notre gouvernance est uniquement basée sur l’engagement bénévole.")[0]
    assert first.indicator.id == "A2.2"
    assert first.matched[0] == "bénévole" and "gouvernance" in first.matched
    assert Suggester(corpus.grid).rank("Xyzzy plugh.") == []  # no shared word, no suggestion


def test_coded_quotes_teach_the_suggester_and_leave_one_out_hides_them(corpus):
    coded = [("q1", "Le potager partagé réunit les voisins", "", ["B2.3"])]
    taught = Suggester(corpus.grid, coded)
    assert taught.rank("Un potager avec les voisins")[0].indicator.id == "B2.3"
    assert all(s.indicator.id != "B2.3" or "potager" not in s.matched
               for s in taught.rank("Un potager avec les voisins", without="q1"))


def test_the_suggestions_beat_the_most_used_indicators_on_both_corpora(corpus):
    own = leave_one_out(corpus.grid, coded_quotes(corpus))
    bench = yaml.safe_load(BENCH.read_text("utf-8"))["quotes"]
    other = leave_one_out(corpus.grid, [(q["id"], q["text"], "", q["indicators"]) for q in bench])
    assert (own.quotes, other.quotes) == (13, 60)
    for score in (own, other):
        assert score.top3 > 2 * max(score.baseline_top3, 1) and score.top1 > score.baseline_top1
    assert "top 3" in own.line("PQN-A") and "top 1" in own.line("PQN-A")
    # The figures the guide « Importer un compte rendu » gives are these.
    guide = (ROOT / "coopsite" / "shared" / "docs" / "guide" / "importer.md").read_text("utf-8")
    assert (f"parmi les trois premières suggestions pour {own.top3} d’entre elles, et en premier pour {own.top1} ; "
            f"sur 60 citations écrites pour le banc d’essai avec des mots de tous les jours, {other.top3} et "
            f"{other.top1}") in " ".join(guide.split())
    assert f"tombe juste {own.baseline_top3} fois sur 13 et {other.baseline_top3} fois sur 60" in guide


def test_the_drafts_quotes_without_indicators_teach_nothing(tmp_path, corpus):
    from coopsite.importer import prepare, write
    from tests.helpers import copy_sources

    root = copy_sources(tmp_path / "site")
    report = tmp_path / "r.md"
    report.write_text("# Table ronde du 2 mai 2025\n\n## Essai : Marie DUPONT, directrice\n\n« Une phrase. »\n", "utf-8")
    write(prepare(report, root), root)
    assert [q[0] for q in coded_quotes(load_corpus(root))] == [q[0] for q in coded_quotes(corpus)]


def node() -> str:
    found = shutil.which("node") or shutil.which("nodejs")
    if not found:
        pytest.fail("Node.js introuvable : lancez « python3 tasks.py test », qui installe npm et Node.js.")
    return found


def run_node(script: str, data) -> object:
    done = subprocess.run([node(), "--input-type=module", "-e", script], input=json.dumps(data, ensure_ascii=False),
                          capture_output=True, text=True, cwd=ASSETS, timeout=120)
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def vocabulary() -> list[str]:
    """Every word of the site's texts, guides, grid and corpora, and their inflections."""
    found: set[str] = set()
    for folder in ("cases", "grid", "bench", "coopsite/shared/docs", "tests/data/reports"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in (".yml", ".md", ".txt", ".j2"):
                found.update(w.lower() for w in re.findall(r"[^\W\d_]+", path.read_text("utf-8")))
    endings = ("er", "e", "es", "ons", "ez", "ent", "ais", "ait", "aient", "ions", "iez", "erai", "erons", "é", "ée",
               "ées", "ant", "ante", "a", "âmes", "èrent", "asse", "ir", "is", "it", "issons", "issaient", "irent",
               "ement", "ements", "ation", "ateur", "atrice", "ité", "ités", "able", "isme", "ence", "euse", "eux",
               "aux", "eaux", "oux", "issement", "amment", "emment", "logie", "ution", "ive", "if", "ière", "ier")
    for root in ("coopér", "mutualis", "gouvern", "accompagn", "chant", "fin", "pay", "ennuy", "appui", "lanc"):
        found.update(root + ending for ending in endings)
    found.update({"mauvais", "niais", "paris", "ïambe", "noël", "aiguë", "quelque", "genoux", "hiboux", "ouïe"})
    return sorted(found)


def test_the_browsers_stems_are_the_builds(tmp_path):
    wanted = vocabulary()
    assert len(wanted) > 3000
    got = run_node("""import { snowballFrench } from "./stemmer.js"; import { fold } from "./suggest.js";
        let input = ""; for await (const chunk of process.stdin) input += chunk;
        console.log(JSON.stringify(JSON.parse(input).map((w) => fold(snowballFrench(w)))));""", wanted)
    different = [(w, stem(w), g) for w, g in zip(wanted, got) if stem(w) != g]
    assert different == [], different[:20]


def test_the_browsers_suggestions_are_the_builds(corpus):
    bench = yaml.safe_load(BENCH.read_text("utf-8"))["quotes"]
    texts = [q.text for q in corpus.quotes] + [q["text"] for q in bench] + ["", "Xyzzy", "L’œuvre Coopérative"]
    got = run_node("""import { prepare, rank } from "./suggest.js";
        let input = ""; for await (const chunk of process.stdin) input += chunk;
        const { index, texts } = JSON.parse(input);
        const prepared = prepare(index);
        console.log(JSON.stringify(texts.map((t) => rank(prepared, t).map((s) => [s.id, s.matched]))));""",
                   {"index": json.loads(index_json(corpus)), "texts": texts})
    suggester = Suggester.from_corpus(corpus)
    expected = [[[s.indicator.id, list(s.matched)] for s in suggester.rank(text)] for text in texts]
    assert got == expected


def test_the_editors_index_holds_the_grids_titles_and_no_question(corpus):
    data = index_data(corpus)
    assert [i["id"] for i in data["indicators"]] == [i.id for i in corpus.grid.indicators]
    assert len(data["lengths"]) == 36 and data["k1"] == 1.2 and data["b"] == 0.75
    text = index_json(corpus)
    assert not any(ind.question in text for ind in corpus.grid.indicators)
