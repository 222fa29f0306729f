"""The jobs of ``python3 tasks.py JOB``: the site's bootstrap (``tasks.py``) installs the generator,
then hands every job here (``python -m coopsite.jobs JOB [options]``).

What a job needs beside Python (Chromium, the HTML checker) is in ``tools.py``; the two build
engines in ``engines.py``. Everything here is fixed for every site by a release of the generator,
where ``tasks.py`` would need a ``copier update`` in each of them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

from . import tools

HELP = """Utilisation : python3 tasks.py TÂCHE [options]

  serve            aperçu du site sur http://127.0.0.1:8000 (un enregistrement s'y voit en une seconde)
  edit             l'éditeur du navigateur sur les fichiers locaux : http://127.0.0.1:8000/admin/
  build            construit le site dans site/ (--engine zensical : avec Zensical)
  test             les vérifications (installe Chromium, Java et le validateur HTML s'il le faut)
  validate         vérifie cases/ et grid/
  new-case         écrit le squelette d'un nouveau témoignage dans cases/
  import RAPPORT   un compte rendu de table ronde (.odt, .docx, .md, .txt) devient des brouillons
  publish-check    avant de publier : les informations légales de site.yml sont remplies
  export DOSSIER   les pages Markdown et les données dans DOSSIER, sans MkDocs
  migrate          met les fichiers du site au format de cette version du générateur (--dry-run : montre)
  new-site DOSSIER crée le site d'un autre réseau
  setup            prépare seulement .venv/
Chez le générateur seulement : bench (--edit, --suggest), release-check.
"""
CLI_JOBS = {"validate", "new-case", "export", "publish-check", "import", "new-site", "migrate"}
HOME_JOBS = {"bench", "release-check"}
JOBS = CLI_JOBS | HOME_JOBS | {"serve", "edit", "build", "test", "setup"}


def project_root() -> Path:
    """The site's folder: the bootstrap names it; run by hand, the current folder."""
    return Path(os.environ.get("COOPSITE_ROOT") or ".").resolve()


def generator_home(root: Path) -> bool:
    return (root / "coopsite" / "__init__.py").is_file() and (root / "pyproject.toml").is_file()


def run(root: Path, *command: str) -> int:
    """A program of the environment, in the site's folder."""
    return subprocess.run([*command], cwd=root, env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}).returncode


def python(*args: str) -> list[str]:
    return [sys.executable, *args]


def cli(root: Path, args: list[str]) -> int:
    """A command of ``coopsite`` (coopsite/cli.py), run in the site's folder."""
    from ..cli import main as cli_main

    os.chdir(root)
    return cli_main(args)


def ensure_editor(root: Path, required: bool) -> int:
    """The browser editor's files (npm packages, pinned) in .cache/editor/. `serve` and `build` only
    try, when npm is there: the site builds without them, and /admin/ says what is missing."""
    import shutil

    if shutil.which("npm") is None:
        if not required:
            return 0
        tools.apt_install("npm", "npm, pour l'éditeur", "npm")
    if run(root, *python("-m", "coopsite.cli", "editor-install", "--root", str(root))) == 0:
        return 0
    if required:
        sys.exit("[tasks] Échec : l'éditeur n'a pas pu être installé (voir le message ci-dessus).")
    tools.say("l'éditeur /admin/ ne sera pas disponible dans cette construction ; le reste du site l'est")
    return 0


def edit(root: Path, rest: list[str]) -> int:
    """The editor on this folder's files: the site on :8000, the file server on :8001."""
    ensure_editor(root, required=True)
    os.environ.update(EDITOR_BACKEND="local", EDITOR_PROXY_URL="http://127.0.0.1:8001/api/v1")
    server = subprocess.Popen(python("-m", "coopsite.cli", "edit-server", "--port", "8001"), cwd=root)
    tools.say("éditeur : http://127.0.0.1:8000/admin/ (sans compte ni réseau) ; le site, reconstruit à chaque "
              "enregistrement : http://127.0.0.1:8000/ ; Ctrl+C pour arrêter")
    try:
        return cli(root, ["serve", "--dev-addr", "127.0.0.1:8000", *rest])
    finally:
        server.terminate()
        server.wait()


def test(root: Path, rest: list[str]) -> int:
    tools.ensure_chromium()
    tools.ensure_html_checker(root)
    started = time.monotonic()
    if generator_home(root) and (root / "tests").is_dir():
        if run(root, *python(str(root / "tests" / "tooling.py"))):
            return 1
        ensure_editor(root, required=True)
        # Two workers, each taking whole test files (their shared builds stay shared);
        # the arguments given after `test` come last and win (`-n 0` for one process).
        code = run(root, *python("-m", "pytest", "-n", "2", "--dist", "loadfile", *rest))
        what = "de la suite de tests"
    else:  # a site: the checks the generator ships for any site (coopsite/sitecheck/)
        code = run(root, *python("-m", "pytest", "-p", "no:cacheprovider", "--pyargs", "coopsite.sitecheck", *rest))
        what = "des vérifications du site"
    minutes, seconds = divmod(round(time.monotonic() - started), 60)
    tools.say(f"durée {what} : {minutes} min {seconds:02d} s")
    return code


def home_job(root: Path, job: str, rest: list[str]) -> int:
    if not generator_home(root):
        print(f"[tasks] « {job} » est une tâche du générateur : lancez-la dans son dépôt.", file=sys.stderr)
        return 2
    if job == "release-check":
        from .release import main as release_main

        return release_main(root, rest)
    script = "bench/edit.py" if "--edit" in rest else "bench/suggest.py" if "--suggest" in rest else "bench/run.py"
    return run(root, *python(script, *[arg for arg in rest if arg not in ("--edit", "--suggest")]))


def prepare(root: Path, job: str) -> None:
    """Before any job: the schemas the sources name, and the word when the site's files need a migration."""
    from ..migrations import notice
    from ..structure.schema import install_site_schemas

    if not generator_home(root):
        install_site_schemas(root)
    if job != "migrate":
        message = notice(root)
        if message:
            tools.say(message)


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("help", "-h", "--help"):
        print(HELP)
        return 0
    if argv[0] not in JOBS:
        import difflib

        close = difflib.get_close_matches(argv[0], sorted(JOBS), n=1)
        print(f"[tasks] tâche inconnue « {argv[0]} »" + (f" : vouliez-vous dire « {close[0]} » ?" if close else "")
              + "\n\n" + HELP, file=sys.stderr)
        return 2
    root = project_root()
    job, rest = argv[0], argv[1:]
    prepare(root, job)
    if job == "setup":
        return 0
    if job in ("import", "new-site"):  # files are named from where the command was typed
        rest = [arg if arg.startswith("-") else str(Path(arg).resolve()) for arg in rest]
    if job in CLI_JOBS:
        return cli(root, [job, *rest])
    if job in HOME_JOBS:
        return home_job(root, job, rest)
    if job == "test":
        return test(root, rest)
    if job == "edit":
        return edit(root, rest)
    from .engines import engine_option, zensical

    ensure_editor(root, required=False)
    engine, rest = engine_option(rest)
    if engine == "zensical":
        return zensical(root, job, rest)
    if engine != "mkdocs":
        print(f"[tasks] moteur inconnu « {engine} » : choisissez mkdocs (par défaut) ou zensical", file=sys.stderr)
        return 2
    if job == "serve":  # the preview: a save shows in a second, whatever the number of testimonies
        return cli(root, ["serve", "--dev-addr", "127.0.0.1:8000", *rest])
    return run(root, *python("-m", "mkdocs", "build", "--strict", *rest))
