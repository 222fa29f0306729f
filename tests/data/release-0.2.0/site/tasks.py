#!/usr/bin/env python3
"""Set up the site and run its jobs, with nothing but Python >= 3.11.

This file is the same in every site made by the generator (``coopsite``), and in the
generator's own home: it creates .venv/ and installs the generator there, then runs
the job. The generator comes from, in this order:
  - COOPSITE_SOURCE, when set: a folder holding the generator, or a wheel (offline);
  - this folder itself, when it is the generator's home (it holds coopsite/);
  - the package index, at the version pinned by the « coopsite== » line of constraints.txt.

    python3 tasks.py serve      # preview the site on http://127.0.0.1:8000 (a save shows in a second)
    python3 tasks.py edit       # the browser editor on the local files: http://127.0.0.1:8000/admin/
    python3 tasks.py build      # build the site into site/
    python3 tasks.py build --engine zensical   # the same site, built by Zensical (also: serve)
    python3 tasks.py test       # the whole test suite (installs Chromium, Java, nginx, Apache and the checkers if needed)
    python3 tasks.py validate   # check cases/ and grid/ without MkDocs
    python3 tasks.py publish-check  # before publishing: the legal fields of site.yml are filled
    python3 tasks.py new-case   # write the skeleton of a new testimony in cases/
    python3 tasks.py export DEST  # the Markdown pages and data in DEST, without MkDocs
    python3 tasks.py new-site DOSSIER  # start the site of another network (questions in French)
    python3 tasks.py bench      # benchmark (see bench/README.md; the generator's home only)
    python3 tasks.py bench --edit  # the wait after a save under serve, against plain MkDocs

The virtual environment lives in .venv/ and is refreshed when constraints.txt, the
generator's source or its pyproject.toml change. Only the standard library is used here.
"""

from __future__ import annotations

import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import time
import venv
from dataclasses import dataclass, field
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
# pa11y (HTML_CodeSniffer), for tests/browser/test_pa11y.py: with Debian's Chromium, never its own download.
PA11Y_VERSION = "9.1.1"
# gitlab-ci-local runs .gitlab-ci.yml's jobs in the tests (tests/test_pipelines.py); 4.75 needs Node 22.
GITLAB_CI_LOCAL_VERSION = "4.70.1"
# Debian packages of the tests only: the web servers of tests/browser/test_security.py, and
# rsync, which gitlab-ci-local needs.
TEST_PACKAGES = (("nginx", "/usr/sbin/nginx"), ("apache2-bin", "/usr/sbin/apache2"), ("rsync", "/usr/bin/rsync"))


def say(message: str) -> None:
    print(f"[tasks] {message}", flush=True)


def generator_home() -> bool:
    """Is this folder the generator's home (its source is here), not a site that installs it?"""
    return (ROOT / "coopsite" / "__init__.py").is_file() and (ROOT / "pyproject.toml").is_file()


def generator_requirement() -> tuple[list[str], bytes]:
    """pip's arguments for the generator with its extras, and what identifies that version."""
    extras = "[site,test]"
    source = os.environ.get("COOPSITE_SOURCE", "").strip()
    if source and re.match(r"^(git\+)?[a-z][a-z0-9+.-]*://", source):
        # The generator's repository at a version tag, as a forge's pipeline gives it
        # (git+https://forge.example.org/reseau/coopsite.git@v0.2.0), or any address pip reads.
        return [f"coopsite{extras} @ {source}"], source.encode()
    if source:
        path = Path(source).expanduser()
        if not path.exists():
            sys.exit(f"[tasks] COOPSITE_SOURCE désigne « {source} », qui n'existe pas : donnez le dossier du "
                     "générateur (celui qui contient pyproject.toml), un fichier .whl, ou l'adresse de son dépôt "
                     "à une version (git+https://…@vX.Y.Z).")
        path = path.resolve()
        marker = (path / "pyproject.toml").read_bytes() if path.is_dir() and (path / "pyproject.toml").is_file() \
            else path.read_bytes() if path.is_file() else b""
        return [f"coopsite{extras} @ {path.as_uri()}"], source.encode() + marker
    if generator_home():
        return ["-e", f"{ROOT}{extras}"], (ROOT / "pyproject.toml").read_bytes()
    return [f"coopsite{extras}"], b""


def ensure_venv() -> None:
    requirement, marker = generator_requirement()
    wanted = hashlib.sha256((ROOT / "constraints.txt").read_bytes() + marker).hexdigest()
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
    pip_install("du générateur et des dépendances du projet",
                ["-c", str(ROOT / "constraints.txt"), *requirement])
    STAMP.write_text(wanted)


# Retries are for what a retry can fix (time-outs, refused connections, server
# errors), with growing pauses, within about three minutes in all.
RETRY_PAUSES = (5.0, 15.0, 40.0, 80.0)
RETRY_BUDGET = 180.0
# pip's words for a failure of the network or of the index's server, and how they read in French.
NETWORK_SIGNS = (
    (r"ConnectTimeout|ReadTimeout|timed out", "délai d'attente dépassé"),
    (r"Temporary failure in name resolution|Name or service not known|getaddrinfo failed",
     "adresse du dépôt introuvable"),
    (r"Connection reset|RemoteDisconnected|IncompleteRead|Connection aborted", "connexion interrompue"),
    (r"ProxyError", "erreur du proxy"),
    (r"HTTP error (5\d\d)|\b(5\d\d) Server Error|\b(50[0234]) (?:Internal Server Error|Bad Gateway"
     r"|Service Unavailable|Gateway Time-?out)", "erreur {} du serveur"),
    (r"NewConnectionError|Failed to establish a new connection|Connection refused|No route to host"
     r"|Network is unreachable|Max retries exceeded", "connexion impossible"),
)


def network_failure(output: str) -> str:
    """The French name of the network failure pip reports, or ``""``."""
    for pattern, label in NETWORK_SIGNS:
        found = re.search(pattern, output, re.IGNORECASE)
        if found:
            return label.format(next((g for g in found.groups() if g), ""))
    return ""


@dataclass
class PipFailure:
    """Why ``pip install`` failed, read from what it printed."""

    kind: str  # "python", "missing", "network", "conflict" or "other"
    package: str = ""
    version: str = ""
    requires: str = ""  # the Requires-Python of the wanted version
    detail: str = ""
    suspects: list = field(default_factory=list)  # (name, version) pins named in a conflict
    causes: list = field(default_factory=list)  # pip's « X 1.0 depends on Y>=2 » lines of a conflict
    offered: list = field(default_factory=list)  # the versions the index offers this Python, as pip lists them


def diagnose_pip(output: str) -> PipFailure:
    """Classify pip's output: a pin for a newer Python, a version the index does
    not serve, the network, a conflict to look into, or something else."""
    wanted = re.search(r"(?:No matching distribution found for|Could not find a version that satisfies "
                       r"the requirement) ([A-Za-z0-9_.\-\[\]]+)==([^\s;(]+)", output)
    if wanted:
        name, version = wanted.group(1), wanted.group(2)
        listed = re.search(r"\(from versions: ([^)]*)\)", output)
        offered = [v.strip() for v in listed.group(1).split(",") if v.strip() and v.strip() != "none"] if listed else []
        ignored = re.search(r"require a different python version: (.*)", output)
        if ignored:
            for item in ignored.group(1).split(";"):
                parts = item.split(" Requires-Python ")
                if len(parts) == 2 and parts[0].strip() == version:
                    return PipFailure("python", name, version, parts[1].strip())
        network = network_failure(output)
        if network:
            return PipFailure("network", name, version, detail=network)
        return PipFailure("missing", name, version, offered=offered)
    network = network_failure(output)
    if network:
        return PipFailure("network", detail=network)
    if "ResolutionImpossible" in output or "conflicting dependencies" in output:
        pins = re.findall(r"The user requested \(constraint\) ([A-Za-z0-9_.\-]+)==([^\s;]+)", output)
        unavailable = set()
        block = re.search(r"no matching distributions available for your environment:\n((?:[ \t]+\S+\n?)+)", output)
        if block:
            unavailable = {line.strip().lower() for line in block.group(1).splitlines() if line.strip()}
        suspects = [(n, v) for n, v in pins if n.lower() in unavailable] or pins
        causes = re.findall(r"^\s+(\S+ \S+ depends on \S+)\s*$", output, re.MULTILINE)
        return PipFailure("conflict", suspects=suspects, causes=causes)
    return PipFailure("other")


def _same_name(requirement: str, name: str) -> bool:
    """Does ``requirement`` (« pymdown-extensions>=11 ») name the package ``name``?"""
    wanted = re.match(r"[A-Za-z0-9_.\-]+", requirement)
    normal = lambda text: re.sub(r"[-_.]+", "-", text).lower()  # noqa: E731
    return bool(wanted) and normal(wanted.group(0)) == normal(name)


def python_found() -> str:
    """The version of the environment's Python (the one pip installs for)."""
    try:
        done = subprocess.run([str(PY), "-c", "import platform; print(platform.python_version())"],
                              capture_output=True, text=True, timeout=60)
        if done.returncode == 0 and done.stdout.strip():
            return done.stdout.strip()
    except (OSError, subprocess.SubprocessError):
        pass
    return platform.python_version()


def run_pip(command: list[str]) -> tuple[int | None, str]:
    """Run pip, keeping what it printed for the diagnosis."""
    try:
        done = subprocess.run(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    except OSError as error:
        return None, error.strerror or str(error)
    return done.returncode, done.stdout or ""


def pip_install(what: str, args: list[str], pauses: tuple = RETRY_PAUSES, budget: float = RETRY_BUDGET) -> None:
    """``pip install args``; a failure is explained in French by its real cause,
    and only a network failure is tried again. Exits with no traceback."""
    command = [str(PY), "-m", "pip", "install", "--quiet", *args]
    started = time.monotonic()
    attempts = 0
    while True:
        attempts += 1
        code, output = run_pip(command)
        if code == 0:
            return
        failure = diagnose_pip(output) if code is not None else PipFailure("other", detail=output)
        pause = pauses[attempts - 1] if attempts <= len(pauses) else None
        if failure.kind != "network" or pause is None or time.monotonic() - started + pause > budget:
            break
        say(f"l'installation {what} a échoué : le dépôt de paquets n'a pas répondu ({failure.detail}) ; "
            f"nouvel essai dans {pause:.0f} s")
        time.sleep(pause)
    if failure.kind == "conflict" and not failure.suspects:
        # pip --quiet keeps only « conflicting dependencies »: its details name the pin.
        detailed = diagnose_pip(run_pip([part for part in command if part != "--quiet"])[1])
        if detailed.kind == "conflict" and detailed.suspects:
            failure = detailed
    if failure.kind == "conflict":
        for name, version in failure.suspects:
            probe = [str(PY), "-m", "pip", "install", "--dry-run", "--no-deps", "--ignore-installed",
                     "--quiet", f"{name}=={version}"]
            found = diagnose_pip(run_pip(probe)[1])
            if found.kind in ("python", "missing", "network"):
                found.causes = [c for c in failure.causes if _same_name(c.split(" depends on ")[1], name)]
                failure = found
                break
    sys.exit(explain_pip_failure(what, failure, code, output, command, attempts))


def explain_pip_failure(what: str, failure: PipFailure, code: int | None, output: str,
                        command: list[str], attempts: int) -> str:
    """The French message for a failed install: its cause, then what to do."""
    head = f"[tasks] Échec : l'installation {what} a échoué"
    if failure.kind == "python":
        found = python_found()
        return (f"{head} : le paquet {failure.package} {failure.version} (figé dans constraints.txt) "
                f"demande Python {failure.requires}, et ce Python est en version {found}.\n"
                f"[tasks] Que faire : lancez tasks.py avec un Python plus récent (par exemple "
                f"« python3.12 tasks.py setup », après avoir supprimé .venv/), ou signalez-le aux mainteneurs : "
                f"le projet promet Python ≥ 3.11, la version figée de {failure.package} doit donc être changée.")
    generator = re.search(r"No matching distribution found for coopsite\b", output)
    if generator or (failure.kind == "missing" and failure.package == "coopsite"):
        pinned = re.search(r"^coopsite==(\S+)", (ROOT / "constraints.txt").read_text(encoding="utf-8"), re.MULTILINE)
        version = failure.version or (pinned.group(1) if pinned else "X.Y.Z")
        return (f"{head} : le générateur (coopsite {version}, figé dans constraints.txt) n'est pas publié "
                "sur le dépôt de paquets.\n"
                "[tasks] Que faire : donnez son adresse dans la variable COOPSITE_SOURCE : l'adresse de son dépôt "
                f"à cette version (COOPSITE_SOURCE=git+https://…/coopsite.git@v{version}), un dossier qui "
                "le contient ou un fichier .whl ; sur une forge, en variable de la chaîne de publication. "
                "Voir la page « Créer le site d'un autre réseau ».")
    if failure.kind == "missing":
        lines = [f"{head} : la version {failure.package}=={failure.version} figée dans constraints.txt "
                 f"n'est pas servie par le dépôt de paquets configuré (voir « pip config list »)."]
        for cause in failure.causes:
            who, _, wants = cause.partition(" depends on ")
            lines.append(f"[tasks]   - {who} demande {wants}")
        if failure.offered:
            newest = ", ".join(reversed(failure.offered[-8:]))
            lines.append(f"[tasks]   - versions de {failure.package} proposées par le dépôt pour ce Python "
                         f"(les plus récentes d'abord) : {newest}")
        else:
            lines.append(f"[tasks]   - le dépôt ne propose aucune version de {failure.package} pour ce Python")
        lines.append(f"[tasks] Que faire : corrigez la ligne « {failure.package}=={failure.version} » de "
                     "constraints.txt (une version proposée qui convient à ce que demandent les autres paquets), "
                     "ou vérifiez le dépôt de paquets utilisé, puis relancez : python3 tasks.py setup")
        return "\n".join(lines)
    if failure.kind == "network":
        tries = "une fois" if attempts == 1 else f"{attempts} fois"
        return (f"{head} : le dépôt de paquets n'a pas répondu ({failure.detail}), essayé {tries}.\n"
                "[tasks] Que faire : vérifiez l'accès à Internet ou au dépôt de paquets (PyPI), "
                "puis relancez : python3 tasks.py setup")
    lines = [line for line in output.splitlines() if line.strip() and not line.startswith("WARNING: Location")]
    tail = "\n".join(f"    {line}" for line in lines[-15:])
    detail = f"code de sortie {code}" if code is not None else (failure.detail or "pip introuvable")
    return (f"{head} ({detail}).\n"
            f"[tasks] Commande en cause : {' '.join(command)}\n"
            + (f"[tasks] Ce que pip a écrit (fin) :\n{tail}\n" if tail else "")
            + "[tasks] Que faire : lisez le message de pip ci-dessus, corrigez, puis relancez : python3 tasks.py setup")


def ensure_chromium() -> None:
    if CHROMIUM.exists():
        return
    apt_install("chromium", "Chromium", "/usr/bin/chromium")


def apt_install(package: str, what: str, where: str) -> None:
    """Install Debian packages the tests need (names separated by spaces), or stop with a French message."""
    apt = shutil.which("apt-get")
    if apt is None:
        sys.exit(f"[tasks] {what} est nécessaire aux tests : installez le paquet « {package} » ({where}).")
    prefix = [] if os.geteuid() == 0 else (["sudo"] if shutil.which("sudo") else None)
    if prefix is None:
        sys.exit(f"[tasks] {what} est nécessaire aux tests : lancez « apt-get install {package} » en administrateur.")
    say(f"installation de {what} (paquet Debian)")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run([*prefix, apt, "-qq", "update"], check=True, env=env)
    subprocess.run([*prefix, apt, "install", "-y", "-qq", *package.split()], check=True, env=env)


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
    subprocess.run(["npm", "install", "--prefix", str(VNU_DIR), "--no-audit", "--no-fund", "--ignore-scripts", "--engine-strict",
                    f"vnu-jar@{VNU_VERSION}"], check=True)


def ensure_test_packages() -> None:
    missing = [package for package, path in TEST_PACKAGES if not Path(path).exists()]
    if missing:
        apt_install(" ".join(missing), "Les serveurs web des tests (nginx, Apache) et rsync",
                    ", ".join(path for _, path in TEST_PACKAGES))


def ensure_gitlab_ci_local() -> None:
    installed = VNU_DIR / "node_modules" / "gitlab-ci-local" / "package.json"
    if installed.exists() and json.loads(installed.read_text(encoding="utf-8")).get("version") == GITLAB_CI_LOCAL_VERSION:
        return
    say(f"installation de gitlab-ci-local {GITLAB_CI_LOCAL_VERSION} (paquet npm) dans .cache/npm/")
    subprocess.run(["npm", "install", "--prefix", str(VNU_DIR), "--no-audit", "--no-fund", "--ignore-scripts", "--engine-strict",
                    f"gitlab-ci-local@{GITLAB_CI_LOCAL_VERSION}"], check=True)


def ensure_pa11y() -> None:
    installed = VNU_DIR / "node_modules" / "pa11y" / "package.json"
    if installed.exists() and json.loads(installed.read_text(encoding="utf-8")).get("version") == PA11Y_VERSION:
        return
    say(f"installation de pa11y {PA11Y_VERSION} (paquet npm, sans navigateur téléchargé) dans .cache/npm/")
    env = {**os.environ, "PUPPETEER_SKIP_DOWNLOAD": "1"}
    subprocess.run(["npm", "install", "--prefix", str(VNU_DIR), "--no-audit", "--no-fund", "--ignore-scripts", "--engine-strict",
                    f"pa11y@{PA11Y_VERSION}"], check=True, env=env)


def ensure_editor(required: bool) -> None:
    """The browser editor's files (Decap CMS, js-yaml: npm packages, pinned) in .cache/editor/.

    `serve` and `build` only try, when npm is there: the site builds without
    them, and /admin/ then says what is missing. `edit` and `test` need them.
    """
    if shutil.which("npm") is None:
        if not required:
            return
        apt_install("npm", "npm (pour l'éditeur)", "npm")
    if run("coopsite", "editor-install") != 0:
        if required:
            sys.exit("[tasks] Échec : l'éditeur n'a pas pu être installé (voir le message ci-dessus).")
        say("l'éditeur /admin/ ne sera pas disponible dans cette construction ; le reste du site l'est")


def edit(rest: list[str]) -> int:
    """The editor on this checkout's files: the site on :8000, the file server on :8001."""
    ensure_editor(required=True)
    env = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "EDITOR_BACKEND": "local",
           "EDITOR_PROXY_URL": "http://127.0.0.1:8001/api/v1"}
    server = subprocess.Popen([str(BIN / "coopsite"), "edit-server", "--port", "8001"], cwd=ROOT)
    say("éditeur : http://127.0.0.1:8000/admin/ (sans compte ni réseau) ; "
        "le site, reconstruit à chaque enregistrement : http://127.0.0.1:8000/ ; Ctrl+C pour arrêter")
    try:
        return subprocess.run([str(BIN / "coopsite"), "serve", "--dev-addr", "127.0.0.1:8000", *rest],
                              cwd=ROOT, env=env).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        server.terminate()
        server.wait()


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
    """Build or serve with Zensical: the core exports into build/zensical/, Zensical builds it,
    the core indexes the search (Zensical ignores hooks, so its own search is not used) and
    writes the security policy and the servers' files.

    `serve` builds once, then serves the built folder on 127.0.0.1:8000: edits
    to cases/ and grid/ are not followed (run the command again).
    """
    build = ROOT / "build" / "zensical"
    code = run("python", "-m", "coopsite.export.zensical", str(build))
    if code:
        return code
    code = run("zensical", "build", "-f", str(build / "mkdocs.yml"), *(rest if job == "build" else []))
    if code:
        return code
    code = run("coopsite", "index-search", str(build / "site"))
    if code:
        return code
    code = run("coopsite", "harden", str(build / "site"))
    if code:
        return code
    if job == "serve":
        say("Zensical : site construit et indexé, servi sur http://127.0.0.1:8000 ; "
            "les modifications de cases/ et grid/ ne sont pas suivies, relancez la commande")
        return run("python", "-m", "http.server", "8000", "--bind", "127.0.0.1", "--directory", str(build / "site"))
    shutil.rmtree(ROOT / "site", ignore_errors=True)
    shutil.copytree(build / "site", ROOT / "site")
    say("site construit par Zensical dans site/")
    return code


def check_python() -> None:
    """The README promises Python >= 3.11: say so plainly on an older one."""
    if sys.version_info < (3, 11):
        sys.exit(f"[tasks] Ce projet demande Python 3.11 ou plus récent ; ce Python est en version "
                 f"{platform.python_version()} ({sys.executable}). Installez Python 3.11 ou plus, "
                 "puis relancez avec lui : python3.11 tasks.py serve")


def main(argv: list[str]) -> int:
    check_python()
    if not argv or argv[0] not in {"serve", "build", "test", "validate", "new-case", "export", "bench", "setup",
                                      "edit", "publish-check", "new-site"}:
        print(__doc__)
        return 2
    job, rest = argv[0], argv[1:]
    ensure_venv()
    if job == "setup":
        return 0
    if job == "edit":
        return edit(rest)
    if job in ("serve", "build"):
        ensure_editor(required=False)
    engine, rest = engine_option(rest) if job in ("build", "serve") else ("mkdocs", rest)
    if engine == "zensical":
        return zensical(job, rest)
    if engine != "mkdocs":
        print(f"[tasks] moteur inconnu « {engine} » : choisissez mkdocs (par défaut) ou zensical", file=sys.stderr)
        return 2
    if job == "serve":  # the preview: a save shows in a second, whatever the number of testimonies
        return run("coopsite", "serve", "--dev-addr", "127.0.0.1:8000", *rest)
    if job == "build":
        return run("mkdocs", "build", "--strict", *rest)
    if job in ("validate", "new-case", "export", "publish-check"):
        return run("coopsite", job, *rest)
    if job == "new-site":
        # The new folder is named from where the command was typed, not from this site.
        return subprocess.run([str(BIN / "coopsite"), "new-site", *rest]).returncode
    if job == "bench":
        if not (ROOT / "bench" / "run.py").is_file():
            print("[tasks] le banc d'essai est celui du générateur : lancez-le dans son dépôt", file=sys.stderr)
            return 2
        if "--edit" in rest:  # the wait after a save, under `serve` (bench/edit.py)
            return run("python", "bench/edit.py", *[arg for arg in rest if arg != "--edit"])
        return run("python", "bench/run.py", *rest)
    ensure_chromium()
    ensure_html_checker()
    started = time.monotonic()
    if not (ROOT / "tests").is_dir():
        # A site: the checks the generator ships for any site (coopsite/sitecheck/).
        code = run("python", "-m", "pytest", "-p", "no:cacheprovider", "--pyargs", "coopsite.sitecheck", *rest)
        minutes, seconds = divmod(round(time.monotonic() - started), 60)
        say(f"durée des vérifications du site : {minutes} min {seconds:02d} s")
        return code
    ensure_pa11y()
    ensure_test_packages()
    ensure_gitlab_ci_local()
    ensure_editor(required=True)
    # Two workers, each taking whole test files (their shared builds stay shared);
    # the arguments given after `test` come last and win (`-n 0` for one process).
    code = run("python", "-m", "pytest", "-n", "2", "--dist", "loadfile", *rest)
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    say(f"durée de la suite de tests : {minutes} min {seconds:02d} s (cible : moins de 8 min sur une machine "
        "à 2 cœurs au repos, voir docs/performances.md)")
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
