"""``tasks.py``: a failed dependency install is explained in French by its real cause; only
what a retry can fix (the network, a server error) is tried again."""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


@pytest.fixture()
def tasks(monkeypatch):
    spec = importlib.util.spec_from_file_location("coop_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "coop_tasks", module)  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def fake_run(answers: list):
    """A ``subprocess.run`` that answers each call with the next (code, output), or raises it."""
    calls = []

    def run(command, *args, **kwargs):
        calls.append(command)
        answer = answers[len(calls) - 1]
        if isinstance(answer, Exception):
            raise answer
        code, output = answer if isinstance(answer, tuple) else (answer, "")
        return subprocess.CompletedProcess(command, code, stdout=output)

    return run, calls


# What pip 26 printed here, on Debian 12's Python 3.11.2, for the pin that broke its set-up.
CONFLICT = """ERROR: Cannot install coopsite because these package versions have conflicting dependencies.

The conflict is caused by:
    mkdocs-material 9.8.1 depends on pymdown-extensions>=11.0.1
    The user requested (constraint) pymdown-extensions==13.1.2

Additionally, some packages in these conflicts have no matching distributions available for your environment:
    pymdown-extensions

To fix this you could try to:
1. loosen the range of package versions you've specified
2. remove package versions to allow pip to attempt to solve the dependency conflict

ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/
"""
NEEDS_NEWER_PYTHON = """ERROR: Ignored the following versions that require a different python version: 13.0 Requires-Python >=3.11.5; 13.1.2 Requires-Python >=3.11.5
ERROR: Could not find a version that satisfies the requirement pymdown-extensions==13.1.2 (from versions: 12.2, 12.3)
ERROR: No matching distribution found for pymdown-extensions==13.1.2
"""
NOT_SERVED = """ERROR: Could not find a version that satisfies the requirement jinja2==9.9.9 (from versions: 3.1.5, 3.1.6)
ERROR: No matching distribution found for jinja2==9.9.9
"""
TIMED_OUT = """WARNING: Retrying (Retry(total=0, connect=None, read=None)) after connection broken by 'ReadTimeoutError("HTTPSConnectionPool(host='index.example', port=443): Read timed out. (read timeout=15)")': /simple/jinja2/
ERROR: Could not find a version that satisfies the requirement jinja2==3.1.6 (from versions: none)
ERROR: No matching distribution found for jinja2==3.1.6
"""
SERVER_ERROR = "ERROR: HTTP error 503 while getting https://index.example/packages/x.whl\n"


@pytest.fixture()
def no_sleep(tasks, monkeypatch):
    waited = []
    monkeypatch.setattr(tasks.time, "sleep", waited.append)
    return waited


def test_a_network_failure_is_retried_with_growing_pauses(tasks, monkeypatch, capsys, no_sleep):
    run, calls = fake_run([(1, TIMED_OUT), (1, SERVER_ERROR), 0])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    tasks.pip_install("des dépendances du projet", ["-e", "."])
    assert len(calls) == 3 and calls[0] == calls[1] == calls[2]
    assert calls[0][1:5] == ["-m", "pip", "install", "--quiet"]
    assert no_sleep == [5.0, 15.0]
    out = capsys.readouterr().out
    assert "le dépôt de paquets n'a pas répondu (délai d'attente dépassé) ; nouvel essai dans 5 s" in out
    assert "(erreur 503 du serveur) ; nouvel essai dans 15 s" in out


def test_success_at_once_runs_pip_once(tasks, monkeypatch, capsys, no_sleep):
    run, calls = fake_run([0])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    tasks.pip_install("de pip", ["--upgrade", "pip"])
    assert len(calls) == 1 and no_sleep == []
    assert capsys.readouterr().out == ""


def test_the_network_is_blamed_only_after_the_retries(tasks, monkeypatch, no_sleep):
    run, calls = fake_run([(1, TIMED_OUT)] * 5)
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit) as info:
        tasks.pip_install("des dépendances du projet", ["-e", "."])
    assert len(calls) == 5 and no_sleep == list(tasks.RETRY_PAUSES)
    assert sum(no_sleep) < tasks.RETRY_BUDGET
    message = str(info.value.code)
    assert "le dépôt de paquets n'a pas répondu (délai d'attente dépassé), essayé 5 fois" in message
    assert "vérifiez l'accès à Internet" in message and "Traceback" not in message


def test_the_retries_stop_within_the_time_budget(tasks, monkeypatch, no_sleep):
    clock = iter([0.0, 100.0, 170.0, 400.0])
    monkeypatch.setattr(tasks.time, "monotonic", lambda: next(clock))
    run, calls = fake_run([(1, TIMED_OUT)] * 5)
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit):
        tasks.pip_install("des dépendances du projet", ["-e", "."])
    # 100 s in, a 5 s pause fits the 180 s budget; 170 s in, a 15 s pause does not.
    assert no_sleep == [5.0] and len(calls) == 2


@pytest.mark.parametrize("failure", [(1, "ERROR: some build backend failed\n"), OSError(2, "No such file or directory")])
def test_a_failure_a_retry_cannot_fix_is_not_retried_nor_blamed_on_the_network(tasks, monkeypatch, no_sleep, failure):
    run, calls = fake_run([failure])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit) as info:
        tasks.pip_install("des dépendances du projet", ["-e", "."])
    assert len(calls) == 1 and no_sleep == []
    message = str(info.value.code)
    assert "Échec : l'installation des dépendances du projet a échoué" in message
    assert "Commande en cause : " in message and "pip install --quiet -e ." in message
    assert "relancez : python3 tasks.py setup" in message
    assert "Internet" not in message and "réseau" not in message and "Traceback" not in message
    if isinstance(failure, tuple):
        assert "(code de sortie 1)" in message and "some build backend failed" in message
    else:
        assert "No such file or directory" in message


def test_a_pin_for_a_newer_python_names_the_package_and_both_pythons(tasks, monkeypatch, no_sleep):
    """The conflict pip reports is looked into: one dry run of the pin names the cause."""
    run, calls = fake_run([(1, CONFLICT), (1, NEEDS_NEWER_PYTHON), (0, "3.11.2\n")])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit) as info:
        tasks.pip_install("des dépendances du projet", ["-c", "constraints.txt", "-e", "."])
    assert no_sleep == []
    assert calls[1][-1] == "pymdown-extensions==13.1.2" and "--dry-run" in calls[1] and "--no-deps" in calls[1]
    message = str(info.value.code)
    assert ("le paquet pymdown-extensions 13.1.2 (figé dans constraints.txt) demande Python >=3.11.5, "
            "et ce Python est en version 3.11.2") in message
    assert "Python plus récent" in message and "Internet" not in message


def test_a_version_the_index_does_not_serve_is_named(tasks, monkeypatch, no_sleep):
    run, calls = fake_run([(1, NOT_SERVED)])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit) as info:
        tasks.pip_install("des dépendances du projet", ["-e", "."])
    assert len(calls) == 1
    message = str(info.value.code)
    assert "la version jinja2==9.9.9 figée dans constraints.txt n'est pas servie par le dépôt de paquets" in message
    assert "Internet" not in message


@pytest.mark.parametrize("output, kind", [
    (NEEDS_NEWER_PYTHON, "python"), (NOT_SERVED, "missing"), (TIMED_OUT, "network"),
    (SERVER_ERROR, "network"), ("ERROR: Failed to establish a new connection: [Errno 111] Connection refused", "network"),
    (CONFLICT, "conflict"), ("ERROR: metadata-generation-failed", "other"), ("", "other"),
])
def test_pip_output_is_classified(tasks, output, kind):
    assert tasks.diagnose_pip(output).kind == kind


def test_an_old_python_is_refused_in_french(tasks, monkeypatch):
    monkeypatch.setattr(tasks.sys, "version_info", (3, 10, 12))
    with pytest.raises(SystemExit) as info:
        tasks.check_python()
    assert "Ce projet demande Python 3.11 ou plus récent" in str(info.value.code)


def test_ensure_venv_installs_through_the_retry(tasks, monkeypatch, tmp_path):
    """Both installs of the set-up go through ``pip_install``; the stamp is written only on success."""
    monkeypatch.setattr(tasks, "VENV", tmp_path)
    monkeypatch.setattr(tasks, "STAMP", tmp_path / "stamp")
    monkeypatch.setattr(tasks, "PY", tmp_path / "python")
    (tmp_path / "python").write_text("")
    installed = []
    monkeypatch.setattr(tasks, "pip_install", lambda what, args: installed.append(what))
    tasks.ensure_venv()
    assert installed == ["de pip", "du générateur et des dépendances du projet"]
    assert (tmp_path / "stamp").is_file()

    (tmp_path / "stamp").unlink()

    def fail(what, args):
        raise SystemExit("échec")

    monkeypatch.setattr(tasks, "pip_install", fail)
    with pytest.raises(SystemExit):
        tasks.ensure_venv()
    assert not (tmp_path / "stamp").exists()


def test_a_venv_that_cannot_be_made_is_explained(tasks, monkeypatch, tmp_path):
    monkeypatch.setattr(tasks, "VENV", tmp_path / "venv")
    monkeypatch.setattr(tasks, "STAMP", tmp_path / "venv" / "stamp")
    monkeypatch.setattr(tasks, "PY", tmp_path / "venv" / "bin" / "python")

    class Broken:
        def __init__(self, **kwargs):
            pass

        def create(self, folder):
            folder.mkdir()
            raise subprocess.CalledProcessError(1, ["python", "-m", "ensurepip"])

    monkeypatch.setattr(tasks.venv, "EnvBuilder", Broken)
    with pytest.raises(SystemExit) as info:
        tasks.ensure_venv()
    message = str(info.value.code)
    assert "impossible de créer l'environnement .venv/" in message
    assert "python3-venv" in message and "relancez : python3 tasks.py setup" in message
    assert not (tmp_path / "venv").exists()


# What pip 26.3 printed here for a copy pinning pymdown-extensions==99.0.0: with --quiet, then without.
QUIET_CONFLICT = """ERROR: Cannot install coopsite because these package versions have conflicting dependencies.
ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/dependency-resolution/#dealing-with-dependency-conflicts
"""
CONFLICT_99 = CONFLICT.replace("13.1.2", "99.0.0")
NOT_SERVED_99 = """ERROR: Could not find a version that satisfies the requirement pymdown-extensions==99.0.0 (from versions: 1.0.0, 10.2, 12.2, 12.3)
ERROR: No matching distribution found for pymdown-extensions==99.0.0
"""


def test_a_quiet_conflict_is_looked_into_and_names_the_pin_its_dependent_and_the_offered_versions(
        tasks, monkeypatch, no_sleep):
    run, calls = fake_run([(1, QUIET_CONFLICT), (1, CONFLICT_99), (1, NOT_SERVED_99)])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit) as info:
        tasks.pip_install("des dépendances du projet", ["-c", "constraints.txt", "-e", "."])
    assert "--quiet" in calls[0] and "--quiet" not in calls[1]  # the details, asked again without --quiet
    assert calls[2][-1] == "pymdown-extensions==99.0.0" and "--dry-run" in calls[2]
    message = str(info.value.code)
    assert "la version pymdown-extensions==99.0.0 figée dans constraints.txt n'est pas servie" in message
    assert "mkdocs-material 9.8.1 demande pymdown-extensions>=11.0.1" in message
    assert "(les plus récentes d'abord) : 12.3, 12.2, 10.2, 1.0.0" in message
    assert "« pymdown-extensions==99.0.0 » de constraints.txt" in message
    assert "Internet" not in message and "réseau" not in message and "lisez le message de pip" not in message


def test_a_copy_pinning_a_version_that_does_not_exist_names_it(tmp_path):
    """The real pip, on a copy of the project whose constraints pin pymdown-extensions 99.0.0."""
    for name in ("tasks.py", "pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, tmp_path / name)
    shutil.copytree(ROOT / "coopsite", tmp_path / "coopsite", ignore=shutil.ignore_patterns("__pycache__"))
    pins = (ROOT / "constraints.txt").read_text(encoding="utf-8")
    assert "\npymdown-extensions==" in pins
    (tmp_path / "constraints.txt").write_text(
        re.sub(r"\npymdown-extensions==\S+", "\npymdown-extensions==99.0.0", pins), encoding="utf-8")
    done = subprocess.run([sys.executable, str(tmp_path / "tasks.py"), "setup"], capture_output=True, text=True,
                          timeout=600, env={k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"})
    assert done.returncode != 0
    said = done.stdout + done.stderr
    assert "pymdown-extensions==99.0.0" in said and "n'est pas servie par le dépôt" in said
    assert "mkdocs-material 9.8.2 demande pymdown-extensions" in said
    assert "Traceback" not in said and "Internet" not in said


# What pip says when the generator is asked by name, its version pinned in constraints.txt.
GENERATOR_NOT_PUBLISHED = """\
ERROR: Could not find a version that satisfies the requirement coopsite[site,test] (from versions: none)
ERROR: No matching distribution found for coopsite[site,test]
"""


def test_a_site_without_the_generator_s_address_is_told_where_to_give_it(tasks, monkeypatch, no_sleep, tmp_path):
    (tmp_path / "constraints.txt").write_text("Jinja2==3.1.6\ncoopsite==0.2.0\n", encoding="utf-8")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    run, calls = fake_run([(1, GENERATOR_NOT_PUBLISHED)])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit) as info:
        tasks.pip_install("du générateur", ["coopsite[site,test]"])
    message = str(info.value.code)
    assert "le générateur (coopsite 0.2.0, figé dans constraints.txt) n'est pas publié" in message
    assert "COOPSITE_SOURCE=git+https://…/coopsite.git@v0.2.0" in message and "Traceback" not in message


def test_the_generator_comes_from_coopsite_source_a_folder_a_wheel_or_a_repository(tasks, monkeypatch, tmp_path):
    monkeypatch.setattr(tasks, "ROOT", tmp_path)  # a site: no coopsite/ of its own
    monkeypatch.delenv("COOPSITE_SOURCE", raising=False)
    assert tasks.generator_requirement()[0] == ["coopsite[site,test]"]  # the pin of constraints.txt
    wheel = tmp_path / "coopsite-0.2.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    monkeypatch.setenv("COOPSITE_SOURCE", str(wheel))
    assert tasks.generator_requirement()[0] == [f"coopsite[site,test] @ {wheel.as_uri()}"]
    forge = "git+https://forge.example.org/reseau/coopsite.git@v0.2.0"
    monkeypatch.setenv("COOPSITE_SOURCE", forge)
    assert tasks.generator_requirement() == ([f"coopsite[site,test] @ {forge}"], forge.encode())
    monkeypatch.setenv("COOPSITE_SOURCE", str(tmp_path / "absent"))
    with pytest.raises(SystemExit) as info:
        tasks.generator_requirement()
    assert "qui n'existe pas" in str(info.value.code)
    monkeypatch.delenv("COOPSITE_SOURCE")
    (tmp_path / "coopsite").mkdir()
    (tmp_path / "coopsite" / "__init__.py").write_text("")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'coopsite'\n")
    assert tasks.generator_requirement()[0] == ["-e", f"{tmp_path}[site,test]"]  # the generator's home


def test_a_site_gets_the_schemas_its_sources_name(tasks, tmp_path, monkeypatch):
    from coopsite.structure.schema import KINDS, SITE_SCHEMAS, schema_text

    assert tasks.SCHEMAS.relative_to(tasks.ROOT).as_posix() == SITE_SCHEMAS  # where the sources look
    schemas, stamp = tmp_path / ".venv" / "coopsite-schemas", tmp_path / ".venv" / ".coopsite-stamp"
    stamp.parent.mkdir()
    stamp.write_text("version 1")
    for name, value in (("generator_home", lambda: False), ("PY", Path(sys.executable)), ("STAMP", stamp),
                        ("SCHEMAS", schemas)):
        monkeypatch.setattr(tasks, name, value)
    tasks.ensure_schemas()
    for kind in KINDS:
        assert (schemas / f"{kind}.schema.json").read_text("utf-8") == schema_text(kind)
    (schemas / "case.schema.json").unlink()
    tasks.ensure_schemas()  # the same generator: nothing to do
    assert not (schemas / "case.schema.json").exists()
    stamp.write_text("version 2")  # the generator was updated with .venv/
    tasks.ensure_schemas()
    assert (schemas / "case.schema.json").read_text("utf-8") == schema_text("case")
    monkeypatch.setattr(tasks, "generator_home", lambda: True)  # its sources name its own folder
    shutil.rmtree(schemas)
    tasks.ensure_schemas()
    assert not schemas.exists()

