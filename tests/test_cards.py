"""Image cards (coopsite.cards): layout within the margins, French typography,
contrast, weight, determinism, cache and the pool; no build needed here.

The built site's cards, quote pages and meta tags: tests/test_quote_pages.py.
"""

from __future__ import annotations

import io
from dataclasses import replace

import pytest
from PIL import Image

from coopsite import cards
from coopsite.cache import DiskCache
from coopsite.cards import (FULL, HEIGHT, LIGHT, MARGIN_LEFT, MARGIN_RIGHT, WIDTH, card_files, draw_card, layout,
                            palette)
from coopsite.share import NBSP, NNBSP, CardSpec, card_specs, french_spaces, quote_card
from coopsite.structure.loader import load_corpus
from tests.helpers import ROOT

SITE = "Coopérer sur les territoires"
HOSTILE = "<script>alert('x')</script> \" onerror=alert(1) <img src=x>"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture(scope="module")
def longest(corpus) -> CardSpec:
    return quote_card(max(corpus.quotes, key=lambda q: len(q.text)))


def quote_spec(text: str, byline: str = "Élise Müller-Ænéas", detail: str = "chargée de mission, Coopérative") -> CardSpec:
    return CardSpec("citations/essai/", "Un témoignage", text, True, byline, detail,
                    "Territoires & coopérations · table ronde du 20 octobre 2021", alt=text)


def check_inside(spec: CardSpec) -> list:
    """Every line of the card's layout stays inside the margins; the main text
    stays above the accent rule and the byline. Returns the main text lines."""
    lines, rects = layout(spec, SITE)
    rule_top = rects[1][1]
    for line in lines:
        left, top, right, bottom = line.box()
        assert left >= MARGIN_LEFT - 2, (line.text, left)
        assert right <= WIDTH - MARGIN_RIGHT, (line.text, right)
        assert 0 <= top and bottom <= HEIGHT, (line.text, top, bottom)
    main = [line for line in lines if line.role == "main"]
    assert main and {line.role for line in lines} >= {"head", "main"}
    assert max(line.box()[3] for line in main) < rule_top, "le texte principal déborde sur la signature"
    return main


def test_longest_seed_quote_fits_whole(longest):
    main = check_inside(longest)
    drawn = " ".join(line.text for line in main)
    assert "…" not in drawn
    words = [w for w in longest.text.split()]
    assert drawn.replace(NBSP, " ").replace(NNBSP, " ").split()[1:-1] == words


def test_a_3000_character_quote_is_cut_with_an_ellipsis():
    text = ("Nous avons appris à coopérer, pas à pas, avec les collectivités et les habitants ; "
            "c’est long, mais c’est solide. ") * 30
    spec = quote_spec(text[:3000])
    main = check_inside(spec)
    assert main[-1].text.endswith(f"…{NBSP}»")
    assert main[0].text.startswith(f"«{NBSP}Nous")
    assert len(draw_card(spec, SITE)) <= 100_000


def test_a_3000_character_word_is_broken_not_overflowing():
    main = check_inside(quote_spec("a" * 3000))
    assert main[-1].text.endswith(f"…{NBSP}»")
    assert len(main) > 1


def test_a_one_word_quote_is_one_large_line():
    main = check_inside(quote_spec("Ensemble."))
    assert [line.text for line in main] == [f"«{NBSP}Ensemble.{NBSP}»"]
    assert main[0].size == cards.QUOTE_SIZES[0]


def test_names_with_diacritics_fit_and_are_kept():
    spec = quote_spec("Court.", byline="Anaïs Lefèvre-Çelik et Jérôme Dœuvre-Ångström de l’Éprouvette " * 3)
    lines, _ = layout(spec, SITE)
    check_inside(spec)
    byline = next(line for line in lines if line.role == "byline")
    assert byline.text.startswith("Anaïs Lefèvre-Çelik et Jérôme Dœuvre-Ångström")
    assert byline.text.endswith("…")


def test_no_widow_on_the_last_line(longest):
    for spec in (longest, quote_spec("Un deux trois quatre cinq six sept huit neuf dix onze douze treize "
                                     "quatorze quinze seize dix-sept dix-huit dix-neuf vingt vingt-et-un")):
        main = check_inside(spec)
        if len(main) > 1:
            assert len(main[-1].text.split(" ")) >= 2, main[-1].text


def test_french_spaces_and_apostrophes_as_in_the_source():
    assert french_spaces("« Oui : non ; pourquoi ? vite ! »") == (
        f"«{NBSP}Oui{NNBSP}: non{NNBSP}; pourquoi{NNBSP}? vite{NNBSP}!{NBSP}»")
    assert french_spaces("c'est l’union") == "c'est l’union"
    assert french_spaces("voir https://example.org à 10:30") == "voir https://example.org à 10:30"


def test_text_contrast_is_at_least_4_5_to_1():
    def luminance(rgb):
        def channel(c):
            c /= 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4
        r, g, b = (channel(c) for c in rgb)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    colours = palette()
    background = luminance(colours[0:3])
    for value in (FULL, LIGHT):
        text = luminance(colours[value * 3:value * 3 + 3])
        assert (text + 0.05) / (background + 0.05) >= 4.5, value


def test_every_card_is_a_small_1200x630_palette_png(corpus):
    for spec in card_specs(corpus, SITE):
        data = draw_card(spec, SITE)
        image = Image.open(io.BytesIO(data))
        assert image.format == "PNG" and image.size == (WIDTH, HEIGHT) and image.mode == "P", spec.uri
        assert len(data) <= 100_000, spec.uri


def test_same_card_same_bytes_and_other_text_other_bytes(longest):
    assert draw_card(longest, SITE) == draw_card(longest, SITE)
    assert draw_card(longest, SITE) != draw_card(replace(longest, byline="Quelqu’un d’autre"), SITE)


def test_hostile_text_is_drawn_as_text():
    spec = quote_spec(HOSTILE, byline=HOSTILE)
    lines, _ = layout(spec, SITE)
    drawn = " ".join(line.text for line in lines).replace(NBSP, " ").replace(NNBSP, " ")
    assert "<script>alert('x')</script>" in drawn
    assert '" onerror=alert(1) <img src=x>' in drawn
    assert Image.open(io.BytesIO(draw_card(spec, SITE))).size == (WIDTH, HEIGHT)


def test_cards_are_cached_by_content(tmp_path, corpus, monkeypatch):
    specs = card_specs(corpus, SITE)[:3]
    cache = DiskCache(tmp_path)
    first = card_files(specs, SITE, cache)
    assert set(first) == {spec.uri for spec in specs}
    assert len(list(tmp_path.rglob("*"))) > 3

    def no_drawing(*args):
        raise AssertionError("une carte en cache a été redessinée")

    monkeypatch.setattr(cards, "_draw", no_drawing)
    assert card_files(specs, SITE, cache) == first
    with pytest.raises(AssertionError):
        card_files([replace(specs[0], text="Un autre titre")], SITE, cache)


def test_the_pool_draws_the_same_bytes(corpus):
    specs = card_specs(corpus, SITE)
    jobs = [(spec, SITE) for spec in (specs * 4)[:cards.PARALLEL_MIN]]
    assert cards._draw_all(jobs) == [draw_card(*job) for job in jobs]


def test_a_missing_font_is_a_clear_french_message(monkeypatch):
    monkeypatch.setattr(cards, "find_spec", lambda name: None)
    with pytest.raises(cards.FontMissing, match="font-source-sans-pro"):
        cards.font_folder()
