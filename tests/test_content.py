"""The real content: the 13 verbatim quotes, the cases, the grid and the open data."""

from __future__ import annotations

import json
from collections import Counter

import pytest

from coopsite import config
from coopsite.export import opendata
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT, normalise_quote, seed_path, seed_quotes


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def test_seed_extraction_ignores_single_words():
    text = "un « autrement » ici, “Deux mots” et « Un  texte\nsur deux lignes » puis « x »"
    assert seed_quotes(text) == ["Deux mots", "Un  texte\nsur deux lignes"]


def test_normalisation_is_only_apostrophes_and_spaces():
    assert normalise_quote("l’outil  \n prend") == normalise_quote("l'outil prend")
    assert normalise_quote("l’outil.") != normalise_quote("l'outil")
    assert normalise_quote("Nous") != normalise_quote("nous")


def test_the_13_seed_quotes_are_the_13_quotes_of_the_cases(corpus):
    seed = seed_quotes(seed_path().read_text("utf-8"))
    assert len(seed) == 13, seed
    expected = Counter(normalise_quote(q) for q in seed)
    actual = Counter(normalise_quote(q.text) for q in corpus.quotes)
    assert len(corpus.quotes) == 13
    missing = expected - actual
    extra = actual - expected
    assert not missing and not extra, f"absentes des cases/ : {list(missing)} ; inconnues du texte source : {list(extra)}"


def test_every_quote_illustrates_at_least_one_known_indicator(corpus):
    grid_ids = {i.id for i in corpus.grid.indicators}
    for quote in corpus.quotes:
        assert quote.indicators, quote.id
        assert {i.id for i in quote.indicators} <= grid_ids
        assert quote.rationale.strip()
        assert quote.speakers


def test_three_organisations_and_one_grand_temoin(corpus):
    kinds = Counter(case.kind for case in corpus.cases)
    assert kinds == {"organisation": 3, "grand-temoin": 1}
    assert {c.id for c in corpus.cases} == {"cap-solidaire", "cae-grand-poitiers", "liess", "stephane-bossuet"}
    assert [c.kind_label for c in corpus.cases if c.kind == "grand-temoin"] == ["Grand témoin"]
    assert len(corpus.events) == 1 and len(corpus.events[0].cases) == 4


def test_grid_counts_come_from_the_file(corpus):
    import yaml

    raw = yaml.safe_load((ROOT / "grid" / "ptce-2012.yml").read_text("utf-8"))
    generals = raw["general_objectives"]
    mains = [m for g in generals for m in g["main_objectives"]]
    indicators = [i for m in mains for i in m["indicators"]]
    assert (len(generals), len(mains), len(indicators)) == (3, 9, 36)
    grid = corpus.grid
    assert [g.id for g in grid.general_objectives] == [g["id"] for g in generals]
    assert [m.id for m in grid.main_objectives] == [m["id"] for m in mains]
    assert [i.id for i in grid.indicators] == [i["id"] for i in indicators]
    assert [i.title for i in grid.indicators] == [i["title"] for i in indicators]


@pytest.fixture(scope="module")
def data(corpus):
    files = opendata.data_files(corpus)
    assert set(files) == {"data/grid.json", "data/cases.json", "data/quotes.json", "data/grille.qdc"}
    return {name.removeprefix("data/").removesuffix(".json"): json.loads(text) for name, text in files.items()
            if name.endswith(".json")}


def test_quotes_json_has_the_13_quotes_with_their_links(data, corpus):
    quotes = data["quotes"]["quotes"]
    assert len(quotes) == 13
    assert len({q["id"] for q in quotes}) == 13
    case_ids = {c.id for c in corpus.cases}
    grid_ids = {i.id for i in corpus.grid.indicators}
    by_id = {q.id: q for q in corpus.quotes}
    for record in quotes:
        quote = by_id[record["id"]]
        assert record["text"] == quote.text and record["text"].strip()
        assert record["speaker"]["name"] and record["speaker"]["role"]
        assert record["speaker"]["name"] == " et ".join(p.name for p in quote.speakers)
        assert record["case_id"] in case_ids and record["case_id"] == quote.case.id
        assert record["indicator_ids"] and set(record["indicator_ids"]) <= grid_ids
        assert record["url"] == f"/temoignages/{record['case_id']}/#{record['id']}"
    assert data["quotes"]["format_version"] == opendata.FORMAT_VERSION
    assert data["quotes"]["grid"] == {"id": corpus.grid.id, "version": corpus.grid.version}


def test_grid_json_indicators_have_ids_titles_parents_and_urls(data, corpus):
    payload = data["grid"]
    assert (len(payload["general_objectives"]), len(payload["main_objectives"]), len(payload["indicators"])) == (3, 9, 36)
    mains = {m["id"]: m for m in payload["main_objectives"]}
    generals = {g["id"] for g in payload["general_objectives"]}
    cited = Counter(i for q in data["quotes"]["quotes"] for i in q["indicator_ids"])
    for ind in payload["indicators"]:
        assert ind["id"] and ind["title"]
        assert ind["main_objective_id"] in mains
        assert ind["general_objective_id"] in generals
        assert mains[ind["main_objective_id"]]["general_objective_id"] == ind["general_objective_id"]
        assert ind["id"] in mains[ind["main_objective_id"]]["indicator_ids"]
        assert ind["url"] == "/grille/" + ind["id"].lower().replace(".", "-") + "/"
        assert len(ind["quote_ids"]) == cited[ind["id"]]
    assert payload["grid"]["url"] == "/grille/"


def test_cases_json_matches_the_cases(data, corpus):
    cases = data["cases"]["cases"]
    assert [c["id"] for c in cases] == [c.id for c in corpus.cases]
    assert sum(len(c["quote_ids"]) for c in cases) == 13
    for record in cases:
        assert record["url"] == f"/temoignages/{record['id']}/"
        assert record["event_id"] == "table-ronde-2021-10-20"
    assert data["cases"]["events"][0]["url"] == "/" + config.EVENTS + "table-ronde-2021-10-20/"
