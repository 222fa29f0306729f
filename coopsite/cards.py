"""Image cards: one PNG of 1200 × 630 per shared page, drawn at build time with Pillow.

What a card says comes from ``coopsite.share`` (:class:`CardSpec`); this
module only lays it out and draws it.

* **Font:** Source Sans Pro (Adobe, SIL Open Font License 1.1), installed
  from PyPI by the ``font-source-sans-pro`` package: never a system font,
  never a download at build time.
* **Cheap, small and deterministic:** each glyph is rendered once by
  FreeType (through Pillow) and kept; a card pastes the glyphs it needs into
  one layer of palette indices (0 = background, ``FULL`` = white text, lower
  values = lighter text and antialiased edges, ``FULL + 1`` = the accent
  colour). The 16 colours run from the background to white, so the layer is
  written as it is as a 4-bit palette PNG, compressed by zlib-ng: no colour
  conversion, no quantisation, 25 to 40 KB and about 1 ms of CPU a card.
* **Cached** in the content-addressed build cache (key: the card's texts,
  the style version, the versions of Pillow, the font and zlib-ng) and, on a
  cold build with many cards, drawn by a pool of processes.
"""

from __future__ import annotations

import os
import struct
import zlib
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache
from importlib.metadata import version
from importlib.util import find_spec
from pathlib import Path

from zlib_ng import zlib_ng

from .cache import NO_CACHE, DiskCache, digest
from .memos import Memo
from .parallel import can_fork, fork_pool
from .french import NBSP, french_spaces
from .share import CardSpec

WIDTH, HEIGHT = 1200, 630
STYLE = "card-style-4"  # change it when the drawing changes: the cache then makes new cards

# The site's colours (coopsite/shared/docs/assets/stylesheets/coop.css): Material's teal,
# darkened for contrast, and its deep orange accent (decoration only).
BACKGROUND = (0x00, 0x4D, 0x40)
TEXT = (0xFF, 0xFF, 0xFF)
ACCENT = (0xFF, 0x6E, 0x40)
# 16 colours (4 bits a pixel): 15 steps from the background to white are
# plenty for antialiased edges at these sizes, and half the bytes to compress
# of an 8-bit image.
FULL = 14     # layer value of white text
LIGHT = 11    # layer value of secondary text: a light teal, 6.7:1 on the background
ACCENT_INDEX = FULL + 1

MARGIN_LEFT, MARGIN_RIGHT = 96, 80
TOP, BOTTOM = 52, 50
BAR = 20      # the accent bar on the left edge
TEXT_WIDTH = WIDTH - MARGIN_LEFT - MARGIN_RIGHT

# Sizes of the main text, largest first: the first one whose lines fit is kept.
QUOTE_SIZES = (60, 54, 48, 43, 39, 35)
TITLE_SIZES = (76, 68, 60, 52, 46, 40)
LINE_HEIGHT = 1.2
ELLIPSIS = "…"

FONT_PACKAGE = "font-source-sans-pro"
FACES = {"regular": "SourceSansPro-Regular.ttf", "semibold": "SourceSansPro-Semibold.ttf",
         "bold": "SourceSansPro-Bold.ttf"}

# Parallel drawing only pays off beyond a few dozen cards (a process pool costs
# about 50 ms to start); a card takes about 3 ms.
PARALLEL_MIN = 64


class FontMissing(RuntimeError):
    pass


def font_folder() -> Path:
    spec = find_spec("font_source_sans_pro")
    if spec is None or not spec.submodule_search_locations:
        raise FontMissing(f"La police des cartes de partage manque : installez le paquet « {FONT_PACKAGE} » "
                          "(python3 tasks.py setup).")
    return Path(next(iter(spec.submodule_search_locations))) / "files"


@lru_cache(maxsize=None)
def font(face: str, size: int):
    from PIL import ImageFont

    return ImageFont.truetype(str(font_folder() / FACES[face]), size, layout_engine=ImageFont.Layout.BASIC)


@lru_cache(maxsize=65536)
def text_width(face: str, size: int, text: str) -> float:
    return font(face, size).getlength(text)


@dataclass(frozen=True, slots=True)
class Line:
    """One line of text on the card, drawn from its left baseline point."""

    text: str
    x: int
    y: int  # baseline
    face: str
    size: int
    fill: int
    role: str  # head, main, byline, detail or footer

    def box(self) -> tuple[float, float, float, float]:
        """The ink box of the line on the card (left, top, right, bottom)."""
        left, top, right, bottom = font(self.face, self.size).getbbox(self.text, anchor="ls")
        return self.x + left, self.y + top, self.x + right, self.y + bottom


# -- Line breaking ----------------------------------------------------------------------------

def _split_long(token: str, face: str, size: int, width: float) -> list[str]:
    """A token wider than the line, cut between characters (a long address, a made-up word)."""
    parts, current = [], ""
    for char in token:
        if current and text_width(face, size, current + char) > width:
            parts.append(current)
            current = char
        else:
            current += char
    return parts + [current]


def _tokens(text: str, face: str, size: int, width: float) -> list[str]:
    """Break points are the plain spaces; the last two words are kept together (no widow)."""
    tokens = text.split(" ")
    if len(tokens) >= 3:
        tokens[-2:] = [tokens[-2] + " " + tokens[-1]]
    out = []
    for token in tokens:
        if text_width(face, size, token) > width:
            out += _split_long(token, face, size, width)
        else:
            out.append(token)
    return out


def _greedy(tokens: list[str], widths: list[float], space: float, width: float) -> list[list[str]]:
    lines, current, used = [], [], 0.0
    for token, w in zip(tokens, widths):
        if current and used + space + w > width:
            lines.append(current)
            current, used = [token], w
        else:
            used += (space if current else 0.0) + w
            current.append(token)
    if current:
        lines.append(current)
    return lines


def _measured(text: str, face: str, size: int, width: float) -> tuple[list[str], list[float], float]:
    tokens = _tokens(text, face, size, width)
    return tokens, [text_width(face, size, t) for t in tokens], text_width(face, size, " ")


def fewest_lines(text: str, face: str, size: int, width: float) -> int:
    """How many lines ``text`` needs at least: :func:`wrap` never gives fewer.

    A tenth of the cost of :func:`wrap`, which balances the lines: the sizes
    and cuts that cannot fit are ruled out with it first.
    """
    return len(_greedy(*_measured(text, face, size, width), width))


def wrap(text: str, face: str, size: int, width: float) -> list[str]:
    """Balanced lines: as few as the width allows, then as even as possible."""
    tokens, widths, space = _measured(text, face, size, width)
    count = len(_greedy(tokens, widths, space, width))
    low, high = max(widths), width  # the narrowest width that keeps the same number of lines
    while high - low > 2:
        middle = (low + high) / 2
        if len(_greedy(tokens, widths, space, middle)) <= count:
            high = middle
        else:
            low = middle
    lines = [" ".join(line) for line in _greedy(tokens, widths, space, high)]
    # Sums of advances can differ from the measured line by rounding: check.
    if any(text_width(face, size, line) > width for line in lines):
        lines = [" ".join(line) for line in _greedy(tokens, widths, space, width * 0.97)]
    return lines


def fit_line(text: str, face: str, size: int, width: float) -> str:
    """One line, ended with « … » when it is too long."""
    text = " ".join(text.split())
    if text_width(face, size, text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that fits with its ellipsis
        middle = (low + high + 1) // 2
        if text_width(face, size, text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip(" ,;:.") + ELLIPSIS


def _main_text(spec: CardSpec, words: list[str], cut: bool) -> str:
    body = " ".join(words)
    if cut:
        body = body.rstrip(" ,;:.!?–—") + ELLIPSIS
    return french_spaces(f"« {body} »" if spec.quote else body)


def _main_lines(spec: CardSpec, height: float) -> tuple[list[str], str, int]:
    """(lines, face, size) of the main text in a box of ``height``."""
    face, sizes = ("semibold", QUOTE_SIZES) if spec.quote else ("bold", TITLE_SIZES)
    words = spec.text.split()
    text = _main_text(spec, words, cut=False)
    for size in sizes:
        if fewest_lines(text, face, size, TEXT_WIDTH) * size * LINE_HEIGHT > height:
            continue
        lines = wrap(text, face, size, TEXT_WIDTH)
        if len(lines) * size * LINE_HEIGHT <= height:
            return lines, face, size
    size = sizes[-1]
    max_lines = max(1, int(height // (size * LINE_HEIGHT)))
    low, high = 1, len(words) - 1  # the most words that fit, with « … »
    while low < high:
        middle = (low + high + 1) // 2
        text = _main_text(spec, words[:middle], cut=True)
        if (fewest_lines(text, face, size, TEXT_WIDTH) <= max_lines
                and len(wrap(text, face, size, TEXT_WIDTH)) <= max_lines):
            low = middle
        else:
            high = middle - 1
    lines = wrap(_main_text(spec, words[:low], cut=True), face, size, TEXT_WIDTH)
    if len(lines) > max_lines:  # one word longer than the whole box: cut inside it
        tail = f"{ELLIPSIS}{NBSP}»" if spec.quote else ELLIPSIS
        last = lines[max_lines - 1]
        while last and text_width(face, size, last + tail) > TEXT_WIDTH:
            last = last[:-1]
        lines = lines[:max_lines - 1] + [last + tail]
    return lines, face, size


def layout(spec: CardSpec, site_name: str) -> tuple[list[Line], list[tuple[int, int, int, int]]]:
    """The card's lines of text and its accent rectangles."""
    lines: list[Line] = []
    head = fit_line(f"{site_name} · {spec.kicker}" if spec.kicker else site_name, "semibold", 26, TEXT_WIDTH)
    lines.append(Line(head, MARGIN_LEFT, TOP + 24, "semibold", 26, LIGHT, "head"))
    # The foot, from the bottom up: the round table, the role, the speaker.
    y = HEIGHT - BOTTOM
    foot = []
    if spec.footer:
        foot.append(Line(fit_line(spec.footer, "regular", 24, TEXT_WIDTH), MARGIN_LEFT, y, "regular", 24, LIGHT,
                         "footer"))
        y -= 38
    if spec.detail:
        foot.append(Line(fit_line(spec.detail, "regular", 26, TEXT_WIDTH), MARGIN_LEFT, y, "regular", 26, LIGHT,
                         "detail"))
        y -= 40
    if spec.byline:
        foot.append(Line(fit_line(spec.byline, "bold", 32, TEXT_WIDTH), MARGIN_LEFT, y, "bold", 32, FULL, "byline"))
        y -= 32
    rule_y = y - 18
    rects = [(0, 0, BAR - 1, HEIGHT - 1), (MARGIN_LEFT, rule_y, MARGIN_LEFT + 71, rule_y + 4)]
    # The main text, centred in what is left between the head and the rule.
    box_top, box_bottom = TOP + 60, rule_y - 22
    main, face, size = _main_lines(spec, box_bottom - box_top)
    step = round(size * LINE_HEIGHT)
    block = step * (len(main) - 1) + size
    baseline = box_top + max(0, (box_bottom - box_top - block) // 2) + round(size * 0.8)
    for index, text in enumerate(main):
        lines.append(Line(text, MARGIN_LEFT, baseline + index * step, face, size, FULL, "main"))
    lines += reversed(foot)
    return lines, rects


# -- Drawing ------------------------------------------------------------------------------------

@cache
def palette() -> list[int]:
    """Background → white in ``FULL`` steps, then the accent colour."""
    colours = []
    for i in range(FULL + 1):
        colours += [round(b + (t - b) * i / FULL) for b, t in zip(BACKGROUND, TEXT)]
    return colours + list(ACCENT)


# Pixels left of the card in the layer: at 4 bits a pixel they make one zero
# byte at the start of each row, which is PNG's « no filter » byte, so the
# layer's packed bytes are the image data as PNG wants it.
PAD = 2


@lru_cache(maxsize=4096)
def glyph(face: str, size: int, char: str):
    """(mask, left, top, width, height, advance) of one character, rendered once by FreeType.

    ``mask`` is Pillow's core image of the glyph's ink, as the paste loop
    wants it, or ``None`` for a character without ink (a space); ``left``
    and ``top`` place it from the pen's baseline point. With Pillow's basic
    layout, advances are whole pixels and there is no kerning, so pasting
    glyphs one after the other gives the pixels ``ImageDraw.text`` gives for
    the whole line, several times faster (a test checks it; where two
    glyphs' ink overlaps, a pixel may differ by one level).
    """
    from PIL import Image, ImageDraw

    typeface = font(face, size)
    advance = typeface.getlength(char)
    left, top, right, bottom = typeface.getbbox(char, anchor="ls")
    if right > left and bottom > top:
        mask = Image.new("L", (right - left, bottom - top), 0)
        ImageDraw.Draw(mask).text((-left, -top), char, font=typeface, fill=255, anchor="ls")
        if mask.getbbox() is not None:
            return mask.im, left, top, mask.width, mask.height, advance
    return None, 0, 0, 0, 0, advance


def draw_layer(lines: list[Line], rects: list[tuple[int, int, int, int]], pad: int = 0):
    """The card as an "L" image of palette indices, ``pad`` blank pixels left of it."""
    from PIL import Image

    layer = Image.new("L", (WIDTH + pad, HEIGHT), 0)
    # Pillow's core paste, as ``Image.paste`` itself calls it: the same
    # pixels without its argument checks, which cost more than the paste of
    # a glyph (a card pastes about 400).
    paste = layer.im.paste
    for line in lines:
        pen, y = float(line.x + pad), line.y
        fill, face, size = line.fill, line.face, line.size
        for char in line.text:
            mask, left, top, width, height, advance = glyph(face, size, char)
            if mask is not None:
                x = int(pen + 0.5) + left
                paste(fill, (x, y + top, x + width, y + top + height), mask)
            pen += advance
    for x0, y0, x1, y1 in rects:
        layer.paste(ACCENT_INDEX, (x0 + pad, y0, x1 + pad + 1, y1 + 1))
    return layer


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


@cache
def _png_head() -> bytes:
    """PNG signature, header (4-bit palette, no interlace) and palette."""
    header = struct.pack(">IIBBBBB", WIDTH, HEIGHT, 4, 3, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + _chunk(b"IHDR", header) + _chunk(b"PLTE", bytes(palette()))


def draw_card(spec: CardSpec, site_name: str) -> bytes:
    """The PNG bytes of one card: same spec, same bytes."""
    lines, rects = layout(spec, site_name)
    layer = draw_layer(lines, rects, PAD)
    layer.putpalette(palette())  # "L" → "P", so that Pillow packs it at 4 bits a pixel
    rows = layer.tobytes("raw", "P;4")  # each row: the filter byte (the 2 pad pixels), then the card's row
    # zlib-ng, level 1: about 0.3 ms and 30 KB a card, where the standard
    # zlib takes 0.9 ms (its level 6: 2.7 ms for 20 KB).
    return _png_head() + _chunk(b"IDAT", zlib_ng.compress(rows, 1)) + _chunk(b"IEND", b"")


@cache
def _versions() -> str:
    return f"pillow {version('pillow')}; {FONT_PACKAGE} {version(FONT_PACKAGE)}; zlib-ng {version('zlib-ng')}"


def card_key(spec: CardSpec, site_name: str) -> str:
    key = (spec, site_name)
    found = _keys.get(key)
    return _keys.put(key, digest(STYLE, _versions(), site_name, *spec.key_parts())) if found is None else found


# A preview asks for the same card keys after every save: coopsite/memos.py.
_keys: Memo[tuple[CardSpec, str], str] = Memo("card_keys", limit=100_000)


# One card to draw: its spec, the site's name, the cache to put it in and its key there.
Job = tuple[CardSpec, str, DiskCache, str]


def _draw(job: Job) -> bytes | None:
    """Draw a card and store it: None once it is in the cache (its file is
    used from there), its bytes when the cache cannot take it."""
    spec, site_name, cache, key = job
    data = draw_card(spec, site_name)
    return None if cache.put("cards", key, data) else data


def _chunksize(jobs: list[Job], workers: int) -> int:
    return max(1, len(jobs) // (workers * 8))


def _draw_all(jobs: list[Job]) -> list[bytes | None]:
    workers = min(os.cpu_count() or 1, 4)
    if len(jobs) >= PARALLEL_MIN and can_fork():  # the same rule as every fork (coopsite/parallel.py)
        import gc

        font_folder()  # a missing font is reported here, not from a worker
        # The workers are forks: with the parent's objects frozen, their
        # garbage collector does not touch (and so copy) the parent's memory.
        gc.freeze()
        try:
            with fork_pool(workers) as pool:
                return list(pool.map(_draw, jobs, chunksize=_chunksize(jobs, workers)))
        except (OSError, ValueError, RuntimeError):
            pass  # no fork or no processes here: draw them one by one
        finally:
            gc.unfreeze()
    return [_draw(job) for job in jobs]


class CardsNotWritten(RuntimeError):
    """A card drawn in the background could not be stored: the message says why, in French."""


class BackgroundCards:
    """Cards drawn by worker processes into the build cache while the caller goes on.

    The build hands the cache's file of each card to the engine at once, and
    calls :meth:`wait` before the engine copies files: on a first build, the
    cards are drawn while the pages are converted (an engine renders pages
    on one core), not before. Without a writable cache, or a fork, or enough
    cards for a pool to pay, :func:`card_files` draws them at once instead.
    """

    def __init__(self):
        self._pool: ProcessPoolExecutor | None = None
        self._results = None
        self._jobs: list[Job] = []

    def start(self, jobs: list[Job]) -> bool:
        """Start drawing ``jobs``; False when they must be drawn now, in this process."""
        workers = max(1, min((os.cpu_count() or 1) - 1, 4))  # a core is left to the engine
        # Forks, which have the fonts and the specs already (coopsite/parallel.py).
        if len(jobs) < PARALLEL_MIN or not can_fork() or not jobs[0][2].writable("cards"):
            return False
        import gc

        font_folder()
        gc.freeze()  # the forks' garbage collector leaves the shared memory alone
        try:
            self._pool = fork_pool(workers)
            self._results = self._pool.map(_draw, jobs, chunksize=_chunksize(jobs, workers))
        except (OSError, ValueError, RuntimeError):
            self.cancel()
            return False
        finally:
            gc.unfreeze()  # the workers are forked by now: map() has submitted every job
        self._jobs = jobs
        return True

    def wait(self) -> None:
        """Return once every card is in the cache (drawn here if a worker left one out)."""
        if self._pool is None:
            return
        try:
            drawn = list(self._results)
        except Exception:  # a worker died (killed, out of memory): what is missing is drawn below
            drawn = [None] * len(self._jobs)
        finally:
            self._pool.shutdown()
            self._pool = None
        for (spec, site_name, cache, key), data in zip(self._jobs, drawn):
            if cache.path("cards", key) is None and not cache.put("cards", key, data or draw_card(spec, site_name)):
                raise CardsNotWritten(f"la carte de partage {spec.uri} n'a pas pu être écrite dans "
                                      f"{cache.folder} (disque plein ou dossier en lecture seule ?)")

    def cancel(self) -> None:
        """Stop the workers (the build failed): no card is left half-written (see DiskCache.put)."""
        if self._pool is not None:
            self._pool.shutdown(wait=False, cancel_futures=True)
            self._pool = None


def card_files(specs: list[CardSpec], site_name: str, cache: DiskCache = NO_CACHE,
               background: BackgroundCards | None = None) -> dict[str, bytes | Path]:
    """Every card, by path, in the order of ``specs``: the file in the cache
    when there is a cache (the workers write it there; it is copied into the
    site, never read back), else the PNG bytes.

    With ``background``, the missing cards are drawn in the background where
    possible: their files are then only there once ``background.wait()`` returns.
    """
    found: dict[str, bytes | Path] = {}
    missing: list[Job] = []
    for spec in specs:
        key = card_key(spec, site_name)
        path = cache.path("cards", key)
        if path is None:
            missing.append((spec, site_name, cache, key))
        else:
            found[spec.uri] = path
    if missing and background is not None and background.start(missing):
        for spec, _, _, key in missing:
            found[spec.uri] = cache.entry("cards", key)
    else:
        for (spec, _, _, key), data in zip(missing, _draw_all(missing)):
            # A file gone already (the cache emptied meanwhile) is drawn again here.
            found[spec.uri] = data if data is not None else cache.path("cards", key) or draw_card(spec, site_name)
    return {spec.uri: found[spec.uri] for spec in specs}
