"""Hostile content: scripts, event handlers, ``javascript:`` URLs and Markdown/HTML
injection in every text field must come out as inert, visible text.

The project is copied, every free-text field of the case, event and grid
files gets a payload, and the copy is built strictly. The built HTML is then
checked statically here (no live script, handler or dangerous URL anywhere),
and in Chromium by ``tests/browser/test_hostile_browser.py``. Also here: two
builds give the same bytes, and no link or anchor of the built site is broken.
"""

from __future__ import annotations

import json
import re
import tempfile
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml

from tests.conftest import copy_project, mkdocs_build
from tests.helpers import crawl

pytestmark = pytest.mark.build

# Short enough for the tightest text field (120 characters), and tries every
# way out of the text: a raw script, an event handler, a link with a
# ``javascript:`` URL, a blank line that would end an HTML block and let the
# Markdown pass read an attribute list, and breaking out of an attribute.
PAYLOAD = ('<script>window.__pwned=1</script><img src=x onerror=alert(2)>\n\n'
           '[j](javascript:alert(3)){: onclick=alert(4) }">')
LONG_PAYLOAD = (PAYLOAD + '<svg onload=alert(5)>\n\n<a href="javascript:window.__pwned=6">lien</a> '
                '<b onmouseover="window.__pwned=7">gras</b>\n\n'
                '[ref][x]\n\n[x]: javascript:window.__pwned=8\n\n'
                '<details open ontoggle=alert(9)>d</details> `<script>alert(10)</script>`\n\n'
                '![img](https://tiers.example/pixel.png) {: #pirate onclick="alert(11)" }')
# URL fields keep the shape their schema asks for; they try to leave the attribute.
SAFE_URL = "https://example.org/'onmouseover='window.__pwned=12'/x"
HOSTILE_EMAIL = "a'onclick='alert(13)@example.org"

# Fields that are identifiers, references or numbers: left as they are.
KEEP = {"id", "event", "kind", "date", "phone", "version", "value", "min", "max", "year", "departements"}
URLS = {"source_url", "url", "report_url", "replay_url", "source"}
SHORT = {"title", "name", "label", "unknown_label", "territory", "organiser", "place", "status", "role",
         "organisation", "source_title"}


def _poison(value, key: str = ""):
    if isinstance(value, dict):
        return {k: v if k in KEEP else _poison(v, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_poison(item, key) for item in value]
    if not isinstance(value, str) or key in ("speaker", "indicators"):  # references
        return value
    if key in URLS:
        return SAFE_URL
    if key == "email":
        return HOSTILE_EMAIL
    payload = PAYLOAD if key in SHORT or key in ("authors", "aims", "question") else LONG_PAYLOAD
    return f"T {payload}"


def make_hostile_project(dest: Path) -> Path:
    """A copy of the project whose every text field carries the payloads."""
    copy_project(dest)
    for path in [*sorted((dest / "cases").rglob("*.yml")), *sorted((dest / "grid").glob("*.yml"))]:
        data = yaml.safe_load(path.read_text("utf-8"))
        if "quotes" in data:  # a case: give it links, with and without an address
            data["links"] = [{"label": "l", "url": SAFE_URL}, {"label": "l"}]
        data = _poison(data)
        if path.parent.name == "grid":  # keep the grid's titles distinct enough for its own checks
            for g in data["general_objectives"]:
                g["title"] = f"{g['id']} {g['title']}"
        path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    return dest


# -- static checks of the built HTML -------------------------------------------------------------

class _Inventory(HTMLParser):
    """Every element with its attributes, the ids, and the inline script bodies."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.elements: list[tuple[str, dict]] = []
        self.ids: set[str] = set()
        self.scripts: list[str] = []
        self.script_types: list[str] = []
        self._in_script = False

    def handle_starttag(self, tag, attrs):
        attributes = {name: (value or "") for name, value in attrs}
        self.elements.append((tag, attributes))
        if "id" in attributes:
            self.ids.add(attributes["id"])
        if tag == "a" and "name" in attributes:
            self.ids.add(attributes["name"])
        self._in_script = tag == "script"
        if self._in_script:
            self.scripts.append("")
            self.script_types.append(attributes.get("type", ""))

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_script = False

    def handle_endtag(self, tag):
        if tag == "script":
            self._in_script = False

    def handle_data(self, data):
        if self._in_script:
            self.scripts[-1] += data


def inventory(path: Path) -> _Inventory:
    parser = _Inventory()
    parser.feed(path.read_text("utf-8"))
    parser.close()
    return parser


DANGEROUS_SCHEME = re.compile(r"^\s*(javascript|vbscript|data):", re.IGNORECASE)
MARKERS = ("__pwned", "alert(")


def test_every_text_field_was_poisoned():
    """The fixture must really reach every free-text field, or the other tests prove nothing."""
    with tempfile.TemporaryDirectory() as tmp:
        project = make_hostile_project(Path(tmp))
        from coopsite.structure.loader import load_corpus

        corpus = load_corpus(project)
    case = corpus.cases[0]
    quote = case.quotes[0]
    grid = corpus.grid
    texts = [case.title, case.territory, case.summary, quote.text, quote.rationale, case.people[0].name,
             case.people[0].role, case.facts[0].text, case.event.title,
             case.event.summary, case.event.aims[0], case.event.framing, grid.title, grid.description,
             grid.general_objectives[0].description, grid.indicators[0].title, grid.indicators[0].description,
             grid.indicators[0].question, grid.provenance.note,
             next(link.label for c in corpus.cases for link in c.links)]
    for text in texts:
        assert "<script>window.__pwned=1</script>" in text


def test_no_live_script_handler_or_dangerous_url(hostile_built):
    pages = sorted(hostile_built.rglob("*.html"))
    assert len(pages) > 40
    problems = []
    for path in pages:
        rel = path.relative_to(hostile_built).as_posix()
        found = inventory(path)
        for tag, attributes in found.elements:
            for name, value in attributes.items():
                if name.startswith("on"):
                    problems.append(f"{rel}: <{tag} {name}={value!r}>")
                if name in ("href", "src", "action", "formaction", "xlink:href") and DANGEROUS_SCHEME.match(value):
                    problems.append(f"{rel}: <{tag} {name}={value!r}>")
            if tag in ("svg", "iframe", "object", "embed", "details") and any(m in str(attributes) for m in MARKERS):
                problems.append(f"{rel}: <{tag} {attributes}>")
        for body, kind in zip(found.scripts, found.script_types):
            if kind == "application/json":
                # Data, not code: it may quote the payloads, but must not break
                # out of its element (the JSON would then be cut short).
                try:
                    json.loads(body)
                except ValueError:
                    problems.append(f"{rel}: JSON coupé {body[:80]!r}")
            elif any(marker in body for marker in MARKERS):
                problems.append(f"{rel}: script {body[:80]!r}")
    assert problems == []


def test_payloads_show_as_text(hostile_built):
    """The text is escaped, not dropped: the reader sees the literal ``<script>``."""
    case_page = next((hostile_built / "temoignages").glob("*/index.html"))
    html = case_page.read_text("utf-8")
    assert "&lt;script&gt;window.__pwned=1&lt;/script&gt;" in html
    assert "<script>window.__pwned" not in html


def test_no_third_party_image_from_markdown(hostile_built):
    for path in hostile_built.rglob("*.html"):
        for tag, attributes in inventory(path).elements:
            if tag == "img":
                assert not attributes.get("src", "").startswith(("http:", "https:", "//")), path


# -- links and anchors ---------------------------------------------------------------------------

def _crawl(site: Path) -> tuple[list[str], list[str]]:
    links, anchors = crawl(site)
    # ``#r=…`` carries the self-test's answers for its script: a state, not an id.
    return links, [a for a in anchors if "#r=" not in a]


def test_no_broken_link_or_anchor_on_the_hostile_site(hostile_built):
    assert _crawl(hostile_built) == ([], [])


def test_no_broken_link_or_anchor_on_the_real_site(built_site):
    assert _crawl(built_site) == ([], [])
