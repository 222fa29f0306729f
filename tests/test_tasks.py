"""``tasks.py``: a failed dependency install is tried again once, then explained in French."""

from __future__ import annotations

import importlib.util
import subprocess

import pytest

from tests.helpers import ROOT


@pytest.fixture()
def tasks():
    spec = importlib.util.spec_from_file_location("coop_tasks", ROOT / "tasks.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def fake_run(codes: list):
    """A ``subprocess.run`` that answers each call with the next code (or raises it)."""
    calls = []

    def run(command, *args, **kwargs):
        calls.append(command)
        code = codes[len(calls) - 1]
        if isinstance(code, Exception):
            raise code
        return subprocess.CompletedProcess(command, code)

    return run, calls


def test_a_hiccup_is_retried_once(tasks, monkeypatch, capsys):
    run, calls = fake_run([1, 0])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    tasks.pip_install("des dépendances du projet", ["-e", "."], pause=0)
    assert len(calls) == 2
    assert calls[0] == calls[1]
    assert calls[0][1:5] == ["-m", "pip", "install", "--quiet"]
    assert "a échoué (code de sortie 1) : nouvel essai dans 0 s" in capsys.readouterr().out


def test_success_at_once_runs_pip_once(tasks, monkeypatch, capsys):
    run, calls = fake_run([0])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    tasks.pip_install("de pip", ["--upgrade", "pip"])
    assert len(calls) == 1
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("failures", [[1, 1], [OSError(2, "No such file or directory"), 1]])
def test_two_failures_explain_what_and_what_to_rerun(tasks, monkeypatch, failures):
    run, calls = fake_run(failures)
    monkeypatch.setattr(tasks.subprocess, "run", run)
    with pytest.raises(SystemExit) as info:
        tasks.pip_install("des dépendances du projet", ["-e", "."], pause=0)
    assert len(calls) == 2
    message = str(info.value.code)
    assert "Échec : l'installation des dépendances du projet a échoué deux fois (code de sortie 1)" in message
    assert "Commande en cause : " in message and "pip install --quiet -e ." in message
    assert "relancez : python3 tasks.py setup" in message
    assert "Traceback" not in message


def test_ensure_venv_installs_through_the_retry(tasks, monkeypatch, tmp_path):
    """Both installs of the set-up go through ``pip_install``; the stamp is written only on success."""
    monkeypatch.setattr(tasks, "VENV", tmp_path)
    monkeypatch.setattr(tasks, "STAMP", tmp_path / "stamp")
    monkeypatch.setattr(tasks, "PY", tmp_path / "python")
    (tmp_path / "python").write_text("")
    installed = []
    monkeypatch.setattr(tasks, "pip_install", lambda what, args: installed.append(what))
    tasks.ensure_venv()
    assert installed == ["de pip", "des dépendances du projet"]
    assert (tmp_path / "stamp").is_file()

    (tmp_path / "stamp").unlink()

    def fail(what, args):
        raise SystemExit("échec")

    monkeypatch.setattr(tasks, "pip_install", fail)
    with pytest.raises(SystemExit):
        tasks.ensure_venv()
    assert not (tmp_path / "stamp").exists()


def test_the_retry_waits_a_little(tasks, monkeypatch):
    run, calls = fake_run([1, 0])
    monkeypatch.setattr(tasks.subprocess, "run", run)
    import time

    waited = []
    monkeypatch.setattr(time, "sleep", waited.append)
    tasks.pip_install("de pip", ["--upgrade", "pip"])
    assert waited == [5.0]


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
