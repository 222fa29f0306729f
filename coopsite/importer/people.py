"""People in a report: names, roles, and the way reports write them.

French reports write a person as « Prénom NOM » (the surname in capitals),
often followed by a role: « Clément BOSREDON, Directeur de l'association ».
That form is recognised anywhere. « Prénom Nom » is recognised only where a
name is expected: after an organisation and a colon, in brackets or after a
dash next to a quote, or in a line that introduces quotes. A name is shown
on the site as « Prénom Nom »; nothing else of it changes.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

UPPER = "A-ZÀÂÄÇÉÈÊËÎÏÔÖÙÛÜŸÆŒ"
LOWER = "a-zàâäçéèêëîïôöùûüÿæœ"
_GIVEN = rf"[{UPPER}][{LOWER}]+(?:[-‐][{UPPER}][{LOWER}]+)?"
_SURNAME_CAPS = rf"(?:(?:de|du|des|d['’]|van|von|le|la)\s+)?[{UPPER}](?:[{UPPER}'’‐-]*[{UPPER}])(?:[\s‐-]+[{UPPER}](?:[{UPPER}'’‐-]*[{UPPER}]))*"
_SURNAME_TITLE = rf"(?:(?:de|du|des|d['’]|van|von|le|la)\s+)?[{UPPER}][{LOWER}'’]+(?:[-‐][{UPPER}][{LOWER}]+)?"
_CIVILITY = r"(?:(?:Mme|Mmes|M\.|Mr|Mlle|Madame|Monsieur|Dr|Pr)\.?\s+)?"

# « Prénom NOM », anywhere.
CAPS_NAME = re.compile(rf"(?<![\w’'-]){_CIVILITY}({_GIVEN}(?:\s+{_GIVEN})?\s+{_SURNAME_CAPS})(?![\w’'-])")
# « Prénom Nom », where a name is expected.
TITLE_NAME = re.compile(rf"{_CIVILITY}({_GIVEN}(?:\s+{_SURNAME_TITLE}){{1,2}})(?![\w’'-])")

# Capitalised words that start sentences, headings and calls to action, never a first name.
NOT_GIVEN = {
    "contactez", "retrouvez", "rejoignez", "consultez", "découvrez", "visitez", "voir", "lire", "revoir",
    "pour", "selon", "avec", "chez", "par", "les", "la", "le", "de", "du", "des", "une", "un", "et", "en", "au",
    "aux", "sur", "dans", "notre", "nos", "votre", "vos", "leur", "leurs", "ce", "cette", "ces", "son", "sa",
    "ses", "table", "tables", "grand", "grande", "atelier", "synthèse", "conclusion", "introduction", "contact",
    "collectif", "association", "réseau", "pôle", "coopérative", "incubateur", "fédération", "union", "maison",
    "mairie", "région", "département", "communauté", "ville", "conseil", "agence", "centre", "chambre",
    "témoignage", "témoignages", "verbatim", "verbatims", "citation", "citations", "propos", "paroles",
    "intervention", "interventions", "président", "présidente", "directeur", "directrice", "madame", "monsieur",
    "économie", "projet", "territoire", "territoires", "société", "scic", "scop", "cae", "ess",
}

# Verbs of saying, in an incise after a quote (« , explique-t-elle »).
SAYING = re.compile(r"^(?:dit|disait|explique|expliquait|ajoute|souligne|soulignait|précise|rappelle|résume|"
                    r"conclut|concluait|témoigne|insiste|confie|raconte|note|observe|estime|affirme|poursuit|"
                    r"reprend|lance|sourit|indique|analyse|relève|martèle|glisse|assure|complète|constate|"
                    r"remarque|avance|déclare|reconnaît|admet|commente|selon|explique-t-il|explique-t-elle|"
                    r"dit-il|dit-elle|ajoute-t-il|ajoute-t-elle|souligne-t-il|souligne-t-elle|"
                    r"précise-t-il|précise-t-elle|résume-t-il|résume-t-elle|conclut-il|conclut-elle)$")


def _given_ok(name: str) -> bool:
    first = name.split()[0].lower()
    return first not in NOT_GIVEN and first.rstrip(".") not in ("mme", "m", "mr", "mlle")


def caps_names(text: str) -> list[re.Match]:
    """Every « Prénom NOM » of ``text``."""
    return [m for m in CAPS_NAME.finditer(text) if _given_ok(m.group(1))]


def name_at_start(text: str, whole: bool, after_verb: bool = False) -> str:
    """The name ``text`` starts with (``whole``: and nothing else but a role after a comma), or ""."""
    text = text.strip(" \u00a0\u202f\t,.;:")
    if after_verb:  # « explique Marie DUPONT », « selon elle »
        text = re.sub(r"^[\w’'-]+(?:-t-(?:il|elle))?\s+", "", text)
    for pattern in (CAPS_NAME, TITLE_NAME):
        found = pattern.match(text)
        if found and _given_ok(found.group(1)):
            rest = text[found.end():].strip(" \u00a0\u202f\t.")
            if not whole or not rest or rest.startswith(","):
                return found.group(1)
    return ""


def name_in_brackets(text: str) -> str:
    """« (Marie DUPONT) » or « (Marie Dupont, présidente) » at the start of ``text``, else ""."""
    found = re.match(r"^[\s\u00a0\u202f]*\(([^()]{3,120})\)", text)
    return name_at_start(found.group(1), whole=True) if found else ""


def display_name(name: str) -> str:
    """« Clément BOSREDON » → « Clément Bosredon », as the site writes names."""
    def word(part: str) -> str:
        if not re.search(f"[{LOWER}]", part) and re.search(f"[{UPPER}]{{2}}", part):
            return re.sub(rf"[{UPPER}]+", lambda m: m.group(0)[0] + m.group(0)[1:].lower(), part)
        return part
    return " ".join(word(part) for part in name.split())


@dataclass(frozen=True, slots=True)
class Named:
    """A person as a report names them: the name as written and the role after it."""

    name: str
    role: str = ""

    @property
    def shown(self) -> str:
        return display_name(self.name)


def people_in(text: str, trusted: bool = False) -> list[Named]:
    """The people a heading or a line lists, each with the role written after their name.

    « Marion BERGOGNON, Animatrice et Matthieu TANTY, administrateur de … » gives two.
    With ``trusted`` (the part after « Organisation : »), « Prénom Nom, rôle » counts too.
    """
    found = caps_names(text)
    if not found and trusted:
        people = []
        for part in re.split(r"\s+et\s+|;|\s+&\s+", text):
            match = TITLE_NAME.match(part.strip())
            if match and _given_ok(match.group(1)):
                people.append(Named(match.group(1), _role(part.strip()[match.end():])))
        return people
    people = []
    for index, match in enumerate(found):
        end = found[index + 1].start() if index + 1 < len(found) else len(text)
        people.append(Named(match.group(1), _role(text[match.end():end])))
    return people


def _role(text: str) -> str:
    role = text.strip(" \u00a0\u202f\t")
    role = re.sub(r"^[,–—:-]\s*", "", role)
    bracketed = re.match(r"^\(([^()]*)\)(.*)$", role)  # « Clément BOSREDON (directeur) »
    if bracketed:
        role = (bracketed.group(1) + bracketed.group(2)).strip()
    role = re.sub(r"(?:\s*(?:,|;|\bet\b|&))+\s*$", "", role)
    return role.strip(" \u00a0\u202f\t.")


def starts_with_person(text: str) -> bool:
    """Is ``text`` a line listing people (« Marion BERGOGNON, Animatrice et … »)?"""
    found = caps_names(text)
    return bool(found) and not text[:found[0].start()].strip(" \u00a0-–—•*")
