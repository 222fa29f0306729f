"""The built site on real servers (Debian's nginx and Apache, 127.0.0.1 only), with the
configuration the build writes: compression, the French 404, cache and security headers;
then Chromium on every page type, listening for Content-Security-Policy violations;
and the embeddable self-test framed from an allowed origin and refused from another.
"""

from __future__ import annotations

import gzip
import re
import shutil
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build, serve, watched_page
from servers import apache, free_port, nginx
from test_collective_browser import M1, M2, M3, PREFIX
from test_selftest_browser import answer_quickly

pytestmark = pytest.mark.browser

# Listens from the very start of every document (frames included) for what the policy blocks.
LISTEN = """
window.__csp = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__csp.push(e.violatedDirective + ' ' + (e.blockedURI || 'inline') + ' ' + (e.sourceFile || '') + ':' + e.lineNumber + ':' + e.columnNumber + ' ' + (e.sample || ''));
});
"""


@pytest.fixture(scope="module")
def allowed_host(tmp_path_factory):
    """A second site on another loopback port, listed in site.yml as allowed to frame the self-test."""
    folder = tmp_path_factory.mktemp("allowed-host")
    server, url = serve(folder)
    yield folder, url
    server.shutdown()


@pytest.fixture(scope="module")
def secured_site(tmp_path_factory, allowed_host):
    """The real content with the test editor, and the allowed host in site.yml's ``embedding``."""
    project = copy_project(tmp_path_factory.mktemp("secured") / "project")
    origin = allowed_host[1].rstrip("/")
    site_yml = (ROOT / "site.yml").read_text(encoding="utf-8")
    site_yml = re.sub(r"allowed_sites: .*", f'allowed_sites: ["{origin}"]', site_yml)
    assert origin in site_yml, "site.yml n'a plus de champ embedding.allowed_sites : le test doit suivre"
    (project / "site.yml").write_text(site_yml, encoding="utf-8")
    # The editor's files, installed by tasks.py test in the project's cache.
    (project / ".cache").mkdir()
    (project / ".cache" / "editor").symlink_to(ROOT / ".cache" / "editor", target_is_directory=True)
    dest = project / "site"
    result = mkdocs_build(project, dest, env={"EDITOR_BACKEND": "test"})
    assert result.returncode == 0, result.stderr
    return dest


@pytest.fixture(scope="module")
def nginx_url(secured_site):
    with nginx(secured_site) as url:
        yield url


@pytest.fixture(scope="module")
def apache_url(secured_site):
    with apache(secured_site) as url:
        yield url


def fetch(url: str) -> tuple[int, dict, bytes]:
    request = urllib.request.Request(url, headers={"Accept-Encoding": "gzip"})
    try:
        response = urllib.request.urlopen(request, timeout=20)
    except urllib.error.HTTPError as error:
        response = error
    body = response.read()
    headers = {k.lower(): v for k, v in response.headers.items()}
    if headers.get("content-encoding") == "gzip":
        body = gzip.decompress(body)
    return response.status, headers, body


def bundle(site: Path) -> str:
    return next(site.glob("assets/javascripts/bundle.*.min.js")).relative_to(site).as_posix()


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_served_compressed_with_404_cache_and_security_headers(request, server, secured_site):
    base = request.getfixturevalue(f"{server}_url")
    compressed = ["", "temoignages/liess/", "assets/stylesheets/coop.css", "assets/autodiagnostic/app.js",
                  "data/grid.json", "pagefind/pagefind.js", "pagefind/pagefind-entry.json", bundle(secured_site)]
    for path in compressed:
        status, headers, _ = fetch(base + path)
        assert status == 200, path
        assert headers.get("content-encoding") == "gzip", f"{server} : {path} n'est pas compressé"
        assert headers.get("vary", "").lower().count("accept-encoding"), path
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
        assert "camera=()" in headers["permissions-policy"]
        csp = headers["content-security-policy"]
        assert "'unsafe-inline'" not in csp.split("script-src")[1].split(";")[0], csp
        assert "frame-ancestors 'none'" in csp, path
    # Pages are checked again at each visit; fingerprinted files are kept for a year.
    assert fetch(base + "temoignages/liess/")[1]["cache-control"] == "no-cache"
    assert "immutable" in fetch(base + bundle(secured_site))[1]["cache-control"]
    assert "immutable" not in fetch(base + "assets/stylesheets/coop.css")[1]["cache-control"]
    # An unknown address: the French 404, with its status and the same headers.
    status, headers, body = fetch(base + "cette-page-n-existe-pas/")
    assert status == 404
    assert "Page introuvable" in body.decode("utf-8")
    assert "frame-ancestors 'none'" in headers["content-security-policy"]
    # The other hosts' configuration files are not served.
    for name in ("nginx.conf", "_headers"):
        assert fetch(base + name)[0] in (403, 404), name


@pytest.mark.parametrize("server", ["nginx", "apache"])
def test_framing_allowed_only_for_the_embed_and_the_listed_sites(request, server, allowed_host):
    base = request.getfixturevalue(f"{server}_url")
    embed = fetch(base + "autodiagnostic/embed/")[1]["content-security-policy"]
    assert f"frame-ancestors 'self' {allowed_host[1].rstrip('/')}" in embed
    admin = fetch(base + "admin/")[1]["content-security-policy"]
    assert "frame-ancestors 'none'" in admin
    assert "wasm-unsafe-eval" not in admin  # the editor's policy is its own, no wider than it needs


def visit(browser, base: str, path: str, then=None) -> list[str]:
    """Open ``path`` in a fresh context; return the CSP violations and script errors met."""
    context, page = watched_page(browser, base)
    context.add_init_script(LISTEN)
    console = []
    page.on("console", lambda m: console.append(m.text) if "Content Security Policy" in m.text else None)
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(base + path)
        page.wait_for_load_state("load")
        if then:
            then(page)
        page.wait_for_timeout(150)
        found = [v for f in page.frames for v in f.evaluate("window.__csp || []")]
        assert page.outside_requests == [], page.outside_requests
        return found + console + [f"erreur : {e}" for e in errors]
    finally:
        context.close()


def completed_selftest(page):
    page.wait_for_selector("[data-st=progress]")
    answer_quickly(page, "3210" * 9)  # the policies are the subject, not the mouse
    page.get_by_text("Score global").first.wait_for()


def three_members(page):
    page.wait_for_selector("[data-co=messages]", state="attached")
    page.locator("[data-co=links]").fill("\n".join(PREFIX + m for m in (M1, M2, M3)))
    page.get_by_role("button", name="Voir la synthèse").click()
    page.locator("[data-co=synthesis] table").first.wait_for()


def searched(page):
    page.wait_for_function("() => document.querySelectorAll('.coop-hit').length > 0")


def editor_open(page):
    page.get_by_role("button", name="Se connecter").click()
    page.get_by_text("Collections").first.wait_for()
    page.goto(page.url.split("#")[0] + "#/collections/temoignages/entries/liess")
    page.locator("input, textarea").first.wait_for()


PAGES = {
    "accueil": ("", None),
    "témoignage": ("temoignages/liess/", None),
    "citation": ("citations/bossuet-geste-avant-outil/", None),
    "indicateur": ("grille/a1-1/", None),
    "recherche avec filtres": ("recherche/?q=cooperation&objectif=B&annee=2021", searched),
    "autodiagnostic rempli": ("autodiagnostic/", completed_selftest),
    "diagnostic mutuel à 3": ("autodiagnostic/collectif/", three_members),
    "questionnaire": ("autodiagnostic/questionnaire/", None),
    "mentions légales": ("mentions-legales/", None),
    "accessibilité": ("accessibilite/", None),
    "données personnelles": ("donnees-personnelles/", None),
    "kit d'atelier": ("autodiagnostic/atelier.html", completed_selftest),
    "intégrer": ("autodiagnostic/integrer/", None),
    "404": ("nulle-part/", None),
    "éditeur": ("admin/", editor_open),
}


@pytest.mark.parametrize("name", list(PAGES))
def test_no_policy_violation_on_any_page_type(browser, nginx_url, name):
    path, then = PAGES[name]
    assert visit(browser, nginx_url, path, then) == []


def test_a_violation_is_seen(browser, secured_site, tmp_path):
    """The listener works: an inline script the build did not hash is blocked and reported."""
    broken = tmp_path / "site"
    shutil.copytree(secured_site, broken)
    page_file = broken / "temoignages" / "liess" / "index.html"
    text = page_file.read_text(encoding="utf-8")
    page_file.write_text(text.replace("</body>", "<script>document.title='x'</script></body>"), encoding="utf-8")
    with nginx(broken) as base:
        found = visit(browser, base, "temoignages/liess/")
    assert any("script-src" in v for v in found), found


def frame_host(folder: Path, src: str) -> None:
    (folder / "index.html").write_text(
        f'<!doctype html><html lang="fr"><head><meta charset="utf-8"><title>Hôte</title></head><body>'
        f'<iframe src="{src}" title="Autodiagnostic" width="800" height="600"></iframe></body></html>',
        encoding="utf-8")


def test_embed_framed_by_the_allowed_site_and_refused_elsewhere(browser, nginx_url, allowed_host, tmp_path):
    folder, allowed = allowed_host
    frame_host(folder, nginx_url + "autodiagnostic/embed/")
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(allowed)
        page.frame_locator("iframe").locator("[data-st=progress]").wait_for()
        # Another origin: the browser refuses to show it.
        other_folder = tmp_path / "other"
        other_folder.mkdir()
        frame_host(other_folder, nginx_url + "autodiagnostic/embed/")
        server, other = serve(other_folder)
        try:
            assert other.rstrip("/") != allowed.rstrip("/")
            page.goto(other)
            page.wait_for_timeout(500)
            # Chromium shows its own error page in place of the refused frame.
            assert page.frames[1].url.startswith("chrome-error:"), page.frames[1].url
            # Any other page of the site refuses even the allowed site.
            frame_host(folder, nginx_url + "temoignages/liess/")
            page.goto(allowed)
            page.wait_for_timeout(500)
            assert page.frames[1].url.startswith("chrome-error:"), page.frames[1].url
        finally:
            server.shutdown()
    finally:
        context.close()
