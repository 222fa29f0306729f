"""A file of the built site, as the core hands it to MkDocs or to the export."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, slots=True)
class GeneratedFile:
    """One file of the built site: a Markdown page or a ready-made file."""

    src_uri: str  # path under docs/, e.g. ``temoignages/cap-solidaire/index.md``
    # Text; bytes for files with an exact encoding (CSV); or a file already on
    # disk (an image card in the build cache), copied as it is, never read.
    content: str | bytes | Path
    source: Path | None = None  # the YAML it comes from (edit button), if any
    in_nav: bool = False

    @property
    def is_page(self) -> bool:
        return self.src_uri.endswith(".md")

    def data(self) -> bytes:
        """The file's bytes (UTF-8 for text)."""
        if isinstance(self.content, Path):
            return self.content.read_bytes()
        return self.content if isinstance(self.content, bytes) else self.content.encode("utf-8")

    def write(self, target: Path) -> None:
        """Write the file at ``target`` (its folder must exist)."""
        if isinstance(self.content, Path):
            shutil.copyfile(self.content, target)
        elif isinstance(self.content, bytes):
            target.write_bytes(self.content)
        else:
            with open(target, "w", encoding="utf-8", newline="") as out:
                out.write(self.content)
