"""What outlives a build: every memo the process keeps from one build to the next, and its rule.

A build is a function of the sources; a memo only keeps what a build (or a preview's
refresh) computes again and again from the same input. Each memo is keyed by all its
value depends on, so a stale entry is never read: its rule says when entries are
dropped, which bounds the memory a long preview takes.

=========================  ==========================================  =======================================
memo                       keeps, keyed by                             entries dropped
=========================  ==========================================  =======================================
``with_card``              a page's text with its card's front         not used by the last generation
(``site.py``)              matter, by (page text, card, alt text)
``page_titles``            a page's title, by its text                 not used by the last generation
(``publishing/sitemap.py``)
``card_keys``              a card's cache key, by (card, site name)    all, past 100,000
(``cards.py``)
``mkdocs_configs``         the site's ``mkdocs.yml`` read without      all but the last file read
(``structure/loader.py``)  MkDocs, by (path, time, size)
the preview's page memo    a page's text, by its template, address     not used by the last generation
(``rebuild.PageMemo``,     and the digests of what it shows            (the preview's ``Session`` holds it)
in ``adapter/state.py``)
=========================  ==========================================  =======================================

Not memos of a build, and so not here: ``functools`` caches of what never changes
while the process runs (the package's schemas and fonts, a Markdown converter), and
the build cache on disk (``.cache/``, ``coopsite/cache.py``), keyed by content digests.
"""

from __future__ import annotations

from typing import Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(Generic[K, V]):
    """A named memo; ``limit``: past this many entries, all are dropped (``None``: no limit)."""

    def __init__(self, name: str, limit: int | None = None):
        self.name, self.limit = name, limit
        self._entries: dict[K, V] = {}
        MEMOS.append(self)

    def get(self, key: K) -> V | None:
        return self._entries.get(key)

    def put(self, key: K, value: V) -> V:
        if self.limit is not None and len(self._entries) >= self.limit:
            self._entries.clear()
        self._entries[key] = value
        return value

    def clear(self) -> None:
        self._entries.clear()

    def __len__(self) -> int:
        return len(self._entries)


class GenerationMemo(Memo[K, V]):
    """A memo that keeps, from one generation to the next, only what the last one used.

    A generation asks :meth:`get` and :meth:`put` for what it makes, then calls :meth:`end`:
    what it neither read nor made is dropped (a page that changed leaves no old text behind).
    """

    def __init__(self, name: str):
        super().__init__(name)
        self._used: dict[K, V] = {}

    def get(self, key: K) -> V | None:
        value = self._entries.get(key)
        if value is not None:
            self._used[key] = value
        return value

    def put(self, key: K, value: V) -> V:
        self._used[key] = value
        return value

    def end(self) -> None:
        self._entries, self._used = self._used, {}

    def clear(self) -> None:
        self._entries, self._used = {}, {}


MEMOS: list[Memo] = []  # every memo of the process, in the order their modules made them


def clear_all() -> None:
    """Forget everything every memo keeps (a test that wants a first build)."""
    for memo in MEMOS:
        memo.clear()
