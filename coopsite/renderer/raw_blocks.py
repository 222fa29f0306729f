"""The raw HTML blocks of a generated page, set aside while the engine converts its Markdown.

A generated page is mostly HTML written by our templates (quotes, lists, cards), in
blocks that Markdown leaves as they are. Python-Markdown still reads each one with an
HTML parser, twice in MkDocs (to find the block's end, then its anchors): at 1,000
testimonies that is most of a listing page's conversion. :func:`set_aside` replaces each
such block by a short placeholder that Markdown also leaves as it is, and
:func:`put_back` puts the blocks back into the converted HTML: the page is the same,
byte for byte (``tests/test_raw_blocks.py`` converts every generated page both ways).

Only the Markdown extensions listed in :data:`SAFE_EXTENSIONS` are known to leave raw
blocks and placeholders alike; with any other, the page is converted as it is.
"""

from __future__ import annotations

import html
import re

# Block-level elements our templates open at the start of a line (Python-Markdown's list has them all).
_OPEN = re.compile(r"<(section|nav|div|figure|aside|table|ul|ol|p|details|form|dl)\b[^>]*>")
_ID = re.compile(r'\sid="([^"]*)"')
_NAME = re.compile(r'<a\b[^>]*\sname="([^"]*)"')
PLACEHOLDER = "<!--coop-raw:{}-->"
# MkDocs always adds toc, tables and fenced_code.
SAFE_EXTENSIONS = frozenset({"admonition", "attr_list", "md_in_html", "toc", "tables", "fenced_code"})
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")


def extensions_allow(names) -> bool:
    """Whether a page converted with these Markdown extensions may have its blocks set aside."""
    return all(str(name).removeprefix("markdown.extensions.") in SAFE_EXTENSIONS for name in names)


def set_aside(markdown: str) -> tuple[str, list[str]]:
    """``markdown`` with each raw HTML block replaced by a placeholder, and the blocks.

    A block is set aside only when its bounds are certain: it opens at the start of a
    line after a blank line, outside a fenced code block, its element closes at the end of
    a line followed by a blank line, and nothing in it asks Markdown to read inside
    (``markdown`` attribute) or holds a comment.
    """
    lines = markdown.split("\n")
    out: list[str] = []
    blocks: list[str] = []
    fence = ""  # the fence of the code block being read, if any
    i = 0
    while i < len(lines):
        opened = _FENCE.match(lines[i])
        if fence or opened:
            if not fence:
                fence = opened.group(1)
            elif lines[i].strip().startswith(fence[0] * len(fence)) and not lines[i].strip().strip(fence[0]):
                fence = ""
            out.append(lines[i])
            i += 1
            continue
        end = _block_end(lines, i)
        if end is None:
            out.append(lines[i])
            i += 1
            continue
        out.append(PLACEHOLDER.format(len(blocks)))
        blocks.append("\n".join(lines[i:end + 1]))
        i = end + 1
    return "\n".join(out), blocks


def _block_end(lines: list[str], start: int) -> int | None:
    """The index of the block's last line, or ``None`` when the block's bounds are not certain."""
    match = _OPEN.match(lines[start])
    if match is None or (start > 0 and lines[start - 1].strip()):
        return None
    tag = match.group(1)
    tags = re.compile(rf"<{tag}\b|</{tag}>")
    depth = 0
    for index in range(start, len(lines)):
        line = lines[index].rstrip()
        if " markdown" in line or "<!--" in line:
            return None
        for found in tags.finditer(line):
            depth += -1 if found.group().startswith("</") else 1
            if depth == 0:
                # The element closes here: Markdown ends the block here too, so the block is
                # certain only if this is the end of a line followed by a blank one.
                last = index + 1 == len(lines) or not lines[index + 1].strip()
                return index if found.end() == len(line) and last else None
    return None


def put_back(converted: str, blocks: list[str]) -> str | None:
    """The converted HTML with each block in place of its placeholder; ``None`` if the
    placeholders did not all come through, once each (the caller converts the page as it is)."""
    parts = re.split(r"<!--coop-raw:(\d+)-->", converted)
    if [int(n) for n in parts[1::2]] != list(range(len(blocks))):
        return None
    for index in range(1, len(parts), 2):
        parts[index] = blocks[int(parts[index])]
    return "".join(parts)


def anchor_ids(blocks: list[str]) -> set[str]:
    """The ids the blocks hold (and ``<a name>``), as the engine's link checks look for them."""
    return {html.unescape(value) for block in blocks for pattern in (_ID, _NAME) for value in pattern.findall(block)}
