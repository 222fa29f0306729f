"""A file of the built site, as the core hands it to MkDocs or to the export."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    """One file of the built site: a Markdown page or a ready-made file."""

    src_uri: str  # path under docs/, e.g. ``temoignages/cap-solidaire/index.md``
    content: str | bytes  # bytes for files with an exact encoding (CSV)
    source: Path | None = None  # the YAML it comes from (edit button), if any
    in_nav: bool = False

    @property
    def is_page(self) -> bool:
        return self.src_uri.endswith(".md")
