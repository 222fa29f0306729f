#!/usr/bin/env python3
"""Set up the project and run its jobs, with nothing but Python >= 3.11.

    python3 tasks.py serve      # preview the site on http://127.0.0.1:8000
    python3 tasks.py build      # build the site into site/
    python3 tasks.py test       # the whole test suite (installs Chromium, Java and the HTML checker if needed)
    python3 tasks.py validate   # check cases/ and grid/ without MkDocs
    python3 tasks.py new-case   # write the skeleton of a new testimony in cases/
    python3 tasks.py export DEST  # the Markdown pages and data in DEST, without MkDocs
    python3 tasks.py bench      # benchmark (see bench/README.md)

The virtual environment lives in .venv/ and is refreshed when pyproject.toml
or constraints.txt change. Only the standard library is used here.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PY = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".coopsite-stamp"
CHROMIUM = Path("/usr/bin/chromium")
# The Nu HTML Checker (tests/test_html_valid.py): the jar of this npm package.
VNU_VERSION = "26.9.27"
VNU_DIR = ROOT / ".cache" / "npm"


def say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def ensure_venv() -> None:
    wanted = hashlib.sha256(
        (ROOT / "pyproject.toml").read_bytes() + (ROOT / "constraints.txt").read_bytes()
    ).hexdigest()
    if STAMP.exists() and STAMP.read_text().strip() == wanted and PY.exists():
        return
    if not PY.exists():
        say("création de l'environnement Python dans .venv/")
        venv.EnvBuilder(with_pip=True).create(VENV)
    say("installation des dépendances (versions figées dans constraints.txt)")
    subprocess.run([str(PY), "-m", "pip", "install", "--quiet", "--upgrade", "pip"], check=True)
    subprocess.run(
        [str(PY), "-m", "pip", "install", "--quiet", "-c", str(ROOT / "constraints.txt"),
         "-e", f"{ROOT}[site,test]"],
        check=True,
    )
    STAMP.write_text(wanted)


def ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    apt_install("chromium", "Chromium", "/usr/bin/chromium")


def apt_install(package: str, what: str, where: str) -> None:
    """Install a Debian package the tests need, or stop with a French message."""
    apt = shutil.which("apt-get")
    if apt is None:
        sys.exit(f"[tasks] {what} est nécessaire aux tests : installez le paquet « {package} » ({where}).")
    prefix = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if prefix is None:
        sys.exit(f"[tasks] {what} est nécessaire aux tests : lancez « apt-get install {package} » en administrateur.")
    say(f"installation de {what} (paquet Debian)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, apt, "-qq", "update"], check=True, env=env)
    subprocess.run([*prefix, apt, "install", "-y", "-qq", package], check=True, env=env)


def ensure_html_checker() -> None:
    """Java (Debian) and the Nu HTML Checker's jar (npm package, pinned) in .cache/npm/."""
    if shutil.which("java") is None:
        apt_install("default-jre-headless", "Java", "java")
    installed = VNU_DIR / "node_modules" / "vnu-jar" / "package.json"
    if installed.exists() and json.loads(installed.read_text(encoding="utf-8")).get("version") == VNU_VERSION:
        return
    if shutil.which("npm") is None:
        apt_install("npm", "npm", "npm")
    say(f"installation du validateur HTML Nu (vnu-jar {VNU_VERSION}, paquet npm) dans .cache/npm/")
    VNU_DIR.mkdir(parents=True, exist_ok=True)
    subprocess.run(["npm", "install", "--prefix", str(VNU_DIR), "--no-audit", "--no-fund", "--ignore-scripts",
                    f"vnu-jar@{VNU_VERSION}"], check=True)


def run(*args: str) -> int:
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    return subprocess.run([str(BIN / args[0]), *args[1:]], cwd=ROOT, env=env).returncode


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"serve", "build", "test", "validate", "new-case", "export", "bench", "setup"}:
        print(__doc__)
        return 2
    job, rest = argv[0], argv[1:]
    ensure_venv()
    if job == "setup":
        return 0
    if job == "serve":
        return run("mkdocs", "serve", "--dev-addr", "127.0.0.1:8000", *rest)
    if job == "build":
        return run("mkdocs", "build", "--strict", *rest)
    if job in ("validate", "new-case", "export"):
        return run("coopsite", job, *rest)
    if job == "bench":
        return run("python", "bench/run.py", *rest)
    ensure_chromium()
    ensure_html_checker()
    return run("python", "-m", "pytest", *rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
