"""``tasks.py build|serve --engine``: the option is read and taken out of MkDocs' arguments."""

from __future__ import annotations

import subprocess
import sys

import tasks
from tests.helpers import ROOT


def test_engine_option_defaults_to_mkdocs_and_is_taken_out():
    assert tasks.engine_option([]) == ("mkdocs", [])
    assert tasks.engine_option(["--engine", "zensical"]) == ("zensical", [])
    assert tasks.engine_option(["-v", "--engine=zensical", "--clean"]) == ("zensical", ["-v", "--clean"])
    assert tasks.engine_option(["--engine"]) == ("", [])


def test_an_unknown_engine_is_refused_in_french():
    result = subprocess.run([sys.executable, str(ROOT / "tasks.py"), "build", "--engine", "sphinx"],
                            capture_output=True, text=True, timeout=600)
    assert result.returncode == 2
    assert "moteur inconnu « sphinx »" in result.stderr
