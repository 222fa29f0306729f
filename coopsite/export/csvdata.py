"""``data/quotes.csv`` and ``data/cases.csv``: the open data for spreadsheets.

Same content as the JSON files, flattened to one row per quote or per case.
The encoding is chosen to open cleanly in a spreadsheet (LibreOffice Calc,
Excel with French settings): UTF-8 with a byte order mark, ``;`` as the
separator, CRLF line ends, fields quoted when they need to be. Lists inside a
field (indicator ids, names) are joined with ``, ``. This is a public
contract documented in ``coopsite/shared/docs/donnees.md.j2`` (section « Fichiers CSV »): add
columns at the end if you must, never rename or remove one.
"""

from __future__ import annotations

import csv
import io

from .. import config
from ..structure.model import Corpus

BOM = "\ufeff"
SEPARATOR = ";"
LIST_JOIN = ", "

QUOTE_COLUMNS = (
    "id", "texte", "personnes", "fonctions", "temoignage_id", "temoignage", "evenement_id",
    "indicateurs", "indicateurs_intitules", "pourquoi", "url",
)
CASE_COLUMNS = (
    "id", "titre", "type", "type_libelle", "territoire", "evenement_id", "evenement", "date",
    "personnes", "nombre_citations", "citations", "indicateurs", "url", "presentation",
)


def _csv(columns: tuple[str, ...], rows: list[tuple]) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=SEPARATOR, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow(columns)
    writer.writerows(rows)
    return (BOM + buffer.getvalue()).encode("utf-8")


def quotes_csv(corpus: Corpus) -> bytes:
    rows = [
        (
            q.id, q.text, q.speaker_name, q.speaker_role, q.case.id, q.case.title, q.case.event.id,
            LIST_JOIN.join(i.id for i in q.indicators),
            " | ".join(f"{i.id} {i.title}" for i in q.indicators),
            q.rationale, config.absolute(config.quote_url(q)),
        )
        for q in corpus.quotes
    ]
    return _csv(QUOTE_COLUMNS, rows)


def cases_csv(corpus: Corpus) -> bytes:
    order = [i.id for i in corpus.grid.indicators]
    rows = [
        (
            c.id, c.title, c.kind, c.kind_label, c.territory, c.event.id, c.event.title, c.event.date,
            LIST_JOIN.join(p.name for p in c.people), len(c.quotes),
            LIST_JOIN.join(q.id for q in c.quotes),
            LIST_JOIN.join(sorted({i.id for q in c.quotes for i in q.indicators}, key=order.index)),
            config.absolute(config.case_url(c)), c.summary.strip(),
        )
        for c in corpus.cases
    ]
    return _csv(CASE_COLUMNS, rows)


def csv_files(corpus: Corpus) -> dict[str, bytes]:
    """Every CSV file, by its path in the built site."""
    return {
        f"{config.DATA}quotes.csv": quotes_csv(corpus),
        f"{config.DATA}cases.csv": cases_csv(corpus),
    }
