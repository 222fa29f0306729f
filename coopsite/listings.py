"""Bounded listings: long lists cut into numbered pages with stable URLs.

A listing's first page keeps the listing's own URL (``paroles/``); the next
ones get ``page/2/``, ``page/3/``… under it. Items come most recent round
table first, so the first page is the one readers want after a round table.
Page sizes are fixed here, which bounds the weight of every listing page
whatever the number of cases.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Sequence, TypeVar

from . import config
from .structure.model import Case, Corpus, Event, Indicator, Quote

T = TypeVar("T")

QUOTES_PER_PAGE = 40      # Paroles and each indicator's complete list
CASES_PER_PAGE = 100      # the testimonies index
EVENTS_PER_PAGE = 50      # the round tables index
INDICATOR_PREVIEW = 12    # quotes shown on an indicator's own page
HOME_EVENTS = 3           # round tables shown on the home page


@dataclass(frozen=True, slots=True)
class Page:
    """One page of a listing: its items and where its neighbours are."""

    base: str             # the listing's URL (its first page)
    number: int           # 1-based
    count: int            # number of pages of the listing
    items: tuple
    total: int            # items in the whole listing
    first_index: int      # 1-based rank of the first item on this page

    @property
    def url(self) -> str:
        return config.page_url(self.base, self.number)

    @property
    def previous(self) -> str | None:
        return config.page_url(self.base, self.number - 1) if self.number > 1 else None

    @property
    def next(self) -> str | None:
        return config.page_url(self.base, self.number + 1) if self.number < self.count else None

    @property
    def urls(self) -> list[str]:
        return [config.page_url(self.base, n) for n in range(1, self.count + 1)]

    @property
    def last_index(self) -> int:
        return self.first_index + len(self.items) - 1

    @property
    def by_event(self) -> list[tuple[Event, list]]:
        """The page's quotes or cases, in runs sharing a round table."""
        return groups(self.items, lambda item: item.event if isinstance(item, Case) else item.case.event)


def paginate(items: Sequence[T], size: int, base: str) -> list[Page]:
    """Cut ``items`` into pages of ``size``; an empty listing still has its first page."""
    count = max(1, -(-len(items) // size))
    return [Page(base, n + 1, count, tuple(items[n * size:(n + 1) * size]), len(items), n * size + 1)
            for n in range(count)]


def groups(items: Sequence[T], key: Callable[[T], object]) -> list[tuple[object, list[T]]]:
    """Consecutive items sharing ``key``, as ``(key, items)`` pairs (a page's round tables)."""
    out: list[tuple[object, list[T]]] = []
    for item in items:
        k = key(item)
        if out and out[-1][0] is k:
            out[-1][1].append(item)
        else:
            out.append((k, [item]))
    return out


def recent_quotes(quotes: Sequence[Quote]) -> list[Quote]:
    """Most recent round table first; the corpus order within a round table."""
    return sorted(quotes, key=lambda q: q.case.event.date, reverse=True)


def recent_cases(cases: Sequence[Case]) -> list[Case]:
    return sorted(cases, key=lambda c: c.event.date, reverse=True)


def quote_pages(corpus: Corpus) -> list[Page]:
    return paginate(recent_quotes(corpus.quotes), QUOTES_PER_PAGE, config.QUOTES)


def case_pages(corpus: Corpus) -> list[Page]:
    return paginate(recent_cases(corpus.cases), CASES_PER_PAGE, config.CASES)


def event_pages(corpus: Corpus) -> list[Page]:
    # Events are loaded most recent first.
    return paginate(list(corpus.events), EVENTS_PER_PAGE, config.EVENTS)


def indicator_quote_pages(indicator: Indicator) -> list[Page]:
    """The complete list's pages; none when the indicator's own page shows every quote."""
    if len(indicator.quotes) <= INDICATOR_PREVIEW:
        return []
    return paginate(recent_quotes(indicator.quotes), QUOTES_PER_PAGE, config.indicator_quotes_url(indicator))
