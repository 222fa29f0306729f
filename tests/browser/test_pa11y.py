"""pa11y (HTML_CodeSniffer, WCAG 2 AA), an outside checker, finds no error on
the page types, Material's header included."""

from __future__ import annotations

import json
import subprocess
from concurrent.futures import ThreadPoolExecutor

import pytest

from coopsite.publishing.audit import CHECKED_PAGES
from tests.conftest import CHROMIUM, CHROMIUM_ARGS, ROOT

pytestmark = pytest.mark.browser

PA11Y = ROOT / ".cache" / "npm" / "node_modules" / "pa11y" / "bin" / "pa11y.js"
PAGES = [url for url in CHECKED_PAGES.values() if "?" not in url] + ["autodiagnostic/collectif/"]


def test_pa11y_finds_no_error(site_url, tmp_path):
    if not PA11Y.exists():
        pytest.fail("pa11y manque : lancez « python3 tasks.py test », qui l'installe dans .cache/npm/.")
    config = tmp_path / "pa11y.json"
    config.write_text(json.dumps({"chromeLaunchConfig": {"executablePath": CHROMIUM, "args": CHROMIUM_ARGS},
                                  "standard": "WCAG2AA", "timeout": 60000}))
    def check(url: str) -> list[str]:
        done = subprocess.run(["node", str(PA11Y), "--config", str(config), "--reporter", "json", site_url + url],
                              capture_output=True, text=True, timeout=180)
        # pa11y exits 0 without issue, 2 with some, 1 when it could not check the page.
        assert done.returncode in (0, 2), f"pa11y n'a pas pu vérifier /{url} : {done.stderr[-500:]}"
        issues = json.loads(done.stdout)
        return [f"{i['code']} {i['selector']}" for i in issues if i["type"] == "error"]

    # Three pages at a time: each pa11y run waits mostly on starting Node and Chromium.
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = dict(zip(PAGES, pool.map(check, PAGES)))
    errors = {url: found for url, found in results.items() if found}
    assert errors == {}
