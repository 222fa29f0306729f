"""What the MkDocs adapter holds: one build's state, typed, and the session the builds belong to.

A :class:`BuildState` is made by ``on_config`` for each build, filled by the hooks that
follow it (``on_files``, ``on_nav``, ``on_env``…), and dropped with the build. The
preview keeps the last one and hands it to the next refresh (``refresh.py``), which
brings it up to date. The :class:`Session` is what outlives a build in one process:
whether MkDocs serves, the preview's page memo, and the last build.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from coopsite.cache import DiskCache
from coopsite.generated import GeneratedFile

if TYPE_CHECKING:  # the types only: this module imports nothing heavy
    from coopsite.cards import BackgroundCards
    from coopsite.editor import Settings
    from coopsite.publishing.security import Policies
    from coopsite.rebuild import PageMemo
    from coopsite.search import BackgroundIndex
    from coopsite.search.prepared import CorpusRecords
    from coopsite.structure.model import Corpus
    from coopsite.structure.problems import ValidationFailed


@dataclass
class BuildState:
    """Everything one build holds."""

    root: Path
    cache: DiskCache
    corpus: Corpus | None = None
    broken: ValidationFailed | None = None  # the sources' problems: the site is their page
    corpus_records: CorpusRecords | None = None  # the search records, prepared beside the build
    cards: BackgroundCards | None = None  # the image cards being drawn beside the build
    pages: list[GeneratedFile] = field(default_factory=list)  # the core's pages (and their stylesheets)
    others: dict[str, Any] = field(default_factory=dict)  # the other files: their content by address
    generated: list[GeneratedFile] = field(default_factory=list)  # every file the core made: pages, then others
    editor_settings: Settings | None = None
    policies: Policies | None = None  # the security headers (a build for publishing only)
    secured: set[str] = field(default_factory=set)  # the files the policies have already been applied to
    base_files: list = field(default_factory=list)  # MkDocs' files of docs/ and of the theme
    cached_files: list = field(default_factory=list)  # the files to link from the build cache
    index: BackgroundIndex | None = None  # the search index, made while the pages are rendered
    search_pages: dict = field(default_factory=dict)  # the written pages' search records, by address
    # A generated page's raw HTML blocks, set aside while MkDocs converts it (its Markdown as it
    # was, then the blocks), by address; allowed with the Markdown extensions known to keep them.
    raw_blocks: dict[str, tuple[str, list[str]]] = field(default_factory=dict)
    raw_blocks_allowed: bool = False
    # MkDocs' own objects of this build, which a refresh renders pages with.
    config: Any = None
    files: Any = None
    nav: Any = None
    env: Any = None

    @property
    def rendered(self) -> bool:
        """Has MkDocs reached the rendering of this build (what a refresh needs)?"""
        return self.env is not None and self.broken is None


@dataclass
class Session:
    """What outlives one build in this process."""

    serving: bool = False  # `mkdocs serve` or the preview: no security headers, errors as a page
    memo: PageMemo | None = None  # the preview's pages of the last build (coopsite/rebuild.py)
    build: BuildState | None = None  # the last build, or the one under way
