"""A content-addressed cache of derived results, kept between builds.

Entries are named by a hash of everything they are computed from (the input
bytes, the schema or the library version, the options), so an entry can never
be stale: a changed input simply asks for another entry. Only derived data is
stored; deleting the folder is always safe. Any trouble with the folder
(read-only, full, corrupted entry) falls back to computing the result.

Like Material's social-cards cache, it lives in ``.cache/`` beside
``mkdocs.yml`` (ignored by git).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def digest(*parts: str | bytes) -> str:
    """A stable key for ``parts``."""
    h = hashlib.sha256()
    for part in parts:
        data = part.encode("utf-8") if isinstance(part, str) else part
        h.update(len(data).to_bytes(8, "big"))
        h.update(data)
    return h.hexdigest()


class DiskCache:
    """``get``/``put`` of bytes by (namespace, key); a no-op without a folder."""

    def __init__(self, folder: Path | None):
        self.folder = Path(folder) if folder else None

    def _path(self, namespace: str, key: str) -> Path:
        return self.folder / namespace / key[:2] / key

    def get(self, namespace: str, key: str) -> bytes | None:
        if self.folder is None:
            return None
        try:
            return self._path(namespace, key).read_bytes()
        except OSError:
            return None

    def entry(self, namespace: str, key: str) -> Path:
        """Where the entry's file is, or will be once it is put (a cache with a folder only)."""
        if self.folder is None:
            raise ValueError("a cache without a folder has no files")
        return self._path(namespace, key)

    def writable(self, namespace: str) -> bool:
        """Whether an entry can be put now (a probe entry, written and removed)."""
        if not self.put(namespace, "probe", b""):
            return False
        self.forget(namespace, "probe")
        return True

    def forget(self, namespace: str, key: str) -> None:
        """Remove an entry, if it is there."""
        if self.folder is not None:
            self._path(namespace, key).unlink(missing_ok=True)

    def path(self, namespace: str, key: str) -> Path | None:
        """The entry's file, if there is one: for large entries that are copied, not read."""
        if self.folder is None:
            return None
        target = self._path(namespace, key)
        return target if target.is_file() else None

    def put(self, namespace: str, key: str, data: bytes) -> bool:
        """Store ``data``; False when the folder cannot take it (nothing is then stored)."""
        if self.folder is None:
            return False
        target = self._path(namespace, key)
        tmp = None
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=".tmp-")
            with os.fdopen(fd, "wb") as out:
                out.write(data)
            os.replace(tmp, target)  # atomic: a reader never sees half an entry
            return True
        except OSError:
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)
            return False


NO_CACHE = DiskCache(None)


def link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link to a cached file (the site and the cache then share it: an
    index's 5,000 fragments link in a tenth of the time of a copy); a copy
    where the two folders are not on one file system, or links are refused.

    Nothing writes into a built site's files after the build, so the shared
    file cannot change under the cache (and a build replaces, never edits, them).
    """
    if not link(source, target):
        shutil.copy2(source, target)


def link(source: str | Path, target: str | Path) -> bool:
    """Make ``target`` a hard link to ``source`` (its folders made); False when it cannot be."""
    try:
        os.makedirs(os.path.dirname(target), exist_ok=True)
        os.link(source, target)
    except OSError:
        return False
    return True
