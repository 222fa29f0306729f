#!/usr/bin/env python3
"""python3 tasks.py JOB [options]: the same bootstrap in every site and in the generator's home.
Standard library only: it makes .venv/, installs the generator pinned by constraints.txt from COOPSITE_SOURCE
(a folder, a .whl, a repository), the generator's home or the index named in requirements.txt, then hands
the job to it (coopsite.jobs; « python3 tasks.py help » lists them)."""

from __future__ import annotations

import hashlib
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
PY = VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
STAMP = VENV / ".coopsite-stamp"
HOME = (ROOT / "coopsite" / "__init__.py").is_file() and (ROOT / "pyproject.toml").is_file()  # the generator's
POSIX = os.name == "posix"  # the job replaces this process (os.execv); elsewhere it runs as a child
RETRY_PAUSES = (5.0, 15.0, 40.0, 80.0)  # only a failure of the network is tried again
NETWORK = re.compile(r"timed out|Timeout|name resolution|not known|getaddrinfo|Connection (reset|refused|abort"
                     r"ed)|RemoteDisconnected|IncompleteRead|ProxyError|HTTP error 5\d\d|\b50[0234]\b|NewConnection"
                     r"Error|Failed to establish|No route to host|Network is unreachable|Max retries", re.IGNORECASE)


def generator_requirement() -> tuple[list[str], bytes]:
    """pip's arguments for the generator, and what identifies that version."""
    source = os.environ.get("COOPSITE_SOURCE", "").strip()
    extras = "[site,test]" if HOME else "[site,check]"
    if re.match(r"^(git\+)?[a-z][a-z0-9+.-]*://", source):  # git+https://…/coopsite.git@vX.Y.Z
        return [f"coopsite{extras} @ {source}"], source.encode()
    if source:
        path = Path(source).expanduser().resolve()
        if not path.exists():
            sys.exit(f"[tasks] COOPSITE_SOURCE désigne « {source} », qui n'existe pas : donnez le dossier du "
                     "générateur, un fichier .whl ou l'adresse de son dépôt à une version (git+https://…@vX.Y.Z).")
        marker = path / "pyproject.toml" if path.is_dir() else path
        return [f"coopsite{extras} @ {path.as_uri()}"], source.encode() + marker.read_bytes()
    if HOME:
        return ["-e", f"{ROOT}{extras}"], (ROOT / "pyproject.toml").read_bytes()
    wanted = ROOT / "requirements.txt"
    text = wanted.read_text(encoding="utf-8") if wanted.is_file() else ""
    if not re.search(r"^\s*--(extra-)?index-url\s+\S", text, re.MULTILINE):
        sys.exit("[tasks] Ce site ne dit pas où trouver le générateur : écrivez l'adresse du dépôt de paquets qui "
                 "le sert dans requirements.txt (ligne « --extra-index-url https://… »), ou donnez son dossier ou "
                 "son fichier .whl dans la variable COOPSITE_SOURCE.")
    return ["-r", str(wanted)], text.encode()


def ensure_venv() -> None:
    """Create .venv/, or refresh it when constraints.txt or the generator's source change."""
    requirement, marker = generator_requirement()
    wanted = hashlib.sha256((ROOT / "constraints.txt").read_bytes() + marker).hexdigest()
    if STAMP.is_file() and STAMP.read_text().strip() == wanted and PY.exists():
        return
    if not PY.exists():
        print("[tasks] création de l'environnement Python dans .venv/", flush=True)
        try:
            venv.EnvBuilder(with_pip=True).create(VENV)
        except (subprocess.CalledProcessError, OSError) as error:
            shutil.rmtree(VENV, ignore_errors=True)  # half-made: the next run starts again
            sys.exit(f"[tasks] Échec : impossible de créer l'environnement .venv/ ({error}). Sous Debian ou "
                     "Ubuntu, installez le paquet python3-venv, puis relancez : python3 tasks.py setup")
    print("[tasks] installation du générateur et de ses dépendances (versions de constraints.txt)", flush=True)
    pip_install(["-c", str(ROOT / "constraints.txt"), "--upgrade", "pip"])  # its words, as the diagnosis reads them
    pip_install(["-c", str(ROOT / "constraints.txt"), *requirement])
    STAMP.write_text(wanted)


def pip_install(args: list[str]) -> None:
    """``pip install``; a failure of the network is tried again, any failure is explained in French."""
    command = [str(PY), "-m", "pip", "install", "--disable-pip-version-check", *args]
    for pause in (*RETRY_PAUSES, None):
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        code, output = done.returncode, done.stdout or ""
        if code == 0:
            return
        if pause is None or not NETWORK.search(output):
            break
        print(f"[tasks] le dépôt de paquets n'a pas répondu ; nouvel essai dans {pause:.0f} s", flush=True)
        time.sleep(pause)
    sys.exit("[tasks] " + explain_pip_failure(output, command))


def explain_pip_failure(output: str, command: list[str]) -> str:
    """What went wrong, from what pip printed, then what to do."""
    head, again = "Échec de l'installation : ", " Puis relancez : python3 tasks.py setup"
    pins = re.findall(r"(?:requirement|constraint\)) ([A-Za-z0-9_.\-]+)(?:\[[^\]]*\])?==([^\s;(),]+)", output)
    block = re.search(r"no matching distributions available for your environment:\n((?:[ \t]+\S+\n?)+)", output)
    absent = {name.lower() for name in re.findall(r"No matching distribution found for ([A-Za-z0-9_.\-]+)", output)
              + (block.group(1).split() if block else [])}
    for name, version in pins:
        if name.lower() not in absent:
            continue
        python = re.search(rf"different python version:.*?\b{re.escape(version)} Requires-Python ([^;\n]+)", output)
        if python:
            return (f"{head}{name} {version} (figé dans constraints.txt) demande Python {python.group(1).strip()}, "
                    f"et ce Python est en version {platform.python_version()}. Lancez tasks.py avec un Python plus "
                    f"récent après avoir supprimé .venv/, ou signalez-le aux mainteneurs.")
        needs = re.findall(rf"^\s+(\S+ \S+) depends on ({re.escape(name)}\S*)\s*$", output, re.MULTILINE | re.I)
        offered = re.search(rf"{re.escape(name)}==\S+ \(from versions: ([^)]*)\)", output)
        return (f"{head}la version {name}=={version} figée dans constraints.txt n'est pas servie par le dépôt "
                "de paquets" + "".join(f" ; {who} demande {what}" for who, what in needs)
                + (f" ; le dépôt propose : {offered.group(1)}" if offered else "")
                + f". Corrigez la ligne « {name}=={version} » de constraints.txt, ou l'adresse du dépôt "
                "(requirements.txt, COOPSITE_SOURCE)." + again)
    if NETWORK.search(output):
        return f"{head}le dépôt de paquets n'a pas répondu, même après plusieurs essais ; vérifiez l'accès à Internet."
    if re.search(r"No matching distribution found for coopsite\b", output):
        pin = re.search(r"^coopsite==(\S+)", (ROOT / "constraints.txt").read_text(encoding="utf-8"), re.MULTILINE)
        offered = re.search(r"requirement coopsite\S* \(from versions: ([^)]*)\)", output)
        return (f"{head}le dépôt de paquets ne sert pas le générateur coopsite {pin.group(1) if pin else '?'}, figé "
                f"dans constraints.txt (il propose : {offered.group(1) if offered else 'rien'}) ; vérifiez l'adresse "
                "écrite dans requirements.txt, ou donnez son dossier ou son .whl dans COOPSITE_SOURCE." + again)
    tail = "\n".join(f"    {line}" for line in output.strip().splitlines()[-15:])
    return f"{head}« {' '.join(command)} » a échoué ; ce que pip a écrit (fin) :\n{tail}\n[tasks]{again}"


def hand_over(argv: list[str]) -> int:
    """Run the job in the installed generator, in this terminal, from the folder it was typed in."""
    command = [str(PY), "-m", "coopsite.jobs", *argv]
    os.environ.update(COOPSITE_ROOT=str(ROOT), NO_MKDOCS_2_WARNING="1")
    if POSIX:
        sys.stdout.flush()
        os.execv(command[0], command)
    child = subprocess.Popen(command)  # Windows: no exec; Ctrl+C reaches the job, which ends itself
    while True:
        try:
            return child.wait()
        except KeyboardInterrupt:
            continue


def main(argv: list[str]) -> int:
    if sys.version_info < (3, 11):
        sys.exit(f"[tasks] Ce projet demande Python 3.11 ou plus récent ; ce Python est en version "
                 f"{platform.python_version()} ({sys.executable}). Installez Python 3.11 ou plus, puis relancez "
                 "avec lui : python3.11 tasks.py serve")
    ensure_venv()
    return hand_over(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
