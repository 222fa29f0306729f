"""What a change to the sources touches: the pages to render again.

While a site is being edited, :func:`coopsite.site.generate` runs after every
save. Rendering every page costs seconds on a large corpus, though a save
changes one testimony. A :class:`PageMemo` keeps the pages of the previous
generation; the next one takes from it every page whose dependencies the
change does not touch, and renders the others.

The dependencies are few and named here, by page template. A round table
counts twice: ``event`` is what its own file says (title, date…),
``event-cases`` is its list of testimonies.

* a testimony's page, and each of its quotes' pages: the testimony and its
  round table;
* a round table's page and handout: the round table and its testimonies;
* an indicator's page: the indicator (and so the quotes that cite it);
* a page of a listing (an indicator's « citations » pages too): the items it
  shows, and their places in the listing;
* every other page (home, grid, coverage, search, self-test…): everything;
  they are rendered every time.

A change to a testimony's file touches the testimony, the list of testimonies
of its round table (before and after the change) and every indicator its
quotes cite (before and after).
A change to a round table's file touches the round table and all of its
testimonies. Any other change (the grid, ``site.yml``, the site's name or
address, a file the rules do not know) touches everything: nothing is taken
from the memo, never a stale page.

A memo is only correct for the same templates: the engine throws it away when
the generator's own files change. ``tests/test_rebuild.py`` checks, edit after
edit, that a generation with the memo equals one without.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from .structure.loader import SITE_FILE
from .structure.model import Case, Corpus

__all__ = ["PageMemo", "dependencies", "source_digests", "touched"]

EVERYTHING = None  # what `touched` and `dependencies` return when they cannot narrow it down

# The listings' templates, whose pages depend on the items they show.
_LISTINGS = {"pages/events.md.j2", "pages/cases.md.j2", "pages/quotes.md.j2", "pages/indicator_quotes.md.j2"}


def source_digests(corpus: Corpus) -> dict[Path, str]:
    """Every source file of ``corpus`` (grid, round tables, testimonies, site.yml) and a hash of its bytes:
    the bytes the loader read, or the files' bytes now for a corpus made otherwise."""
    if corpus.digests:
        return {Path(path): value for path, value in corpus.digests.items()}
    paths = [corpus.grid.source_path, *(e.source_path for e in corpus.events),
             *(c.source_path for c in corpus.cases)]
    site_file = Path(corpus.root) / SITE_FILE
    if site_file.is_file():
        paths.append(site_file)
    out = {}
    for path in paths:
        try:
            out[Path(path)] = hashlib.sha1(Path(path).read_bytes()).hexdigest()
        except OSError:
            out[Path(path)] = ""  # unreadable now: differs from what was read, so it counts as changed
    return out


def _case_keys(case: Case) -> set[tuple[str, str]]:
    """What a change to ``case`` touches: itself, its round table's list of testimonies, its indicators."""
    keys = {("case", case.id), ("event-cases", case.event.id)}
    keys.update(("indicator", ind.id) for quote in case.quotes for ind in quote.indicators)
    return keys


def touched(before: Corpus, before_digests: dict[Path, str], after: Corpus,
            after_digests: dict[Path, str]) -> frozenset | None:
    """The keys of what changed from ``before`` to ``after``, or None for everything."""
    changed = {path for path in before_digests.keys() | after_digests.keys()
               if before_digests.get(path) != after_digests.get(path)}
    if not changed:
        return frozenset()
    if before.grid.source_path != after.grid.source_path or before.publication != after.publication:
        return EVERYTHING
    sides = [({c.source_path: c for c in corpus.cases}, {e.source_path: e for e in corpus.events})
             for corpus in (before, after)]
    if any(not any(path in cases or path in events for cases, events in sides) for path in changed):
        return EVERYTHING  # the grid, site.yml
    keys: set[tuple[str, str]] = set()
    for cases, events in sides:
        for path in changed:
            if path in cases:
                keys |= _case_keys(cases[path])
            elif path in events:
                keys |= {("event", events[path].id), ("event-cases", events[path].id)}
                for case in events[path].cases:
                    keys |= _case_keys(case)
    return frozenset(keys)


def dependencies(template: str, context: dict) -> tuple[frozenset | None, tuple]:
    """What a page depends on (None: everything) and its shape (what else makes it differ)."""
    if template in ("pages/case.md.j2",):
        case = context["case"]
        return frozenset({("case", case.id), ("event", case.event.id)}), ()
    if template == "pages/quote.md.j2":
        case = context["quote"].case
        return frozenset({("case", case.id), ("event", case.event.id)}), ()
    if template in ("pages/event.md.j2", "pages/handout.md.j2"):
        event = context["event"]
        return frozenset({("event", event.id), ("event-cases", event.id)}), ()
    if template == "pages/indicator.md.j2":
        return frozenset({("indicator", context["ind"].id)}), ()
    if template in _LISTINGS and context.get("quotes_by_general") is None:
        pager = context["pager"]
        keys: set[tuple[str, str]] = set()
        for item in pager.items:
            case = getattr(item, "case", None)
            if case is not None:  # a quote
                keys |= {("case", case.id), ("event", case.event.id)}
            elif hasattr(item, "quotes"):  # a testimony
                keys |= {("case", item.id), ("event", item.event.id)}
            else:  # a round table, with its testimonies
                keys |= {("event", item.id), ("event-cases", item.id)}
        shape = (pager.number, pager.count, pager.total, pager.first_index,
                 tuple(getattr(item, "id", None) for item in pager.items))
        return frozenset(keys), shape
    return EVERYTHING, ()


class PageMemo:
    """The pages of the last generation, by template and address, with what
    they were rendered from; kept by whoever generates again and again (the
    engines' preview)."""

    def __init__(self) -> None:
        self._pages: dict[tuple[str, str], tuple[tuple, str]] = {}
        self._inputs: tuple | None = None  # (corpus, digests, site_url, site_name) of the last generation
        self._touched: frozenset | None = EVERYTHING
        self._next: dict[tuple[str, str], tuple[tuple, str]] = {}
        self.reused = 0
        self.rendered = 0

    def begin(self, corpus: Corpus, site_url: str, site_name: str) -> None:
        """A generation of ``corpus`` starts: find what changed since the last one."""
        digests = source_digests(corpus)
        previous = self._inputs
        if previous is None or previous[2:] != (site_url, site_name):
            self._touched = EVERYTHING
        else:
            self._touched = touched(previous[0], previous[1], corpus, digests)
        self._inputs = (corpus, digests, site_url, site_name)
        self._next = {}
        self.reused = self.rendered = 0

    def reuse(self, template: str, url: str, context: dict) -> str | None:
        """The page kept from the last generation, if nothing it depends on changed."""
        keys, shape = dependencies(template, context)
        kept = self._pages.get((template, url))
        if kept is None or keys is EVERYTHING or self._touched is EVERYTHING:
            return None
        if kept[0] != shape or not keys.isdisjoint(self._touched):
            return None
        self._next[(template, url)] = kept
        self.reused += 1
        return kept[1]

    def keep(self, template: str, url: str, context: dict, text: str) -> None:
        """A page just rendered, for the next generation."""
        self._next[(template, url)] = (dependencies(template, context)[1], text)
        self.rendered += 1

    def end(self) -> None:
        """The generation is complete: its pages replace the last one's."""
        self._pages, self._next = self._next, {}

    def forget(self) -> None:
        """Render everything next time (a generation failed, or the templates changed)."""
        self._pages, self._next, self._inputs = {}, {}, None
