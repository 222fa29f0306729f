"""Finding the round table and one section per witness in a report's blocks.

**Where a witness's section starts.** At a heading that names the witness
(« Cap Solidaire (Gironde) : Clément BOSREDON, directeur », « Stéphane
BOSSUET, grand témoin », or an organisation whose first paragraph lists its
people), or at a heading whose part of the report holds verbatims. In a
report with no such heading (a plain text), at a line that names an
organisation and its people (« Organisation (Territoire) : Prénom NOM,
rôle »), at a line naming an organisation followed by a line of people, or
at a line naming one person only (« Retrouvez les points clés de Stéphane
BOSSUET »). A section ends where the next one starts; after the last
verbatim of the last section, the calls to action (« (Re)visionnez… »,
« Contactez… ») belong to the round table.

**Who speaks.** A name written next to the quote, else a line that
introduces the quotes and names a person (« Les principaux verbatim de
Stéphane BOSSUET : »), else the section's person when it has one. Otherwise
the quote is left for a person to decide: a speaker is never guessed.

What is not found stays empty and is listed for review.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date

from ..structure.departements import DEPARTEMENTS
from .document import HEADING, ITEM, PARAGRAPH, Block, Document, Link
from .people import (
    Named, TITLE_NAME, caps_names, display_name, name_at_start, people_in, starts_with_person,
)
from .quotes import Passage, Verbatim, find_verbatims
from .formats.text import BULLET

MONTHS = {"janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6, "juillet": 7,
          "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11, "décembre": 12, "decembre": 12,
          # and as they are shortened (« 20 oct. 2021 »)
          "janv.": 1, "févr.": 2, "fevr.": 2, "avr.": 4, "juil.": 7, "sept.": 9, "oct.": 10, "nov.": 11,
          "déc.": 12, "dec.": 12}
DATE_WORDS = re.compile(r"\b(1er|[0-3]?\d)\s+(" + "|".join(re.escape(m) for m in sorted(MONTHS, key=len, reverse=True))
                        + r")\s+((?:19|20)\d\d)\b", re.IGNORECASE)
DATE_NUMBERS = re.compile(r"\b([0-3]?\d)[/.]([01]?\d)[/.]((?:19|20)\d\d)\b")
DATE_ISO = re.compile(r"\b((?:19|20)\d\d)-([01]\d)-([0-3]\d)\b")
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
PHONE = re.compile(r"(?:\+33\s?[1-9]|0[1-9])(?:[\s.-]?\d\d){4}")
URL = re.compile(r"https?://[^\s<>\"«»]+[^\s<>\"«».,;:!?)]")

# Lines that send the reader elsewhere: kept out of the summaries.
CALL = re.compile(r"^\s*(?:\(re\)\s*)?(?:re)?(?:visionnez|voyez|regardez|retrouvez|découvrez|consultez|"
                  r"téléchargez|lisez|lire|voir|écoutez|inscrivez|pour en savoir plus|en savoir plus|"
                  r"pour aller plus loin|vous souhaitez en savoir plus|plus d['’]informations|site internet|"
                  r"site web|contact(?:ez)?\b|tél\b|tel\b|téléphone|mail\b|e-mail|courriel|adresse)",
                  re.IGNORECASE)
QUOTE_INTRO = re.compile(r"(verbatims?|citations?|propos|paroles|extraits?|témoignages?|points clés|dit|disent)",
                         re.IGNORECASE)
GRAND_TEMOIN = re.compile(r"grand[\s-]*t[ée]moin", re.IGNORECASE)
FRAMING = re.compile(r"\b(grille|référentiel|referentiel)\b", re.IGNORECASE)
AIMS = re.compile(r"\bobjectifs?\b", re.IGNORECASE)
END_PUNCT = ".!?…;:"
CONTACT_LINE = re.compile(r"^(?:.*[?!]\s*)?contact(?:ez|er)?\b\s*:?\s*(.*)$", re.IGNORECASE)
ARTICLE = re.compile(r"^(?:l['’]|(?:le|la|les)\s+)", re.IGNORECASE)


@dataclass(slots=True)
class Quote:
    verbatim: Verbatim
    speaker: Named | None
    how: str  # how the speaker was found, in words, for the report


@dataclass(slots=True)
class Section:
    start: int  # index of its first block (its heading or its naming line)
    end: int  # index after its last block
    heading: str  # the heading or line that names it, as written
    organisation: str = ""
    alias: str = ""  # a short name in brackets: « (le LIESS) », « (CAE) »
    territory: str = ""
    territory_in_name: str = ""  # « … - Grand Poitiers »: part of the name, and of the id
    people: list[Named] = field(default_factory=list)
    named: list[Named] = field(default_factory=list)  # the people its heading or its first lines name
    kind: str = "organisation"
    naming_blocks: set[int] = field(default_factory=set)  # the blocks that name it (not prose)
    quotes: list[Quote] = field(default_factory=list)
    summary: list[Block] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        if self.organisation:
            return self.organisation
        return self.people[0].shown if self.people else self.heading

    @property
    def departements(self) -> list[str]:
        wanted = _fold(self.territory)
        return [code for code, name in DEPARTEMENTS.items() if _fold(name) == wanted] if wanted else []


@dataclass(slots=True)
class RoundTable:
    title: str = ""
    date: str = ""
    date_text: str = ""  # the words it was read from
    place: str = ""
    organiser: str = ""
    summary: list[Block] = field(default_factory=list)
    aims: list[str] = field(default_factory=list)
    framing: list[Block] = field(default_factory=list)
    contact: dict[str, str] = field(default_factory=dict)
    replay_url: str = ""
    links: list[Link] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Reading:
    """What the report says, ready to be written as drafts."""

    document: Document
    round_table: RoundTable
    sections: list[Section]
    outside: list[Verbatim] = field(default_factory=list)  # verbatims in no witness's section
    passages: list[Passage] = field(default_factory=list)  # between marks but not verbatims


def _fold(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain.lower()).split())


def _first_line(block: Block) -> str:
    return block.text.split("\n")[0].strip()


def _ends_sentence(text: str) -> bool:
    return text.rstrip(" \u00a0\u202f").endswith(tuple(END_PUNCT))


# -- what a heading or a line says of a witness -----------------------------------------------

_BRACKETS = re.compile(r"\s*\(([^()]{1,80})\)\s*$")
_ACRONYM = re.compile(r"^(?:(?:le|la|les|l['’])\s*)?([A-ZÀ-Ý0-9][A-ZÀ-Ý0-9&'’\-. ]{1,30})$")
_DASH_PLACE = re.compile(r"\s+[-–—]\s+([A-ZÀ-Ý][^-–—()]{1,60})$")
_NAME_COLON = re.compile(r"\s*[:：]\s+")


@dataclass(slots=True)
class Naming:
    organisation: str = ""
    alias: str = ""
    territory: str = ""
    territory_in_name: str = ""
    people: list[Named] = field(default_factory=list)
    grand_temoin: bool = False


def _organisation(text: str, naming: Naming) -> None:
    """« Cap Solidaire (Gironde) », « Collectif … (CAE) - Grand Poitiers »: name, short name, territory."""
    text = text.strip(" \u00a0\u202f:–—-")
    while True:
        found = _BRACKETS.search(text)
        dash = _DASH_PLACE.search(text)
        if found:
            inner = found.group(1).strip()
            acronym = _ACRONYM.match(inner)
            if acronym and not re.search(r"[a-zà-ÿ]{2}", acronym.group(1)):
                naming.alias = naming.alias or acronym.group(1).strip()
                break  # the short name stays in the organisation's name
            if naming.territory:
                break
            naming.territory = inner
            text = text[:found.start()].rstrip()
        elif dash and not naming.territory and re.search(r"[a-zà-ÿ]{2}", dash.group(1)):
            # « … - Grand Poitiers »: a place that is part of the name (an acronym is not a place)
            naming.territory = naming.territory_in_name = dash.group(1).strip()
            text = text[:dash.start()].rstrip()
        else:
            break
    naming.organisation = text


def read_naming(text: str, next_text: str = "") -> Naming | None:
    """What a heading or a line says of a witness, or None when it names none.

    ``next_text``: the line after it, which may list the people of an organisation.
    """
    text = text.strip()
    naming = Naming(grand_temoin=bool(GRAND_TEMOIN.search(text)))
    parts = _NAME_COLON.split(text, maxsplit=1)
    if len(parts) == 2:
        left, right = parts
        people = people_in(right, trusted=True)
        if people and (starts_with_person(right) or name_at_start(right, whole=False)):
            if GRAND_TEMOIN.fullmatch(left.strip()) or not left.strip():
                naming.grand_temoin = True
            else:
                _organisation(left, naming)
            naming.people = people
            return naming
        if GRAND_TEMOIN.search(left):  # « Grand témoin : Stéphane Bossuet »
            person = name_at_start(right, whole=False)
            if person:
                naming.people = [Named(person, right[len(person):].strip(" ,"))]
                naming.grand_temoin = True
                return naming
    if _ends_sentence(text):
        return None
    if starts_with_person(text):  # « Stéphane BOSSUET, grand témoin »: « grand témoin » is no role
        naming.people = [Named(p.name, GRAND_TEMOIN.sub("", p.role).strip(" ,–—-")) for p in people_in(text)]
        return naming
    person = name_at_start(GRAND_TEMOIN.sub("", text).strip(" ,–—-"), whole=True) if naming.grand_temoin else ""
    if person:
        naming.people = [Named(person, "")]
        return naming
    names = caps_names(text)
    if len(names) == 1 and not next_text:
        naming.people = [Named(names[0].group(1), "")]  # « Retrouvez les points clés de Stéphane BOSSUET »
        return naming
    if next_text and starts_with_person(next_text) and not _ends_sentence(next_text.split("\n")[0]):
        _organisation(text, naming)
        naming.people = people_in(next_text.split("\n")[0])
        return naming
    if len(names) == 1:
        naming.people = [Named(names[0].group(1), "")]
        return naming
    return None


# -- the sections ---------------------------------------------------------------------------

def _section_from(naming: Naming, start: int, heading: str) -> Section:
    section = Section(start, start, heading, organisation=naming.organisation, alias=naming.alias,
                      territory=naming.territory, territory_in_name=naming.territory_in_name,
                      people=list(naming.people), named=list(naming.people))
    if naming.grand_temoin or (not naming.organisation and len(naming.people) == 1):
        section.kind = "grand-temoin"
    return section


def _line_sections(blocks: list[Block], in_quote: set[int]) -> list[Section]:
    """Sections of a report without headings: at the lines that name a witness."""
    sections: list[Section] = []
    index = 0
    while index < len(blocks):
        block = blocks[index]
        if block.kind == PARAGRAPH and index not in in_quote and not block.quotation:
            line = _first_line(block)
            alone = "\n" not in block.text.strip()
            following = blocks[index + 1] if index + 1 < len(blocks) else None
            next_line = _first_line(following) if following is not None and following.kind == PARAGRAPH \
                and index + 1 not in in_quote else ""
            naming = None
            if len(line) <= 300 and not line.rstrip().endswith(":"):
                # a line alone, or the first line of a paragraph (its people may follow in it)
                if alone:
                    naming = read_naming(line, next_line)
                    used = {index, index + 1} if naming and naming.organisation and not _NAME_COLON.search(line) \
                        and next_line and starts_with_person(next_line) else {index}
                else:
                    second = block.text.strip().split("\n")[1]
                    naming = read_naming(line, second)
                    used = {index}
            if naming is not None and naming.people:
                section = _section_from(naming, index, line)
                section.naming_blocks = used
                sections.append(section)
                index = max(used) + 1
                continue
        index += 1
    return sections


def _heading_sections(blocks: list[Block], verbatims: list[Verbatim]) -> list[Section]:
    """Sections at the headings that name a witness or hold verbatims (deepest heading wins)."""
    headings = [i for i, b in enumerate(blocks) if b.kind == HEADING]
    holds: dict[int, int] = {}
    for verbatim in verbatims:
        owner = max((h for h in headings if h < verbatim.first), default=None)
        if owner is not None:
            holds[owner] = holds.get(owner, 0) + 1
    sections: list[Section] = []
    current_level = None
    top = min((blocks[h].level for h in headings), default=0)
    for h in headings:
        block = blocks[h]
        if current_level is not None and block.level > current_level:
            continue  # a sub-heading inside a witness's section
        current_level = None
        following = blocks[h + 1] if h + 1 < len(blocks) else None
        next_text = following.text if following is not None and following.kind == PARAGRAPH \
            and not following.quotation else ""
        naming = read_naming(block.text, next_text)
        # The document's own title (its first block, the only heading of the highest level) names a witness
        # only with people; verbatims right under it are the round table's, not a witness's.
        title = h == 0 and block.level == top and sum(1 for x in headings if blocks[x].level == top) == 1
        if title and not (naming and naming.people):
            continue
        if naming is None and not holds.get(h):
            continue
        if naming is None or not (naming.people or naming.organisation):
            # A heading over verbatims, naming nobody we can read: the organisation is the heading.
            if block.title:
                continue
            naming = Naming()
            _organisation(block.text, naming)
        section = _section_from(naming, h, block.text.strip())
        section.naming_blocks = {h}
        if naming.organisation and naming.people and next_text and not _NAME_COLON.search(block.text) \
                and starts_with_person(next_text.split("\n")[0]):
            section.naming_blocks.add(h + 1)
        sections.append(section)
        current_level = block.level
    # A section runs up to the next heading of its level or above.
    for section in sections:
        level = blocks[section.start].level
        end = next((h for h in headings if h > section.start and blocks[h].level <= level), len(blocks))
        section.end = end
    return sections


def _speakers(section: Section, blocks: list[Block], verbatims: list[Verbatim]) -> None:
    """Who says each verbatim of ``section`` (see the module's note)."""
    intro_name = ""
    position = section.start
    for verbatim in verbatims:
        # The lines between the previous verbatim and this one may introduce it.
        for index in range(position, verbatim.first):
            block = blocks[index]
            if index in section.naming_blocks or block.kind == HEADING:
                continue
            line = block.text.strip()
            if line.endswith(":") and QUOTE_INTRO.search(line) or (line.endswith(":") and len(line) < 120):
                names = caps_names(line) or [m for m in [TITLE_NAME.search(line)] if m]
                if names:
                    intro_name = names[-1].group(1)
                    section.naming_blocks.add(index)
                elif QUOTE_INTRO.search(line):
                    section.naming_blocks.add(index)
        position = verbatim.last + 1
        # A line « — Marie DUPONT » (or « (Marie DUPONT) ») just below it.
        below = blocks[verbatim.last + 1] if verbatim.last + 1 < section.end else None
        if not verbatim.speaker_hint and below is not None and below.kind in (PARAGRAPH, ITEM):
            line = below.text.strip()
            dashed = re.match(r"^[—–-]\s*(.+)$", line)
            candidate = dashed.group(1) if dashed else (line if below.kind == ITEM else "")
            bracket = re.match(r"^\(([^()]+)\)\.?$", line)
            if bracket:
                candidate = bracket.group(1)
            name = name_at_start(candidate, whole=True) if candidate and len(candidate) < 160 else ""
            if name:
                verbatim.speaker_hint = name
                verbatim.speaker_where = "sur la ligne sous la citation"
                section.naming_blocks.add(verbatim.last + 1)
                position = verbatim.last + 2
        speaker, how = None, ""
        if verbatim.speaker_hint:
            speaker = _person(section, verbatim.speaker_hint)
            how = verbatim.speaker_where
        elif intro_name:
            speaker = _person(section, intro_name)
            how = "nommé dans la ligne qui introduit les citations"
        elif len(section.named) == 1:  # (not someone named next to another quote: never guessed)
            speaker = section.named[0]
            how = "seule personne de la section"
        section.quotes.append(Quote(verbatim, speaker, how))


def _person(section: Section, written: str) -> Named:
    """The section's person of that name, or a new one the report names next to a quote."""
    wanted = _fold(display_name(written))
    for person in section.people:
        if _fold(person.shown) == wanted:
            return person
    person = Named(written)
    section.people.append(person)
    return person


# -- the round table ------------------------------------------------------------------------

def _date(text: str) -> tuple[str, str, int]:
    """The first full date of ``text``: (ISO date, the words, where they end), or ("", "", -1)."""
    best = None
    for pattern, build in ((DATE_WORDS, lambda m: (int(m.group(3)), MONTHS[m.group(2).lower()],
                                                    1 if m.group(1).lower() == "1er" else int(m.group(1)))),
                           (DATE_NUMBERS, lambda m: (int(m.group(3)), int(m.group(2)), int(m.group(1)))),
                           (DATE_ISO, lambda m: (int(m.group(1)), int(m.group(2)), int(m.group(3))))):
        for match in pattern.finditer(text):
            try:
                day = date(*build(match))
            except ValueError:
                continue
            if best is None or match.start() < best[2]:
                best = (day.isoformat(), match.group(0), match.start(), match.end())
            break
    return (best[0], best[1], best[3]) if best else ("", "", -1)


def _place_after(text: str, end: int) -> str:
    """« le 12 mars 2024 à Niort, … » → « Niort »."""
    found = re.match(r"\s*,?\s*(?:à|au|aux|en)\s+((?:l['’]|la |le |les )?[A-ZÀ-Ý][^,.;:()\n]{1,80})", text[end:])
    return found.group(1).strip() if found else ""


def _round_table(document: Document, blocks: list[Block], event_blocks: list[int]) -> RoundTable:
    table = RoundTable()
    meta = document.meta
    table.title = meta.get("title") or meta.get("titre", "")
    first = event_blocks[0] if event_blocks else None
    used: set[int] = set()
    if not table.title and first is not None:
        block = blocks[first]
        line = block.text.strip()
        if (block.kind == HEADING or block.title or (
                block.kind == PARAGRAPH and len(line) <= 150 and "\n" not in line and not _ends_sentence(line)
                and first == 0 and not CALL.match(line))) and not caps_names(line):
            table.title = " ".join(line.split())
            used.add(first)
    table.place = meta.get("place") or meta.get("lieu", "")
    table.organiser = meta.get("organiser") or meta.get("organisateur", "")
    if meta.get("date"):
        iso, words, _ = _date(meta["date"])
        table.date, table.date_text = iso, (meta["date"] if iso else "")
    texts = [(i, blocks[i].text) for i in event_blocks]
    if table.title:
        texts.insert(0, (-1, table.title))
    for index, text in texts:
        if not table.date:
            iso, words, end = _date(text)
            if iso:
                table.date, table.date_text = iso, words
                table.place = table.place or _place_after(text, end)
        if not table.place:
            found = re.match(r"^\s*lieu\s*:\s*(.+)$", text, re.IGNORECASE)
            if found:
                table.place = found.group(1).strip().rstrip(".")
                used.add(index)
        if not table.organiser:
            found = re.search(r"\borganisée?s?\s+par\s+([^,.;:()\n]{2,120})", text, re.IGNORECASE)
            if found:  # « par le Réseau X le 14 mars 2025 à Niort » → « Réseau X »
                who = re.split(r"\s+(?:le|du)\s+(?=\d|1er\b)|\s+(?:à|au)\s+(?=[A-ZÀ-Ý])", found.group(1))[0]
                table.organiser = ARTICLE.sub("", who.strip())
    _contact(blocks, event_blocks, table, used)
    # Aims: the list after a line about objectives; framing: the prose about the grid.
    aims_intro = None
    for index in event_blocks:
        block = blocks[index]
        if index in used:
            continue
        if block.kind == ITEM:
            if aims_intro is not None:
                table.aims.append(" ".join(block.text.split()))
                used.add(index)
            continue
        aims_intro = index if AIMS.search(block.text) and block.text.rstrip().endswith(":") else None
        if aims_intro is not None:
            used.add(index)
    for index in event_blocks:
        block = blocks[index]
        if index in used or block.kind == HEADING and block.title:
            continue
        for link in block.links:
            if re.search(r"replay|vidéo|video|revoir|visionn", block.text, re.IGNORECASE) and not table.replay_url:
                table.replay_url = link.url
        urls = URL.findall(block.text)
        if urls and re.search(r"replay|vidéo|video|revoir|visionn", block.text, re.IGNORECASE) \
                and not table.replay_url:
            table.replay_url = urls[0]
        if CALL.match(block.text) and len(block.text) < 200:
            if not block.links and not urls:
                table.notes.append(f"« {block.text.strip()} » ({document.place(block)}) : un lien sans adresse "
                                   "dans le compte rendu, non repris")
            elif not any(link.url == table.replay_url for link in block.links) and table.replay_url not in urls:
                address = (block.links[0].url if block.links else urls[0])
                table.notes.append(f"« {' '.join(block.text.split())} » ({document.place(block)}) : lien vers {address}, "
                                   "non repris (ajoutez-le aux liens d’un témoignage s’il en parle)")
            continue
        if block.kind == HEADING:
            continue  # a heading of the round table's own parts
        (table.framing if FRAMING.search(block.text) else table.summary).append(block)
    return table


def _contact(blocks: list[Block], event_blocks: list[int], table: RoundTable, used: set[int]) -> None:
    """« Contactez le réseau » or « Contactez Prénom NOM, fonction », a name and a role, « Tél : … »,
    « Mail : … », in one paragraph or several: the round table's contact."""
    contact = table.contact
    for position, index in enumerate(event_blocks):
        if not (EMAIL.search(blocks[index].text) or PHONE.search(blocks[index].text)):
            continue
        near = event_blocks[max(0, position - 3):position + 1]
        for block_index in near:
            for line in (part.strip() for part in blocks[block_index].text.split("\n")):
                email, phone = EMAIL.search(line), PHONE.search(line)
                if email or phone:
                    if email and not contact.get("email"):
                        contact["email"] = email.group(0)
                    if phone and not contact.get("phone"):
                        contact["phone"] = phone.group(0)
                    used.add(block_index)
                    continue
                asked = CONTACT_LINE.match(line)
                rest = asked.group(1).strip(" .") if asked else line
                name = name_at_start(rest, whole=True)
                if name and not contact.get("name"):
                    contact["name"] = display_name(name)
                    role = rest[rest.index(name) + len(name):].strip(" ,–—-")
                    if role:
                        contact["role"] = role
                    used.add(block_index)
                elif asked:
                    used.add(block_index)
                    if rest and not contact.get("organisation") and not name:
                        contact["organisation"] = ARTICLE.sub("", re.split(r"[,;:?!]", rest)[0]).strip()


# -- the whole report -----------------------------------------------------------------------

def _as_items(blocks: list[Block]) -> None:
    """A paragraph typed as « - un point » is a list item, in every format (not « — Marie DUPONT »)."""
    for block in blocks:
        if block.kind == PARAGRAPH and not block.quotation:
            found = BULLET.match(block.text)
            if found and not name_at_start(block.text[found.end():], whole=True):
                block.kind = ITEM
                block.text = block.text[found.end():]
                block.markdown = re.sub(r"^\s*\\?(?:[-*•–]|\d+\\?[.)])\s+", "", block.markdown)


def read_sections(document: Document) -> Reading:
    blocks = document.blocks
    _as_items(blocks)
    verbatims, passages = find_verbatims(blocks)
    in_quote = {i for v in verbatims for i in range(v.first, v.last + 1)}  # never a line naming a witness
    sections = _heading_sections(blocks, verbatims) if any(b.kind == HEADING for b in blocks) else []
    if not sections:
        sections = _line_sections(blocks, in_quote)
        for position, section in enumerate(sections):
            section.end = sections[position + 1].start if position + 1 < len(sections) else len(blocks)
    # Each verbatim in its section; a section without any is not a witness's.
    kept: list[Section] = []
    outside: list[Verbatim] = []
    notes: list[str] = []
    for section in sections:
        mine = [v for v in verbatims if section.start <= v.first < section.end]
        if not mine:
            if section.people or section.organisation:
                notes.append(f"« {section.heading} » ({document.place(blocks[section.start])}) : aucune citation "
                             "trouvée dans cette partie, elle n'est pas reprise comme témoignage")
            continue
        _speakers(section, blocks, mine)
        kept.append(section)
    for verbatim in verbatims:
        if not any(s.start <= verbatim.first < s.end for s in kept):
            outside.append(verbatim)
    # After the last verbatim of the last section, what sends the reader elsewhere is the round table's.
    if kept:
        last = kept[-1]
        after = max(q.verbatim.last for q in last.quotes) + 1
        for index in range(after, last.end):
            text = blocks[index].text
            if CALL.match(text) or EMAIL.search(text) or PHONE.search(text):
                last.end = index
                break
    event_blocks = [i for i in range(len(blocks))
                    if not any(s.start <= i < s.end for s in kept) and not any(i in range(v.first, v.last + 1)
                                                                              for v in outside)]
    table = _round_table(document, blocks, event_blocks)
    table.notes = notes + table.notes
    for section in kept:
        _section_prose(document, section, blocks)
    return Reading(document, table, kept, outside, passages)


def _section_prose(document: Document, section: Section, blocks: list[Block]) -> None:
    """The section's own prose (its draft summary) and its links."""
    consumed = {i for q in section.quotes for i in q.verbatim.consumed}
    for index in range(section.start, section.end):
        block = blocks[index]
        if index in section.naming_blocks or index in consumed or block.kind == HEADING:
            continue
        urls = URL.findall(block.text)
        if CALL.match(block.text) and len(block.text) < 200:
            for link in block.links or [Link(block.text.strip(), url) for url in urls]:
                if link.url.startswith(("http://", "https://")):
                    section.links.append(Link(" ".join((link.text or block.text).split()), link.url))
            if not block.links and not urls:
                section.notes.append(f"« {block.text.strip()} » ({document.place(block)}) : un lien sans adresse "
                                     "dans le compte rendu, non repris")
            continue
        section.summary.append(block)
