"""Releases: ``release-check`` builds and checks the package; a real package index (pypiserver on
127.0.0.1) serves it; a new network's site installs the generator from that index alone; a site made
by the previous release (0.2.0) is upgraded to this one, its own edits kept, and migrated.

The package is built once, from a copy of this checkout's tracked files (as a clean clone has them).
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
import tomllib
import urllib.request
import zipfile
from pathlib import Path

import pytest
import yaml

from coopsite.jobs.release import (ReleaseRefused, build, check_versions, home_network, main as release_main,
                                   versions, wheel_problems)
from tests.helpers import ROOT
from tests.servers import free_port

pytestmark = pytest.mark.build

VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text("utf-8"))["project"]["version"]
OLD_RELEASE = ROOT / "tests" / "data" / "release-0.2.0"
GIT = ["git", "-c", "user.name=Essai", "-c", "user.email=essai@localhost", "-c", "init.defaultBranch=main",
       "-c", "commit.gpgsign=false", "-c", "tag.gpgsign=false"]
# A site's environment: nothing of this checkout's (no COOPSITE_SOURCE, no active venv).
SITE_ENV = {k: v for k, v in os.environ.items() if k not in ("COOPSITE_SOURCE", "VIRTUAL_ENV", "COOPSITE_ROOT")}


def git(cwd: Path, *args: str) -> str:
    return subprocess.run([*GIT, *args], cwd=cwd, check=True, capture_output=True, text=True).stdout


def tracked_copy(dest: Path) -> Path:
    """This checkout's tracked and new files (not the ignored ones), as a clean clone has them."""
    listed = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for rel in filter(None, listed):
        source = ROOT / rel
        if source.is_file():
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, dest / rel)
    return dest


@pytest.fixture(scope="module")
def home(tmp_path_factory) -> Path:
    """A copy of the generator's home, a git repository at one commit."""
    root = tracked_copy(tmp_path_factory.mktemp("generateur"))
    git(root, "init", "-q")
    git(root, "add", "--all")
    git(root, "commit", "-q", "-m", "version")
    return root


@pytest.fixture(scope="module")
def dist(home) -> list[Path]:
    assert release_main(home, []) == 0
    return sorted((home / "dist").iterdir())


def test_the_release_is_a_wheel_and_an_sdist_that_pass_the_checks(dist, home):
    names = [path.name for path in dist]
    assert names == [f"coopsite-{VERSION}-py3-none-any.whl", f"coopsite-{VERSION}.tar.gz"]
    wheel = dist[0]
    with zipfile.ZipFile(wheel) as archive:
        members = archive.namelist()
        metadata = archive.read(f"coopsite-{VERSION}.dist-info/METADATA").decode()
    assert not any(name.startswith(("tests/", "cases/", "grid/", "bench/")) or "__pycache__" in name
                   for name in members)
    assert "coopsite/newsite/template/project/tasks.py" in members and "coopsite/jobs/__init__.py" in members
    assert home_network(home) and home_network(home) not in metadata  # the package names no network
    assert wheel_problems(wheel, home_network(home)) == []


def test_two_builds_of_one_commit_give_the_same_wheel(dist, home, tmp_path):
    again = build(home, tmp_path / "encore")
    assert [p.name for p in again] == [p.name for p in dist]
    assert again[0].read_bytes() == dist[0].read_bytes()


def test_the_wheel_check_names_what_is_wrong(tmp_path):
    wheel = tmp_path / "coopsite-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("coopsite/__init__.py", "# Réseau Essai\n")
        archive.writestr("tests/test_x.py", "")
        archive.writestr("coopsite/__pycache__/x.cpython-311.pyc", "")
    problems = "\n".join(wheel_problems(wheel, "Réseau Essai"))
    assert "« tests/test_x.py » ne doit pas être dans le paquet" in problems
    assert "__pycache__" in problems and "« coopsite/structure/schemas/case.schema.json » manque" in problems
    assert "« coopsite/__init__.py » nomme le réseau « Réseau Essai »" in problems


def test_versions_that_disagree_are_refused_naming_the_two(tmp_path, capsys):
    for name in ("pyproject.toml", "CHANGELOG.md", "site.yml"):
        shutil.copy(ROOT / name, tmp_path / name)
    (tmp_path / "coopsite").mkdir()
    shutil.copy(ROOT / "coopsite" / "__init__.py", tmp_path / "coopsite" / "__init__.py")
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", "--all")
    git(tmp_path, "commit", "-q", "-m", "x")
    assert check_versions(versions(tmp_path)) == VERSION
    git(tmp_path, "tag", "v9.9.9")
    with pytest.raises(ReleaseRefused) as refused:
        check_versions(versions(tmp_path))
    assert f"pyproject.toml dit {VERSION}, l'étiquette v9.9.9 dit 9.9.9" in str(refused.value)
    git(tmp_path, "tag", "-d", "v9.9.9")
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(changelog.read_text("utf-8").replace(f"## {VERSION}", "## 7.7.7", 1), "utf-8")
    assert release_main(tmp_path, []) == 1
    err = capsys.readouterr().err
    assert f"pyproject.toml dit {VERSION}, CHANGELOG.md dit 7.7.7" in err and "Traceback" not in err
    assert not (tmp_path / "dist").exists()  # refused before anything is built


def test_the_changelog_s_first_release_is_this_version():
    assert versions(ROOT)["CHANGELOG.md"] == VERSION
    assert f"coopsite=={VERSION}" in (ROOT / "constraints.txt").read_text("utf-8").splitlines()


# -- a real package index ----------------------------------------------------------------------

@pytest.fixture(scope="module")
def index(dist, tmp_path_factory):
    """pypiserver on 127.0.0.1, uploads open, no fallback to PyPI; the release uploaded by twine."""
    packages = tmp_path_factory.mktemp("paquets")
    port = free_port()
    log = open(packages.parent / "pypiserver.log", "w+")
    server = subprocess.Popen([sys.executable, "-m", "pypiserver", "run", "-p", str(port), "-i", "127.0.0.1",
                               "-a", ".", "-P", ".", "--disable-fallback", str(packages)],
                              stdout=log, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(url + "/simple/", timeout=2).close()
                break
            except OSError:
                assert server.poll() is None and time.monotonic() < deadline, "pypiserver n'a pas démarré"
                time.sleep(0.2)
        upload = subprocess.run([sys.executable, "-m", "twine", "upload", "--non-interactive", "--repository-url",
                                 url + "/", "-u", "essai", "-p", "essai", *map(str, dist)],
                                capture_output=True, text=True, timeout=120)
        assert upload.returncode == 0, upload.stdout + upload.stderr
        listed = urllib.request.urlopen(url + "/simple/coopsite/", timeout=5).read().decode()
        assert f"coopsite-{VERSION}-py3-none-any.whl" in listed
        yield url + "/simple/"
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


def tasks(site: Path, *args: str, timeout: int = 900) -> subprocess.CompletedProcess:
    done = subprocess.run([sys.executable, "tasks.py", *args], cwd=site, env=SITE_ENV, capture_output=True,
                          text=True, timeout=timeout)
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done


def share_caches(site: Path) -> None:
    """The checkers' and the editor's downloads, already in this checkout: not fetched again."""
    (site / ".cache").mkdir(exist_ok=True)
    for name in ("npm", "editor"):
        if (ROOT / ".cache" / name).is_dir():
            (site / ".cache" / name).symlink_to(ROOT / ".cache" / name, target_is_directory=True)


def installed_from(site: Path) -> str:
    python = site / ".venv" / "bin" / "python"
    return subprocess.run([str(python), "-c", "import coopsite, sys; print(coopsite.__version__, coopsite.__file__)"],
                          capture_output=True, text=True, cwd="/", check=True).stdout


def test_a_new_site_installs_the_generator_from_the_index_alone(index, home, tmp_path):
    from coopsite.newsite import new_site

    answers = {"network": "Réseau Haie", "title": "Coopérer en haies", "publisher": "Réseau Haie",
               "primary": "green", "accent": "amber", "grid": "ptce", "index": index}
    site = new_site(tmp_path / "haies", answers, source=home)
    assert f"--extra-index-url {index}\n" in (site / "requirements.txt").read_text("utf-8")
    done = tasks(site, "validate")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "OK : grille" in done.stdout
    version, where = installed_from(site).split()
    assert version == VERSION and Path(where).is_relative_to(site / ".venv")  # a wheel, not this checkout

    # Without the index's address, and without COOPSITE_SOURCE: one French sentence, nothing installed.
    bare = tmp_path / "sans-adresse"
    shutil.copytree(site, bare, ignore=shutil.ignore_patterns(".venv"))
    (bare / "requirements.txt").write_text("coopsite[site]\n", "utf-8")
    done = tasks(bare, "validate")
    assert done.returncode == 1 and "ne dit pas où trouver le générateur" in done.stderr
    assert not (bare / ".venv").exists()


def announced_files(version: str) -> set[str]:
    """The files of a site that the CHANGELOG says an upgrade to ``version`` changes."""
    text = (ROOT / "CHANGELOG.md").read_text("utf-8")
    section = text.split(f"\n## {version}", 1)[1].split("\n## ", 1)[0]
    line = next(line for line in section.splitlines() if line.startswith("**Fichiers d'un site"))
    return set(re.findall(r"`([^`]+)`", line))


def test_a_site_of_the_previous_release_upgrades_keeps_its_edits_and_migrates(index, home, tmp_path):
    """Release 0.2.0's site, edited by hand, then: copier update to this release (which pins it),
    migrate, validate, test; `git diff` shows only what the CHANGELOG announces."""
    from copier import run_update

    # The generator's repository as a site's copier sees it: 0.2.0's template, then this one.
    generator = tmp_path / "generateur"
    shutil.copytree(OLD_RELEASE / "generator", generator)
    git(generator, "init", "-q")
    git(generator, "add", "--all")
    git(generator, "commit", "-q", "-m", "0.2.0")
    git(generator, "tag", "v0.2.0")
    shutil.rmtree(generator / "coopsite")
    shutil.copytree(home / "coopsite" / "newsite" / "template", generator / "coopsite" / "newsite" / "template")
    shutil.copy(home / "copier.yml", generator / "copier.yml")
    git(generator, "add", "--all")
    git(generator, "commit", "-q", "-m", VERSION)
    git(generator, "tag", f"v{VERSION}")

    site = tmp_path / "bocage"
    shutil.copytree(OLD_RELEASE / "site", site)
    answers = site / ".copier-answers.yml"
    answers.write_text(answers.read_text("utf-8").replace("_src_path: GENERATOR", f"_src_path: {generator}"), "utf-8")
    git(site, "init", "-q")
    git(site, "add", "--all")
    git(site, "commit", "-q", "-m", "site fait par la version 0.2.0")
    # The site's own edits: a line of its README, and a testimony written as 0.2.0's new-case did.
    readme = site / "README.md"
    readme.write_text(readme.read_text("utf-8") + "\n## Notre équipe\n\nUne ligne ajoutée par le site.\n", "utf-8")
    example = (site / "cases" / "exemple.yml").read_text("utf-8")
    own_case = ("# yaml-language-server: $schema=../coopsite/structure/schemas/case.schema.json\n"
                + example.replace("\nid: exemple\n", "\nid: notre-structure\n", 1).replace("id: exemple-1", "id: notre-structure-1"))
    (site / "cases" / "notre-structure.yml").write_text(own_case, "utf-8")
    git(site, "add", "--all")
    git(site, "commit", "-q", "-m", "nos modifications")

    run_update(str(site), vcs_ref=f"v{VERSION}", data={"index": index}, defaults=True, overwrite=True,
               quiet=True, skip_answered=True, unsafe=False, skip_tasks=True)
    assert f"coopsite=={VERSION}" in (site / "constraints.txt").read_text("utf-8").splitlines()  # pinned X+1
    assert (site / "tasks.py").read_bytes() == (home / "tasks.py").read_bytes()

    share_caches(site)
    done = tasks(site, "migrate", "--dry-run")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "+# yaml-language-server: $schema=../.venv/coopsite-schemas/case.schema.json" in done.stdout
    assert installed_from(site).split()[0] == VERSION
    done = tasks(site, "migrate")
    assert done.returncode == 0 and "modifié : cases/notre-structure.yml" in done.stdout, done.stdout + done.stderr
    done = tasks(site, "validate")
    assert done.returncode == 0 and "change le format" not in done.stdout, done.stdout + done.stderr

    # Its own edits are kept; nothing but what the CHANGELOG announces has changed.
    assert readme.read_text("utf-8").rstrip().endswith("Une ligne ajoutée par le site.")
    assert (site / "cases" / "notre-structure.yml").read_text("utf-8").split("\n", 1)[1] == own_case.split("\n", 1)[1]
    status = git(site, "status", "--porcelain", "--untracked-files=all").splitlines()
    changed = {line[3:] for line in status if not line[3:].startswith(".cache")}
    announced = announced_files(VERSION)
    yaml_changes = {path for path in changed if path.endswith(".yml") and path.startswith(("cases/", "grid/"))}
    assert yaml_changes == {"grid/ptce-2012.yml", "cases/notre-structure.yml"}
    assert changed - yaml_changes <= announced, changed - yaml_changes - announced
    assert {"tasks.py", "constraints.txt", "requirements.txt", ".copier-answers.yml"} <= changed
    assert not list(site.rglob("*.rej")) and "<<<<<<<" not in readme.read_text("utf-8")
    recorded = yaml.safe_load(answers.read_text("utf-8"))
    assert recorded["_commit"] == f"v{VERSION}" and recorded["index"] == index

    done = tasks(site, "test", timeout=1200)
    assert done.returncode == 0, done.stdout[-4000:] + done.stderr[-2000:]
