"""Stopping the preview at any moment (Ctrl+C, SIGTERM, SIGHUP): « Arrêt… » and nothing else, exit 0,
no folder and no process left, whether it is refreshing pages or doing the background step."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import copy_project
from tests.servers import free_port

pytestmark = pytest.mark.build


def wait_for(log: Path, text: str, server: subprocess.Popen, start: int = 0, timeout: float = 120) -> int:
    """Wait until ``text`` is in the log after ``start``; the log's length then."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        said = log.read_text("utf-8", errors="replace")
        if text in said[start:]:
            return len(said)
        assert server.poll() is None, said
        time.sleep(0.02)
    pytest.fail(f"délai dépassé : {text}\n{log.read_text('utf-8')}")


def children(pid: int) -> list[int]:
    found = subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()
    return [int(child) for child in found]


@pytest.mark.parametrize("moment, name", [
    ("Detected file changes", "SIGTERM"),      # while the pages are refreshed
    ("Pages mises à jour", "SIGTERM"),         # during the background step: the other files, Pagefind
    ("Pages mises à jour", "SIGHUP"),          # the terminal closes
    ("Pages mises à jour", "SIGINT"),          # Ctrl+C
])
def test_the_preview_stops_cleanly_at_any_moment(tmp_path, moment, name):
    project = copy_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    temporary.mkdir()
    log = tmp_path / "serve.log"
    with open(log, "w", encoding="utf-8") as out:
        server = subprocess.Popen([sys.executable, "-m", "coopsite", "serve", "--dev-addr", f"127.0.0.1:{free_port()}"],
                                  cwd=project, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                  env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "TMPDIR": str(temporary)})
    try:
        start = wait_for(log, "Serving on", server)
        folders = list(temporary.glob("coopsite-apercu-*"))
        assert len(folders) == 1
        case = project / "cases" / "cap-solidaire.yml"
        time.sleep(0.5)
        case.write_text(case.read_text("utf-8").replace("title: Cap Solidaire\n", "title: Cap Solidaire Modifié\n", 1),
                        "utf-8")
        mark = wait_for(log, moment, server, start)
        helpers = children(server.pid)
        server.send_signal(getattr(signal, name))
        server.wait(timeout=60)
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
    said = log.read_text("utf-8")
    after = said[mark:]
    assert server.returncode == 0, said
    assert "Arrêt…" in after and "Erreur" not in after and "Traceback" not in after and "ERROR" not in after, after
    assert not folders[0].exists()
    for pid in helpers:  # Pagefind, the edit server…: none outlives the preview
        assert not Path(f"/proc/{pid}").exists() or "zombie" in Path(f"/proc/{pid}/status").read_text()
