"""bench/payload.py: what the embed page loads at first, and what only loads on demand."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

import payload  # noqa: E402  (bench/ is not a package)


def test_comparison_code_is_left_out_of_the_first_load(built_site):
    files, problems = payload.measure(built_site)
    assert problems == []
    first = {name for name, _, _, lazy in files if not lazy}
    later = {name for name, _, _, lazy in files if lazy}
    assert {"autodiagnostic/embed/index.html", "assets/autodiagnostic/app.js", "assets/autodiagnostic/dom.js"} <= first
    for name in ("compare-view.js", "compare.js", "aggregate.js", "group-encoding.js", "radar-multi.js",
                 "collective.css"):
        assert "assets/autodiagnostic/" + name in later
    total = sum(packed for _, _, packed, lazy in files if not lazy)
    assert total <= payload.TARGET_TOTAL


def test_report_states_both_figures(built_site, capsys):
    assert payload.report(built_site) is True
    out = capsys.readouterr().out
    assert "au premier chargement" in out and "chargé à la demande" in out
    assert "[OK] JS et CSS propres à l'autodiagnostic, au premier chargement" in out
