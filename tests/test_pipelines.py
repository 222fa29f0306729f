"""The publishing pipelines shipped for GitLab (Framagit), GitHub and Forgejo (Codeberg),
checked offline with the forges' own tooling:

- each file passes its forge's schema (check-jsonschema's vendored copies);
- every production job runs ``tasks.py publish-check`` before it builds, and only the
  README's commands; GitHub's actions are pinned to full commits;
- ``.gitlab-ci.yml`` is run by gitlab-ci-local (shell executor) on a copy of the
  project: the Pages job publishes ``public/`` with ``CI_PAGES_URL`` in the canonical
  links, refuses with empty legal fields, and the merge-request job keeps its preview;
  a broken case fails the job with the French report in its log;
- the Forgejo job's publishing step, run against a local bare repository, puts the
  built site alone on the ``pages`` branch.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from conftest import ROOT, copy_project

GITLAB = ROOT / ".gitlab-ci.yml"
GITHUB = ROOT / ".github" / "workflows" / "publier.yml"
FORGEJO = ROOT / ".forgejo" / "workflows" / "publier.yml"
GITLAB_CI_LOCAL = ROOT / ".cache" / "npm" / "node_modules" / ".bin" / "gitlab-ci-local"
# What a filled site.yml looks like, for a copy that may publish (fictitious values, never published).
FILLED = {
    "publisher": {"name": "Association d’essai", "address": "1 rue de l’Essai, 00000 Essai",
                  "phone": "00 00 00 00 00", "email": "contact@essai.invalid"},
    "director": "Camille Essai",
    "host": {"name": "Hébergeur d’essai", "address": "2 rue de l’Essai, 00000 Essai", "phone": "00 00 00 00 01"},
    "licence": {"name": "Licence d’essai", "url": ""},
    "accessibility": {"status": "non conforme", "declaration_date": "2026-12-01"},
}
PAGES_URL = "http://essai.pages.invalid/cooperation"


def check_jsonschema(schema: str, *files: Path) -> subprocess.CompletedProcess:
    return subprocess.run([str(Path(sys.executable).parent / "check-jsonschema"), "--builtin-schema", schema,
                           *map(str, files)], capture_output=True, text=True, timeout=120)


def steps_run(job: dict) -> list[str]:
    return [step["run"] for step in job.get("steps", []) if "run" in step]


def test_each_pipeline_passes_its_forge_schema():
    for schema, files in (("vendor.gitlab-ci", [GITLAB]), ("vendor.github-workflows", [GITHUB, FORGEJO])):
        done = check_jsonschema(schema, *files)
        assert done.returncode == 0, done.stdout + done.stderr
        assert "ok -- validation done" in done.stdout


GENERATOR_GITHUB = ROOT / ".github" / "workflows" / "generateur.yml"
GENERATOR_FORGEJO = ROOT / ".forgejo" / "workflows" / "generateur.yml"


def test_the_release_jobs_run_on_a_version_tag_in_the_generator_s_home_only():
    """A tag vX.Y.Z: the generator's tests, release-check, then the forge's registry or release."""
    done = check_jsonschema("vendor.github-workflows", GENERATOR_GITHUB, GENERATOR_FORGEJO)
    assert done.returncode == 0, done.stdout + done.stderr
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))["version"]
    assert gitlab["rules"] == [{"if": "$CI_COMMIT_TAG =~ /^v[0-9]+[.][0-9]+[.][0-9]+$/",
                                "exists": ["coopsite/__init__.py"]}]  # never in a site: no coopsite/ there
    assert gitlab["script"][:2] == ["bash .ci/run", "python3 tasks.py release-check"]
    assert "twine upload" in gitlab["script"][2] and "/packages/pypi" in gitlab["script"][2]
    for path in (GENERATOR_GITHUB, GENERATOR_FORGEJO):
        workflow = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert workflow[True]["push"]["tags"] == ["v*.*.*"], path  # « on: » reads as True
        runs = steps_run(workflow["jobs"]["version"])
        assert runs[:2] == ["bash .ci/run", "python3 tasks.py release-check"], path
    assert not (ROOT / "coopsite" / "newsite" / "template" / "project" / ".github" / "workflows" / "generateur.yml").exists()
    systems = yaml.safe_load(GENERATOR_GITHUB.read_text(encoding="utf-8"))["jobs"]["systemes"]
    assert systems["strategy"]["matrix"]["os"] == ["windows-latest", "macos-latest"]
    assert [r.split()[2] for r in steps_run(systems)[:3]] == ["setup", "validate", "build"]
    for use in re.findall(r"uses:\s*(\S+)", GENERATOR_GITHUB.read_text(encoding="utf-8")):
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), use


def test_the_schema_check_finds_a_mistake(tmp_path):
    """The checker is not a rubber stamp: a step with an unknown key is reported at its path."""
    data = yaml.safe_load(GITHUB.read_text(encoding="utf-8"))
    data["jobs"]["construire"]["steps"][1]["avec"] = {"python-version": "3.11"}
    broken = tmp_path / "publier.yml"
    broken.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    done = check_jsonschema("vendor.github-workflows", broken)
    assert done.returncode != 0
    assert "$.jobs.construire.steps[1]" in done.stdout
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    gitlab["pages"]["scripts"] = gitlab["pages"].pop("script")
    (tmp_path / "gitlab.yml").write_text(yaml.safe_dump(gitlab, allow_unicode=True), encoding="utf-8")
    assert check_jsonschema("vendor.gitlab-ci", tmp_path / "gitlab.yml").returncode != 0


def test_production_jobs_check_the_legal_fields_before_building():
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    assert gitlab["pages"]["script"][0] == "python3 tasks.py publish-check"
    assert gitlab["pages"]["variables"]["SITE_URL"] == "$CI_PAGES_URL"
    for path, job in ((GITHUB, "construire"), (FORGEJO, "publier")):
        runs = steps_run(yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"][job])
        check = runs.index("python3 tasks.py publish-check")
        build = next(i for i, r in enumerate(runs) if r.startswith("python3 tasks.py build"))
        assert check < build, path


def test_pipelines_run_only_the_readme_commands():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    gitlab = yaml.safe_load(GITLAB.read_text(encoding="utf-8"))
    commands = [line for job in ("verifier", "pages") for line in gitlab[job]["script"]]
    for path in (GITHUB, FORGEJO):
        for job in yaml.safe_load(path.read_text(encoding="utf-8"))["jobs"].values():
            commands += [r for r in steps_run(job) if r.startswith("python3 tasks.py")]
    for command in commands:
        task = command.split()[2]
        assert f"python3 tasks.py {task}" in readme, command


def test_github_actions_are_pinned_to_full_commits():
    uses = re.findall(r"uses:\s*(\S+)", GITHUB.read_text(encoding="utf-8"))
    assert {u.split("@")[0] for u in uses} >= {"actions/checkout", "actions/configure-pages",
                                               "actions/upload-pages-artifact", "actions/deploy-pages"}
    for use in uses:
        assert re.fullmatch(r"[\w.-]+/[\w.-]+@[0-9a-f]{40}", use), use


# -- gitlab-ci-local on a copy of the project --------------------------------------------------

def project_copy(dest: Path, filled: bool) -> Path:
    """A git repository holding the project's files, as a forge would check it out."""
    copy_project(dest)
    for name in ("tasks.py", "pyproject.toml", "constraints.txt", "requirements.txt", "README.md", ".gitlab-ci.yml",
                 ".gitignore"):
        shutil.copy(ROOT / name, dest / name)
    site = yaml.safe_load((ROOT / "site.yml").read_text(encoding="utf-8"))
    if filled:
        site.update(FILLED)
    (dest / "site.yml").write_text(yaml.safe_dump(site, allow_unicode=True), encoding="utf-8")
    git = ["git", "-C", str(dest), "-c", "user.name=Essai", "-c", "user.email=essai@invalid"]
    subprocess.run([*git, "init", "-q", "-b", "main"], check=True)
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "copie"], check=True)
    # Set up already (python3 tasks.py test did it): the job finds the environment and the
    # editor's files where a forge's cache would put them, and installs nothing.
    stamp = ROOT / ".venv" / ".coopsite-stamp"
    if not stamp.exists():
        pytest.fail("environnement .venv/ absent : lancez « python3 tasks.py test »")
    (dest / ".venv").symlink_to(ROOT / ".venv", target_is_directory=True)
    (dest / ".cache").mkdir()
    (dest / ".cache" / "editor").symlink_to(ROOT / ".cache" / "editor", target_is_directory=True)
    return dest


def gitlab_ci_local(project: Path, job: str, *variables: str) -> subprocess.CompletedProcess:
    if not GITLAB_CI_LOCAL.exists():
        pytest.fail("gitlab-ci-local introuvable : lancez « python3 tasks.py test », qui l'installe.")
    if shutil.which("rsync") is None:
        pytest.fail("rsync introuvable : lancez « python3 tasks.py test », qui l'installe.")
    command = [str(GITLAB_CI_LOCAL), "--force-shell-executor", "--no-color"]
    for variable in variables:
        command += ["--variable", variable]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST", "VIRTUAL_ENV"))}
    env["PATH"] = os.pathsep.join(p for p in env.get("PATH", "").split(os.pathsep) if ".venv" not in p)
    return subprocess.run([*command, job], cwd=project, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=600, env=env)


@pytest.fixture(scope="module")
def pages_run(tmp_path_factory):
    project = project_copy(tmp_path_factory.mktemp("gitlab") / "projet", filled=True)
    return project, gitlab_ci_local(project, "pages", f"CI_PAGES_URL={PAGES_URL}")


def test_gitlab_pages_job_publishes_public_with_the_pages_address(pages_run):
    project, run = pages_run
    assert run.returncode == 0, run.stdout
    assert "PASS" in run.stdout and "pages" in run.stdout
    public = project / "public"
    assert (public / "index.html").is_file()
    assert (public / "pagefind" / "pagefind-entry.json").is_file()
    page = (public / "temoignages" / "liess" / "index.html").read_text(encoding="utf-8")
    assert f'<link rel="canonical" href="{PAGES_URL}/temoignages/liess/">' in page
    assert "à compléter" not in (public / "mentions-legales" / "index.html").read_text(encoding="utf-8")
    # The « Modifier » button opens the YAML source on the project's GitLab.
    assert re.search(r'href="[^"]+/-/edit/main/cases/liess\.yml"', page)
    # The servers' files, with the 404 page under the Pages address's path.
    assert "ErrorDocument 404 /cooperation/404.html" in (public / ".htaccess").read_text(encoding="utf-8")


def test_gitlab_pages_job_refuses_with_empty_legal_fields(tmp_path):
    project = project_copy(tmp_path / "projet", filled=False)
    run = gitlab_ci_local(project, "pages", f"CI_PAGES_URL={PAGES_URL}")
    assert run.returncode != 0
    assert "informations légales manquent dans site.yml" in run.stdout
    assert "director : Directeur ou directrice de la publication" in run.stdout
    assert not (project / "public").exists()


def test_gitlab_merge_request_job_keeps_a_preview(tmp_path):
    project = project_copy(tmp_path / "projet", filled=False)
    run = gitlab_ci_local(project, "verifier", "CI_PIPELINE_SOURCE=merge_request_event")
    assert run.returncode == 0, run.stdout
    artifact = project / ".gitlab-ci-local" / "artifacts" / "verifier" / "public"
    assert (artifact / "index.html").is_file()
    assert (artifact / "temoignages" / "liess" / "index.html").is_file()


def test_gitlab_job_fails_on_a_broken_case_with_the_french_report(tmp_path):
    project = project_copy(tmp_path / "projet", filled=True)
    case = project / "cases" / "liess.yml"
    text = case.read_text(encoding="utf-8")
    assert "indicators: [" in text
    case.write_text(text.replace("indicators: [", "indicators: [Z9.9, ", 1), encoding="utf-8")
    git = ["git", "-C", str(project), "-c", "user.name=Essai", "-c", "user.email=essai@invalid"]
    subprocess.run([*git, "commit", "-q", "-am", "cassé"], check=True)
    for job, variable in (("verifier", "CI_PIPELINE_SOURCE=merge_request_event"),
                          ("pages", f"CI_PAGES_URL={PAGES_URL}")):
        run = gitlab_ci_local(project, job, variable)
        assert run.returncode != 0, job
        assert re.search(r"cases/liess\.yml:\d+:\d+: quotes\[\d+\]\.indicators\[0\] : indicateur inconnu « Z9\.9 »",
                         run.stdout), run.stdout[-3000:]
    assert not (project / "public" / "index.html").exists()


# -- the Forgejo job's publishing step ---------------------------------------------------------

def test_forgejo_publishing_step_puts_the_site_alone_on_the_pages_branch(tmp_path):
    job = yaml.safe_load(FORGEJO.read_text(encoding="utf-8"))["jobs"]["publier"]
    script = next(s["run"] for s in job["steps"] if s.get("name") == "Publier sur la branche pages")
    origin = tmp_path / "origin.git"
    subprocess.run(["git", "init", "-q", "--bare", str(origin)], check=True)
    work = tmp_path / "work"
    subprocess.run(["git", "clone", "-q", str(origin), str(work)], check=True, capture_output=True)
    git = ["git", "-C", str(work), "-c", "user.name=Essai", "-c", "user.email=essai@invalid"]
    (work / "cases").mkdir()
    (work / "cases" / "a.yml").write_text("id: a\n", encoding="utf-8")
    subprocess.run([*git, "add", "-A"], check=True)
    subprocess.run([*git, "commit", "-q", "-m", "sources"], check=True)
    subprocess.run([*git, "push", "-q", "origin", "HEAD:main"], check=True)
    for version in ("un", "deux"):
        (work / "public").mkdir(exist_ok=True)
        (work / "public" / "index.html").write_text(f"<p>{version}</p>", encoding="utf-8")
        if version == "un":
            (work / "public" / "ancien.html").write_text("ancien", encoding="utf-8")
        else:
            (work / "public" / "ancien.html").unlink()
        done = subprocess.run(["bash", "-e", "-c", script], cwd=work, capture_output=True, text=True,
                              env={**os.environ, "GITHUB_SHA": "0" * 40})
        assert done.returncode == 0, done.stdout + done.stderr
        shutil.rmtree(tmp_path / "pages")
        subprocess.run([*git, "worktree", "prune"], check=True)
    files = subprocess.run(["git", "--git-dir", str(origin), "ls-tree", "-r", "--name-only", "pages"],
                           capture_output=True, text=True, check=True).stdout.split()
    assert files == ["index.html"]  # the site alone: no sources, no file of an earlier build
    shown = subprocess.run(["git", "--git-dir", str(origin), "show", "pages:index.html"],
                           capture_output=True, text=True, check=True).stdout
    assert shown == "<p>deux</p>"
    history = subprocess.run(["git", "--git-dir", str(origin), "log", "--format=%s", "pages"],
                             capture_output=True, text=True, check=True).stdout.splitlines()
    assert len(history) == 2  # its own history, not the sources'
