"""``tasks.py``, the bootstrap every site carries: standard library only, at most 150 lines. It makes
.venv/, installs the generator, explains a failed install in French by its real cause (only the
network is tried again), then hands the job to the installed generator (``coopsite.jobs``)."""

from __future__ import annotations

import ast
import importlib.util
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT

BOOTSTRAP_LINES = 150


@pytest.fixture()
def tasks(monkeypatch):
    spec = importlib.util.spec_from_file_location("coop_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "coop_tasks", module)
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
# The generator asked by name, its version pinned in constraints.txt, from an index that lacks it.
GENERATOR_NOT_SERVED = """\
ERROR: Could not find a version that satisfies the requirement coopsite[site] (from versions: none)
ERROR: No matching distribution found for coopsite[site]
"""


@pytest.fixture()
def no_sleep(tasks, monkeypatch):
    waited = []
    monkeypatch.setattr(tasks.time, "sleep", waited.append)
    return waited


def failure_of(tasks, monkeypatch, answers: list) -> tuple[str, list]:
    run, calls = fake_run(answers)
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit) as info:
        tasks.pip_install(["-c", "constraints.txt", "coopsite[site]"])
    return str(info.value.code), calls


def test_the_bootstrap_is_short_and_uses_the_standard_library_only():
    text = (ROOT / "tasks.py").read_text("utf-8")
    assert len(text.splitlines()) <= BOOTSTRAP_LINES
    imported = set()
    for node in ast.walk(ast.parse(text)):
        if isinstance(node, ast.Import):
            imported |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0:
            imported.add(node.module.split(".")[0])
    assert imported and imported <= set(sys.stdlib_module_names) | {"__future__"}, imported


def test_a_network_failure_is_retried_with_growing_pauses(tasks, monkeypatch, capsys, no_sleep):
    run, calls = fake_run([(1, TIMED_OUT), (1, SERVER_ERROR), 0])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    tasks.pip_install(["coopsite[site]"])
    assert len(calls) == 3 and no_sleep == list(tasks.RETRY_PAUSES[:2])
    assert capsys.readouterr().out.count("nouvel essai dans") == 2


def test_the_network_is_blamed_only_after_the_retries(tasks, monkeypatch, no_sleep):
    message, calls = failure_of(tasks, monkeypatch, [(1, SERVER_ERROR)] * 5)
    assert len(calls) == 5 and no_sleep == list(tasks.RETRY_PAUSES)
    assert "n'a pas répondu, même après plusieurs essais" in message and "Internet" in message


@pytest.mark.parametrize("output", [NOT_SERVED, CONFLICT, "ERROR: metadata-generation-failed\n", ""])
def test_a_failure_a_retry_cannot_fix_is_not_retried_nor_blamed_on_the_network(tasks, monkeypatch, no_sleep, output):
    message, calls = failure_of(tasks, monkeypatch, [(1, output)])
    assert len(calls) == 1 and no_sleep == []
    assert "Internet" not in message and "Traceback" not in message
    assert "Puis relancez : python3 tasks.py setup" in message


def test_a_pin_for_a_newer_python_names_the_package_and_both_pythons(tasks, monkeypatch, no_sleep):
    message, _ = failure_of(tasks, monkeypatch, [(1, NEEDS_NEWER_PYTHON)])
    assert "pymdown-extensions 13.1.2 (figé dans constraints.txt) demande Python >=3.11.5" in message
    assert f"ce Python est en version {tasks.platform.python_version()}" in message


def test_a_version_the_index_does_not_serve_is_named(tasks, monkeypatch, no_sleep):
    message, _ = failure_of(tasks, monkeypatch, [(1, NOT_SERVED)])
    assert "la version jinja2==9.9.9 figée dans constraints.txt n'est pas servie par le dépôt" in message
    assert "le dépôt propose : 3.1.5, 3.1.6" in message and "« jinja2==9.9.9 » de constraints.txt" in message


def test_a_conflict_names_the_pin_and_what_depends_on_it(tasks, monkeypatch, no_sleep):
    message, _ = failure_of(tasks, monkeypatch, [(1, CONFLICT)])
    assert "la version pymdown-extensions==13.1.2 figée dans constraints.txt n'est pas servie" in message
    assert "mkdocs-material 9.8.1 demande pymdown-extensions>=11.0.1" in message


def test_an_index_without_the_generator_says_where_to_look(tasks, monkeypatch, no_sleep):
    message, _ = failure_of(tasks, monkeypatch, [(1, GENERATOR_NOT_SERVED)])
    assert "le dépôt de paquets ne sert pas le générateur" in message
    assert "requirements.txt" in message and "COOPSITE_SOURCE" in message


def test_an_old_python_is_refused_in_french(tasks, monkeypatch):
    monkeypatch.setattr(tasks.sys, "version_info", (3, 10, 12))
    with pytest.raises(SystemExit) as info:
        tasks.main(["serve"])
    assert "Ce projet demande Python 3.11 ou plus récent" in str(info.value.code)


def test_the_stamp_is_written_only_after_a_successful_install(tasks, monkeypatch, tmp_path):
    monkeypatch.setattr(tasks, "VENV", tmp_path)
    monkeypatch.setattr(tasks, "STAMP", tmp_path / "stamp")
    monkeypatch.setattr(tasks, "PY", tmp_path / "python")
    (tmp_path / "python").write_text("")
    installed = []
    monkeypatch.setattr(tasks, "pip_install", installed.append)
    tasks.ensure_venv()
    assert [args[-1] for args in installed] == ["pip", f"{ROOT}[site,test]"]  # pip first: its words are read
    assert (tmp_path / "stamp").is_file()
    tasks.ensure_venv()  # nothing changed: nothing installed
    assert len(installed) == 2

    (tmp_path / "stamp").unlink()

    def fail(args):
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


def test_a_copy_pinning_a_version_that_does_not_exist_names_it(tmp_path):
    """The real pip, on a copy of the project whose constraints pin pymdown-extensions 99.0.0."""
    for name in ("tasks.py", "pyproject.toml", "PAQUET.md", "MANIFEST.in", "CHANGELOG.md"):
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


def test_the_generator_comes_from_coopsite_source_the_home_or_the_index_of_requirements(tasks, monkeypatch, tmp_path):
    monkeypatch.setattr(tasks, "ROOT", tmp_path)  # a site: no coopsite/ of its own
    monkeypatch.setattr(tasks, "HOME", False)
    monkeypatch.delenv("COOPSITE_SOURCE", raising=False)
    with pytest.raises(SystemExit) as info:  # no requirements.txt, no COOPSITE_SOURCE
        tasks.generator_requirement()
    message = str(info.value.code)
    assert "ne dit pas où trouver le générateur" in message and "COOPSITE_SOURCE" in message
    assert message.count(". ") == 0 and message.endswith(".")  # one sentence
    (tmp_path / "requirements.txt").write_text("# sans adresse\ncoopsite[site]\n", "utf-8")
    with pytest.raises(SystemExit):
        tasks.generator_requirement()
    (tmp_path / "requirements.txt").write_text("--extra-index-url https://index.example/simple/\ncoopsite[site]\n",
                                               "utf-8")
    assert tasks.generator_requirement()[0] == ["-r", str(tmp_path / "requirements.txt")]

    wheel = tmp_path / "coopsite-0.3.0-py3-none-any.whl"
    wheel.write_bytes(b"wheel")
    monkeypatch.setenv("COOPSITE_SOURCE", str(wheel))
    assert tasks.generator_requirement()[0] == [f"coopsite[site,check] @ {wheel.as_uri()}"]
    forge = "git+https://forge.example.org/reseau/coopsite.git@v0.3.0"
    monkeypatch.setenv("COOPSITE_SOURCE", forge)
    assert tasks.generator_requirement() == ([f"coopsite[site,check] @ {forge}"], forge.encode())
    monkeypatch.setenv("COOPSITE_SOURCE", str(tmp_path / "absent"))
    with pytest.raises(SystemExit) as info:
        tasks.generator_requirement()
    assert "qui n'existe pas" in str(info.value.code)
    monkeypatch.delenv("COOPSITE_SOURCE")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'coopsite'\n")
    monkeypatch.setattr(tasks, "HOME", True)  # the generator's home: it installs itself
    assert tasks.generator_requirement()[0] == ["-e", f"{tmp_path}[site,test]"]


def test_the_bootstrap_knows_the_generator_s_home_from_a_site(tasks, tmp_path):
    assert tasks.HOME is True  # this checkout holds coopsite/ and pyproject.toml
    shutil.copy(ROOT / "tasks.py", tmp_path / "tasks.py")
    spec = importlib.util.spec_from_file_location("coop_tasks_site", tmp_path / "tasks.py")
    site = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(site)
    assert site.HOME is False and site.ROOT == tmp_path


def test_the_job_is_handed_to_the_installed_generator_even_without_exec(tasks, monkeypatch, capfd):
    """Windows has no ``os.execv`` worth the name: the job runs as a child, and its code comes back."""
    monkeypatch.setattr(tasks, "POSIX", False)
    monkeypatch.chdir(ROOT / "cases")  # typed from another folder: the job still runs in the site's
    assert tasks.main(["validate"]) == 0
    assert "OK : grille" in capfd.readouterr().out
    assert tasks.main(["nimporte"]) == 2
    assert "Utilisation : python3 tasks.py TÂCHE" in capfd.readouterr().err


# What pip 26.3 printed here for a site pinning coopsite 0.3.2, from an index serving 0.3.0 and 0.3.1.
GENERATOR_VERSION_NOT_SERVED = """\
ERROR: Could not find a version that satisfies the requirement coopsite[check,site] (from versions: 0.3.0, 0.3.1)
ERROR: No matching distribution found for coopsite[check,site]
"""
# And for an index that does not answer (a closed port).
INDEX_DOWN = """\
WARNING: Retrying (Retry(total=4, connect=None, read=None, redirect=None, status=None)) after connection broken by 'NewConnectionError('<pip._vendor.urllib3.connection.HTTPConnection object at 0x7f>: Failed to establish a new connection: [Errno 111] Connection refused')': /simple/coopsite/
ERROR: Could not find a version that satisfies the requirement coopsite[check,site] (from versions: none)
ERROR: No matching distribution found for coopsite[check,site]
"""


def test_a_pinned_generator_the_index_lacks_is_named_with_what_it_offers(tasks, monkeypatch, no_sleep, tmp_path):
    (tmp_path / "constraints.txt").write_text("Jinja2==3.1.6\ncoopsite==0.3.2\n", "utf-8")
    monkeypatch.setattr(tasks, "ROOT", tmp_path)
    message, _ = failure_of(tasks, monkeypatch, [(1, GENERATOR_VERSION_NOT_SERVED)])
    assert "ne sert pas le générateur coopsite 0.3.2, figé dans constraints.txt (il propose : 0.3.0, 0.3.1)" in message


def test_an_index_that_does_not_answer_is_blamed_after_the_retries(tasks, monkeypatch, no_sleep):
    message, calls = failure_of(tasks, monkeypatch, [(1, INDEX_DOWN)] * 5)
    assert len(calls) == 5 and "n'a pas répondu, même après plusieurs essais" in message
    assert "ne sert pas le générateur" not in message
