"""The generated site: every page and data file, computed once per build.

Both the MkDocs hooks and the MkDocs-free ``export`` command call
:func:`generate`, so their output is the same by construction.
"""

from __future__ import annotations

import html
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Callable

from . import config
from .cache import NO_CACHE, DiskCache
from .cards import BackgroundCards, card_files
from .coverage import coverage, event_matrix
from .export.csvdata import csv_files
from .generated import GeneratedFile
from .memos import GenerationMemo
from .parallel import Fork, ForkFailed, checkpoint
from . import listings
from .export.opendata import data_files
from .feed import feed_files
from .kit import kit_files
from .layers import shared_files, site_uris
from .palette import palette_files
from .publishing import publishing_files
from .qrcodes import handout_files, handout_items
from .rebuild import PageMemo
from .renderer import Renderer
from .selftest import selftest_files
from .collective import collective_files, group_doc
from .search import records as search_keys
from .search.facets import facet_groups
from .share import CardSpec, card_specs
from .structure.model import Corpus
from .suggest.editor import INDEX as SUGGESTIONS_INDEX, cached_json as suggestions_json


@dataclass(frozen=True, slots=True)
class _PageJob:
    """A page to render: rendered with all the others by :func:`_render_pages`."""

    template: str
    url: str
    source: Path | None
    in_nav: bool
    context: dict

    def render(self, renderer: Renderer) -> str:
        context = {key: value() if isinstance(value, _Later) else value for key, value in self.context.items()}
        return renderer.render(self.template, here=self.url, **context)


class _Later:
    """A value of a page's context computed only if the page is rendered (not taken from the memo)."""

    __slots__ = ("make",)

    def __init__(self, make):
        self.make = make

    def __call__(self):
        return self.make()


def _page(renderer: Renderer, template: str, url: str, source: Path | None = None,
          in_nav: bool = False, **context) -> _PageJob:
    return _PageJob(template, url, source, in_nav, context)


# Beyond this many pages, a second process renders every other page (a fork:
# it has the corpus already); below it, forking costs more than it saves.
PARALLEL_PAGES = 1000


def _render_share(renderer: Renderer, jobs: list[_PageJob], start: int) -> list[str]:
    return [job.render(renderer) for job in jobs[start::2]]


def _render_pages(renderer: Renderer, items: list, memo: PageMemo | None = None) -> list[GeneratedFile]:
    """``items`` with each page job replaced by its rendered page, in the same order.

    With a ``memo``, a page the last generation rendered from the same
    dependencies is taken from it (coopsite/rebuild.py).

    On a large corpus, another process renders every other page meanwhile
    (the same pages: templates are pure functions of the corpus), where
    :func:`coopsite.parallel.can_fork` allows it.
    """
    jobs = [item for item in items if isinstance(item, _PageJob)]
    kept: dict[int, str] = {}
    if memo is not None:
        for index, job in enumerate(jobs):
            text = memo.reuse(job.template, job.url, job.context)
            if text is not None:
                kept[index] = text
        todo = [job for index, job in enumerate(jobs) if index not in kept]
        texts = _render_jobs(renderer, todo)
        for job, text in zip(todo, texts):
            memo.keep(job.template, job.url, job.context, text)
        memo.end()
        fresh = iter(texts)
        texts = [kept[index] if index in kept else next(fresh) for index in range(len(jobs))]
    else:
        texts = _render_jobs(renderer, jobs)
    rendered = iter(texts)
    return [GeneratedFile(config.src_uri(item.url), next(rendered), item.source, item.in_nav)
            if isinstance(item, _PageJob) else item for item in items]


def _render_jobs(renderer: Renderer, jobs: list[_PageJob]) -> list[str]:
    """The texts of ``jobs``, in their order (in two processes for many pages)."""
    other = Fork.start(_render_share, renderer, jobs, 1) if len(jobs) >= PARALLEL_PAGES else None
    if other is None:
        return [job.render(renderer) for job in jobs]
    texts: list[str] = [""] * len(jobs)
    try:
        texts[0::2] = _render_share(renderer, jobs, 0)
    except BaseException:
        other.cancel()
        raise
    try:
        texts[1::2] = other.result()
    except ForkFailed:  # the fork died: its pages are rendered here
        texts[1::2] = _render_share(renderer, jobs, 1)
    return texts


@dataclass(frozen=True)
class Generation:
    """What :func:`generate_parts` made: the pages (and their stylesheets) now, the other files
    (data, CSV, image cards, QR codes, feeds, suggestions) when :meth:`others` is called."""

    pages: list[GeneratedFile]
    others: Callable[..., list[GeneratedFile]]  # takes an optional ``stop`` (coopsite/parallel.py)


def generate(corpus: Corpus, renderer: Renderer | None = None, site_url: str = "",
             cache: DiskCache = NO_CACHE, site_name: str | None = None,
             cards: BackgroundCards | None = None, memo: PageMemo | None = None) -> list[GeneratedFile]:
    """All generated files, in a stable order (see :func:`generate_parts`)."""
    made = generate_parts(corpus, renderer, site_url, cache, site_name, cards, memo)
    return made.pages + made.others()


def generate_parts(corpus: Corpus, renderer: Renderer | None = None, site_url: str = "",
                   cache: DiskCache = NO_CACHE, site_name: str | None = None,
                   cards: BackgroundCards | None = None, memo: PageMemo | None = None) -> Generation:
    """The generated files: the pages now, the others when asked (the preview shows the pages first).

    ``site_url`` is the public address of the site (``SITE_URL``); the
    handouts' QR codes need it and are left out without it, and the share
    menus' links are then completed in the browser.

    With ``cards``, the image cards missing from ``cache`` may be drawn in the
    background: the caller then calls ``cards.wait()`` before it copies them.

    With a ``memo`` (the engines' preview, which generates after every save),
    the pages a change does not touch are taken from the last generation.
    """
    renderer = renderer or Renderer(corpus, site_url)
    site_name = corpus.publication.site_name if site_name is None else site_name
    if memo is not None:
        memo.begin(corpus, site_url, site_name)
    grid = corpus.grid
    files = [
        _page(renderer, "pages/home.md.j2", config.HOME, in_nav=True,
              recent_events=corpus.events[:listings.HOME_EVENTS]),
        _page(renderer, "pages/grid.md.j2", config.GRID, grid.source_path, in_nav=True),
    ]
    # Listings are cut into pages of bounded weight (coopsite/listings.py).
    files += [_page(renderer, "pages/events.md.j2", p.url, in_nav=p.number == 1, pager=p)
              for p in listings.event_pages(corpus)]
    files += [_page(renderer, "pages/cases.md.j2", p.url, in_nav=p.number == 1, pager=p)
              for p in listings.case_pages(corpus)]
    files += [_page(renderer, "pages/quotes.md.j2", p.url, in_nav=p.number == 1, pager=p,
                    quotes_by_general=quotes_by_general(corpus) if p.number == 1 else None)
              for p in listings.quote_pages(corpus)]
    files += [_page(renderer, "pages/event.md.j2", config.event_url(e), e.source_path, event=e,
                    matrix=_Later(lambda e=e: event_matrix(corpus, e)))
              for e in corpus.events]
    files += [_page(renderer, "pages/case.md.j2", config.case_url(c), c.source_path, case=c)
              for c in corpus.cases]
    files += [_page(renderer, "pages/indicator.md.j2", config.indicator_url(i), grid.source_path, ind=i,
                    recent=listings.recent_quotes(i.quotes)[:listings.INDICATOR_PREVIEW])
              for i in grid.indicators]
    files += [_page(renderer, "pages/indicator_quotes.md.j2", p.url, grid.source_path, ind=i, pager=p)
              for i in grid.indicators for p in listings.indicator_quote_pages(i)]
    files.append(_page(renderer, "pages/coverage.md.j2", config.COVERAGE, in_nav=True, cov=coverage(corpus),
                       recent_events=corpus.events[:listings.HOME_EVENTS]))
    files += [_page(renderer, "pages/handout.md.j2", config.handout_url(e), e.source_path, event=e,
                    site_url=site_url, items=_Later(lambda e=e: handout_items(corpus, e, site_url)))
              for e in corpus.events]
    files += selftest_files(corpus, renderer, group_doc=group_doc(grid))
    files += collective_files(corpus, renderer, site_url)
    files += kit_files(corpus, renderer, site_url)
    files += [_page(renderer, "pages/quote.md.j2", config.quote_page_url(q), q.case.source_path, quote=q)
              for q in corpus.quotes]
    files.append(_page(renderer, "search/page.md.j2", config.SEARCH, in_nav=True,
                       groups=facet_groups(corpus), keys=search_keys))
    files = _render_pages(renderer, files, memo)
    # The guides and the front end every site shares, unless the site has its own (coopsite/layers.py).
    files += palette_files(corpus.root)
    own_pages = site_uris(corpus.root)
    files += shared_files(corpus.root, render=lambda text: renderer.render_text(text, own_pages=own_pages))
    specs = card_specs(corpus, site_name)
    files = with_cards(files, specs)
    # Last: the site map lists every page above.
    files += publishing_files(corpus, renderer, files)

    def other_files(cards: BackgroundCards | None = cards, stop: Callable[[], bool] | None = None) -> list[GeneratedFile]:
        """``stop``: the preview's background step asks, between two groups of files, whether a
        newer save made them useless (coopsite/parallel.py: checkpoint)."""
        groups = (
            lambda: data_files(corpus).items(), lambda: csv_files(corpus).items(),
            lambda: handout_files(corpus, site_url, cache).items(),
            lambda: card_files(specs, site_name, cache, cards).items(),
            # The editor's indicator suggestions, ranked in the browser (coopsite/suggest/editor.py).
            lambda: [(SUGGESTIONS_INDEX, suggestions_json(corpus, cache))],
            # The news feeds (Atom), with SITE_URL only: their addresses must be absolute.
            lambda: feed_files(corpus, site_url, site_name, {spec.uri for spec in specs}).items())
        made = []
        for group in groups:
            checkpoint(stop)
            made += [GeneratedFile(path, content) for path, content in group()]
        return made
    return Generation(files, other_files)


def with_cards(files: list[GeneratedFile], specs: list[CardSpec]) -> list[GeneratedFile]:
    """Each page that has an image card names it in its front matter (``card``,
    ``card_alt``), which ``coopsite/shared/overrides/main.html`` turns into share meta tags.

    The handout of a round table uses its round table's card.
    """
    by_page = {config.src_uri(spec.page_url): spec for spec in specs}
    for spec in specs:
        if spec.page_url.startswith(config.EVENTS) and spec.page_url != config.EVENTS:
            by_page[config.src_uri(spec.page_url + config.HANDOUT)] = spec
    out = []
    for item in files:
        spec = by_page.get(item.src_uri)
        if spec is not None and isinstance(item.content, str) and item.content.startswith("---\n"):
            key = (item.content, spec.uri, spec.alt)
            text = _with_card.get(key)
            if text is None:
                # Escaped like the title and description (see renderer.front_matter).
                alt = html.escape(" ".join(spec.alt.split()), quote=True)
                fields = f"card: {json.dumps(spec.uri)}\ncard_alt: {json.dumps(alt, ensure_ascii=False)}\n"
                text = _with_card.put(key, "---\n" + fields + item.content[4:])
            item = replace(item, content=text)
        out.append(item)
    _with_card.end()
    return out


# A preview generates again and again the same pages (see coopsite/rebuild.py): coopsite/memos.py.
_with_card: GenerationMemo[tuple[str, str, str], str] = GenerationMemo("with_card")


def quotes_by_general(corpus: Corpus) -> dict[str, list]:
    """Quotes under each general objective they illustrate, in corpus order."""
    grouped: dict[str, list] = {g.id: [] for g in corpus.grid.general_objectives}
    for quote in corpus.quotes:
        for general_id in dict.fromkeys(i.general.id for i in quote.indicators):
            grouped[general_id].append(quote)
    return grouped
