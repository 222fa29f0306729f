"""Readable colours for any palette a site chooses (WCAG 2.2 AA, 4.5:1 for text).

A site picks its Material palette in mkdocs.yml (``theme.palette``: a primary
colour per scheme). Many of Material's colours do not reach 4.5:1: white text
on a light blue header, an indigo link on the dark palette's quote background.
For each primary colour the site uses, this module darkens or lightens
Material's own shade, step by step, until its text reaches the ratio, and
writes the few CSS variables that change into ``assets/stylesheets/palette.css``.
A palette tuned by hand in the shared stylesheet (:data:`TUNED`) gets none.

The shades below are Material for MkDocs 9.8's (its ``palette.css``): the
header's colour, the colour of the header's text, and the links' colour in
the light and dark schemes where Material sets one of its own.
"""

from __future__ import annotations

import colorsys

from .generated import GeneratedFile
from .structure.loader import read_mkdocs_config

STYLESHEET = "assets/stylesheets/palette.css"
TARGET = 4.6  # 4.5:1 with a margin for rounding
# The backgrounds text sits on: the page and, stricter, the code and quote blocks.
LIGHT_BACKGROUND = "#f5f5f5"  # Material's --md-code-bg-color, light scheme
DARK_BACKGROUND = "#272a35"  # Material's --md-code-bg-color, dark scheme (slate)
WHITE, BLACK = "#ffffff", "#000000"
INDIGO_LINK = "#4051b5"  # Material's links on the grey, blue grey, black and white palettes
# Hand-tuned in the shared coop.css (the first site's palette): left as they are.
TUNED = {"teal"}

# name: (header colour, header text is dark, light-scheme link or None (= header colour), dark-scheme link or None)
MATERIAL = {
    "red": ("#ef5552", False, None, None),
    "pink": ("#e92063", False, None, "#ed5487"),
    "purple": ("#ab47bd", False, None, "#c46fd3"),
    "deep-purple": ("#7e56c2", False, None, "#a47bea"),
    "indigo": ("#4051b5", False, None, "#5488e8"),
    "blue": ("#2094f3", False, None, None),
    "light-blue": ("#02a6f2", False, None, None),
    "cyan": ("#00bdd6", False, None, None),
    "teal": ("#009485", False, None, "#00ccb8"),
    "green": ("#4cae4f", False, None, "#71c174"),
    "light-green": ("#8bc34b", False, None, None),
    "lime": ("#cbdc38", True, None, None),
    "yellow": ("#ffec3d", True, None, None),
    "amber": ("#ffc105", True, None, None),
    "orange": ("#ffa724", True, None, None),
    "deep-orange": ("#ff6e42", False, None, "#ff764d"),
    "brown": ("#795649", False, None, "#c1775c"),
    "grey": ("#757575", False, INDIGO_LINK, None),
    "blue-grey": ("#546d78", False, INDIGO_LINK, None),
    "black": ("#13151a", False, INDIGO_LINK, None),
    "white": ("#ffffff", True, INDIGO_LINK, "#5e8bde"),
}


def _rgb(hex_colour: str) -> tuple[float, float, float]:
    value = hex_colour.lstrip("#")
    return tuple(int(value[i:i + 2], 16) / 255 for i in (0, 2, 4))


def _hex(rgb: tuple[float, float, float]) -> str:
    return "#" + "".join(f"{round(max(0.0, min(1.0, c)) * 255):02x}" for c in rgb)


def luminance(hex_colour: str) -> float:
    def channel(c: float) -> float:
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in _rgb(hex_colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(first: str, second: str) -> float:
    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def readable(colour: str, background: str, target: float = TARGET) -> str:
    """``colour``, made darker or lighter (away from ``background``) until it reaches ``target``."""
    if contrast(colour, background) >= target:
        return colour
    hue, light, saturation = colorsys.rgb_to_hls(*_rgb(colour))
    darker = luminance(background) > 0.18
    while 0.0 < light < 1.0:
        light = max(0.0, light - 0.01) if darker else min(1.0, light + 0.01)
        candidate = _hex(colorsys.hls_to_rgb(hue, light, saturation))
        if contrast(candidate, background) >= target:
            return candidate
    return BLACK if darker else WHITE


def palette_rules(primary: str) -> list[str]:
    """The CSS rules that make ``primary`` readable: the header's colour when Material's fails,
    and the links' colour of each scheme, always (Material's rules for them differ by palette)."""
    header, dark_text, light_link, dark_link = MATERIAL[primary]
    attribute = f'[data-md-color-primary="{primary}"]'
    rules = []
    # The header and the primary buttons: their text is white, or Material's near-black.
    readable_header = readable(header, BLACK if dark_text else WHITE)
    if readable_header != header:
        rules.append(f"{attribute} {{ --md-primary-fg-color: {readable_header}; }}")
    light = readable(light_link or readable_header, LIGHT_BACKGROUND)
    dark = readable(dark_link or header, DARK_BACKGROUND)
    rules.append(f'[data-md-color-scheme="default"]{attribute} {{ --md-typeset-a-color: {light}; }}')
    rules.append(f'[data-md-color-scheme="slate"]{attribute} {{ --md-typeset-a-color: {dark}; }}')
    return rules


def site_primaries(root) -> list[str]:
    """The primary colours of the site's palettes (mkdocs.yml), in Material's spelling."""
    theme = read_mkdocs_config(root).get("theme") or {}
    palettes = theme.get("palette") or []
    palettes = palettes if isinstance(palettes, list) else [palettes]
    names = []
    for palette in palettes:
        name = str((palette or {}).get("primary") or "indigo").strip().lower().replace(" ", "-")
        if name in MATERIAL and name not in names:
            names.append(name)
    return names


def palette_files(root) -> list[GeneratedFile]:
    """``assets/stylesheets/palette.css`` for the site's colours, when one needs it."""
    rules = [rule for name in site_primaries(root) if name not in TUNED for rule in palette_rules(name)]
    if not rules:
        return []
    head = "/* Written by coopsite/palette.py: the site's colours, made readable (WCAG 2.2 AA). */\n"
    return [GeneratedFile(STYLESHEET, head + "\n".join(rules) + "\n")]
