"""Search exclusion: what a page marks ``data-search-exclude`` stays out of the index.

Material's search parser compares elements by tag name only: inside an
excluded ``<div>``, the first nested ``</div>`` ends the exclusion. An
excluded element must therefore hold no element of its own tag. This test
reads every built page, so a template that breaks the rule fails here,
whatever the page.
"""

from __future__ import annotations

import json
from html.parser import HTMLParser

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
        "track", "wbr"}


class _ExcludedNesting(HTMLParser):
    """Records each excluded element that contains an element of the same tag."""

    def __init__(self):
        super().__init__()
        self.stack: list[tuple[str, bool]] = []  # (tag, excluded)
        self.faults: list[tuple[str, int]] = []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        if any(t == tag and excluded for t, excluded in self.stack):
            self.faults.append((tag, self.getpos()[0]))
        self.stack.append((tag, any(name == "data-search-exclude" for name, _ in attrs)))

    def handle_endtag(self, tag):
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return


def test_no_excluded_element_holds_an_element_of_its_own_tag(built_site):
    faults = []
    for page in sorted(built_site.rglob("*.html")):
        parser = _ExcludedNesting()
        parser.feed(page.read_text(encoding="utf-8"))
        faults += [f"{page.relative_to(built_site)}:{line}: <{tag}>" for tag, line in parser.faults]
    assert not faults, "\n".join(faults[:20])


def test_the_checker_sees_a_nested_tag():
    parser = _ExcludedNesting()
    parser.feed('<div data-search-exclude><p>a</p><div>b</div></div><div><div>c</div></div>')
    assert parser.faults == [("div", 1)]


def test_each_real_quote_is_indexed_on_its_case_page_only(built_site):
    index = json.loads((built_site / "search" / "search_index.json").read_text(encoding="utf-8"))
    quotes = json.loads((built_site / "data" / "quotes.json").read_text(encoding="utf-8"))["quotes"]
    assert len(quotes) == 13
    for quote in quotes:
        start = quote["text"][:50]
        # The open-data page shows one quote as an example of the format.
        pages = {entry["location"].split("#")[0] for entry in index["docs"]
                 if start in entry["text"] and not entry["location"].startswith("donnees/")}
        assert pages == {quote["url"].lstrip("/").split("#")[0]}, (start, pages)
