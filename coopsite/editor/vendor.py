"""The editor's third-party files: Decap CMS and js-yaml, pinned, from the npm registry.

They are fetched once with ``npm pack`` (the package's own tarball, no
dependency tree, no install script), checked against the integrity pinned
here, and unpacked into ``.cache/editor/``. The build copies them under
``/admin/``: nothing is ever loaded from a CDN.

Where npm is missing or the registry cannot be reached, the site still builds
and ``/admin/`` says in French what is missing (see :func:`missing`).
"""

from __future__ import annotations

import base64
import hashlib
import shutil
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Package:
    name: str
    version: str
    integrity: str  # the registry's sha512 of the tarball
    keep: tuple[str, ...]  # fnmatch patterns, relative to the tarball's package/ folder (both are MIT-licensed)

    @property
    def folder(self) -> str:
        return f"{self.name}-{self.version}"


DECAP = Package(
    "decap-cms", "3.16.3",
    "sha512-hf+dPlCh7TJmWl8+6VRzHYOWhri5xgUknrZbDewaWe4s9B7xJ8PQugp2QHeSldMUKzav6+z0oIpwUYhUJDYtYw==",
    ("dist/decap-cms.js", "dist/*.decap-cms.js", "dist/*.wasm", "dist/decap-cms.js.LICENSE.txt", "package.json"),
)
JS_YAML = Package(
    "js-yaml", "4.1.1",
    "sha512-qQKT4zQxXl8lLwBtHMWwaTcGfFOZviOJet3Oy/xmGk2gZH677CJM9EvtfdSkgWcATZhj/55JZ0rmy3myCT5lsA==",
    ("dist/js-yaml.mjs", "LICENSE", "package.json"),
)
PACKAGES = (DECAP, JS_YAML)


class VendorError(Exception):
    """A French sentence: why the editor's files could not be fetched."""


def cache_dir(root: Path) -> Path:
    return root / ".cache" / "editor"


def installed(root: Path, package: Package) -> Path | None:
    """The unpacked package, or None when it is not there (or not complete)."""
    folder = cache_dir(root) / package.folder
    return folder if (folder / ".complete").exists() else None


def missing(root: Path) -> list[Package]:
    return [p for p in PACKAGES if installed(root, p) is None]


def _integrity(data: bytes) -> str:
    return "sha512-" + base64.b64encode(hashlib.sha512(data).digest()).decode()


def install(root: Path, npm: str | None = None) -> list[Package]:
    """Fetch and unpack every missing package; returns those fetched."""
    todo = missing(root)
    if not todo:
        return []
    npm = npm or shutil.which("npm")
    if npm is None:
        raise VendorError("npm est introuvable : installez Node.js et npm (paquet Debian « npm ») "
                          "pour que l'éditeur soit disponible")
    cache_dir(root).mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=cache_dir(root)) as tmp:
        specs = [f"{p.name}@{p.version}" for p in todo]
        try:
            done = subprocess.run([npm, "pack", *specs, "--silent", "--pack-destination", tmp],
                                  capture_output=True, text=True, timeout=600)
        except (OSError, subprocess.TimeoutExpired) as error:
            raise VendorError(f"npm n'a pas pu télécharger {', '.join(specs)} ({error})") from None
        if done.returncode != 0:
            tail = " ".join(done.stderr.split()[-30:])
            raise VendorError(f"npm n'a pas pu télécharger {', '.join(specs)} : {tail}")
        for package in todo:
            tarball = Path(tmp) / f"{package.name}-{package.version}.tgz"
            if not tarball.is_file():
                raise VendorError(f"npm n'a pas fourni {package.name}@{package.version} : rien n'a été installé")
            data = tarball.read_bytes()
            if _integrity(data) != package.integrity:
                raise VendorError(f"le paquet {package.name}@{package.version} reçu ne correspond pas "
                                  "à l'empreinte attendue : rien n'a été installé")
            _unpack(tarball, cache_dir(root) / package.folder, package.keep)
    return todo


def _unpack(tarball: Path, dest: Path, keep: tuple[str, ...]) -> None:
    from fnmatch import fnmatch

    shutil.rmtree(dest, ignore_errors=True)
    dest.mkdir(parents=True)
    with tarfile.open(tarball, "r:gz") as archive:
        for member in archive.getmembers():
            name = member.name.removeprefix("package/")
            wanted = any(fnmatch(name, pattern) for pattern in keep)
            if not member.isfile() or not wanted or ".." in Path(name).parts:
                continue
            target = dest / name
            target.parent.mkdir(parents=True, exist_ok=True)
            source = archive.extractfile(member)
            if source is not None:
                target.write_bytes(source.read())
    (dest / ".complete").write_text("")


def site_files(root: Path) -> dict[str, Path]:
    """``admin/...`` URI → file, for every installed package's kept files."""
    files: dict[str, Path] = {}
    for package in PACKAGES:
        folder = installed(root, package)
        if folder is None:
            continue
        for path in sorted(folder.rglob("*")):
            if path.is_file() and path.name not in (".complete", "package.json"):
                files[f"admin/vendor/{package.name}/{path.relative_to(folder).as_posix()}"] = path
    return files
