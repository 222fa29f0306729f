"""Readable colours for any palette a new site chooses (coopsite/palette.py)."""

from __future__ import annotations

import pytest

from coopsite import palette
from coopsite.newsite.answers import PRIMARY_COLOURS
from tests.conftest import ROOT



def variables(primary: str) -> dict[tuple[str, str], str]:
    """(scheme or "", variable) → colour, from the rules written for ``primary``."""
    import re

    found = {}
    for rule in palette.palette_rules(primary):
        scheme = re.search(r'data-md-color-scheme="(\w+)"', rule)
        name, colour = re.search(r"(--[\w-]+): (#[0-9a-f]{6});", rule).groups()
        found[(scheme.group(1) if scheme else "", name)] = colour
    return found


@pytest.mark.parametrize("primary", sorted(palette.MATERIAL))
def test_every_palette_reaches_4_5_to_1(primary):
    header, dark_text, _, _ = palette.MATERIAL[primary]
    found = variables(primary)
    header = found.get(("", "--md-primary-fg-color"), header)
    text = palette.BLACK if dark_text else palette.WHITE
    assert palette.contrast(header, text) >= 4.5, (primary, header)
    light = found[("default", "--md-typeset-a-color")]
    dark = found[("slate", "--md-typeset-a-color")]
    for background in (palette.WHITE, palette.LIGHT_BACKGROUND):
        assert palette.contrast(light, background) >= 4.5, (primary, light, background)
    for background in ("#1e2129", palette.DARK_BACKGROUND):  # the dark page, and its quote blocks
        assert palette.contrast(dark, background) >= 4.5, (primary, dark, background)


def test_the_answers_of_new_site_are_known_palettes():
    assert {name.replace(" ", "-") for name in PRIMARY_COLOURS} <= set(palette.MATERIAL)


def test_indigo_on_the_dark_palette_is_lightened_and_the_contrast_formula_is_wcag():
    # Material's indigo link on its dark quote background: 4.12:1, as axe measured it.
    assert 4.12 <= palette.contrast("#5488e8", "#272a35") < 4.13
    assert round(palette.contrast("#ffffff", "#000000"), 1) == 21.0
    assert palette.contrast(variables("indigo")[("slate", "--md-typeset-a-color")], "#272a35") >= 4.5


def test_the_first_site_needs_no_palette_file_and_another_gets_one(tmp_path):
    assert palette.palette_files(ROOT) == []  # teal: tuned by hand in the shared coop.css
    config = (ROOT / "mkdocs.yml").read_text("utf-8").replace("primary: teal", "primary: light blue")
    (tmp_path / "mkdocs.yml").write_text(config, "utf-8")
    [sheet] = palette.palette_files(tmp_path)
    assert sheet.src_uri == palette.STYLESHEET
    assert sheet.content.count('[data-md-color-primary="light-blue"]') == 3
