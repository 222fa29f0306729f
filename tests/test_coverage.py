"""The coverage matrix: counts per case and indicator, rolled up by main objective, gaps."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from conftest import ROOT
from coopsite import config
from coopsite.coverage import coverage, event_matrix
from coopsite.structure.loader import load_corpus


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def test_counts_follow_the_quotes(corpus):
    cov = coverage(corpus)
    assert len(cov.indicators) == len(corpus.grid.indicators) == 36
    assert len(cov.mains) == 9
    for row in cov.indicators:
        assert row.quotes == row.total == len(row.indicator.quotes)
        assert row.cases == len({q.case.id for q in row.indicator.quotes})
        assert row.cases <= row.quotes
    assert cov.gaps == [i for i in corpus.grid.indicators if not i.quotes]
    assert cov.covered + len(cov.gaps) == 36
    assert 0 < len(cov.gaps) < 36  # the real content leaves gaps to look for
    for main_row in cov.mains:
        assert main_row.covered + len(main_row.gaps) == len(main_row.main.indicators)
        touching = [q for q in corpus.quotes if any(i.main is main_row.main for i in q.indicators)]
        assert main_row.quotes == len(touching)
        assert main_row.cases == len({q.case.id for q in touching})


def test_event_matrix_lists_each_case_indicators_by_main_objective(corpus):
    event = corpus.events[0]
    matrix = event_matrix(corpus, event)
    assert [row.case for row in matrix.rows] == event.cases
    assert len(matrix.mains) == 9
    for row in matrix.rows:
        cited = {i.id for q in row.case.quotes for i in q.indicators}
        assert [i.id for cell in row.cells for i in cell] == [i.id for i in corpus.grid.indicators if i.id in cited]
        for main, cell in zip(matrix.mains, row.cells):
            assert all(i.main is main for i in cell)
        assert row.covered == len(cited)


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
    # Indicators × counts: no column per case, whatever the number of cases.
    assert by_indicator["rows"][0] == ["Indicateur", "Citations", "Témoignages", "État"]
    # Gaps are said in words, not by colour alone.
    flagged = [row[0].split()[0] for row in by_indicator["rows"][1:] if row[-1] == "à chercher"]
    assert flagged == [i.id for i in cov.gaps]
    for row, data_row in zip(by_indicator["rows"][1:], cov.indicators):
        assert row[1:3] == [str(data_row.quotes), str(data_row.cases)]
    for row, data_row in zip(by_main["rows"][1:], cov.mains):
        assert row[1:3] == [str(data_row.quotes), str(data_row.cases)]
    # The list of indicators to look for, each linked to its page.
    gaps_box = html.split('class="admonition tip coop-gaps"', 1)[1].split("</div>", 1)[0]
    for ind in cov.gaps:
        assert f'href="../{config.indicator_url(ind)}"' in gaps_box
        assert ind.id in gaps_box
    assert re.search(rf"<strong>{cov.covered} indicateurs sur 36</strong>", html)
    # The case × indicator matrix is on each round table's page, linked from here.
    for event in corpus.events:
        assert f'href="../{config.event_coverage_url(event)}"' in html


@pytest.mark.build
def test_event_page_holds_an_accessible_case_by_indicator_matrix(built_site, corpus):
    for event in corpus.events:
        html = (built_site / config.event_url(event) / "index.html").read_text("utf-8")
        assert 'id="couverture"' in html
        parser = Tables()
        parser.feed(html)
        (table,) = parser.tables
        assert table["caption"]
        assert set(table["scopes"]) == {"col", "row"}
        header, *rows = table["rows"]
        mains = corpus.grid.main_objectives
        # Short visible labels, the full title for screen readers (and in the legend).
        assert header[1:1 + len(mains)] == [f"{m.id} : {m.title}" for m in mains]
        assert [row[0] for row in rows] == [c.title for c in event.cases]
        matrix = event_matrix(corpus, event)
        for row, data_row in zip(rows, matrix.rows):
            assert row[1:1 + len(mains)] == [" ".join(i.id for i in cell) or "–aucun" for cell in data_row.cells]
            assert row[-1] == str(len(data_row.case.quotes))
        for main in mains:
            assert f"<dt>{main.id}</dt>" in html


@pytest.mark.build
def test_coverage_page_is_in_the_navigation(built_site):
    home = (built_site / "index.html").read_text("utf-8")
    assert 'href="couverture/"' in home
