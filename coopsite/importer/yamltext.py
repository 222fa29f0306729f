"""YAML written as the project's sources are written, with comments where a person must decide.

The same rules as the browser editor's writer (``coopsite/shared/docs/assets/editor/yaml.js``):
a text is written plain when a YAML 1.1 reader (PyYAML) reads it back as the
same text, double-quoted otherwise; a text on several lines is a literal
block; a short list of plain values stays on one line. Every file is read
back before it is written (:func:`dump` checks it), so a verbatim can never
come out changed.
"""

from __future__ import annotations

import re

import yaml

YAML11_WORDS = {"y", "yes", "n", "no", "true", "false", "on", "off", "null", "~"}
RISKY_START = re.compile(r"^[-?:,\[\]{}#&*!|>'\"%@`=~<.+0-9]")
CONTROL = re.compile("[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u2028\u2029\ufeff\u0085]")


def plain_ok(text: str, in_flow: bool = False) -> bool:
    if not text or text != text.strip() or text.lower() in YAML11_WORDS:
        return False
    if re.search(r"[\n\r\t]", text) or CONTROL.search(text) or RISKY_START.match(text):
        return False
    if re.search(r": |:$| #", text):
        return False
    return not (in_flow and re.search(r"[,\[\]{}]", text))


def quoted(text: str) -> str:
    out = ['"']
    for char in text:
        code = ord(char)
        if char == '"':
            out.append('\\"')
        elif char == "\\":
            out.append("\\\\")
        elif char == "\n":
            out.append("\\n")
        elif char == "\t":
            out.append("\\t")
        elif char == "\r":
            out.append("\\r")
        elif code < 0x20 or 0x7F <= code <= 0x9F or code in (0x2028, 0x2029, 0xFEFF):
            out.append(f"\\u{code:04x}")
        else:
            out.append(char)
    out.append('"')
    return "".join(out)


def scalar(value, in_flow: bool = False) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    text = str(value)
    return text if plain_ok(text, in_flow) else quoted(text)


def literal(text: str, indent: int) -> list[str] | None:
    """A literal block (``|-``) for a text on several lines, or None when it needs quotes."""
    if "\n" not in text or re.search(r"[\r\t]", text) or CONTROL.search(text) or not text.strip():
        return None
    if text != text.rstrip("\n") or text.startswith((" ", "\n")) or any(line != line.rstrip() for line in text.split("\n")):
        return None
    pad = " " * indent
    return ["|-", *[(pad + line) if line else "" for line in text.split("\n")]]


def flow(values: list) -> str:
    return "[" + ", ".join(scalar(v, in_flow=True) for v in values) + "]"


def field(key: str, value, indent: int, comment: str = "") -> list[str]:
    """The lines of ``key: value`` at ``indent`` (scalars, short lists, multi-line texts)."""
    pad = " " * indent
    tail = f"  # {comment}" if comment else ""
    if isinstance(value, list) and all(not isinstance(v, (dict, list)) for v in value):
        return [f"{pad}{key}: {flow(value)}{tail}"]
    if isinstance(value, str):
        block = literal(value, indent + 2)
        if block:
            return [f"{pad}{key}: {block[0]}{tail}", *block[1:]]
    return [f"{pad}{key}: {scalar(value)}{tail}"]


class YamlCheckError(Exception):
    """The text written would not read back as the data: never written."""


def checked(text: str, data: dict) -> str:
    """``text`` if a YAML reader gives back exactly ``data``."""
    try:
        back = yaml.safe_load(text)
    except yaml.YAMLError as error:
        raise YamlCheckError(str(error)) from None
    if back != data:
        raise YamlCheckError("relu différemment")
    return text
