"""The coverage matrix: counts per case and indicator, rolled up by main objective, gaps."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from coopsite import config
from coopsite.coverage import coverage
from coopsite.structure.loader import load_corpus


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def test_counts_follow_the_quotes(corpus):
    cov = coverage(corpus)
    assert len(cov.indicators) == len(corpus.grid.indicators) == 36
    assert len(cov.mains) == 9
    for row in cov.indicators:
        for case, count in zip(cov.cases, row.counts):
            assert count == sum(1 for q in case.quotes if row.indicator in q.indicators)
        assert row.total == len(row.indicator.quotes)
    assert cov.gaps == [i for i in corpus.grid.indicators if not i.quotes]
    assert cov.covered + len(cov.gaps) == 36
    assert 0 < len(cov.gaps) < 36  # the real content leaves gaps to look for
    for main_row in cov.mains:
        assert main_row.covered + len(main_row.gaps) == len(main_row.main.indicators)
        assert main_row.total == sum(main_row.counts)
        for case, count in zip(cov.cases, main_row.counts):
            assert count == sum(1 for q in case.quotes if any(i.main is main_row.main for i in q.indicators))


class Tables(HTMLParser):
    """Collects tables: caption, header cells with their scope, rows of cell texts."""

    def __init__(self):
        super().__init__()
        self.tables, self.stack, self.cell = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self.tables.append({"caption": "", "rows": [], "scopes": []})
        elif self.tables and tag == "tr":
            self.tables[-1]["rows"].append([])
        elif self.tables and tag in ("td", "th", "caption"):
            self.cell = [tag, ""]
            if tag == "th":
                self.tables[-1]["scopes"].append(attrs.get("scope"))

    def handle_endtag(self, tag):
        if self.cell and tag == self.cell[0]:
            text = " ".join(self.cell[1].split())
            if tag == "caption":
                self.tables[-1]["caption"] = text
            else:
                self.tables[-1]["rows"][-1].append(text)
            self.cell = None

    def handle_data(self, data):
        if self.cell:
            self.cell[1] += data


@pytest.mark.build
def test_coverage_page_is_an_accessible_table_with_the_gaps(built_site, corpus):
    html = (built_site / config.COVERAGE / "index.html").read_text("utf-8")
    cov = coverage(corpus)
    parser = Tables()
    parser.feed(html)
    by_main, by_indicator = parser.tables
    for table in parser.tables:
        assert table["caption"], "chaque tableau a une légende"
        assert set(table["scopes"]) == {"col", "row"}, "en-têtes de lignes et de colonnes"
    assert len(by_main["rows"]) == 1 + 9
    assert len(by_indicator["rows"]) == 1 + 36
    header = by_indicator["rows"][0]
    assert header[1:1 + len(cov.cases)] == [c.title for c in cov.cases]
    # Gaps are said in words, not by colour alone.
    flagged = [row[0].split()[0] for row in by_indicator["rows"][1:] if row[-1] == "à chercher"]
    assert flagged == [i.id for i in cov.gaps]
    for row, data_row in zip(by_indicator["rows"][1:], cov.indicators):
        assert row[1:-2] == [str(n) for n in data_row.counts]
        assert row[-2] == str(data_row.total)
    # The list of indicators to look for, each linked to its page.
    gaps_box = html.split('class="admonition tip coop-gaps"', 1)[1].split("</div>", 1)[0]
    for ind in cov.gaps:
        assert f'href="../{config.indicator_url(ind)}"' in gaps_box
        assert ind.id in gaps_box
    assert re.search(rf"<strong>{cov.covered} indicateurs sur 36</strong>", html)


@pytest.mark.build
def test_coverage_page_is_in_the_navigation(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert 'href="couverture/"' in home
