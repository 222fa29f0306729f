"""Verbatims exactly as written: marks, spaces, paragraphs, titles in guillemets, speakers.

The rule a report's writer reads in the guide « Importer un compte rendu » is tested here
case by case (coopsite/importer/quotes.py)."""

from __future__ import annotations

import pytest

from coopsite.importer.document import HEADING, ITEM, PARAGRAPH, Block, Document
from coopsite.importer.quotes import find_verbatims
from coopsite.importer.sections import read_sections


def blocks(*texts, quotation=()):
    return [Block(PARAGRAPH, text, i + 1, quotation=i in quotation) for i, text in enumerate(texts)]


def texts(*paragraphs, quotation=()):
    return [v.text for v in find_verbatims(blocks(*paragraphs, quotation=quotation))[0]]


@pytest.mark.parametrize("inside", [" ", "\u00a0", "\u202f", ""])
def test_guillemets_with_any_space_inside_leave_marks_and_spaces_out(inside):
    assert texts(f"«{inside}On coopère entre des personnes{inside}»") == ["On coopère entre des personnes"]


@pytest.mark.parametrize("quoted", ["“Notre gouvernance est bénévole.”", '"Notre gouvernance est bénévole."'])
def test_english_and_straight_quotes(quoted):
    assert texts(quoted) == ["Notre gouvernance est bénévole."]


def test_apostrophes_punctuation_and_inner_marks_are_kept_as_they_are():
    line = "« Il faut travailler le geste avant l'outil, l’humain et le \"Nous\" ; c’est ça ! »."
    assert texts(line) == ["Il faut travailler le geste avant l'outil, l’humain et le \"Nous\" ; c’est ça !"]


def test_two_quotes_on_one_line():
    line = "« La coopération était logique ». « On a réussi à avoir une gouvernance partagée»"
    assert texts(line) == ["La coopération était logique", "On a réussi à avoir une gouvernance partagée"]


def test_a_quote_over_paragraphs_the_french_way_is_one_text():
    found = texts("« Au début, chacun gardait ses clients.", "« Puis on a mutualisé la collecte.",
                  "« Aujourd’hui, on partage le camion. »")
    assert found == ["Au début, chacun gardait ses clients. Puis on a mutualisé la collecte. "
                     "Aujourd’hui, on partage le camion."]


def test_the_older_way_reopens_with_a_closing_mark():
    assert texts("« Première partie,", "» seconde partie. »") == ["Première partie, seconde partie."]


def test_a_quote_over_lines_with_no_mark_between_as_copied_from_a_web_page():
    assert texts("“Pour nous, le défi est double,", "c’est comment on s’ouvre ?", "et comment on avance ?”") == [
        "Pour nous, le défi est double, c’est comment on s’ouvre ? et comment on avance ?"]


def test_line_breaks_inside_a_paragraph_become_one_space():
    assert texts("« Puis on a compris,\non gagnait du temps. »") == ["Puis on a compris, on gagnait du temps."]


@pytest.mark.parametrize("sentence", [
    "La matinée a porté sur le programme « Territoires zéro chômeur de longue durée » et sur l’emploi.",
    "Si le projet semblait \"évident\", il a fallu le construire.",
    "Un tiers-lieu autour de l’habitat « autrement » à Strasbourg.",
    "« Territoires zéro chômeur » est un programme national.",
])
def test_a_title_or_a_word_in_guillemets_inside_a_sentence_is_not_a_verbatim(sentence):
    found, passages = find_verbatims(blocks(sentence))
    assert found == []
    assert passages and passages[0].reason == "titre"


@pytest.mark.parametrize("line", [
    "Elle conclut : « On ne travaille plus seuls. »",
    "Marie DUPONT : « On ne travaille plus seuls. »",
    "Pour Marie DUPONT, « On ne travaille plus seuls. »",
    "- « On ne travaille plus seuls. »",
    "« On ne travaille plus seuls », explique-t-elle.",
    "« On ne travaille plus seuls » explique Marie DUPONT.",
    "« On ne travaille plus seuls. » (Marie DUPONT)",
    "« On ne travaille plus seuls » — Marie DUPONT",
])
def test_a_detached_passage_is_a_verbatim(line):
    assert texts(line) == ["On ne travaille plus seuls." if "seuls." in line else "On ne travaille plus seuls"]


def test_a_paragraph_styled_as_a_quotation_is_one_even_without_marks():
    found = find_verbatims(blocks("Nos adhérents cherchent un collectif, pas un service.", quotation={0}))[0]
    assert [v.text for v in found] == ["Nos adhérents cherchent un collectif, pas un service."]
    assert not found[0].marked


def test_a_quotation_paragraph_with_marks_loses_them_and_keeps_its_name():
    found = find_verbatims(blocks("« Nos adhérents cherchent un collectif. »\n— Jeanne DUPONT", quotation={0}))[0]
    assert [(v.text, v.speaker_hint) for v in found] == [("Nos adhérents cherchent un collectif.", "Jeanne DUPONT")]


def test_an_unclosed_mark_is_reported_and_takes_nothing():
    found, passages = find_verbatims(blocks("« Une phrase jamais fermée", "Puis la suite du compte rendu."))
    assert found == []
    assert [p.reason for p in passages] == ["ouvert"]


def test_a_quote_never_runs_over_a_heading():
    items = [Block(PARAGRAPH, "« Ouvert ici", 1), Block(HEADING, "Autre section", 2, level=2),
             Block(PARAGRAPH, "fermé là »", 3)]
    assert find_verbatims(items)[0] == []


def section_speakers(*items) -> list[tuple[str, str]]:
    reading = read_sections(Document("essai.md", "Markdown", list(items)))
    return [(q.verbatim.text, q.speaker.shown if q.speaker else "") for s in reading.sections for q in s.quotes]


def test_speakers_come_from_the_name_next_to_the_quote_else_the_intro_else_the_single_person():
    assert section_speakers(
        Block(HEADING, "Le Pôle : Paul MARTIN, coordinateur, et Jeanne DUPONT, présidente", 1, level=2),
        Block(PARAGRAPH, "« Première » (Jeanne DUPONT)", 2),
        Block(PARAGRAPH, "« Deuxième »", 3),
        Block(PARAGRAPH, "— Paul MARTIN", 4),
        Block(PARAGRAPH, "Les propos de Jeanne DUPONT :", 5),
        Block(ITEM, "« Troisième »", 6),
        Block(PARAGRAPH, "« Quatrième, sans nom »", 7, quotation=False),
    ) == [("Première", "Jeanne Dupont"), ("Deuxième", "Paul Martin"), ("Troisième", "Jeanne Dupont"),
          ("Quatrième, sans nom", "Jeanne Dupont")]


def test_with_two_people_and_no_name_the_speaker_is_left_for_review():
    assert section_speakers(
        Block(HEADING, "Le LIESS", 1, level=2),
        Block(PARAGRAPH, "Marion BERGOGNON, animatrice et Matthieu TANTY, administrateur", 2),
        Block(PARAGRAPH, "« Une citation sans nom »", 3),
    ) == [("Une citation sans nom", "")]


def test_a_section_about_one_person_is_a_grand_temoin():
    reading = read_sections(Document("essai.txt", "texte", blocks(
        "Introduction de la table ronde.", "Retrouvez les points clés de Stéphane BOSSUET",
        "« Une citation de lui. »")))
    assert [(s.kind, s.title, s.people[0].shown) for s in reading.sections] == [
        ("grand-temoin", "Stéphane Bossuet", "Stéphane Bossuet")]
