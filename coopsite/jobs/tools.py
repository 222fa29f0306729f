"""The programs a job needs beside Python: Debian packages and pinned npm packages.

Installed only when missing, and said in French. The site checks (``coopsite/sitecheck/``) need
Chromium, Java and the Nu HTML Checker; the generator's own tests add theirs in ``tests/tooling.py``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

CHROMIUM = Path("/usr/bin/chromium")
# The Nu HTML Checker: the jar of this npm package (coopsite/sitecheck/, tests/test_html_valid.py).
VNU_VERSION = "26.9.27"


def say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def npm_folder(root: Path) -> Path:
    return root / ".cache" / "npm"


def apt_install(packages: str, what: str, where: str) -> None:
    """Install Debian packages (names separated by spaces), or stop with a French message."""
    apt = shutil.which("apt-get")
    if apt is None:
        sys.exit(f"[tasks] {what} : installez le paquet « {packages} » ({where}).")
    administrator = hasattr(os, "geteuid") and os.geteuid() == 0
    prefix = [] if administrator else (["sudo"] if shutil.which("sudo") else None)
    if prefix is None:
        sys.exit(f"[tasks] {what} : lancez « apt-get install {packages} » en administrateur.")
    say(f"installation de {what} (paquets Debian : {packages})")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, apt, "-qq", "update"], check=True, env=env)
    subprocess.run([*prefix, apt, "install", "-y", "-qq", *packages.split()], check=True, env=env)


def npm_install(root: Path, package: str, version: str, env: dict | None = None) -> None:
    """A pinned npm package in .cache/npm/ (its scripts never run), unless that version is there."""
    folder = npm_folder(root)
    installed = folder / "node_modules" / package / "package.json"
    if installed.is_file() and json.loads(installed.read_text(encoding="utf-8")).get("version") == version:
        return
    if shutil.which("npm") is None:
        apt_install("npm", "npm", "npm")
    say(f"installation de {package} {version} (paquet npm) dans .cache/npm/")
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(folder), "--no-audit", "--no-fund", "--ignore-scripts",
                    "--engine-strict", f"{package}@{version}"], check=True, env={**os.environ, **(env or {})})


def ensure_chromium() -> None:
    if not CHROMIUM.exists():
        apt_install("chromium", "Chromium, le navigateur des vérifications", str(CHROMIUM))


def ensure_html_checker(root: Path) -> None:
    """Java (Debian) and the Nu HTML Checker's jar (npm, pinned)."""
    if shutil.which("java") is None:
        apt_install("default-jre-headless", "Java, pour le validateur HTML", "java")
    npm_install(root, "vnu-jar", VNU_VERSION)
