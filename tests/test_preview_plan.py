"""The preview's plan (coopsite/adapter/preview/plan.py): what a save asks to redo, tested without MkDocs."""

from __future__ import annotations

import subprocess
import sys

import pytest

from coopsite.adapter.preview.plan import FullBuildNeeded, plan
from coopsite.palette import STYLESHEET as PALETTE
from coopsite.generated import GeneratedFile as F

BEFORE = [F("index.md", "Accueil", in_nav=True), F("temoignages/index.md", "Liste", in_nav=True),
          F("temoignages/a/index.md", "A"), F("temoignages/b/index.md", "B"), F("admin/config.yml", "x: 1"),
          F("assets/stylesheets/coop.css", "a {}")]


def test_a_changed_testimony_is_the_only_page_rendered_again():
    after = [*BEFORE[:2], F("temoignages/a/index.md", "A modifié"), *BEFORE[3:]]
    done = plan(BEFORE, after)
    assert done.changed == ["temoignages/a/index.md"] and not done.nav_changed
    assert done.unchanged == ["index.md", "temoignages/index.md", "temoignages/b/index.md", "admin/config.yml",
                              "assets/stylesheets/coop.css"]
    assert not done.comes_or_goes and not done.listing_changed


def test_a_page_of_the_nav_is_read_again_in_its_place():
    after = [BEFORE[0], F("temoignages/index.md", "Liste, une de plus", in_nav=True), *BEFORE[2:]]
    done = plan(BEFORE, after)
    assert [item.src_uri for item in done.nav_changed] == ["temoignages/index.md"] and done.changed == []


def test_a_page_that_comes_and_one_that_goes():
    after = [*BEFORE[:3], F("temoignages/c/index.md", "C"), *BEFORE[4:]]
    done = plan(BEFORE, after)
    assert done.added == ["temoignages/c/index.md"] and done.gone == ["temoignages/b/index.md"]
    assert done.comes_or_goes and done.listing_changed


def test_the_editor_s_files_are_changed_files_not_pages():
    after = [*BEFORE[:4], F("admin/config.yml", "x: 2"), BEFORE[5], F("admin/neuf.json", "{}")]
    done = plan(BEFORE, after)
    assert done.changed == ["admin/config.yml", "admin/neuf.json"] and done.added == []


def test_text_and_bytes_of_one_text_differ():
    after = [*BEFORE[:2], F("temoignages/a/index.md", b"A"), *BEFORE[3:]]
    assert plan(BEFORE, after).changed == ["temoignages/a/index.md"]


@pytest.mark.parametrize("after, reason", [
    ([BEFORE[0], *BEFORE[2:]], "la navigation change"),
    ([*BEFORE, F(PALETTE, "b {}")], "les feuilles de style changent"),  # the palette's sheet, now written
])
def test_what_every_page_shows_asks_for_a_full_build(after, reason):
    with pytest.raises(FullBuildNeeded, match=reason):
        plan(BEFORE, after)


def test_the_plan_needs_no_mkdocs():
    done = subprocess.run([sys.executable, "-c", "import sys, coopsite.adapter.preview.plan; "
                           "print(sorted(m for m in sys.modules if m.split('.')[0] == 'mkdocs'))"],
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0 and done.stdout.strip() == "[]", done.stdout + done.stderr
