"""The records as Pagefind is given them, prepared once.

Each record's JSON makes the key of the index in the build cache; each
record's small page is what Pagefind reads, when the index must be written.
On a large corpus, a fork of the build prepares the corpus's records while
the engine converts the pages (:class:`CorpusRecords`), at the lowest
priority: the main process receives them when the last written page is
rendered, instead of computing them then, on the engine's core.
"""

from __future__ import annotations

import json
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from ..parallel import Fork, ForkFailed, can_fork, checkpoint
from ..structure.model import Corpus
from .indexer import write_pages
from .records import Record, corpus_records

# Below this many records, preparing them takes a tenth of a second or less: no fork. (The
# benchmark's 100 testimonies have about 550; the suite's scale test, 150 of them, about 800.)
FORK_MIN = 700


@dataclass
class Prepared:
    """``records``, each one's JSON (``parts``), and where the first ``ready`` of their pages
    are already written (``folder``, its files numbered from 0), if anywhere."""

    records: list[Record]
    parts: list[str]
    folder: Path | None = None
    ready: int = 0
    owned: list[Path] = field(default_factory=list)  # folders to remove once the index is written

    def __add__(self, other: "Prepared") -> "Prepared":
        return Prepared(self.records + other.records, self.parts + other.parts, self.folder, self.ready,
                        self.owned + other.owned)

    def key_text(self) -> str:
        """The JSON list of the records' contents (the same text as one ``json.dumps`` of them all)."""
        return "[" + ", ".join(self.parts) + "]"

    def cleanup(self) -> None:
        for folder in self.owned:
            shutil.rmtree(folder, ignore_errors=True)
        self.owned = []


def prepare(records: list[Record], stop: Callable[[], bool] | None = None) -> Prepared:
    """The records with their JSON text (``stop``: coopsite/parallel.py, checkpoint)."""
    parts = []
    for number, record in enumerate(records):
        if number % 500 == 0:
            checkpoint(stop)
        parts.append(json.dumps(record.pagefind(), ensure_ascii=False, sort_keys=True))
    return Prepared(records, parts)


class CorpusRecords:
    """The corpus's records, prepared by a fork of the build (or here, when it is asked for them)."""

    def __init__(self, corpus: Corpus, write: bool):
        """``write``: also write their pages, for an index that will surely be written (no index
        in the cache at all)."""
        self.corpus, self.write = corpus, write
        self._fork: Fork | None = None
        self._folder: Path | None = None
        count = len(corpus.grid.indicators) + len(corpus.events) + len(corpus.cases) + len(corpus.quotes)
        if count < FORK_MIN or not can_fork():
            return
        self._folder = Path(tempfile.mkdtemp(prefix="coopsite-search-")) if write else None
        self._fork = Fork.start(_prepare_in_fork, corpus, self._folder, nice=19)  # only the time left over
        if self._fork is None:
            self._discard()

    def result(self) -> Prepared:
        """The prepared records (waits for the fork; prepares them here if it failed or was not started)."""
        if self._fork is not None:
            try:
                prepared = self._fork.result()
            except ForkFailed:  # the fork died (killed, out of memory): made here
                prepared = None
            self._fork = None
            if prepared is not None:
                if self._folder is not None:  # handed over: whoever writes the index removes it
                    prepared.folder, prepared.ready, prepared.owned = self._folder, len(prepared.records), [self._folder]
                    self._folder = None
                return prepared
            self._discard()
        return prepare(corpus_records(self.corpus))

    def cancel(self) -> None:
        """Stop the fork (the build failed) and remove what it wrote."""
        if self._fork is not None:
            self._fork.cancel()
            self._fork = None
        self._discard()

    def _discard(self) -> None:
        if self._folder is not None:
            shutil.rmtree(self._folder, ignore_errors=True)
            self._folder = None


def _prepare_in_fork(corpus: Corpus, folder: Path | None) -> Prepared:
    records = corpus_records(corpus)
    if folder is not None:
        write_pages(records, folder)
    return prepare(records)
