"""pa11y (HTML_CodeSniffer, WCAG 2 AA), an outside checker, finds no error on
the page types, Material's header included."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from coopsite.publishing.audit import CHECKED_PAGES
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT

pytestmark = pytest.mark.browser

PA11Y = ROOT / ".cache" / "npm" / "node_modules" / "pa11y" / "bin" / "pa11y.js"
PAGES = [url for url in CHECKED_PAGES.values() if "?" not in url] + ["autodiagnostic/collectif/"]


RUNNER = Path(__file__).with_name("pa11y_pages.mjs")  # pa11y's own Node API, one Chromium for every page


def test_pa11y_finds_no_error(site_url, tmp_path):
    if not PA11Y.exists():
        pytest.fail("pa11y manque : lancez « python3 tasks.py test », qui l'installe dans .cache/npm/.")
    settings = tmp_path / "pa11y.json"
    settings.write_text(json.dumps({
        "modules": str(PA11Y.parents[3]), "together": 4,
        "launch": {"executablePath": CHROMIUM, "args": CHROMIUM_ARGS},
        "options": {"standard": "WCAG2AA", "timeout": 60000}}))
    done = subprocess.run(["node", str(RUNNER), str(settings), *(site_url + url for url in PAGES)],
                          capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"pa11y n'a pas pu vérifier les pages : {done.stderr[-1500:]}"
    results = json.loads(done.stdout)
    assert sorted(results) == sorted(site_url + url for url in PAGES)  # every page was checked
    errors = {url: [f"{i['code']} {i['selector']}" for i in issues if i["type"] == "error"]
              for url, issues in results.items()}
    assert {url: found for url, found in errors.items() if found} == {}
