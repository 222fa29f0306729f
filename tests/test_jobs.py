"""``coopsite.jobs``: what ``python3 tasks.py JOB`` runs once the generator is installed."""

from __future__ import annotations

import subprocess
import sys

from coopsite.jobs import HELP, JOBS, main
from coopsite.jobs.engines import engine_option
from tests.helpers import ROOT


def test_help_lists_every_job_a_site_has():
    for job in JOBS - {"bench", "release-check"}:
        assert f"\n  {job} " in HELP, job
    assert main(["help"]) == 0


def test_an_unknown_job_is_named_with_the_closest_one_and_the_help(capsys):
    assert main(["valdiate"]) == 2
    err = capsys.readouterr().err
    assert "tâche inconnue « valdiate » : vouliez-vous dire « validate » ?" in err
    assert "Utilisation : python3 tasks.py TÂCHE" in err
    assert main(["zzz"]) == 2 and "tâche inconnue « zzz »\n" in capsys.readouterr().err


def test_the_generator_s_own_jobs_are_refused_in_a_site(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("COOPSITE_ROOT", str(tmp_path))
    assert main(["release-check"]) == 2
    assert "est une tâche du générateur" in capsys.readouterr().err


def test_engine_option_defaults_to_mkdocs_and_is_taken_out():
    assert engine_option([]) == ("mkdocs", [])
    assert engine_option(["--engine", "zensical"]) == ("zensical", [])
    assert engine_option(["-v", "--engine=zensical", "--clean"]) == ("zensical", ["-v", "--clean"])
    assert engine_option(["--engine"]) == ("", [])


def test_an_unknown_engine_is_refused_in_french():
    result = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "build", "--engine", "sphinx"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    assert "moteur inconnu « sphinx »" in result.stderr
