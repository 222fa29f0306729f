"""Fixtures of the site's checks: the site's folder, one strict build per session, a local server, Chromium."""

from __future__ import annotations

import pytest

from . import a11y, build, site_root as find_site_root

NOT_BUILT = "non vérifié : la construction stricte du site a échoué (voir test_strict_build)"


def pytest_terminal_summary(terminalreporter):
    """Say in French why checks were not made (pytest lists skips only with -rs)."""
    skipped = [r for r in terminalreporter.stats.get("skipped", []) if NOT_BUILT in str(r.longrepr)]
    if skipped:
        terminalreporter.write_line(f"{len(skipped)} vérification(s) non faite(s) : le site n'a pas pu être "
                                    "construit. Corrigez d'abord les erreurs ci-dessus, puis relancez.")


@pytest.fixture(scope="session")
def site_root():
    root = find_site_root()
    reason = build.not_a_site(root)
    if reason:
        pytest.fail(reason, pytrace=False)
    return root


@pytest.fixture(scope="session")
def strict_build(site_root, tmp_path_factory):
    """(mkdocs' result, the built folder): the site built once for every check."""
    dest = tmp_path_factory.mktemp("sitecheck") / "site"
    return build.strict_build(site_root, dest), dest


@pytest.fixture(scope="session")
def built_site(strict_build):
    result, dest = strict_build
    if result.returncode != 0 or not (dest / "index.html").is_file():
        pytest.skip(NOT_BUILT)
    return dest


@pytest.fixture(scope="session")
def site_url(built_site):
    server, url = a11y.serve(built_site)
    yield url
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="session")
def browser():
    reason = a11y.missing_browser()
    if reason:
        pytest.fail(reason, pytrace=False)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=a11y.CHROMIUM, args=a11y.CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()
