"""Image cards (coopsite.cards): layout within the margins, French typography,
contrast, weight, determinism, cache and the pool; no build needed here.

The built site's cards, quote pages and meta tags: tests/test_quote_pages.py.
"""

from __future__ import annotations

import io
from dataclasses import replace
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from coopsite import cards
from coopsite.cache import NO_CACHE, DiskCache
from coopsite.cards import (ACCENT_INDEX, FULL, HEIGHT, LIGHT, MARGIN_LEFT, MARGIN_RIGHT, WIDTH, card_files,
                            draw_card, draw_layer, font, layout, palette)
from coopsite.french import NBSP, NNBSP, french_spaces
from coopsite.share import CardSpec, card_specs, quote_card
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


def pixels(data: bytes) -> bytes:
    """The palette indices of a PNG card, row by row."""
    image = Image.open(io.BytesIO(data))
    image.load()
    return image.tobytes()


def pillow_drawing(spec: CardSpec) -> bytes:
    """The card's layer drawn line by line with Pillow's own ``ImageDraw.text``."""
    lines, rects = layout(spec, SITE)
    layer = Image.new("L", (WIDTH, HEIGHT), 0)
    pen = ImageDraw.Draw(layer)
    for line in lines:
        pen.text((line.x, line.y), line.text, font=font(line.face, line.size), fill=line.fill, anchor="ls")
    for rect in rects:
        pen.rectangle(rect, fill=ACCENT_INDEX)
    return layer.tobytes()


@pytest.mark.parametrize("text", [
    "Ce qui nous a fait avancer, c’est la confiance : « on » l’a construite pas à pas !",
    "ŒUVRE Æsop déjà‑vu ÉÈÊËÀÂÎÏÔÛÙÜŸÇ œæ 1 234,5 € — 10 %",
    "AVATAR Te Vo fi fl ff ffi « Tout‑à‑l’heure » ?!",
    "<script>alert('x')</script> \" onerror=alert(1) <img src=x>",
    "x" * 300,
])
def test_glyphs_pasted_one_by_one_give_pillow_s_own_pixels(text):
    """Same places, same shapes. Where the ink of two neighbouring glyphs
    overlaps (rare: a few accented capitals), Pillow keeps the darker of the
    two and a paste blends them: one level of 14 apart, on a pixel or two."""
    spec = quote_spec(text, byline="Élise Müller-Ænéas · AV Te")
    expected = pillow_drawing(spec)
    lines, rects = layout(spec, SITE)
    for got in (pixels(draw_card(spec, SITE)), draw_layer(lines, rects).tobytes()):
        apart = [abs(a - b) for a, b in zip(got, expected) if a != b]
        assert len(got) == len(expected) == WIDTH * HEIGHT
        assert max(apart, default=0) <= 1 and len(apart) <= 3, (len(apart), max(apart, default=0))


def test_only_touching_glyphs_may_differ_from_pillow():
    spec = quote_spec("Ce qui nous a fait avancer, c’est la confiance construite pas à pas.")
    assert pixels(draw_card(spec, SITE)) == pillow_drawing(spec)


def test_the_card_is_a_valid_4_bit_png_of_16_colours(longest):
    data = draw_card(longest, SITE)
    image = Image.open(io.BytesIO(data))
    image.load()  # decodes every row: a wrong length or checksum raises here
    assert image.mode == "P" and image.size == (WIDTH, HEIGHT)
    assert image.getpalette()[:48] == palette() and len(palette()) == 16 * 3
    assert max(image.tobytes()) == ACCENT_INDEX == FULL + 1 == 15
    assert image.getpixel((0, 0)) == ACCENT_INDEX and image.getpixel((WIDTH - 1, HEIGHT - 1)) == 0
    # Pillow's own encoder, from the same pixels, reads back the same: our PNG is standard.
    again = io.BytesIO()
    image.save(again, "PNG")
    assert Image.open(again).tobytes() == image.tobytes()


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


def test_the_pool_draws_the_same_bytes(corpus, alone):
    specs = card_specs(corpus, SITE)
    jobs = [(spec, SITE, NO_CACHE, "") for spec in (specs * 4)[:cards.PARALLEL_MIN]]
    assert cards._draw_all(jobs) == [draw_card(spec, SITE) for spec, *_ in jobs]


def test_the_pool_writes_the_cards_into_the_cache(tmp_path, corpus, alone):
    specs = (card_specs(corpus, SITE) * 4)[:cards.PARALLEL_MIN]
    specs = [replace(spec, page_url=f"citations/essai-{n}/") for n, spec in enumerate(specs)]
    cache = DiskCache(tmp_path)
    files = card_files(specs, SITE, cache)
    assert all(isinstance(path, Path) and path.is_relative_to(tmp_path) for path in files.values())
    for spec in specs:
        assert files[spec.uri].read_bytes() == draw_card(spec, SITE), spec.uri


def test_without_a_writable_cache_the_cards_are_bytes(tmp_path, corpus):
    blocker = tmp_path / "file"
    blocker.write_text("pas un dossier")
    specs = card_specs(corpus, SITE)[:3]
    files = card_files(specs, SITE, DiskCache(blocker / "cache"))
    assert [files[spec.uri] for spec in specs] == [draw_card(spec, SITE) for spec in specs]


def test_a_missing_font_is_a_clear_french_message(monkeypatch):
    monkeypatch.setattr(cards, "find_spec", lambda name: None)
    with pytest.raises(cards.FontMissing, match="font-source-sans-pro"):
        cards.font_folder()


def _many_specs(corpus) -> list[CardSpec]:
    specs = (card_specs(corpus, SITE) * 4)[:cards.PARALLEL_MIN]
    return [replace(spec, page_url=f"citations/essai-{n}/") for n, spec in enumerate(specs)]


def test_background_cards_are_the_cards_of_a_first_build(tmp_path, corpus, alone):
    """The build goes on while another process draws; after wait(), each promised file holds its card."""
    specs = _many_specs(corpus)
    cache = DiskCache(tmp_path)
    background = cards.BackgroundCards()
    files = card_files(specs, SITE, cache, background)
    assert background._pool is not None  # drawn elsewhere, not yet waited for
    assert all(isinstance(path, Path) and path.is_relative_to(tmp_path) for path in files.values())
    background.wait()
    assert background._pool is None
    for spec in specs:
        assert files[spec.uri].read_bytes() == draw_card(spec, SITE), spec.uri
    assert card_files(specs, SITE, cache, cards.BackgroundCards()) == files  # the next build draws nothing


@pytest.mark.parametrize("why", ["few cards", "no cache", "cache not writable", "another thread runs"])
def test_background_cards_are_drawn_at_once_when_they_cannot_wait(tmp_path, corpus, why, monkeypatch):
    from coopsite import parallel

    monkeypatch.setattr(parallel, "_other_threads", lambda: 1 if why == "another thread runs" else 0)
    specs = card_specs(corpus, SITE)[:3] if why == "few cards" else _many_specs(corpus)
    if why == "no cache":
        cache = NO_CACHE
    elif why == "cache not writable":
        (tmp_path / "file").write_text("pas un dossier")
        cache = DiskCache(tmp_path / "file" / "cache")
    else:
        cache = DiskCache(tmp_path)
    background = cards.BackgroundCards()
    files = card_files(specs, SITE, cache, background)
    assert background._pool is None
    assert [files[s.uri] if isinstance(files[s.uri], bytes) else files[s.uri].read_bytes() for s in specs] == \
        [draw_card(spec, SITE) for spec in specs]


def test_a_card_a_worker_left_out_is_drawn_by_wait(tmp_path, corpus, alone):
    specs = _many_specs(corpus)
    cache = DiskCache(tmp_path)
    background = cards.BackgroundCards()
    files = card_files(specs, SITE, cache, background)
    background.wait()
    files[specs[5].uri].unlink()  # as if a worker had been killed before storing it
    background._pool, background._results = cards.fork_pool(1), iter([None] * len(specs))
    background.wait()
    assert files[specs[5].uri].read_bytes() == draw_card(specs[5], SITE)


def test_a_card_the_cache_refuses_after_the_start_is_a_french_error(tmp_path, corpus, monkeypatch, alone):
    specs = _many_specs(corpus)
    background = cards.BackgroundCards()
    card_files(specs, SITE, DiskCache(tmp_path), background)
    background.wait()
    for path in tmp_path.rglob("*"):
        if path.is_file():
            path.unlink()  # the cache emptied meanwhile, and now full
    monkeypatch.setattr(DiskCache, "put", lambda self, *args: False)
    background._pool, background._results = cards.fork_pool(1), iter([None] * len(specs))
    with pytest.raises(cards.CardsNotWritten, match=r"la carte de partage citations/essai-0/carte\.png n'a pas pu"):
        background.wait()


def test_cancelled_background_cards_stop_their_workers(tmp_path, corpus, alone):
    background = cards.BackgroundCards()
    card_files(_many_specs(corpus), SITE, DiskCache(tmp_path), background)
    pool = background._pool
    background.cancel()
    assert background._pool is None and pool._shutdown_thread
    background.wait()  # nothing left to wait for
