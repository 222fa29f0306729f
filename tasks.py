#!/usr/bin/env python3
"""Set up the project and run its jobs, with nothing but Python >= 3.11.

    python3 tasks.py serve      # preview the site on http://127.0.0.1:8000
    python3 tasks.py build      # build the site into site/
    python3 tasks.py build --engine zensical   # the same site, built by Zensical (also: serve)
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
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as error:
            shutil.rmtree(VENV, ignore_errors=True)  # half-made: the next run starts again
            sys.exit(f"[tasks] Échec : impossible de créer l'environnement .venv/ ({error}).\n"
                     "[tasks] Sous Debian ou Ubuntu, installez le paquet python3-venv, "
                     "puis relancez : python3 tasks.py setup")
    say("installation des dépendances (versions figées dans constraints.txt)")
    pip_install("de pip", ["--upgrade", "pip"])
    pip_install("des dépendances du projet",
                ["-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[site,test]"])
    STAMP.write_text(wanted)


def pip_install(what: str, args: list[str], attempts: int = 2, pause: float = 5.0) -> None:
    """``pip install args``, tried again once: a package index sometimes fails
    to resolve a pinned version that exists. Exits with a French message, no traceback."""
    import time  # here, not at the top: this task file is shared, keep the edit local

    command = [str(PY), "-m", "pip", "install", "--quiet", *args]
    for attempt in range(1, attempts + 1):
        try:
            code = subprocess.run(command).returncode
        except OSError as error:
            code, detail = None, error.strerror or str(error)
        else:
            detail = f"code de sortie {code}"
        if code == 0:
            return
        if attempt < attempts:
            say(f"l'installation {what} a échoué ({detail}) : nouvel essai dans {pause:.0f} s")
            time.sleep(pause)
    sys.exit(f"[tasks] Échec : l'installation {what} a échoué deux fois ({detail}).\n"
             f"[tasks] Commande en cause : {' '.join(command)}\n"
             "[tasks] Vérifiez l'accès au dépôt de paquets (PyPI), puis relancez : python3 tasks.py setup")


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


def engine_option(args: list[str]) -> tuple[str, list[str]]:
    """``--engine NAME`` (or ``--engine=NAME``) taken out of ``args``; MkDocs by default."""
    engine, rest, items = "mkdocs", [], iter(args)
    for arg in items:
        if arg == "--engine":
            engine = next(items, "")
        elif arg.startswith("--engine="):
            engine = arg.partition("=")[2]
        else:
            rest.append(arg)
    return engine, rest


def zensical(job: str, rest: list[str]) -> int:
    """Build or serve with Zensical: the core exports into build/zensical/, Zensical builds it.

    Zensical ignores hooks: the pages are exported once, so `serve` does not
    follow edits to cases/ and grid/ (run the command again).
    """
    build = ROOT / "build" / "zensical"
    code = run("python", "-m", "coopsite.export.zensical", str(build))
    if code:
        return code
    config = str(build / "mkdocs.yml")
    if job == "serve":
        say("Zensical : les modifications de cases/ et grid/ ne sont pas suivies, relancez la commande")
        return run("zensical", "serve", "-f", config, "--dev-addr", "127.0.0.1:8000", *rest)
    code = run("zensical", "build", "-f", config, *rest)
    if code == 0:
        shutil.rmtree(ROOT / "site", ignore_errors=True)
        shutil.copytree(build / "site", ROOT / "site")
        say("site construit par Zensical dans site/")
    return code


def main(argv: list[str]) -> int:
    if not argv or argv[0] not in {"serve", "build", "test", "validate", "new-case", "export", "bench", "setup"}:
        print(__doc__)
        return 2
    job, rest = argv[0], argv[1:]
    ensure_venv()
    if job == "setup":
        return 0
    engine, rest = engine_option(rest) if job in ("build", "serve") else ("mkdocs", rest)
    if engine == "zensical":
        return zensical(job, rest)
    if engine != "mkdocs":
        print(f"[tasks] moteur inconnu « {engine} » : choisissez mkdocs (par défaut) ou zensical", file=sys.stderr)
        return 2
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
