"""French text, as every page, card, record and command writes it: one home for it.

Dates (« 20 octobre 2021 »), numbers (« 66,7 »), plurals, non-breaking spaces, the
slugs of addresses, and the excerpts of a long text. It imports nothing of the
package, so every room can use it without an import circle.

The three excerpts cut a text at a word for three readers, and differ on purpose
(tests/test_french.py shows each on the same text):

* :func:`share_excerpt`: a share message or a card, at most ``limit`` characters
  *including* its ellipsis, glued to the last word (« … »), the sentence's own
  punctuation dropped before it;
* :func:`search_excerpt`: under a search result, the first :data:`SEARCH_EXCERPT`
  characters, then a spaced « … »;
* :func:`selftest_excerpt`: a quote among the self-test's recommendations, a word
  may end at the limit itself, then a spaced « … ».
"""

from __future__ import annotations

import re
import unicodedata
from datetime import date

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août",
          "septembre", "octobre", "novembre", "décembre")
NBSP = "\u00a0"     # inside « »
NNBSP = "\u202f"    # before ; : ! ? (narrow no-break space)
SEARCH_EXCERPT = 220  # characters under a search result's title

_BEFORE_PUNCT = re.compile(r"[ \u00a0\u202f]*([;:!?»])")
_AFTER_OPEN = re.compile(r"«[ \u00a0\u202f]*")


def date_fr(iso: str) -> str:
    """``2021-10-20`` → ``20 octobre 2021``; a draft's missing date → ``date à préciser``."""
    if not iso:
        return "date à préciser"
    day = date.fromisoformat(iso)
    return f"{'1er' if day.day == 1 else day.day} {MONTHS[day.month - 1]} {day.year}"


def num(value: float) -> str:
    """A number the French way: ``66.7`` → ``66,7``; ``25.0`` → ``25``."""
    value = round(float(value), 1)
    text = f"{value:.1f}".rstrip("0").rstrip(".")
    return text.replace(".", ",")


def plural(count: int, one: str, many: str) -> str:
    return one if count == 1 else many


def lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


def french_spaces(text: str) -> str:
    """``text`` on one line with the French non-breaking spaces; nothing else changes."""
    text = one_line(text)
    text = _BEFORE_PUNCT.sub(lambda m: (NBSP if m.group(1) == "»" else NNBSP) + m.group(1), text)
    text = _AFTER_OPEN.sub("«" + NBSP, text)
    # "http://" and times like 10:30 keep their colon tight.
    return re.sub(r"(\w)\u202f:(?=//|\d)", r"\1:", text)


def one_line(text: str) -> str:
    """Every run of spaces, tabs and line breaks becomes one space; no space at either end."""
    return " ".join(text.split())


def share_excerpt(text: str, limit: int) -> str:
    """At most ``limit`` characters, ellipsis included, cut between words and ended with « … »."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:.!?")
    return cut + "…"


def search_excerpt(text: str) -> str:
    """The start of ``text``, cut at a word within :data:`SEARCH_EXCERPT` characters, then « … »."""
    text = one_line(text)
    if len(text) <= SEARCH_EXCERPT:
        return text
    return text[:SEARCH_EXCERPT].rsplit(" ", 1)[0].rstrip(",;:") + " …"


def selftest_excerpt(text: str, limit: int) -> str:
    """``text`` on one line, cut at the word that reaches ``limit`` with a spaced « … » when too long."""
    text = one_line(text)
    if len(text) <= limit:
        return text
    cut = text[: limit + 1].rsplit(" ", 1)[0].rstrip(" ,;:.…")
    return cut + " …"


def slugify(text: str, limit: int | None = 80) -> str:
    """The one slug of an address: ``Clément Bosredon`` → ``clement-bosredon``, ``A1.2`` → ``a1-2``.

    Accents go, every other run of characters but letters and digits becomes one
    hyphen; ``limit`` (characters) keeps a name's slug short, a grid id keeps all of its own."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")
    return slug if limit is None else slug[:limit].strip("-")
