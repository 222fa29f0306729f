"""``new-site``: start the site of another network from the generator's Copier template.

    python3 tasks.py new-site DOSSIER                      # asks the questions, in French
    python3 tasks.py new-site DOSSIER --answers FICHIER    # takes them from a YAML file

The scaffold files (mkdocs.yml, site.yml, README, tasks.py, pipelines, .ci/run,
hooks/coop.py, overrides/) come from the template in ``template/`` through Copier,
which records its answers in ``.copier-answers.yml`` so that ``copier update``
can bring later template changes with a three-way merge. The site's own data
(its grid, its logo, the example testimony and round table) are written here,
outside the template: an upgrade never touches them. The new folder becomes a
git repository with one commit.

The template source is, by order of preference: the ``source`` argument (a git
checkout of the generator, or a git URL); ``COOPSITE_SOURCE`` when it is a git
checkout; the generator's own checkout when this package runs from one. Copier
records it, with the version tag, for upgrades. Installed from a wheel, without
git, the template is copied from the package, and the site cannot be upgraded by
``copier update`` until ``_src_path`` and ``_commit`` of ``.copier-answers.yml``
name the generator's repository and its version tag.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import yaml

from .answers import QUESTIONS, Answers, AnswersError, check, first_indicator, grid_title, read_answers_file
from . import example
from ..structure.schema import schema_line, with_schema_line

PACKAGE_HOME = Path(__file__).resolve().parent
TEMPLATE_DIR = PACKAGE_HOME / "template"
GENERATOR_HOME = PACKAGE_HOME.parent.parent  # the checkout's root, when the package runs from one
ANSWERS_FILE = ".copier-answers.yml"


class NewSiteError(Exception):
    """Why the site was not created, in French."""


def _is_template_repo(folder: Path) -> bool:
    return (folder / ".git").exists() and (folder / "copier.yml").is_file()


def template_source(source: str | Path | None = None) -> tuple[str, str | None]:
    """(Copier source, vcs_ref): a git checkout or URL of the generator, else the package's template."""
    if source is not None:
        text = str(source)
        if "://" in text or text.startswith("git@"):
            return text, None  # a remote: Copier takes its latest version tag
        folder = Path(text).expanduser().resolve()
        if _is_template_repo(folder):
            return str(folder), "HEAD"  # the version checked out, the one COOPSITE_SOURCE installs
        if (folder / "copier.yml").is_file():
            return str(folder), None
        raise NewSiteError(f"source du modèle introuvable : {folder} n'a pas de copier.yml")
    env = os.environ.get("COOPSITE_SOURCE", "").strip()
    if env and _is_template_repo(Path(env).expanduser().resolve()):
        return str(Path(env).expanduser().resolve()), "HEAD"
    if _is_template_repo(GENERATOR_HOME) and (GENERATOR_HOME / "coopsite" / "newsite").is_dir():
        return str(GENERATOR_HOME), "HEAD"
    return str(TEMPLATE_DIR), None


def _refuse_existing(dest: Path) -> None:
    if dest.is_symlink() or (dest.exists() and not dest.is_dir()):
        raise NewSiteError(f"{dest} existe déjà et n'est pas un dossier : rien n'a été créé")
    if dest.is_dir() and any(dest.iterdir()):
        raise NewSiteError(f"le dossier {dest} existe déjà et n'est pas vide : rien n'a été créé "
                           "(choisissez un nouveau dossier)")


def _git(dest: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["git", *args], cwd=dest, capture_output=True, text=True, check=True)


def _identity(dest: Path) -> list[str]:
    """``-c user.name=… -c user.email=…`` only when git has no identity configured."""
    email = subprocess.run(["git", "config", "user.email"], cwd=dest, capture_output=True, text=True).stdout.strip()
    return [] if email else ["-c", "user.name=coopsite", "-c", "user.email=coopsite@localhost"]


def _one_line(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip()


def new_site(dest: Path, answers: Answers | dict, source: str | Path | None = None,
             base: Path | None = None) -> Path:
    """Create the new site in ``dest`` (missing or empty); return it.

    ``answers`` is checked first (a dict with the keys of an answers file, its
    paths relative to ``base``, the working folder by default): a bad answer
    raises :class:`AnswersError` and nothing is created. A half-made site is removed.
    """
    dest = Path(dest).expanduser().absolute()
    if not isinstance(answers, Answers):
        answers = check(answers, Path(base or Path.cwd()))
    _refuse_existing(dest)
    src, ref = template_source(source)
    created = not dest.exists()
    try:
        _render(dest, answers, src, ref)
        _write_data(dest, answers)
        _git(dest, "init", "--quiet", "--initial-branch=main")
        _git(dest, "add", "--all")
        _git(dest, *_identity(dest), "commit", "--quiet", "--no-verify", "-m",
             f"Nouveau site « {_one_line(answers.title)} », créé par coopsite new-site")
    except BaseException as error:
        if created:
            shutil.rmtree(dest, ignore_errors=True)
        elif dest.is_dir():
            for child in dest.iterdir():
                shutil.rmtree(child) if child.is_dir() and not child.is_symlink() else child.unlink()
        if isinstance(error, subprocess.CalledProcessError):
            raise NewSiteError(f"git a échoué ({' '.join(error.cmd[:2])}) : {(error.stderr or '').strip()}") from None
        raise
    return dest


def _render(dest: Path, answers: Answers, src: str, ref: str | None) -> None:
    from copier import run_copy

    data = {"network": answers.network, "title": answers.title, "publisher": answers.publisher,
            "region": answers.region, "primary": answers.primary, "accent": answers.accent,
            "logo": answers.logo_target, "index": answers.index}
    notes = []
    with tempfile.TemporaryDirectory(prefix="coopsite-modele-") as work:
        source = src
        if ref is not None and _uncommitted(Path(src)):
            # Copier would take the uncommitted changes too, and record a commit that exists nowhere:
            # every later `copier update` would fail. The site is made from the last commit instead.
            source = str(Path(work) / "generateur")
            subprocess.run(["git", "clone", "--quiet", "--no-hardlinks", src, source], check=True,
                           capture_output=True, text=True)
            notes.append(f"le générateur ({src}) a des modifications non enregistrées (git status) : elles ne sont "
                         "pas reprises, le site est fait de son dernier commit")
        try:
            run_copy(source, dest, data=data, vcs_ref=ref, defaults=True, quiet=True, overwrite=False,
                     unsafe=False, skip_tasks=True)
        except Exception as error:  # noqa: BLE001 - Copier's own errors, told in French
            raise NewSiteError(f"Copier n'a pas pu créer le site depuis {src} : {error}") from error
        if source != src:  # the answers name the generator's own repository, not the clone
            answers_file = dest / ANSWERS_FILE
            answers_file.write_text(re.sub(r"(?m)^_src_path: .*$", lambda _: f"_src_path: {src}",
                                           answers_file.read_text("utf-8"), count=1), "utf-8")
    for note in notes + upgrade_notes(dest, src):
        print(f"Attention : {note}", file=sys.stderr)


def _uncommitted(repo: Path) -> bool:
    """Does the git repository ``repo`` hold changes or new files that no commit has?"""
    done = subprocess.run(["git", "status", "--porcelain"], cwd=repo, capture_output=True, text=True)
    return done.returncode == 0 and bool(done.stdout.strip())


def upgrade_notes(dest: Path, src: str) -> list[str]:
    """What will keep ``copier update`` from upgrading the new site, in French."""
    recorded = yaml.safe_load((dest / ANSWERS_FILE).read_text("utf-8")) or {}
    commit = str(recorded.get("_commit") or "")
    if not commit:
        return [f"le modèle vient de {src}, hors d'un dépôt git : « copier update » ne pourra pas mettre ce site "
                "à jour tant que _src_path et _commit de .copier-answers.yml ne désignent pas le dépôt du "
                "générateur et son étiquette de version (vX.Y.Z)"]
    if not re.match(r"^v?\d+(\.\d+)*(-\d+-g[0-9a-f]+)?$", commit):
        return [f"le modèle {src} n'est pas à une étiquette de version (git describe : {commit}) : « copier "
                "update » compare des versions, étiquetez le générateur (vX.Y.Z) avant de créer des sites"]
    return []


def _write_data(dest: Path, answers: Answers) -> None:
    """The site's own data: its grid, its logo, the example round table and testimony."""
    (dest / "grid").mkdir(exist_ok=True)
    # The grid's first line names its schema where the site finds it (see coopsite/structure/schema.py).
    grid_text = answers.grid.read_text("utf-8")
    (dest / "grid" / answers.grid.name).write_text(with_schema_line(grid_text, schema_line(dest, "grid", 1)), "utf-8")
    if answers.logo is not None:
        target = dest / "docs" / answers.logo_target
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(answers.logo, target)
    indicator_id, indicator_title = first_indicator(answers.grid)
    events = dest / "cases" / "evenements"
    events.mkdir(parents=True, exist_ok=True)
    (events / f"{example.EVENT_ID}.yml").write_text(with_schema_line(
        example.event_yaml(answers.network, _one_line(grid_title(answers.grid))), schema_line(dest, "event", 2)),
        "utf-8")
    (dest / "cases" / f"{example.CASE_ID}.yml").write_text(with_schema_line(
        example.case_yaml(indicator_id, _one_line(indicator_title)), schema_line(dest, "case", 1)), "utf-8")


def update_site(root: Path, vcs_ref: str | None = None, conflict: str = "inline") -> None:
    """Bring the template's later version to the site in ``root`` (``copier update``, no question asked).

    The site must be a clean git repository; the result is left uncommitted,
    for the maintainer to read with ``git diff`` before committing.
    """
    from copier import run_update

    run_update(str(root), vcs_ref=vcs_ref, defaults=True, overwrite=True, quiet=True,
               conflict=conflict, skip_answered=True, unsafe=False, skip_tasks=True)


def ask(stream_in=None) -> dict:
    """The answers typed at the terminal, each checked at once and asked again when refused."""
    answers: dict = {}
    for question in QUESTIONS:
        default = question.default.format(**answers) if question.default else ""
        while True:
            shown = f" [{default}]" if default else ""
            try:
                typed = input(f"{question.text}{shown} : ").strip()
            except EOFError:
                raise AnswersError([f"{question.key} : pas de réponse (fin de l'entrée)"]) from None
            answers[question.key] = typed or default
            try:
                check({k: answers.get(k, _placeholder(k)) for k in _all_keys()}, Path.cwd())
            except AnswersError as error:
                mine = [p for p in error.problems if p.startswith(f"{question.key} :") or p.startswith("  ")
                        and question.key == "grid"]
                if mine:
                    print("\n".join(mine), file=sys.stderr)
                    continue
            break
    return answers


def _all_keys() -> tuple[str, ...]:
    return tuple(q.key for q in QUESTIONS)


def _placeholder(key: str) -> str:
    """A valid stand-in for a question not yet asked, so that only the current answer is judged."""
    return {"primary": "teal", "accent": "teal", "grid": "ptce", "logo": "", "region": "", "index": ""}.get(key, "x")


def main(argv: list[str]) -> int:
    """``new-site DOSSIER [--answers FICHIER]``: 0 when created, 2 for a bad answer or folder."""
    parser = argparse.ArgumentParser(prog="python3 tasks.py new-site",
                                     description="Crée le site d'un autre réseau à partir du générateur.")
    parser.add_argument("folder", metavar="DOSSIER", help="le dossier du nouveau site (nouveau ou vide)")
    parser.add_argument("--answers", metavar="FICHIER",
                        help="les réponses dans un fichier YAML (clés : network, title, publisher, region, "
                             "primary, accent, grid, logo, index), au lieu des questions")
    args = parser.parse_args(argv)
    dest = Path(args.folder).expanduser().absolute()
    try:
        _refuse_existing(dest)  # before the questions: no typing for nothing
        if args.answers:
            path = Path(args.answers).expanduser().absolute()
            answers = check(read_answers_file(path), path.parent)
        else:
            answers = check(ask(), Path.cwd())
        new_site(dest, answers)
    except AnswersError as error:
        print("Réponses refusées, rien n'a été créé :", file=sys.stderr)
        print("\n".join(f"  {line}" for line in error.problems), file=sys.stderr)
        return 2
    except NewSiteError as error:
        print(f"Échec : {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("\nInterrompu : rien n'a été créé.", file=sys.stderr)
        return 130
    if not answers.index:
        print("Attention : ce site ne dit pas où trouver le générateur ; donnez son dossier ou son .whl dans "
              "COOPSITE_SOURCE, ou écrivez l'adresse d'un dépôt de paquets dans requirements.txt.", file=sys.stderr)
    print(f"Site créé dans {dest} (dépôt git, un premier commit).\n"
          f"Ensuite : cd {dest} && python3 tasks.py serve\n"
          "Avant de publier : remplacez l'exemple (cases/exemple.yml, cases/evenements/exemple-table-ronde.yml) "
          "et complétez site.yml (python3 tasks.py publish-check).")
    return 0
