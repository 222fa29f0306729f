"""Shared fixtures: the real project, a strict build of it, a local server, Chromium.

The built site is made once per run into a temporary folder (never into
``site/``), shared by the workers, served on 127.0.0.1 only, and driven with
Debian's Chromium.
"""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from coopsite.sitecheck.a11y import serve as sitecheck_serve

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run", "--disable-quic",
]


def mkdocs_build(project: Path, dest: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    """Run ``mkdocs build --strict`` for ``project`` into ``dest``; never raises."""
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(dest)],
        cwd=project, capture_output=True, text=True, timeout=600,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1", **(env or {})},
    )


def copy_project(dest: Path) -> Path:
    """A throw-away copy of the site's sources (cases, grid, docs, hooks, overrides, site.yml,
    mkdocs.yml). The generator is the installed package, as for any site."""
    for name in ("cases", "grid", "docs", "hooks", "overrides"):
        if (ROOT / name).exists():
            shutil.copytree(ROOT / name, dest / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))
    for name in ("mkdocs.yml", "site.yml"):
        shutil.copy(ROOT / name, dest / name)
    return dest


def built_once(tmp_path_factory, name: str, env: dict | None = None, make=None) -> Path:
    """The real content (or the project that ``make(folder)`` writes) built strictly once for
    the whole run, whatever the number of workers: the first worker that asks builds it, the
    others wait for it (a lock), then read it. It lives in pytest's temporary folders, which
    pytest itself clears after a few runs. Nothing writes into it: a test that changes a site
    works on a copy."""
    worker = os.environ.get("PYTEST_XDIST_WORKER")
    # The workers' temporary folders share a parent of this run only (pytest-of-…/pytest-N/).
    folder = (tmp_path_factory.getbasetemp().parent / name) if worker else tmp_path_factory.mktemp(name)
    folder.mkdir(exist_ok=True)
    site, done = folder / "site", folder / "construit"
    with open(folder / "verrou", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            project = ROOT
            for stale in (site, folder / "projet"):
                if stale.exists():
                    shutil.rmtree(stale)
            if make is not None:
                project = make(folder / "projet")
            result = mkdocs_build(project, site, env=env)
            assert result.returncode == 0, result.stderr
            done.touch()
    return site


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real content, built strictly once for the whole run."""
    return built_once(tmp_path_factory, "built")


@pytest.fixture(scope="session")
def hostile_built(tmp_path_factory) -> Path:
    """The hostile project (tests/test_hostile.py: a payload in every text field), built once."""
    from tests.test_hostile import make_hostile_project

    return built_once(tmp_path_factory, "hostile", make=make_hostile_project)


@pytest.fixture(scope="session")
def draft_site(tmp_path_factory) -> Path:
    """The seed report imported as drafts into a site with no other testimony, built once with SITE_URL
    (its project is the folder ``projet`` beside it)."""
    from tests.import_files import make_draft_project

    return built_once(tmp_path_factory, "brouillons", env={"SITE_URL": "https://example.org/essai/"},
                      make=make_draft_project)


# The published site, as a forge's pipeline builds it: its address, its repository and edit links.
PUBLIC_URL = "https://example.org/cooperation/"
PUBLIC_ENV = {"SITE_URL": PUBLIC_URL, "REPO_URL": "https://forge.example.org/pqn-a/cooperation",
              "EDIT_URI": "edit/main/"}


@pytest.fixture(scope="session")
def public_site(tmp_path_factory) -> Path:
    """The real content built strictly once for the whole run with SITE_URL (share meta, quote pages, feeds)."""
    return built_once(tmp_path_factory, "public", env=PUBLIC_ENV)


# The static server every site's own checks use (127.0.0.1, a free port, quiet when a browser leaves).
serve = sitecheck_serve


@pytest.fixture(scope="session")
def site_url(built_site):
    """Base URL (ending in /) of the built site, served on 127.0.0.1."""
    server, url = serve(built_site)
    yield url
    server.shutdown()


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium introuvable ({CHROMIUM}) : lancez « python3 tasks.py test », qui l'installe.")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield chromium
        chromium.close()


def watched_page(browser, base_url: str, bypass_csp: bool = False):
    """A page in a fresh context that records what a visitor should never meet.

    ``bypass_csp``: for harnesses that evaluate code strings in the page (the
    ES modules' unit tests); the site's own policy blocks ``new Function``.

    ``page.outside_requests``: every request that left ``base_url``;
    ``page.dialogs``: the message of every alert/confirm/prompt (dismissed).
    Returns ``(context, page)``; close the context when done.
    """
    context = browser.new_context(locale="fr-FR", bypass_csp=bypass_csp)
    pg = context.new_page()
    pg.outside_requests, pg.dialogs = [], []

    def watch(request):
        if not request.url.startswith((base_url, "data:", "blob:", "about:")):
            pg.outside_requests.append(request.url)

    pg.on("request", watch)
    pg.on("dialog", lambda dialog: (pg.dialogs.append(dialog.message), dialog.dismiss()))
    return context, pg


@pytest.fixture
def page(browser, site_url):
    """A fresh page on the built site (see :func:`watched_page`)."""
    context, pg = watched_page(browser, site_url)
    yield pg
    context.close()


@pytest.fixture(scope="module")
def harness_page(browser, site_url):
    """One page for a whole module of unit tests of the ES modules: its policy lets the test
    evaluate code strings. Opening a page costs more than most of these tests (0.5 to 1 s
    under load), so :func:`module_runner` empties its storage before each test instead."""
    context, pg = watched_page(browser, site_url, bypass_csp=True)
    yield pg
    context.close()


def module_runner(page, url: str, assets: str, modules: list[str]):
    """``run(body, arg=None)``: the async function body ``body`` evaluated in ``page`` at ``url``,
    with ``m`` (the exports of ``modules``, found at ``assets`` relative to the page), ``data``
    (the page's grid payload) and ``arg``.

    The page opens ``url`` once; each test then starts with empty local and session storage, as
    in a fresh page. The tests never change anything else in the page."""
    if page.url != url:
        page.goto(url)
    page.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")

    def run(body: str, arg=None):
        return page.evaluate(
            """async ([body, arg, assets, names]) => {
                const base = new URL(assets, location.href).href;
                const m = {};
                for (const name of names) Object.assign(m, await import(base + name + ".js"));
                const data = JSON.parse(document.querySelector("script.coop-st-data").textContent);
                return await (new Function("m", "data", "arg", `return (async () => { ${body} })();`))(m, data, arg);
            }""",
            [body, arg, assets, modules],
        )
    return run


@pytest.fixture
def alone(monkeypatch):
    """As in `mkdocs build`, no other thread runs (pytest-xdist runs its own): the core may fork."""
    from coopsite import parallel

    monkeypatch.setattr(parallel, "_other_threads", lambda: 0)


# The longest test files, handed out first. pytest-xdist gives each worker whole files
# (`--dist loadfile`) in the order they are collected: a long file left for the end
# keeps one worker busy while the other has nothing left (about 20 s of a run).
LONG_FILES = ("test_tasks.py", "test_scale.py", "test_pins.py", "test_preview.py", "test_pipelines.py",
              "browser/test_hostile_browser.py", "browser/test_listings_browser.py", "browser/test_import_browser.py")


def pytest_collection_modifyitems(config, items):
    rank = {name: number for number, name in enumerate(LONG_FILES)}
    # A stable sort: every other file, and the tests inside each file, keep their order.
    items.sort(key=lambda item: rank.get(item.nodeid.split("::")[0].removeprefix("tests/"), len(rank)))


class LocalEditor:
    """`tasks.py edit`'s pair for a test: the site of ``source`` built with EDITOR_BACKEND=local into
    ``dest`` and served on 127.0.0.1, and the file server (coopsite edit-server) writing into
    ``project``. ``build()`` builds the site again, as the preview does after a save."""

    def __init__(self, project: Path, source: Path, dest: Path):
        from coopsite.editor.local import make_server

        self.project, self.source, self.dest = project, source, dest
        self.files = make_server(project, (), port=0)  # origins set once the site's port is known
        self.port = self.files.server_address[1]
        self.api = f"http://127.0.0.1:{self.port}/api/v1"
        self.build()
        self.site, self.url = serve(dest)
        self.files.RequestHandlerClass.allowed = (self.url.rstrip("/"),)
        import threading

        threading.Thread(target=self.files.serve_forever, daemon=True).start()

    def build(self) -> None:
        built = mkdocs_build(self.source, self.dest, env={"EDITOR_BACKEND": "local", "EDITOR_PROXY_URL": self.api})
        assert built.returncode == 0, built.stderr

    def close(self) -> None:
        self.site.shutdown()
        self.files.shutdown()
        self.files.server_close()
