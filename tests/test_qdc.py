"""The grid as a REFI-QDA codebook (data/grille.qdc): valid against the standard's schema, read
back by an independent REFI-QDA library, every objective and indicator in the grid's order, GUIDs
stable, accents intact; PQN-A's grid and another grid of another shape."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path

import pytest
from lxml import etree
from pyrefiqda import RefiCodebook

from coopsite.export.qdc import codebook
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT, copy_sources

XSD = ROOT / "tests" / "data" / "refi-qda" / "Codebook.xsd"

OTHER_GRID = textwrap.dedent("""\
    id: grille-essai
    version: "2"
    title: Référentiel d’essai
    description: Une autre grille, d’une autre forme.
    provenance: {title: Essai, authors: [Équipe], status: Essai}
    scale:
      unknown_label: Je ne sais pas
      levels: [{value: 0, label: Non}, {value: 1, label: Oui}]
    bands: [{min: 0, max: 100, label: Tout, interpretation: Tout.}]
    general_objectives:
      - id: X
        title: Être ensemble
        description: Le collectif.
        main_objectives:
          - id: X-1
            title: Se réunir
            description: Les réunions.
            indicators:
              - {id: X-1-a, title: Fréquence des réunions, description: Combien de fois., question: Vous réunissez-vous ?}
      - id: Y
        title: Œuvrer pour le territoire
        description: L’ancrage.
        main_objectives:
          - id: Y-1
            title: Agir
            description: Les actions.
            indicators:
              - {id: Y-1-a, title: Actions menées, description: Lesquelles., question: Agissez-vous ?}
              - {id: Y-1-b, title: Élus associés, description: Avec qui., question: Avec les élus ?}
          - id: Y-2
            title: Durer
            description: Le temps long.
            indicators:
              - {id: Y-2-a, title: Durée, description: Depuis quand., question: Depuis longtemps ?}
""")


def other_grid(tmp_path: Path):
    root = copy_sources(tmp_path / "site")
    shutil.rmtree(root / "cases")
    (root / "cases" / "evenements").mkdir(parents=True)
    for path in (root / "grid").iterdir():
        path.unlink()
    (root / "grid" / "essai.yml").write_text(OTHER_GRID, "utf-8")
    return load_corpus(root).grid


@pytest.fixture(scope="module")
def schema():
    return etree.XMLSchema(etree.parse(str(XSD)))


def codes(codebook_model):
    """(name, codable, description, depth) of every code, depth first, as the reader gives them."""
    found = []

    def walk(items, depth):
        for code in items:
            found.append((code.name, code.is_codable, code.description, depth))
            walk(code.code, depth + 1)
    walk(codebook_model.codes.code, 0)
    return found


def expected(grid):
    found = []
    for general in grid.general_objectives:
        found.append((f"{general.id}. {general.title}", False, general.description, 0))
        for main in general.main_objectives:
            found.append((f"{main.id}. {main.title}", False, main.description, 1))
            for ind in main.indicators:
                found.append((f"{ind.id} {ind.title}", True,
                              f"{ind.description}\n\nQuestion de l’autodiagnostic : {ind.question}", 2))
    return found


@pytest.mark.parametrize("which", ["pqn-a", "autre"])
def test_the_codebook_is_valid_and_read_back_whole_in_the_grids_order(tmp_path, schema, which):
    grid = load_corpus(ROOT).grid if which == "pqn-a" else other_grid(tmp_path)
    text = codebook(grid)
    document = etree.fromstring(text.encode("utf-8"))
    schema.assertValid(document)
    assert document.tag == "{urn:QDA-XML:codebook:1.0}CodeBook"
    path = tmp_path / "grille.qdc"
    path.write_text(text, "utf-8")
    read = codes(RefiCodebook.load(path))
    assert read == expected(grid)
    assert sum(1 for _, codable, _, _ in read if codable) == len(grid.indicators)
    if which == "autre":
        assert ("Y. Œuvrer pour le territoire", False, "L’ancrage.", 0) in read  # accents and ligatures intact


def test_the_guids_are_stable_and_come_from_the_ids(tmp_path):
    grid = load_corpus(ROOT).grid
    first, again = codebook(grid), codebook(load_corpus(ROOT).grid)
    assert first == again
    guids = etree.fromstring(first.encode()).xpath("//q:Code/@guid", namespaces={"q": "urn:QDA-XML:codebook:1.0"})
    assert len(guids) == len(set(guids)) == 3 + 9 + 36
    renamed = copy_sources(tmp_path / "site")
    grid_file = next((renamed / "grid").iterdir())
    grid_file.write_text(grid_file.read_text("utf-8").replace("title: Interconnaissance des membres",
                                                               "title: Se connaître"), "utf-8")
    changed = codebook(load_corpus(renamed).grid)
    assert changed != first
    assert etree.fromstring(changed.encode()).xpath("//q:Code/@guid", namespaces={"q": "urn:QDA-XML:codebook:1.0"}) \
        == guids


def test_the_built_site_publishes_it_and_links_to_it(built_site):
    assert (built_site / "data" / "grille.qdc").read_text("utf-8").startswith('<?xml version="1.0" encoding="utf-8"?>')
    grid_page = (built_site / "grille" / "index.html").read_text("utf-8")
    assert 'href="../data/grille.qdc"' in grid_page and "REFI-QDA" in grid_page
    assert 'href="../data/grille.qdc"' in (built_site / "donnees" / "index.html").read_text("utf-8")
