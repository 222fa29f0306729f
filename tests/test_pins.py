"""The pinned set installs on the oldest Python the machine has (the README promises
Python >= 3.11, and Debian 12's own ``python3`` is 3.11.2).

A pin whose ``Requires-Python`` leaves that Python behind fails here, in CI, and not
on a new user's machine. The resolution is real: ``pip install --dry-run`` in a
virtual environment of that Python, against the configured package index.
"""

from __future__ import annotations

import glob
import importlib.util
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.helpers import ROOT


def python_version(executable: str) -> tuple[int, ...] | None:
    try:
        done = subprocess.run([executable, "-c", "import sys; print(*sys.version_info[:3])"],
                              capture_output=True, text=True, timeout=30)
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    return tuple(int(part) for part in done.stdout.split())


def oldest_python() -> tuple[str, tuple[int, ...]]:
    """The oldest Python >= 3.11 among the system's and those on PATH (this one included)."""
    candidates = {sys.executable, *glob.glob("/usr/bin/python3"), *glob.glob("/usr/bin/python3.1[1-9]")}
    for name in ("python3", "python3.11", "python3.12", "python3.13", "python3.14"):
        found = shutil.which(name)
        if found:
            candidates.add(found)
    versions = [(version, path) for path in candidates if (version := python_version(path)) and version >= (3, 11)]
    version, path = min(versions)
    return path, version


@pytest.fixture(scope="module")
def old_venv(tmp_path_factory) -> tuple[Path, tuple[int, ...]]:
    executable, version = oldest_python()
    folder = tmp_path_factory.mktemp("oldest-python") / "venv"
    done = subprocess.run([executable, "-m", "venv", str(folder)], capture_output=True, text=True)
    assert done.returncode == 0, f"{executable} -m venv: {done.stderr}"
    return folder / "bin" / "python", version


def test_the_pinned_set_resolves_with_the_oldest_python(old_venv):
    python, version = old_venv
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--dry-run", "--quiet", "--disable-pip-version-check",
         "-c", str(ROOT / "constraints.txt"), "-e", f"{ROOT}[site,test]"],
        capture_output=True, text=True, cwd=ROOT)
    lines = [line for line in done.stderr.splitlines() if not line.startswith("WARNING: Location")]
    assert done.returncode == 0, (
        f"constraints.txt does not install on Python {'.'.join(map(str, version))}:\n" + "\n".join(lines[-20:]))


def test_a_pin_for_a_newer_python_is_named_by_tasks(old_venv, monkeypatch):
    """pip's real words, on that Python, for a version it cannot take, read by tasks.py's diagnosis."""
    python, version = old_venv
    if version >= (3, 11, 5):
        pytest.skip("no Python older than 3.11.5 here: pymdown-extensions 13 installs")
    done = subprocess.run(
        [str(python), "-m", "pip", "install", "--dry-run", "--no-deps", "--ignore-installed", "--quiet",
         "--disable-pip-version-check", "pymdown-extensions==13.1.2"],
        capture_output=True, text=True)
    assert done.returncode != 0
    spec = importlib.util.spec_from_file_location("coop_tasks_pins", ROOT / "tasks.py")
    tasks = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "coop_tasks_pins", tasks)
    spec.loader.exec_module(tasks)
    message = tasks.explain_pip_failure(done.stdout + done.stderr, ["pip", "install"])
    assert "pymdown-extensions 13.1.2 (figé dans constraints.txt) demande Python >=3.11.5" in message
