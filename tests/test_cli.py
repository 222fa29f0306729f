"""``python -m coopsite validate``: counts on success, every problem and exit 1 on failure."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tests.helpers import ROOT, copy_sources, edit, line_of, tree_digest


def validate(root: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    return subprocess.run([sys.executable, "-m", "coopsite", "validate", "--root", str(root)],
                          cwd=root, capture_output=True, text=True, timeout=120, env=env)


def test_validate_real_content_prints_the_counts(tmp_path):
    root = copy_sources(tmp_path / "project")
    result = validate(root)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    out = result.stdout
    assert out.startswith("OK : grille « grille-ptce-2012 »")
    for count in ("3 objectifs généraux", "9 objectifs principaux", "36 indicateurs", "1 événement(s)",
                  "4 témoignage(s)", "13 citation(s)"):
        assert count in out, out


def test_validate_the_project_itself(tmp_path):
    before = tree_digest(ROOT / "cases")
    result = validate(ROOT)
    assert result.returncode == 0, result.stderr
    assert "13 citation(s)" in result.stdout
    assert tree_digest(ROOT / "cases") == before


def test_validate_broken_copy_lists_every_problem_on_stderr(tmp_path):
    root = copy_sources(tmp_path / "project")
    edit(root, "cases/cap-solidaire.yml", "indicators: [A3.3, B2.1, B2.2, B2.3]", "indicators: [A3.3, B2.10]")
    edit(root, "cases/liess.yml", "kind: organisation\n", "kind: organisation\ntitel: x\n")
    before = tree_digest(root)

    result = validate(root)

    assert result.returncode == 1
    assert result.stdout == ""
    assert "Traceback" not in result.stderr
    lines = result.stderr.splitlines()
    assert lines[0] == "2 problèmes dans les sources :"
    cap_line = line_of(root, "cases/cap-solidaire.yml", "B2.10")
    liess_line = line_of(root, "cases/liess.yml", "titel:")
    assert lines[1].startswith(f"cases/cap-solidaire.yml:{cap_line}:")
    assert "quotes[0].indicators[1] : indicateur inconnu « B2.10 » — vouliez-vous dire « B2.1 » ?" in lines[1]
    assert lines[2] == (f"cases/liess.yml:{liess_line}:1: titel : champ inconnu « titel » "
                        "— vouliez-vous dire « title » ?")
    assert tree_digest(root) == before


def test_validate_missing_folder_is_a_problem_not_a_traceback(tmp_path):
    result = validate(tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert "grid/ doit contenir exactement une grille" in result.stderr


def test_a_client_that_goes_away_is_no_traceback(capsys):
    """The checks' file server and the editor's local server say nothing when a browser leaves mid-answer."""
    from coopsite.sitecheck.a11y import _Server
    from coopsite.editor.local import make_server

    servers = [_Server(("127.0.0.1", 0), object), make_server(Path("."), ("http://127.0.0.1:8000",), port=0)]
    try:
        for server in servers:
            try:
                raise BrokenPipeError(32, "Broken pipe")
            except BrokenPipeError:
                server.handle_error(None, ("127.0.0.1", 1))
        assert capsys.readouterr().err == ""
        try:
            raise ValueError("une vraie erreur")
        except ValueError:
            servers[0].handle_error(None, ("127.0.0.1", 1))
        assert "une vraie erreur" in capsys.readouterr().err  # a real error is still shown
    finally:
        for server in servers:
            server.server_close()


def test_serve_refuses_a_bad_address_a_taken_port_and_a_missing_config(tmp_path, capsys):
    import socket

    from coopsite.cli import main

    assert main(["serve", "--dev-addr", "huit-mille"]) == 2
    assert "--dev-addr attend HÔTE:PORT" in capsys.readouterr().err
    assert main(["serve", "--config-file", str(tmp_path / "mkdocs.yml")]) == 2
    assert "introuvable" in capsys.readouterr().err
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert main(["serve", "--dev-addr", f"127.0.0.1:{port}", "--config-file", str(ROOT / "mkdocs.yml")]) == 1
    err = capsys.readouterr().err
    assert f"impossible d'écouter sur 127.0.0.1:{port}" in err and "Traceback" not in err


def test_serve_reports_a_broken_mkdocs_yml_in_french(tmp_path, capsys):
    from coopsite.cli import main

    (tmp_path / "mkdocs.yml").write_text("site_name: Essai\ntheme:\n  name: inexistant\n", "utf-8")
    assert main(["serve", "--config-file", str(tmp_path / "mkdocs.yml"), "--build-to", str(tmp_path / "site")]) == 1
    err = capsys.readouterr().err
    assert "la construction a échoué" in err and "Traceback" not in err
