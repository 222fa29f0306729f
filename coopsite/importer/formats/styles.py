"""What a word processor's style names mean, in any language the person writes in.

Matched on the style's name (and display name), never on its identifier, which
Word writes in the user's language (« Titre1 » for the style named « heading 1 »).
"""

from __future__ import annotations

import re
import unicodedata

# A paragraph styled as a quotation: Word's « Quote » / « Intense Quote » (« Citation » /
# « Citation intense » in French), LibreOffice's « Quotations » (« Citations »), « Block Text ».
QUOTATION = re.compile(r"^(quote|quotations?|intense quote|citations?|citation intense|block ?text|blockquote"
                       r"|zitat|cita|citazione)$")
TITLE = re.compile(r"^(title|titre)$")
HEADING = re.compile(r"^(?:heading|titre|titel|encabezado|titolo|kop)[ _]?([1-9])$")


def _plain(name: str) -> str:
    folded = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return " ".join(folded.replace("_20_", " ").replace("_", " ").lower().split())


def is_quotation(names: list[str]) -> bool:
    return any(QUOTATION.match(_plain(n)) for n in names)


def is_title(names: list[str]) -> bool:
    return any(TITLE.match(_plain(n)) for n in names)


def heading_level(names: list[str]) -> int:
    """The level of a heading style (« heading 2 » → 2), else 0."""
    for name in names:
        found = HEADING.match(_plain(name))
        if found:
            return int(found.group(1))
    return 0
