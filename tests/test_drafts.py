"""Drafts: what they may leave empty, what validate lists, the mark on their pages (in a build
and in the preview), publish-check's refusal, the feeds and the open data."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

import pytest
import yaml

from coopsite.publishing.check import report
from coopsite.structure.loader import load_corpus
from coopsite.structure.problems import ValidationFailed
from tests.helpers import copy_sources, edit, line_of
from tests.servers import free_port, running

DRAFT = """id: brouillon
draft: true
title: Un brouillon
kind: organisation
territory: ""
event: table-ronde-2021-10-20
people: []
summary: ""
quotes:
  - id: brouillon-une
    text: Une citation exacte
    speaker: ""
    indicators: []
    rationale: ""
"""


def run(*args, root: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coopsite", *args, "--root", str(root)],
                          capture_output=True, text=True)


def test_a_draft_may_wait_and_validate_lists_what_it_needs_without_failing(tmp_path):
    root = copy_sources(tmp_path / "site")
    (root / "cases" / "brouillon.yml").write_text(DRAFT, "utf-8")
    corpus = load_corpus(root)
    case = next(c for c in corpus.cases if c.id == "brouillon")
    assert case.draft and case.quotes[0].speakers == () and case.quotes[0].indicators == []
    assert case.territory == "territoire à compléter"  # what its pages show
    done = run("validate", root=root)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert "1 brouillon à relire (draft: true)" in lines[1]
    assert lines[2] == "cases/brouillon.yml : 6 choses à compléter"
    assert f"  - ligne {line_of(root, 'cases/brouillon.yml', 'territory')} : territory — Territoire, à compléter" in lines
    speaker = line_of(root, "cases/brouillon.yml", "speaker")
    assert f"  - ligne {speaker} : quotes[0].speaker — citation 1 (brouillon-une) : Qui parle, à compléter" in lines


def test_the_same_file_without_draft_fails_with_the_usual_messages(tmp_path):
    root = copy_sources(tmp_path / "site")
    (root / "cases" / "brouillon.yml").write_text(DRAFT.replace("draft: true\n", ""), "utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root)
    messages = [(p.field, p.message) for p in failed.value.problems]
    assert ("territory", "texte vide") in messages
    assert ("people", "la liste est vide") in messages
    assert ("quotes[0].indicators", "la liste est vide") in messages
    assert ("quotes[0].rationale", "texte vide") in messages
    speaker = next(p for p in failed.value.problems if p.field == "quotes[0].speaker")
    assert speaker.hint.startswith("Identifiant de la personne qui parle")  # the field's own words


@pytest.mark.parametrize("change, field, message", [
    ("indicators: []", "quotes[0].indicators[0]", "indicateur inconnu « Z9.9 »"),
    ("kind: organisation", "kind", "valeur « association » non acceptée"),
    ("speaker: \"\"", "quotes[0].speaker", "personne inconnue « quelquun »"),
])
def test_a_broken_draft_is_still_an_error_at_its_line(tmp_path, change, field, message):
    root = copy_sources(tmp_path / "site")
    replacement = {"indicators: []": "indicators: [Z9.9]", "kind: organisation": "kind: association",
                   "speaker: \"\"": "speaker: quelquun"}[change]
    (root / "cases" / "brouillon.yml").write_text(DRAFT.replace(change, replacement), "utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root)
    found = {(p.field, p.message, p.line) for p in failed.value.problems}
    assert any(f == field and m.startswith(message) and line == line_of(root, "cases/brouillon.yml", replacement)
               for f, m, line in found), found


def test_publish_check_refuses_every_draft_and_names_its_file(tmp_path):
    root = copy_sources(tmp_path / "site")
    (root / "cases" / "brouillon.yml").write_text(DRAFT, "utf-8")
    edit(root, "cases/evenements/table-ronde-2021-10-20.yml", "id: table-ronde-2021-10-20\n",
         "id: table-ronde-2021-10-20\ndraft: true\n")
    corpus = load_corpus(root)
    said = report(corpus.publication, corpus)
    assert "Et relisez les brouillons (draft: true) : cases/evenements/table-ronde-2021-10-20.yml, " \
           "cases/brouillon.yml" in said
    done = run("publish-check", root=root)
    assert done.returncode == 1 and "cases/brouillon.yml" in done.stderr


def test_publish_check_with_drafts_only_says_so(tmp_path):
    from dataclasses import replace

    root = copy_sources(tmp_path / "site")
    (root / "cases" / "brouillon.yml").write_text(DRAFT, "utf-8")
    corpus = load_corpus(root)
    complete = replace(corpus.publication, director="X", licence_name="X", declaration_date="2026-01-01",
                       publisher=replace(corpus.publication.publisher, name="X", address="X", phone="X", email="X"),
                       host=replace(corpus.publication.host, name="X", address="X", phone="X"))
    assert report(complete, corpus).splitlines()[:2] == [
        "1 brouillon à relire reste ; le site ne doit pas être publié ainsi :", "  - cases/brouillon.yml (draft: true)"]
    finished = root / "cases" / "brouillon.yml"
    finished.unlink()
    assert report(complete, load_corpus(root)) == ""


def test_drafts_build_with_their_mark(draft_site):
    site = draft_site
    case = (site / "temoignages" / "liess" / "index.html").read_text("utf-8")
    assert "Brouillon à relire" in case and "coop-draft" in case
    assert "Qui parle : à préciser" in case and "Indicateurs illustrés : à choisir." in case
    assert "<li>Territoire</li>" in case  # what it still needs, listed on the page, quote by quote
    assert "<li>citation 1 (liess-cooperation-logique-six-acteurs) : qui parle, indicateurs illustrés, " \
           "pourquoi cette citation</li>" in case
    event = (site / "tables-rondes" / "table-ronde-2021-10-20" / "index.html").read_text("utf-8")
    assert "Table ronde (titre à compléter)" in event and "Brouillon à relire" in event
    listing = (site / "temoignages" / "index.html").read_text("utf-8")
    assert listing.count("coop-draft__badge") == 4


def test_drafts_stay_out_of_the_feeds_and_are_marked_in_the_open_data(draft_site):
    site = draft_site
    feed = (site / "flux.xml").read_text("utf-8")
    assert "<entry>" not in feed
    data = json.loads((site / "data" / "cases.json").read_text("utf-8"))
    assert all(c["draft"] is True for c in data["cases"]) and data["events"][0]["draft"] is True


def test_a_site_without_drafts_has_no_draft_key_in_its_open_data(built_site):
    data = json.loads((built_site / "data" / "cases.json").read_text("utf-8"))
    assert all("draft" not in item for item in data["cases"] + data["events"])


def test_the_preview_shows_a_draft_with_its_mark(draft_site, tmp_path):
    project = tmp_path / "projet"
    shutil.copytree(draft_site.parent / "projet", project)  # the preview writes its cache: a copy
    port = free_port()
    work = Path(tempfile.mkdtemp(prefix="coop-apercu-"))
    command = [sys.executable, "-m", "coopsite", "serve", "--dev-addr", f"127.0.0.1:{port}",
               "-f", str(project / "mkdocs.yml")]
    with running(command, port, work / "serve.log", work) as url:
        deadline, page = time.monotonic() + 60, ""
        while time.monotonic() < deadline and "Brouillon à relire" not in page:
            try:
                page = urllib.request.urlopen(url + "temoignages/stephane-bossuet/", timeout=5).read().decode()
            except OSError:
                time.sleep(0.3)
        assert "Brouillon à relire" in page
        assert yaml.safe_load((project / "cases" / "stephane-bossuet.yml").read_text("utf-8"))["draft"] is True
