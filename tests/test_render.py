"""Safe rendering: text from YAML never becomes markup, links or third-party requests."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from jinja2.exceptions import UndefinedError
import yaml
from markupsafe import Markup

from coopsite import config
from coopsite.french import date_fr
from coopsite.renderer import Renderer, make_environment
from coopsite.renderer.text import markdown_to_html, md_escape
from coopsite.site import generate
from coopsite.structure.loader import load_corpus
from tests.conftest import copy_project, mkdocs_build
from tests.helpers import ROOT, copy_sources

XSS = "coop-xss"


class _Tags(HTMLParser):
    """Every start tag with its attributes, and the text inside <script>."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.scripts: list[str] = []
        self._in_script = False
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_script = tag == "script"

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        (self.scripts if self._in_script else self.text).append(data)


def tags_of(html: str) -> _Tags:
    parser = _Tags()
    parser.feed(html)
    parser.close()
    return parser


def assert_harmless(html: str) -> None:
    """No tag, attribute, script or URL coming from hostile text."""
    parsed = tags_of(html)
    for tag, attrs in parsed.tags:
        assert tag not in ("script", "img", "iframe", "object", "embed", "style"), (tag, attrs)
        for name, value in attrs.items():
            assert not name.startswith("on"), (tag, name, value)
            if name in ("href", "src"):
                assert not re.match(r"\s*(javascript|vbscript|data):", value or "", re.I), (tag, value)


# -- text.py -----------------------------------------------------------------------------

@pytest.mark.parametrize("text", [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    '<a href="javascript:alert(1)">clic</a>',
    "<iframe src=//evil.example></iframe>",
    "<div>\n\n<b onmouseover=alert(1)>x</b>\n\n</div>",
    "<!-- commentaire --><style>body{}</style>",
])
def test_markdown_raw_html_is_shown_as_typed(text):
    html = markdown_to_html(text)
    assert_harmless(html)
    shown = "".join(tags_of(html).text)
    assert " ".join(shown.split()) == " ".join(text.split())


@pytest.mark.parametrize("url", [
    "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\tscript:alert(1)", "  javascript:alert(1)",
    "javascript&#58;alert(1)", "&#x6A;avascript:alert(1)", "data:text/html,<b>x</b>", "vbscript:msgbox(1)",
])
def test_markdown_dangerous_links_are_neutralised(url):
    html = markdown_to_html(f"[clic]({url})")
    assert_harmless(html)
    assert html == '<p><a href="#">clic</a></p>', html
    # As a reference definition: either a neutralised link or no link at all.
    html = markdown_to_html(f"[clic][r]\n\n[r]: {url}")
    assert_harmless(html)
    assert [a.get("href") for tag, a in tags_of(html).tags if tag == "a"] in ([], ["#"]), html


@pytest.mark.parametrize("url", ["https://pqn-a.fr/x?a=1&b=2", "http://example.org", "mailto:a@b.fr", "tel:+33631217744",
                                 "../relatif/", "#ancre"])
def test_markdown_safe_links_are_kept(url):
    html = markdown_to_html(f"[lien]({url})")
    hrefs = [attrs["href"] for tag, attrs in tags_of(html).tags if tag == "a"]
    assert hrefs == [url]


def test_markdown_images_are_dropped_keeping_their_text():
    html = markdown_to_html("Voir ![le schéma](https://tracker.example/p.png \"titre\") et ![](http://x/y.gif).")
    assert "<img" not in html
    assert "tracker.example" not in html and "x/y.gif" not in html
    assert html == "<p>Voir le schéma et .</p>"


def test_markdown_formatting_and_code_are_kept_and_escaped_once():
    assert markdown_to_html("**gras** et *italique*") == "<p><strong>gras</strong> et <em>italique</em></p>"
    # A code span used to be escaped twice: « &amp;lt;b> » on the page.
    assert markdown_to_html("`<b>`") == "<p><code>&lt;b&gt;</code></p>"
    assert markdown_to_html("R&D, 3 < 4") == "<p>R&amp;D, 3 &lt; 4</p>"


def test_markdown_output_has_no_blank_line():
    html = markdown_to_html("Un.\n\nDeux.\n\n- a\n- b\n\n\nTrois.")
    assert "\n\n" not in html
    assert html.count("<p>") == 3 and "<li>a</li>" in html


def test_md_escape_makes_headings_literal():
    import markdown

    hostile = "Titre # <b>x</b> [lien](javascript:alert(1)) *e* _s_ `c` {#pirate} ![i](http://t/p.png)\nsuite"
    escaped = md_escape(hostile)
    html = markdown.markdown("# " + escaped, extensions=["attr_list", "toc"])
    assert_harmless(html)
    assert "pirate" not in re.findall(r'id="([^"]*)"', html)
    assert "<em>" not in html and "<code>" not in html and "<a " not in html
    text = " ".join(tags_of(html).text)
    assert text == " ".join(hostile.split())


def test_md_escape_collapses_whitespace():
    assert md_escape("a\n\n  b\tc") == "a b c"


# -- templates -----------------------------------------------------------------------------

def test_templates_autoescape_and_are_strict():
    env = make_environment()
    assert env.autoescape is True
    with pytest.raises(UndefinedError):  # StrictUndefined: a typo in a template fails the build
        env.from_string("{{ nothing.here }}").render()
    assert env.from_string("{{ t }}").render(t="<script>") == "&lt;script&gt;"
    assert isinstance(env.filters["mdtext"]("x"), Markup)


def test_date_fr():
    assert date_fr("2021-10-20") == "20 octobre 2021"
    assert date_fr("2022-02-01") == "1er février 2022"


HOSTILE_TEXT = f"<script>alert('{XSS}')</script> <img src=x onerror=alert('{XSS}')> [clic](javascript:alert('{XSS}'))"
HOSTILE_MD = (f"Avant.\n\n[clic](javascript:alert('{XSS}'))\n\n![{XSS}](https://tracker.invalid/{XSS}.png)\n\n"
              f"<script>alert('{XSS}')</script>\n\n<img src=x onerror=alert('{XSS}')>\n\n# {XSS} {{#pirate}}")
HOSTILE_TITLE = f"Cap <b onmouseover=alert(1)>{XSS}</b> *gras* {{#pirate}} [l](javascript:alert(1))"


def hostile_sources(root: Path) -> None:
    """Put hostile text into every kind of field of one case, the event and the grid."""
    path = root / "cases" / "cap-solidaire.yml"
    case = yaml.safe_load(path.read_text("utf-8"))
    case["title"] = HOSTILE_TITLE
    case["territory"] = HOSTILE_TEXT
    case["summary"] = HOSTILE_MD
    case["people"][0]["name"] = f"Clément <script>{XSS}</script>"
    case["people"][0]["role"] = HOSTILE_TEXT
    case["facts"][0]["text"] = HOSTILE_MD
    case["links"] = [{"label": HOSTILE_TEXT, "url": ""}, {"label": "Site", "url": "https://example.org/?a=1&b='x'"}]
    quote = case["quotes"][0]
    quote["text"] = HOSTILE_MD  # blank lines inside a quote must not break out of its HTML block
    quote["rationale"] = HOSTILE_MD[:500]
    path.write_text(yaml.safe_dump(case, allow_unicode=True, sort_keys=False), "utf-8")

    path = root / "cases" / "evenements" / "table-ronde-2021-10-20.yml"
    event = yaml.safe_load(path.read_text("utf-8"))
    event["title"] = HOSTILE_TITLE
    event["aims"][0] = HOSTILE_MD
    event["summary"] = HOSTILE_MD
    event["place"] = HOSTILE_TEXT[:200]
    event["contact"]["name"] = HOSTILE_TEXT
    path.write_text(yaml.safe_dump(event, allow_unicode=True, sort_keys=False), "utf-8")

    path = root / "grid" / "ptce-2012.yml"
    grid = yaml.safe_load(path.read_text("utf-8"))
    indicator = grid["general_objectives"][0]["main_objectives"][0]["indicators"][0]
    indicator["title"] = HOSTILE_TITLE
    indicator["description"] = HOSTILE_MD
    indicator["question"] = HOSTILE_TEXT
    grid["general_objectives"][0]["title"] = HOSTILE_TITLE
    grid["provenance"]["note"] = HOSTILE_MD
    grid["provenance"]["title"] = HOSTILE_TEXT
    path.write_text(yaml.safe_dump(grid, allow_unicode=True, sort_keys=False), "utf-8")


def test_generated_pages_escape_hostile_text(tmp_path):
    root = copy_sources(tmp_path / "project")
    hostile_sources(root)
    corpus = load_corpus(root)
    pages = {f.src_uri: f.content for f in generate(corpus, Renderer(corpus)) if f.is_page}
    case_page = pages["temoignages/cap-solidaire/index.md"]
    assert "&lt;script&gt;alert" in case_page and "&lt;img src=x onerror" in case_page
    heading = next(line for line in case_page.splitlines() if line.startswith("# "))
    assert "\\{\\#pirate\\}" in heading and "\\[l\\]" in heading and "\\*gras\\*" in heading
    assert "<b" not in heading
    assert "https://example.org/?a=1&amp;b=&#39;x&#39;" in case_page
    for uri, content in pages.items():
        for raw in ("<script>alert", "<img src=x", "<b onmouseover"):
            assert raw not in content, (uri, raw)
        assert 'href="javascript:' not in content.lower(), uri
        assert "tracker.invalid" not in content.replace(f"![{XSS}](https://tracker.invalid", ""), uri


@pytest.mark.build
def test_built_site_shows_hostile_text_harmlessly(tmp_path):
    project = copy_project(tmp_path / "project")
    hostile_sources(project)
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stdout + result.stderr
    pages = [site / "temoignages" / "cap-solidaire" / "index.html", site / "grille" / "a1-1" / "index.html",
             site / "tables-rondes" / "table-ronde-2021-10-20" / "index.html", site / "grille" / "index.html",
             site / "paroles" / "index.html", site / "index.html", site / "temoignages" / "index.html"]
    for page in pages:
        html = page.read_text("utf-8")
        parsed = tags_of(html)
        assert XSS in " ".join(parsed.text), f"{page}: le texte piégé n'est pas arrivé sur la page"
        for tag, attrs in parsed.tags:
            values = " ".join(str(v) for v in attrs.values())
            # Text may sit in an attribute (a meta description, a slug) but never breaks out of it.
            assert not any(n not in ("content", "title", "aria-label", "alt", "data-share-title") and "<" in (v or "")
                           for n, v in attrs.items()), (page, tag, attrs)
            assert "tracker.invalid" not in values, (page, tag, attrs)
            assert not any(name.startswith("on") for name in attrs), (page, tag, attrs)
            assert not re.match(r"\s*javascript:", attrs.get("href") or "", re.I), (page, tag, attrs)
            assert attrs.get("id") != "pirate", (page, tag, attrs)
        assert not any(XSS in script for script in parsed.scripts), page


# -- config.relative -----------------------------------------------------------------------

@pytest.mark.parametrize("here, target, expected", [
    ("", "grille/", "grille/"),
    ("", "", "./"),
    ("", "data/grid.json", "data/grid.json"),
    ("", "temoignages/liess/#liess-cooperation-logique", "temoignages/liess/#liess-cooperation-logique"),
    ("grille/", "", "../"),
    ("grille/", "grille/", "./"),
    ("grille/", "grille/#objectif-a1", "#objectif-a1"),
    ("grille/a1-1/", "grille/", "../"),
    ("grille/a1-1/", "grille/#objectif-a1", "../#objectif-a1"),
    ("grille/a1-1/", "grille/a1-2/", "../a1-2/"),
    ("grille/a1-1/", "temoignages/liess/#q", "../../temoignages/liess/#q"),
    ("grille/a1-1/", "autodiagnostic/", "../../autodiagnostic/"),
    ("grille/a1-1/", "data/grid.json", "../../data/grid.json"),
    ("temoignages/liess/", "temoignages/liess/#q", "#q"),
    ("temoignages/", "temoignages/liess/", "liess/"),
    ("paroles/", "temoignages/cap-solidaire/#cap-solidaire-defi-double",
     "../temoignages/cap-solidaire/#cap-solidaire-defi-double"),
])
def test_relative(here, target, expected):
    assert config.relative(here, target) == expected


@pytest.mark.parametrize("here", ["", "grille/", "grille/a1-1/", "tables-rondes/table-ronde-2021-10-20/"])
@pytest.mark.parametrize("target", ["", "grille/", "grille/a1-1/#x", "data/quotes.json", "paroles/#objectif-a",
                                    "temoignages/liess/"])
def test_relative_resolves_back_to_the_target(here, target):
    from urllib.parse import urljoin

    base = "http://h/" + here
    assert urljoin(base, config.relative(here, target)) == "http://h/" + target


def test_urls_of_the_real_corpus():
    corpus = load_corpus(ROOT)
    quote = corpus.quotes[0]
    assert config.quote_url(quote) == f"temoignages/{quote.case.id}/#{quote.id}"
    assert config.absolute(config.quote_url(quote)) == f"/temoignages/{quote.case.id}/#{quote.id}"
    ind = corpus.grid.indicator("A1.1")
    assert config.indicator_url(ind) == "grille/a1-1/"
    assert config.objective_url(ind.main) == "grille/#objectif-a1"
    assert config.src_uri(config.indicator_url(ind)) == "grille/a1-1/index.md"
    assert config.event_url(corpus.events[0]) == "tables-rondes/table-ronde-2021-10-20/"
