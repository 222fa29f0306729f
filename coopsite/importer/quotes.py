"""Finding the verbatims of a report, exactly as written.

A verbatim is what stands between quotation marks (« », “ ”, or straight
quotes "…") and apart from the sentence around it, or a paragraph styled as
a quotation. Its text is what the report says: the marks and the spaces next
to them are left out, nothing else changes (apostrophes, inner quotation
marks, punctuation). A quote over several paragraphs (« opens each
paragraph, » closes the last, or no mark between as in a text copied from a
web page) becomes one text, its paragraphs joined by a space; so do the
line breaks inside a paragraph.

**The rule for a title in guillemets** (the guide « Importer un compte rendu »
states it for the person who writes the report). A passage between marks is
a verbatim only when it is detached from the sentence:

- before it, nothing but a dash or a bullet, an introduction ending with a
  colon (« Marie DUPONT : », « Elle conclut : »), a name (« Pour Marie
  DUPONT, »), or another verbatim of the same paragraph;
- after it, the sentence stops: punctuation, the end of the paragraph, a name
  in brackets or after a dash, another verbatim, or an incise (« , explique-t-elle »).

A passage in the middle of a sentence (« le programme « Territoires zéro
chômeur » a été lancé », « le "Nous" ») is a title or a word cited: it stays
in the prose. Inside a verbatim, marks are part of the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .document import HEADING, Block
from .people import SAYING, name_at_start, name_in_brackets

# Opening mark → its closing marks.
PAIRS = {"«": "»", "“": "”", "„": "”“", '"': '"'}
# How far a quote may run over paragraphs before its opening mark is taken for a typo.
MAX_PARAGRAPHS = 8
SPACES = " \t\n\u00a0\u202f\u2009\u2007\u200a"


@dataclass(slots=True)
class Verbatim:
    text: str
    first: int  # index of the block where it opens
    last: int  # index of the block where it closes
    start: int  # offset of the opening mark in the first block (0 for a paragraph styled as a quotation)
    end: int  # offset just after the closing mark in the last block
    marked: bool = True
    speaker_hint: str = ""  # a name written next to it (« (Marie DUPONT) », « Marie DUPONT : »)
    speaker_where: str = ""  # how that name was found, for the import's report
    consumed: set[int] = field(default_factory=set)  # blocks that held nothing but it (and its name)


@dataclass(slots=True)
class Passage:
    """A passage between marks that is not a verbatim (a title, a word cited), or an unclosed mark."""

    text: str
    block: int
    reason: str  # « titre » or « ouvert »


def _is_opener(text: str, i: int) -> bool:
    char = text[i]
    if char not in PAIRS:
        return False
    if char != '"':
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return (before in SPACES or before in "([{—–-/«“:") and after not in SPACES


def _closes(text: str, i: int, opener: str) -> bool:
    char = text[i]
    if char not in PAIRS[opener]:
        return False
    if opener != '"':
        return True
    before = text[i - 1] if i else " "
    after = text[i + 1] if i + 1 < len(text) else " "
    return before not in SPACES and (after in SPACES or after in ".,;:!?…)]»”-—–'’")


def _find_close(blocks: list[Block], b: int, i: int, opener: str) -> tuple[int, int] | None:
    """Where the quote opened at ``blocks[b].text[i]`` closes: (block, offset of the closing mark)."""
    depth = 0
    start = i + 1
    for index in range(b, min(len(blocks), b + MAX_PARAGRAPHS)):
        block = blocks[index]
        if index > b and block.kind == HEADING:
            return None
        text = block.text
        j = start if index == b else _continuation(text, opener)
        while j < len(text):
            char = text[j]
            if opener != '"' and char == opener:
                depth += 1
            elif _closes(text, j, opener):
                if depth == 0:
                    return index, j
                depth -= 1
            j += 1
    return None


def _continuation(text: str, opener: str) -> int:
    """Where a quote's next paragraph starts: after its « (or the older ») reopening mark."""
    j = len(text) - len(text.lstrip(SPACES))
    if j < len(text) and ((opener == "«" and text[j] in "«»") or (opener in "“„" and text[j] in "“”")):
        j += 1
    return j


def _join(parts: list[str]) -> str:
    """The quote's text: its pieces and inner line breaks joined by one space, ends trimmed."""
    joined = " ".join(piece.strip(SPACES) for piece in parts if piece.strip(SPACES))
    return re.sub(r"[ \t]*\n[ \t]*", " ", joined)


def _text_between(blocks: list[Block], b: int, i: int, e: int, j: int, opener: str) -> str:
    if b == e:
        return _join([blocks[b].text[i + 1:j]])
    parts = [blocks[b].text[i + 1:]]
    for index in range(b + 1, e):
        text = blocks[index].text
        parts.append(text[_continuation(text, opener):])
    last = blocks[e].text
    parts.append(last[_continuation(last, opener):j])
    return _join(parts)


# -- detached from the sentence? --------------------------------------------------------------

_LEAD = re.compile(r"^[\s\-–—•*·]*$")
_PUNCT_ONLY = re.compile(r"^[\s.,;:!?…)\]\-–—]*$")
_INTRO_NAME = re.compile(r"^(?:pour|selon|d['’]après|comme (?:le |l['’])?(?:dit|explique|souligne|rappelle))\s+",
                         re.IGNORECASE)


def _detached_before(before: str, after_verbatim: bool) -> tuple[bool, str]:
    """Does ``before`` leave the passage detached? And the name it gives, if any."""
    if _LEAD.match(before):
        return True, ""
    # After another verbatim, only punctuation and that one's name in brackets stand between them.
    if after_verbatim and _PUNCT_ONLY.match(re.sub(r"\([^()]*\)", " ", before)):
        return True, ""
    stripped = before.strip(SPACES)
    if stripped.endswith(":"):
        intro = stripped[:-1].strip(SPACES).lstrip("-–—•* ")
        name = name_at_start(intro, whole=True)
        return True, name
    if stripped.endswith(","):
        intro = _INTRO_NAME.sub("", stripped[:-1].strip(SPACES).lstrip("-–—•* "))
        name = name_at_start(intro, whole=True)
        if name:
            return True, name
    return False, ""


def _detached_after(after: str, next_is_quote: bool) -> tuple[bool, str]:
    """Does ``after`` (up to the end of the paragraph) end the sentence? And the name it gives."""
    text = after.lstrip(" \u00a0\u202f\t")
    if not text.strip(SPACES) or next_is_quote:
        name = name_in_brackets(text)
        return True, name
    name = name_in_brackets(text.lstrip(".,;"))
    if name:
        return True, name
    if text[0] in ".!?…;:)]":
        return True, ""
    if text[0] in "—–-":
        return True, name_at_start(text.lstrip("—–- ").split(".")[0].strip(), whole=False)
    rest = text[1:].strip() if text[0] == "," else text
    first = re.match(r"[\w’'-]+", rest)
    words = re.findall(r"[\w’'-]+", rest)[:6]
    # « , explique-t-elle. », « explique Paul MARTIN. »: an incise of saying ends the sentence.
    if (text[0] == "," and any(SAYING.match(word.lower()) for word in words)) or (
            first and SAYING.match(first.group(0).lower())):
        return True, name_at_start(rest, whole=False, after_verb=True)
    if text[0] == ",":
        name = name_at_start(rest, whole=False)
        if name:
            return True, name
    return False, ""


def find_verbatims(blocks: list[Block]) -> tuple[list[Verbatim], list[Passage]]:
    """Every verbatim of the report in reading order, and the passages between marks left in the prose."""
    found: list[Verbatim] = []
    passages: list[Passage] = []
    b = 0
    skip_to: tuple[int, int] = (0, 0)  # a quote just found runs up to there
    while b < len(blocks):
        block = blocks[b]
        if block.kind == HEADING:
            b += 1
            continue
        if block.quotation:
            b = _quotation_block(blocks, b, found, passages)
            continue
        text = block.text
        i = skip_to[1] if skip_to[0] == b else 0
        previous_end = None  # the end of the last verbatim found in this paragraph
        moved = False
        while i < len(text):
            if not _is_opener(text, i):
                i += 1
                continue
            opener = text[i]
            close = _find_close(blocks, b, i, opener)
            if close is None:
                passages.append(Passage(text[i:i + 80].strip(), b, "ouvert"))
                i += 1
                continue
            e, j = close
            content = _text_between(blocks, b, i, e, j, opener)
            before = text[previous_end if previous_end is not None else 0:i]
            after_text = blocks[e].text[j + 1:]
            following = after_text.lstrip(SPACES + ".,;")  # another verbatim may follow on the line
            next_quote = bool(following) and _is_opener(following, 0)
            ok_before, name_before = _detached_before(before, previous_end is not None)
            ok_after, name_after = _detached_after(after_text, next_quote)
            if ok_before and ok_after and content:
                verbatim = Verbatim(content, b, e, i, j + 1)
                verbatim.speaker_hint = name_after or name_before
                verbatim.speaker_where = "à côté de la citation" if verbatim.speaker_hint else ""
                found.append(verbatim)
                if e != b:  # continue after it, in its last paragraph
                    skip_to = (e, j + 1)
                    b = e
                    moved = True
                    break
                previous_end = j + 1
                i = j + 1
            else:
                if content:
                    passages.append(Passage(content, b, "titre"))
                i = j + 1 if e == b else i + 1
        if not moved:
            b += 1
    _mark_consumed(blocks, found)
    return found, passages


def _quotation_block(blocks: list[Block], b: int, found: list[Verbatim], passages: list[Passage]) -> int:
    """A paragraph styled as a quotation: its verbatims between marks, or itself as one."""
    block = blocks[b]
    lines = block.text.split("\n")
    hint = ""
    # A last line « — Marie DUPONT » inside the quotation names who speaks.
    if len(lines) > 1 and re.match(r"^\s*[—–-]\s*\S", lines[-1]):
        hint = name_at_start(lines[-1].strip().lstrip("—–- "), whole=False)
        if hint:
            lines = lines[:-1]
    body = "\n".join(lines)
    inner, _ = find_verbatims([Block(block.kind, body, block.line)])
    whole = body.strip(SPACES)
    if len(inner) == 1 and inner[0].start == len(body) - len(body.lstrip(SPACES)):
        # marks around the whole paragraph (a name may follow): the marks go
        verbatim = inner[0]
        verbatim.first = verbatim.last = b
        verbatim.speaker_hint = verbatim.speaker_hint or hint
    elif len(inner) > 1:
        for verbatim in inner:
            verbatim.first = verbatim.last = b
            verbatim.speaker_hint = verbatim.speaker_hint or hint
            verbatim.speaker_where = "à côté de la citation" if verbatim.speaker_hint else ""
            verbatim.consumed = {b}
        found.extend(inner)
        return b + 1
    else:
        verbatim = Verbatim(_join([whole]), b, b, 0, len(block.text), marked=False)
        verbatim.speaker_hint = hint
    if verbatim.speaker_hint:
        verbatim.speaker_where = "à côté de la citation"
    verbatim.consumed = {b}
    found.append(verbatim)
    return b + 1


def _mark_consumed(blocks: list[Block], found: list[Verbatim]) -> None:
    """Which blocks hold nothing but verbatims (and the names next to them): not prose for a summary."""
    by_block: dict[int, list[tuple[int, int]]] = {}
    for verbatim in found:
        if verbatim.consumed:
            continue
        if verbatim.first == verbatim.last:
            by_block.setdefault(verbatim.first, []).append((verbatim.start, verbatim.end))
        else:
            by_block.setdefault(verbatim.first, []).append((verbatim.start, len(blocks[verbatim.first].text)))
            for index in range(verbatim.first + 1, verbatim.last):
                verbatim.consumed.add(index)
            by_block.setdefault(verbatim.last, []).append((0, verbatim.end))
    for index, spans in by_block.items():
        text = blocks[index].text
        rest, cursor = [], 0
        for start, end in sorted(spans):
            rest.append(text[cursor:start])
            cursor = max(cursor, end)
        rest.append(text[cursor:])
        remainder = re.sub(r"\([^()]*\)", " ", "".join(rest))
        if len(re.findall(r"[^\W\d_]{2,}", remainder)) < 5:
            for verbatim in found:
                if index in (verbatim.first, verbatim.last):
                    verbatim.consumed.add(index)

