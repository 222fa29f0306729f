"""Draft files from a reading of a report: ids, YAML texts, and what is left for review.

Nothing is invented: a fact the report does not state stays an empty field,
marked « à compléter » in a comment, and the file is a draft (``draft: true``,
:mod:`coopsite.structure.drafts`). Ids come from the names (« Cap Solidaire »
→ ``cap-solidaire``; a short name in brackets wins: « (le LIESS) » →
``liess``). A file is never overwritten: an id already taken by a testimony
of another round table gets a number (``cap-solidaire-2``); a round table
that already exists means the report was imported before, and nothing is
written at all.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from ..french import slugify
from ..structure.model import Corpus
from ..structure.schema import schema_line
from ..suggest import Suggester, Suggestion
from ..suggest.words import words
from .document import Block
from .sections import Quote, Reading, Section
from .yamltext import checked, field as yaml_field, scalar

EVENTS = "cases/evenements"
CASES = "cases"
ID_WORDS = 4  # meaningful words of a quote in its id
MAX_ID = 60
HEADER = ("# Brouillon importé du compte rendu « {name} » (python3 tasks.py import) : à relire.\n"
          "# Ce qui reste à décider est marqué « à compléter ». Les citations sont copiées telles quelles du\n"
          "# compte rendu : ne les changez pas, sauf si le compte rendu lui-même se trompait. Une fois tout\n"
          "# relu et complété, retirez la ligne « draft: true » pour que le site puisse être publié.")


@dataclass(slots=True)
class QuoteDraft:
    id: str
    quote: Quote
    speaker_id: str
    suggestions: list[Suggestion]
    review: str = ""  # why the speaker is left for review, when it is


@dataclass(slots=True)
class Draft:
    kind: str  # "event" or "case"
    id: str
    path: str  # relative to the project, « cases/liess.yml »
    data: dict
    text: str = ""
    title: str = ""
    section: Section | None = None
    quotes: list[QuoteDraft] = field(default_factory=list)
    review: list[str] = field(default_factory=list)  # what a person must still do, in words
    renamed_from: str = ""  # the id the name gave, when a file already had it


@dataclass(slots=True)
class Plan:
    reading: Reading
    event: Draft
    cases: list[Draft]
    existing: list[str] = field(default_factory=list)  # files already there: nothing is written
    review: list[str] = field(default_factory=list)  # what concerns the whole report

    @property
    def drafts(self) -> list[Draft]:
        return [self.event, *self.cases]

    @property
    def quote_count(self) -> int:
        return sum(len(d.quotes) for d in self.cases)


def id_from(text: str) -> str:
    """« Coop’Action » → ``coop-action``: an apostrophe separates words, as a space does."""
    return slugify(re.sub(r"['’ʼ]", " ", text))


def short_id(text: str, limit: int = MAX_ID) -> str:
    """A slug cut at a word, at most ``limit`` characters."""
    slug = id_from(text)
    if len(slug) <= limit:
        return slug
    return slug[:limit].rsplit("-", 1)[0] or slug[:limit]


def event_id(reading: Reading) -> str:
    table = reading.round_table
    if table.date:
        return f"table-ronde-{table.date}"
    return short_id(table.title) or short_id(Path(reading.document.name).stem) or "table-ronde-importee"


def case_id(section: Section) -> str:
    """« La Ressourcerie du Marais » → ``ressourcerie-du-marais`` (no leading article); a short name wins."""
    if section.alias:
        base = section.alias + (" " + section.territory_in_name if section.territory_in_name else "")
        return short_id(base)
    title = re.sub(r"^(?:l['’]|(?:le|la|les)\s+)", "", section.title.strip(), flags=re.IGNORECASE)
    return short_id(title) or short_id(section.title) or "temoignage"


def quote_id(case: str, text: str, taken: set[str]) -> str:
    """« liess-cooperation-etait-logique-acteurs »: the testimony, then the quote's first meaningful words."""
    meaningful = [word for word, _ in words(text)]  # (a word never holds an apostrophe here)
    base = short_id(f"{case} {' '.join(meaningful[:ID_WORDS])}")
    candidate, number = base, 2
    while candidate in taken:
        candidate = f"{base}-{number}"
        number += 1
    taken.add(candidate)
    return candidate


def summary_text(blocks: list[Block]) -> str:
    return "\n\n".join(block.markdown or block.text for block in blocks).strip()


def plan(reading: Reading, root: Path, corpus: Corpus, suggester: Suggester | None) -> Plan:
    """The drafts of ``reading`` for the project ``root``, whose sources are ``corpus`` (nothing is written here)."""
    root = Path(root)
    the_event = event_id(reading)
    existing: list[str] = []
    event_path = f"{EVENTS}/{the_event}.yml"
    if any((root / EVENTS / f"{the_event}{suffix}").exists() for suffix in (".yml", ".yaml")):
        existing.append(event_path)
    # Each testimony's round table (a testimony's id is its file's name: the loader checks it).
    cases_there = {case.id: case.event.id for case in corpus.cases}
    taken_quotes = {quote.id for quote in corpus.quotes} | set(cases_there)
    used_ids: set[str] = set(cases_there)
    idents: list[tuple[str, str]] = []
    for section in reading.sections:
        wanted = case_id(section)
        ident, renamed = wanted, ""
        if wanted in cases_there and cases_there[wanted] == the_event:
            existing.append(f"{CASES}/{wanted}.yml")
        elif wanted in used_ids:
            number = 2
            while f"{wanted}-{number}" in used_ids:
                number += 1
            ident, renamed = f"{wanted}-{number}", wanted
        used_ids.add(ident)
        idents.append((ident, renamed))
    taken_quotes |= used_ids  # a quote's id is never a testimony's, this import's included
    drafts = [_case_draft(section, ident, the_event, reading, taken_quotes, suggester, renamed)
              for section, (ident, renamed) in zip(reading.sections, idents)]
    event = _event_draft(reading, the_event, event_path)
    result = Plan(reading, event, drafts, existing)
    _report_review(result)
    if not existing:
        for draft in result.drafts:
            draft.text = _text(draft, reading, root)
    return result


def _event_draft(reading: Reading, ident: str, path: str) -> Draft:
    table = reading.round_table
    data: dict = {"id": ident, "draft": True, "title": table.title, "date": table.date,
                  "organiser": table.organiser, "place": table.place, "summary": summary_text(table.summary),
                  "aims": list(table.aims), "framing": summary_text(table.framing)}
    if table.contact.get("name"):
        data["contact"] = {key: table.contact[key] for key in ("name", "role", "organisation", "phone", "email")
                           if table.contact.get(key)}
    data["report_url"] = ""
    data["replay_url"] = table.replay_url
    draft = Draft("event", ident, path, data, title=table.title or "(titre à compléter)")
    for key, missing in (("title", "titre de la table ronde non trouvé"),
                         ("date", "date non trouvée (aucune date complète, jour, mois et année, dans le compte rendu)"),
                         ("organiser", "organisateur non trouvé"), ("summary", "présentation à écrire"),
                         ("aims", "objectifs non trouvés"), ("framing", "cadre de l’échange (la grille) à écrire")):
        if not data[key]:
            draft.review.append(missing)
    return draft


def _case_draft(section: Section, ident: str, event: str, reading: Reading, taken: set[str],
                suggester: Suggester | None, renamed: str) -> Draft:
    people, ids = [], {}
    organisation = section.organisation + (f" - {section.territory_in_name}" if section.territory_in_name else "")
    for person in section.people:
        person_id, number = id_from(person.shown) or "personne", 2
        base = person_id
        while person_id in ids.values():
            person_id, number = f"{base}-{number}", number + 1
        ids[person] = person_id
        entry = {"id": person_id, "name": person.shown}
        if person.role:
            entry["role"] = person.role
        if section.kind == "organisation" and organisation:
            entry["organisation"] = organisation
        people.append(entry)
    quotes, quote_drafts = [], []
    for quote in section.quotes:
        q_id = quote_id(ident, quote.verbatim.text, taken)
        speaker_id = ids.get(quote.speaker, "") if quote.speaker is not None else ""
        suggestions = suggester.rank(quote.verbatim.text) if suggester is not None else []
        review = ""
        if not speaker_id:
            review = ("la section nomme plusieurs personnes et aucun nom n’accompagne la citation"
                      if len(section.people) > 1 else "la section ne nomme personne et aucun nom n’accompagne "
                      "la citation")
        quote_drafts.append(QuoteDraft(q_id, quote, speaker_id, suggestions, review))
        quotes.append({"id": q_id, "text": quote.verbatim.text, "speaker": speaker_id, "indicators": [],
                       "rationale": ""})
    # « … (CAE) - Grand Poitiers »: the place that is part of the name stays in the title.
    title = organisation if section.kind == "organisation" and section.territory_in_name else section.title
    data = {"id": ident, "draft": True, "title": title, "kind": section.kind, "territory": section.territory,
            "departements": section.departements, "event": event, "people": people,
            "summary": summary_text(section.summary), "facts": [],
            "links": [{"label": link.text, "url": link.url} for link in section.links], "quotes": quotes}
    draft = Draft("case", ident, f"{CASES}/{ident}.yml", data, title=title, section=section,
                  quotes=quote_drafts, renamed_from=renamed)
    if not section.territory:
        draft.review.append("territoire non trouvé")
    if not data["summary"]:
        draft.review.append("présentation à écrire")
    if not people:
        draft.review.append("aucune personne nommée")
    draft.review.extend(section.notes)
    return draft


def _report_review(result: Plan) -> None:
    reading = result.reading
    document = reading.document
    result.review.extend(reading.round_table.notes)
    for verbatim in reading.outside:
        block = document.blocks[verbatim.first]
        result.review.append(f"citation hors de la section d’un témoin ({document.place(block)}), non reprise : "
                             f"« {_short(verbatim.text)} »")
    for passage in reading.passages:
        block = document.blocks[passage.block]
        if passage.reason == "ouvert":
            result.review.append(f"guillemet ouvrant sans guillemet fermant ({document.place(block)}) : "
                                 f"« {_short(passage.text)} »")
        elif len(passage.text.split()) >= 5:
            result.review.append(f"passage entre guillemets au milieu d’une phrase ({document.place(block)}), lu comme "
                                 f"un titre et laissé dans le texte : « {_short(passage.text)} »")


def _short(text: str, limit: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[:limit - 1].rstrip() + "…"


# -- the texts ------------------------------------------------------------------------------

def _text(draft: Draft, reading: Reading, root: Path) -> str:
    header = [schema_line(root, draft.kind, 2 if draft.kind == "event" else 1),
              HEADER.format(name=reading.document.name)]
    body = _event_lines(draft) if draft.kind == "event" else _case_lines(draft, reading)
    return checked("\n".join(header + body) + "\n", draft.data)


def _todo(value, words: str = "à compléter") -> str:
    return "" if value else words


def _event_lines(draft: Draft) -> list[str]:
    d = draft.data
    lines = [f"id: {d['id']}", "draft: true"]
    lines += yaml_field("title", d["title"], 0, _todo(d["title"], "à compléter : le compte rendu ne donne pas de titre"))
    lines += yaml_field("date", d["date"], 0, _todo(d["date"], "à compléter, au format AAAA-MM-JJ"))
    lines += yaml_field("organiser", d["organiser"], 0, _todo(d["organiser"]))
    lines += yaml_field("place", d["place"], 0, _todo(d["place"], "facultatif"))
    lines += yaml_field("summary", d["summary"], 0, _todo(d["summary"], "à compléter : présentez la table ronde"))
    if d["aims"]:
        lines.append("aims:")
        for aim in d["aims"]:
            lines.append(f"  - {scalar(aim)}")
    else:
        lines.append("aims: []  # à compléter : les objectifs de la table ronde, un par ligne « - … »")
    lines += yaml_field("framing", d["framing"], 0,
                        _todo(d["framing"], "à compléter : le cadre de l’échange, la grille d’analyse"))
    if "contact" in d:
        lines.append("contact:")
        for key, value in d["contact"].items():
            lines += yaml_field(key, value, 2)
    lines += yaml_field("report_url", "", 0, "facultatif : l’adresse du compte rendu en ligne")
    lines += yaml_field("replay_url", d["replay_url"], 0, _todo(d["replay_url"], "facultatif : l’adresse de la vidéo"))
    return lines


def _case_lines(draft: Draft, reading: Reading) -> list[str]:
    d = draft.data
    lines = [f"id: {d['id']}", "draft: true"]
    lines += yaml_field("title", d["title"], 0)
    lines.append(f"kind: {d['kind']}  # organisation ou grand-temoin")
    lines += yaml_field("territory", d["territory"], 0,
                        _todo(d["territory"], "à compléter : le compte rendu ne le dit pas"))
    lines += yaml_field("departements", d["departements"], 0, "codes officiels, si la source le dit")
    lines.append(f"event: {d['event']}")
    if d["people"]:
        lines.append("people:")
        for person in d["people"]:
            first = True
            for key in ("id", "name", "role", "organisation"):
                if key in person:
                    entry = yaml_field(key, person[key], 4)
                    if first:  # « - id: … », the item's first line
                        entry[0] = "  - " + entry[0].lstrip()
                        first = False
                    lines += entry
    else:
        lines.append("people: []  # à compléter : les personnes qui parlent")
    lines += yaml_field("summary", d["summary"], 0, _todo(d["summary"], "à compléter : présentez le témoin"))
    lines.append("facts: []")
    if d["links"]:
        lines.append("links:")
        for link in d["links"]:
            lines += ["  - " + yaml_field("label", link["label"], 4)[0].lstrip(), *yaml_field("url", link["url"], 4)]
    else:
        lines.append("links: []")
    lines.append("quotes:")
    document = reading.document
    for quote, q in zip(draft.quotes, d["quotes"]):
        block = document.blocks[quote.quote.verbatim.first]
        lines.append(f"  - id: {q['id']}")
        lines.append(f"    # {document.place(block)} du compte rendu")
        lines += yaml_field("text", q["text"], 4)
        speaker_note = quote.quote.how if q["speaker"] else f"à compléter : {quote.review}"
        lines += yaml_field("speaker", q["speaker"], 4, speaker_note)
        if quote.suggestions:
            lines.append("    # Indicateurs suggérés, à confirmer (le mieux classé d’abord) :")
            for suggestion in quote.suggestions:
                ind = suggestion.indicator
                lines.append(f"    #   {ind.id} {ind.title} — mots : {', '.join(suggestion.matched)}")
        lines.append("    indicators: []  # à compléter : un ou plusieurs identifiants de la grille, par exemple "
                     f"[{quote.suggestions[0].indicator.id if quote.suggestions else 'A1.1'}]")
        lines += yaml_field("rationale", "", 4, "à compléter : pourquoi cette citation illustre ces indicateurs")
    return lines
