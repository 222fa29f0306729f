"""Open data as CSV: UTF-8 with BOM, ``;`` separator, CRLF; same records as the JSON."""

from __future__ import annotations

import csv
import io
import json

import pytest

from conftest import ROOT
from coopsite.export.csvdata import CASE_COLUMNS, QUOTE_COLUMNS, csv_files
from coopsite.site import generate
from coopsite.structure.loader import load_corpus
from coopsite.layers import SHARED_DOCS


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline=""), delimiter=";"))


def test_encoding_opens_cleanly_in_a_spreadsheet(corpus):
    for name, data in csv_files(corpus).items():
        assert isinstance(data, bytes)
        assert data.startswith(b"\xef\xbb\xbf"), f"{name} : BOM UTF-8 attendu"
        data.decode("utf-8")  # valid UTF-8
        text = data.decode("utf-8-sig")
        header = text.split("\r\n", 1)[0]
        assert ";" in header and "," not in header
        assert text.endswith("\r\n")
        # Every record ends with CRLF: no bare LF outside quoted fields.
        records = rows(data)
        assert text.count("\r\n") >= len(records)


def test_quotes_csv_matches_the_json(corpus):
    data = csv_files(corpus)["data/quotes.csv"]
    table = rows(data)
    assert tuple(table[0]) == QUOTE_COLUMNS
    body = [dict(zip(table[0], row)) for row in table[1:]]
    assert len(body) == len(corpus.quotes) == 13
    quotes_json = json.loads(next(f.content for f in generate(corpus) if f.src_uri == "data/quotes.json"))
    for row, record in zip(body, quotes_json["quotes"]):
        assert row["id"] == record["id"]
        assert row["texte"] == record["text"]
        assert row["indicateurs"].split(", ") == record["indicator_ids"]
        assert row["temoignage_id"] == record["case_id"]
        assert row["url"] == record["url"]


def test_cases_csv_matches_the_json(corpus):
    table = rows(csv_files(corpus)["data/cases.csv"])
    assert tuple(table[0]) == CASE_COLUMNS
    body = [dict(zip(table[0], row)) for row in table[1:]]
    cases_json = json.loads(next(f.content for f in generate(corpus) if f.src_uri == "data/cases.json"))
    assert [r["id"] for r in body] == [c["id"] for c in cases_json["cases"]]
    for row, record in zip(body, cases_json["cases"]):
        assert int(row["nombre_citations"]) == len(record["quote_ids"])
        assert row["citations"].split(", ") == record["quote_ids"]
        assert row["indicateurs"].split(", ") == record["indicator_ids"]
        assert row["titre"] == record["title"]


@pytest.mark.build
def test_built_site_serves_the_csv_bytes_unchanged(built_site, corpus):
    for name, data in csv_files(corpus).items():
        assert (built_site / name).read_bytes() == data, name


def test_donnees_page_documents_the_csv_files():
    text = (SHARED_DOCS / "donnees.md.j2").read_text("utf-8")
    assert "## Fichiers CSV" in text
    for needle in ("quotes.csv", "cases.csv", "BOM", "point-virgule", "CRLF"):
        assert needle in text, needle
    for column in QUOTE_COLUMNS + CASE_COLUMNS:
        assert f"`{column}`" in text, column
