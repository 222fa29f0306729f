"""QR codes for the printed handouts, as SVG made at build time with segno.

A QR code always holds an absolute address built from ``site_url``
(``SITE_URL``). Without it there is no code at all, never a wrong one.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from importlib.metadata import version

from . import config
from .cache import NO_CACHE, DiskCache, digest
from .structure.model import Corpus, Event

ERROR_LEVEL = "m"   # survives a crumpled or badly printed handout
BORDER = 4          # the quiet zone the QR standard asks for
# A fixed mask pattern (any of the eight is valid and read by every scanner):
# trying all eight to score them is 4 times slower, a cost paid per code and
# per build (benchmark, docs/performances.md).
MASK = 0


def qr_svg(address: str, cache: DiskCache = NO_CACHE) -> str:
    """The SVG of a QR code holding ``address``; deterministic, no XML declaration.

    Encoding is the costliest step of a build (a few milliseconds per code,
    one code per case): with a ``cache``, each code is made once.
    """
    key = digest(_segno_version(), ERROR_LEVEL, str(BORDER), str(MASK), address)
    cached = cache.get("qr", key)
    if cached is not None:
        return cached.decode("utf-8")
    svg = _make_svg(address)
    cache.put("qr", key, svg.encode("utf-8"))
    return svg


@cache
def _segno_version() -> str:
    return version("segno")  # part of the cache key: another segno may draw otherwise


def _make_svg(address: str) -> str:
    import segno  # only when a code is really made

    code = segno.make(address, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
    out = io.BytesIO()
    code.save(out, kind="svg", scale=1, border=BORDER, xmldecl=False, svgns=True, omitsize=True,
              dark="#000", light="#fff", svgclass=None, lineclass=None, title=f"Code QR : {address}", nl=True)
    return out.getvalue().decode("utf-8")


@dataclass(frozen=True, slots=True)
class HandoutItem:
    label: str       # what the code leads to, in French
    url: str         # site-root relative page URL
    address: str     # absolute URL, "" when site_url is not set
    svg_name: str    # file name of the QR code, next to the handout page

    def svg_uri(self, event: Event) -> str:
        return f"{config.handout_url(event)}{self.svg_name}"


def handout_items(corpus: Corpus, event: Event, site_url: str) -> list[HandoutItem]:
    """What a round table's handout points to: its page, each case, the self-test."""
    def item(label: str, url: str, name: str) -> HandoutItem:
        return HandoutItem(label, url, config.share_url(site_url, url), f"qr-{name}.svg")

    items = [item(f"La table ronde : {event.title}", config.event_url(event), "table-ronde")]
    items += [item(case.title, config.case_url(case), f"temoignage-{case.slug}") for case in event.cases]
    items.append(item("Testez votre degré de coopération (autodiagnostic)", config.SELFTEST, "autodiagnostic"))
    return items


def handout_files(corpus: Corpus, site_url: str, cache: DiskCache = NO_CACHE) -> dict[str, str]:
    """The QR code SVG files of every handout, by path; none without ``site_url``."""
    if not site_url:
        return {}
    return {it.svg_uri(event): qr_svg(it.address, cache)
            for event in corpus.events for it in handout_items(corpus, event, site_url)}
