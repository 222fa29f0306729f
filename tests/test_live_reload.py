"""The preview (``coopsite serve``, behind ``tasks.py serve``) serves the new page when a case YAML changes.

The server runs on a free 127.0.0.1 port for a throw-away copy of the
project, and is always stopped at the end. Livereload needs click < 8.3
(pinned in pyproject.toml and constraints.txt). That the refreshed site is a
clean build's, file by file, is tests/test_preview.py's.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from importlib.metadata import version

import pytest

from conftest import copy_project

pytestmark = pytest.mark.build

TIMEOUT = 60  # seconds, for the first build and for the rebuild


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def fetch(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:
            return response.read().decode("utf-8")
    except (urllib.error.URLError, ConnectionError, TimeoutError):
        return None


def wait_for(predicate, what: str, server: subprocess.Popen, log, timeout: float = TIMEOUT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            pytest.fail(f"l'aperçu s'est arrêté ({what}) : {log.read()}")
        value = predicate()
        if value:
            return value
        time.sleep(0.3)
    log.seek(0)
    pytest.fail(f"délai dépassé : {what}\n{log.read()}")


def stop(server: subprocess.Popen) -> None:
    """End the server and everything it started (its own process group)."""
    os.killpg(server.pid, signal.SIGTERM)
    try:
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)


def test_editing_a_case_yaml_updates_the_served_page(tmp_path):
    click = tuple(int(n) for n in version("click").split(".")[:2])
    assert click < (8, 3), "click >= 8.3 désactive livereload"
    project = copy_project(tmp_path / "project")
    port = free_port()
    base = f"http://127.0.0.1:{port}/"
    # The preview's folder goes in a temporary folder of the test's own, beside two others:
    # one that a killed preview left behind (its process is gone), one that is not a preview's.
    temporary = tmp_path / "tmp"
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    left_behind, foreign = temporary / "coopsite-apercu-abandonne", temporary / "coopsite-apercu-autre"
    for folder in (left_behind, foreign):
        (folder / "site").mkdir(parents=True)
    (left_behind / ".processus").write_text(str(dead.pid))
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")  # a file, not a pipe that could fill up
    server = subprocess.Popen(
        [sys.executable, "-m", "coopsite", "serve", "--dev-addr", f"127.0.0.1:{port}"],
        cwd=project, stdout=log, stderr=subprocess.STDOUT, text=True,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)}, start_new_session=True,
    )
    try:
        page = wait_for(lambda: fetch(base + "temoignages/cap-solidaire/"), "premier rendu", server, log)
        own = [f for f in temporary.glob("coopsite-apercu-*") if f not in (left_behind, foreign)]
        assert len(own) == 1 and (own[0] / ".processus").read_text() == str(server.pid)
        assert not left_behind.exists() and foreign.is_dir()
        assert "Cap Solidaire" in page and "Cap Solidaire Modifié" not in page
        assert "livereload" in page  # the reload script is injected

        case = project / "cases" / "cap-solidaire.yml"
        text = case.read_text("utf-8")
        assert "title: Cap Solidaire\n" in text
        time.sleep(1)  # let the watcher settle before the edit
        case.write_text(text.replace("title: Cap Solidaire\n", "title: Cap Solidaire Modifié\n", 1), "utf-8")

        def changed():
            body = fetch(base + "temoignages/cap-solidaire/")
            return body if body and "Cap Solidaire Modifié" in body else None

        wait_for(changed, "la page servie reflète la modification du YAML", server, log)
        listing = fetch(base + "temoignages/")
        assert listing and "Cap Solidaire Modifié" in listing
    finally:
        stop(server)
        log.close()
    # Asked to end (as when its terminal closes), the preview stops as with Ctrl+C: its folder goes.
    assert server.returncode == 0, (tmp_path / "serve.log").read_text("utf-8")
    assert not own[0].exists() and foreign.is_dir()
