"""A generated page's raw HTML blocks wait aside while the engine converts its Markdown
(coopsite/renderer/raw_blocks.py): the converted page is the same, byte for byte."""

from __future__ import annotations

import markdown
import pytest

from coopsite.renderer import raw_blocks
from coopsite.renderer.raw_blocks import anchor_ids, extensions_allow, put_back, set_aside
from coopsite.site import generate_parts
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT

# The site's Markdown extensions, as MkDocs adds its own three (toc, tables, fenced_code).
EXTENSIONS = ["toc", "tables", "fenced_code", "admonition", "attr_list", "md_in_html"]
CONFIGS = {"toc": {"permalink": True, "permalink_title": "Lien permanent vers cette section"}}


def convert(text: str) -> str:
    return markdown.Markdown(extensions=EXTENSIONS, extension_configs=CONFIGS).convert(text)


def both_ways(text: str) -> tuple[str, str, int]:
    aside, blocks = set_aside(text)
    return convert(text), put_back(convert(aside), blocks), len(blocks)


def _body(content: str) -> str:
    return content.split("\n---\n", 1)[1] if content.startswith("---\n") else content


def _pages(root):
    made = generate_parts(load_corpus(root))
    return [f for f in made.pages if f.src_uri.endswith(".md") and isinstance(f.content, str)]


def test_every_generated_page_converts_to_the_same_html():
    pages = _pages(ROOT)
    assert len(pages) > 50
    aside = 0
    for page in pages:
        whole, rebuilt, count = both_ways(_body(page.content))
        assert rebuilt == whole, page.src_uri
        aside += count
    assert aside > 300  # the quotes, lists and cards of the pages are set aside indeed


def test_a_hostile_corpus_converts_to_the_same_html(tmp_path):
    """Every text field poisoned (tests/test_hostile.py): raw HTML typed by a writer is escaped by
    the templates, so it never opens nor closes a block; the pages come out the same."""
    from tests.test_hostile import make_hostile_project

    for page in _pages(make_hostile_project(tmp_path / "hostile")):
        whole, rebuilt, _ = both_ways(_body(page.content))
        assert rebuilt == whole, page.src_uri


@pytest.mark.parametrize("text", [
    # Two elements on one line: Markdown ends the first block at its close, mid-line.
    "# T\n\n<p class=\"a\">Un.</p><p>Deux.</p>\n\nSuite.\n",
    # Not preceded by a blank line: part of the paragraph above.
    "Texte\n<div>dedans</div>\n\nSuite.\n",
    # Not followed by a blank line.
    "# T\n\n<div>un</div>\nSuite collée.\n",
    # Markdown asked inside.
    "# T\n\n<div markdown>\n**gras**\n</div>\n\nSuite.\n",
    # A comment inside.
    "# T\n\n<div>\n<!-- note -->\n</div>\n\nSuite.\n",
    # Nested elements of the same name, and an unclosed one.
    "# T\n\n<div><div>a</div>\n</div>\n\n<div>\nouvert\n\nFin.\n",
    # Raw HTML shown in a fenced code block stays code.
    "# Intégrer\n\n```html\n\n<div class=\"x\">\n</div>\n\n```\n\n<section>\n<p>vrai bloc</p>\n</section>\n\nFin.\n",
    "~~~~\n\n<div>code</div>\n\n~~~~\n\nFin.\n",
])
def test_only_certain_blocks_are_set_aside_and_the_page_stays_the_same(text):
    whole, rebuilt, _ = both_ways(text)
    assert rebuilt == whole


def test_what_is_set_aside():
    aside, blocks = set_aside("# T\n\n<p class=\"a\">Un.</p><p>Deux.</p>\n\n<section>\n<p>x</p>\n</section>\n\n"
                              "```\n\n<div>code</div>\n\n```\n")
    assert blocks == ["<section>\n<p>x</p>\n</section>"]
    assert "<!--coop-raw:0-->" in aside and "<div>code</div>" in aside and "<p>Deux.</p>" in aside


def test_a_placeholder_that_did_not_come_through_is_said():
    assert put_back("<p>a</p>\n<!--coop-raw:0-->", ["<div>b</div>"]) == "<p>a</p>\n<div>b</div>"
    assert put_back("<p>a</p>", ["<div>b</div>"]) is None  # lost: the page is converted as it is
    assert put_back("<!--coop-raw:0--><!--coop-raw:0-->", ["<div>b</div>"]) is None  # twice


def test_the_blocks_anchors_are_found_as_the_engine_finds_them():
    blocks = ['<section id="a-1">\n<a name="ancre">x</a> <input name="q">\n<p id="l&amp;m">y</p></section>']
    assert anchor_ids(blocks) == {"a-1", "ancre", "l&m"}


def test_only_known_extensions_allow_it():
    assert extensions_allow(EXTENSIONS)
    # An extension that could read or strip raw HTML and comments (here, pymdownx's): pages as they are.
    assert not extensions_allow([*EXTENSIONS, "pymdownx.striphtml"])
    assert extensions_allow(["markdown.extensions.toc"]) and not extensions_allow(["autre.toc"])
    assert raw_blocks.PLACEHOLDER.format(3) == "<!--coop-raw:3-->"


# -- in a build ------------------------------------------------------------------------------

@pytest.mark.build
def test_a_link_to_an_anchor_in_a_block_set_aside_passes_the_strict_build(tmp_path):
    """MkDocs checks the anchors a written page links to; a quote's permalink is in a block set
    aside: its id is still found (a missing one is still refused)."""
    from tests.conftest import copy_project, mkdocs_build

    project = copy_project(tmp_path / "p")
    page = project / "docs" / "performances.md"  # a written page of the site
    text = page.read_text("utf-8")
    page.write_text(text + "\n[Une citation](temoignages/liess/index.md#liess-cooperation-logique)\n", "utf-8")
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    page.write_text(text + "\n[Une citation](temoignages/liess/index.md#liess-nulle-part)\n", "utf-8")
    failed = mkdocs_build(project, tmp_path / "site2")
    assert failed.returncode != 0 and "liess-nulle-part" in failed.stderr


@pytest.mark.build
def test_a_placeholder_lost_on_the_way_gives_the_page_as_it_is(tmp_path, monkeypatch):
    """Were a placeholder not to come through, the hooks convert the page as it is: the same site."""
    from mkdocs.commands.build import build
    from mkdocs.config import load_config

    from coopsite.adapter import hooks
    from coopsite.adapter.state import Session
    from tests.conftest import copy_project

    project = copy_project(tmp_path / "p")
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    sites = {}
    for name, lose in (("normal", False), ("perdu", True)):
        monkeypatch.setattr(hooks, "session", Session())
        if lose:
            monkeypatch.setattr(raw_blocks, "put_back", lambda converted, blocks: None)
        build(load_config(str(project / "mkdocs.yml"), site_dir=str(tmp_path / name)))
        sites[name] = tmp_path / name
    pages = sorted(p.relative_to(sites["normal"]) for p in sites["normal"].rglob("*.html"))
    assert len(pages) > 50
    for rel in pages:
        assert (sites["perdu"] / rel).read_bytes() == (sites["normal"] / rel).read_bytes(), rel
