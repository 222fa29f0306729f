"""The mutual diagnosis in the core: the Python reference of the synthesis, the group link, the pages."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from coopsite import config
from coopsite.collective import (LIMITS, collective_files, example_members, group_doc, group_fragment,
                                 synthesis)
from coopsite.renderer import Renderer
from coopsite.site import generate
from coopsite.structure.loader import load_corpus

ROOT = Path(__file__).resolve().parent.parent
UNKNOWN = "ne-sait-pas"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def files(corpus):
    return {f.src_uri: f.content for f in generate(corpus)}


def test_documented_example_by_hand(corpus):
    grid = corpus.grid
    result = synthesis(grid, [answers for _, answers in example_members(grid)])
    # Camille 100 everywhere; Dominique A 0, B and C 33.3 → 22.2; Sacha A1 none, elsewhere 66.7 → 66.7.
    assert result["overall"] == {"percent": 63.0, "min": 22.2, "max": 100.0, "scored": 3,
                                 "band": "Coopération en structuration"}
    # A: Camille 100, Dominique 0, Sacha (A2, A3) 66.7 → 55.6.
    assert result["general_objectives"]["A"] == {"percent": 55.6, "min": 0.0, "max": 100.0, "scored": 3}
    # A1: Sacha said « ne sait pas » everywhere: (100 + 0) / 2.
    assert result["main_objectives"]["A1"] == {"percent": 50.0, "min": 0.0, "max": 100.0, "scored": 2}
    assert result["indicators"]["C3.4"] == {"counts": [0, 1, 0, 1], "unknown": 0, "unanswered": 1, "mean": 2.0,
                                           "percent": 66.7, "spread": 2, "std_dev": 1.0}
    assert result["debate"] == ["A1.1", "A1.2", "A1.3", "A1.4", "A2.1"]
    assert result["agreement"] == []
    assert result["priorities"] == ["A1", "A2", "A3"]


def test_empty_group_and_agreement(corpus):
    grid = corpus.grid
    assert synthesis(grid, [])["overall"]["percent"] is None
    same = {i.id: 2 for i in grid.indicators}
    result = synthesis(grid, [same, dict(same), {**same, "A1.1": UNKNOWN}])
    assert "A1.1" not in result["agreement"] and len(result["agreement"]) == 35
    assert result["debate"] == []


def test_group_fragment(corpus):
    grid = corpus.grid
    fragment = group_fragment(grid, [("Membre 1", {"A1.1": 3}), ("Zoé ; moi", {"A1.1": UNKNOWN})])
    assert fragment == "#g=1;grille-ptce-2012;1.0-travail;3" + "-" * 35 + ";x" + "-" * 35 + ":Zo%C3%A9%20%3B%20moi"


def test_pages_are_generated_in_the_nav(corpus, files):
    page = files[config.src_uri(config.SELFTEST_COLLECTIVE)]
    guide = files[config.src_uri(config.SELFTEST_FACILITATOR)]
    assert "# Diagnostic mutuel" in page and "Liens de résultats" in page and "Voir la synthèse" in page
    assert "Ajouter mes propres réponses" in page and 'multiple data-co="files"' in page
    data = json.loads(re.search(r'class="coop-st-data">(.*?)</script>', page, re.S).group(1))
    assert data["limits"] == LIMITS and data["collective_page"] == config.SELFTEST_COLLECTIVE
    assert len(data["indicators"]) == 36
    block = page[page.index('<div class="coop-st coop-co"'):]
    assert "\n\n" not in block.strip()  # one HTML block for Markdown
    assert "# Animer un diagnostic mutuel" in guide and "affiche" in guide
    nav = (ROOT / "mkdocs.yml").read_text("utf-8")
    assert "autodiagnostic/collectif/index.md" in nav and "autodiagnostic/animer/index.md" in nav


def test_selftest_embed_and_doc_link_to_the_collective_page(files):
    assert "collectif/" in files["autodiagnostic/index.md"]
    assert "../collectif/" in files["autodiagnostic/embed/index.html"]
    assert "Comparer avec un résultat précédent" in files["autodiagnostic/index.md"]
    doc = files[config.src_uri(config.SELFTEST_DOC)]
    for words in ("## Le diagnostic mutuel {#mutuel}", "coopsite-diagnostic-mutuel", "#g=1;",
                  "au plus 30 membres et 2\u00a0000 caractères", "Points de débat", "écart type",
                  "date inconnue", "coopsite:diagnostic-mutuel:grille-ptce-2012:1.0-travail"):
        assert words in doc, words


def test_documented_example_table(corpus):
    doc = group_doc(corpus.grid)
    assert doc["rows"][0] == {"label": "Score global", "percent": "63 %", "min": "22,2 %", "max": "100 %", "scored": 3}
    assert doc["fragment"].startswith("#g=1;grille-ptce-2012;1.0-travail;" + "3" * 36 + ":Camille;")


def test_collective_files_alone(corpus):
    uris = [f.src_uri for f in collective_files(corpus, Renderer(corpus))]
    assert uris == ["autodiagnostic/mode-atelier/index.md", "autodiagnostic/collectif/index.md",
                    "autodiagnostic/animer/index.md", "autodiagnostic/questionnaire/index.md",
                    "autodiagnostic/questionnaire/releve/index.md"]


def test_comparison_by_hand(corpus):
    from coopsite.collective import comparison, profile

    grid = corpus.grid
    before = profile(grid, [{"A1.1": 0, "A1.2": 1, "B1.1": 3, "C1.1": 2}], group=False)
    after = profile(grid, [{"A1.1": 3, "A1.2": 1, "B1.1": 1, "C1.1": 2, "C2.1": 0}], group=False)
    result = comparison(grid, before, after)
    # A1: (0 + 33.3) / 2 = 16.7 → (100 + 33.3) / 2 = 66.7; overall 61.1 → 44.4.
    assert result["main_objectives"]["A1"] == {"before": 16.7, "after": 66.7, "delta": 50.0}
    assert result["main_objectives"]["C2"] == {"before": None, "after": 0.0, "delta": None}
    assert result["overall"] == {"before": 61.1, "after": 44.4, "delta": -16.7}
    assert result["moved"] == [{"id": "A1.1", "before": 0, "after": 3, "direction": "up"},
                               {"id": "B1.1", "before": 3, "after": 1, "direction": "down"}]
    group = comparison(grid, profile(grid, [{"A1.1": 1}, {"A1.1": 2}], group=True),
                       profile(grid, [{"A1.1": 3}, {"A1.1": 2}], group=True))
    assert group["moved"] == [{"id": "A1.1", "before": 1.5, "after": 2.5, "direction": "up"}]
    assert group["main_objectives"]["A1"] == {"before": 50.0, "after": 83.3, "delta": 33.3}


def test_the_workshop_mode_shows_a_qr_code_of_the_self_test_with_a_site_url(corpus):
    url = "https://exemple.org/cooperation/"
    files = {f.src_uri: f.content for f in collective_files(corpus, Renderer(corpus, url), url)}
    page = files[config.src_uri(config.SELFTEST_PROJECTOR)]
    assert "<svg" in page and "Code QR : https://exemple.org/cooperation/autodiagnostic/" in page
    assert "data-coop-projector-address>https://exemple.org/cooperation/autodiagnostic/<" in page
