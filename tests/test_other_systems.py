"""Windows and macOS, where no machine here runs: every fork, signal or POSIX-only call has its
fallback where it stands, and the preview starts and stops with those fallbacks forced.

The bootstrap's own fallback (no ``os.execv``: the job runs as a child) is tests/test_tasks.py's.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import urllib.request

import pytest

from coopsite import parallel
from conftest import copy_project
from tests.servers import free_port

pytestmark = pytest.mark.build

# Run in a new Python: no fork, no SIGHUP, and the preview's os says « nt », as on Windows.
WITHOUT_POSIX = """
import os, signal, sys, types
os.environ["COOPSITE_NO_FORK"] = "1"
del signal.SIGHUP
import coopsite.adapter.preview.server as preview
from coopsite import parallel
assert not parallel.can_fork()
windows = types.SimpleNamespace(**{name: getattr(os, name) for name in dir(os) if not name.startswith("__")})
windows.name = "nt"
preview.os = windows
from coopsite.cli import main
sys.exit(main(["serve", "--dev-addr", sys.argv[1]]))
"""


def test_no_fork_where_the_system_or_the_setting_says_so(monkeypatch):
    monkeypatch.setattr(parallel, "_other_threads", lambda: 0)
    monkeypatch.setattr(parallel.os, "cpu_count", lambda: 4)
    monkeypatch.delenv("COOPSITE_NO_FORK", raising=False)
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    assert parallel.can_fork()
    monkeypatch.setattr(parallel.sys, "platform", "darwin")
    assert not parallel.can_fork()
    monkeypatch.setattr(parallel.sys, "platform", "linux")
    monkeypatch.setenv("COOPSITE_NO_FORK", "1")
    assert not parallel.can_fork()
    monkeypatch.delenv("COOPSITE_NO_FORK")
    monkeypatch.setattr(parallel.multiprocessing, "get_all_start_methods", lambda: ["spawn"])  # Windows
    assert not parallel.can_fork()


def test_the_preview_starts_serves_and_stops_without_posix(tmp_path):
    project = copy_project(tmp_path / "project")
    temporary = tmp_path / "tmp"
    left_behind = temporary / "coopsite-apercu-abandonne"
    (left_behind / "site").mkdir(parents=True)
    (left_behind / ".processus").write_text("999999999")  # a process that cannot be there
    port = free_port()
    log = open(tmp_path / "serve.log", "w+", encoding="utf-8")
    server = subprocess.Popen([sys.executable, "-c", WITHOUT_POSIX, f"127.0.0.1:{port}"], cwd=project, stdout=log,
                              stderr=subprocess.STDOUT, env={**os.environ, "NO_MKDOCS_2_WARNING": "1",
                                                             "TMPDIR": str(temporary)})
    try:
        deadline, page = time.monotonic() + 120, None
        while page is None and time.monotonic() < deadline and server.poll() is None:
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/temoignages/cap-solidaire/", timeout=5).read()
            except OSError:
                time.sleep(0.3)
        assert page and b"Cap Solidaire" in page, (tmp_path / "serve.log").read_text("utf-8")
        own = [f for f in temporary.glob("coopsite-apercu-*") if f != left_behind]
        assert len(own) == 1
        assert left_behind.is_dir()  # on Windows a process is not probed: a folder left behind stays
    finally:
        server.terminate()  # SIGTERM, which Windows has too
        server.wait(timeout=30)
        log.close()
    said = (tmp_path / "serve.log").read_text("utf-8")
    assert server.returncode == 0, said
    assert "Traceback" not in said and "Erreur" not in said
    assert not own[0].exists()
