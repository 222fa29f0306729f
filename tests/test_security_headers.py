"""The security policy and the server files, in the core: script hashes, the policy of
each kind of page, the <meta> of every built page, site.yml's allowed sites, and rules
of ``_headers`` that never meet. The real servers and Chromium: tests/browser/test_security.py.
"""

from __future__ import annotations

import base64
import fnmatch
import hashlib
import re
from pathlib import Path

import pytest

from coopsite.editor import Settings
from coopsite.publishing.security import Policies, editor_origins, inline_script_hashes
from coopsite.publishing.servers import base_path, harden_site, headers_file, htaccess, nginx_conf
from coopsite.structure.loader import load_corpus
from coopsite.structure.problems import ValidationFailed
from tests.conftest import ROOT
from tests.helpers import copy_sources

META = re.compile(r'<meta http-equiv="Content-Security-Policy" content="([^"]*)">')


def sha(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode()).digest()).decode() + "'"


def test_only_inline_scripts_a_browser_runs_are_hashed():
    html = ('<script>alert(1)</script><script type="module">go()</script>'
            '<script type="importmap">{"imports": {}}</script>'
            '<script src="a.js"></script><script type="application/json">{"a": 1}</script>'
            '<SCRIPT type="text/javascript">b()</SCRIPT>')
    assert inline_script_hashes(html) == {sha("alert(1)"), sha("go()"), sha('{"imports": {}}'), sha("b()")}


def test_a_page_gets_its_own_scripts_in_its_meta_and_the_site_all_of_them():
    policies = Policies(embed_origins=("https://exemple.fr",))
    page = '<!doctype html><html><head><meta charset="utf-8"><title>t</title><script>one()</script></head></html>'
    other = '<html><head><script>two()</script></head></html>'
    secured = policies.secure(page, "temoignages/a/")
    policies.secure(other, "grille/")
    meta = META.search(secured).group(1)
    assert secured.index("<meta charset") < secured.index("Content-Security-Policy") < secured.index("<title>")
    assert sha("one()") in meta and sha("two()") not in meta
    assert "frame-ancestors" not in meta  # a <meta> cannot carry it
    assert "'unsafe-inline'" not in meta.split("script-src")[1].split(";")[0]
    header = policies.header("site")
    assert sha("one()") in header and sha("two()") in header
    assert header.endswith("frame-ancestors 'none'")
    assert policies.header("embed").endswith("frame-ancestors 'self' https://exemple.fr")
    assert policies.secure(secured, "temoignages/a/") == secured  # never twice


def test_the_editor_has_its_own_policy_open_to_its_git_host_only():
    gitlab = Settings.from_env({"EDITOR_BACKEND": "gitlab", "EDITOR_REPO": "pqn-a/cooperation",
                                "EDITOR_BASE_URL": "https://framagit.org"})
    policies = Policies(editor_settings=gitlab)
    secured = policies.secure("<html><head><script>window.CMS_MANUAL_INIT = true;</script></head></html>", "admin/")
    meta = META.search(secured).group(1)
    assert "connect-src 'self' https://framagit.org" in meta
    assert "'unsafe-eval'" in meta and "wasm-unsafe-eval" not in meta
    assert sha("window.CMS_MANUAL_INIT = true;") in policies.header("admin")
    assert sha("window.CMS_MANUAL_INIT = true;") not in policies.header("site")
    assert editor_origins(Settings.from_env({"EDITOR_BACKEND": "test"})) == ([], [])
    github = editor_origins(Settings.from_env({"EDITOR_BACKEND": "github", "EDITOR_REPO": "a/b"}))
    assert github[0] == ["https://api.github.com"]


def test_every_built_page_carries_the_policy_of_its_scripts(built_site):
    pages = sorted(built_site.rglob("*.html"))
    assert len(pages) > 50
    for path in pages:
        rel = path.relative_to(built_site).as_posix()
        text = path.read_text(encoding="utf-8")
        found = META.findall(text)
        if rel == "autodiagnostic/atelier.html":  # opened from a USB stick too: its own policy, no network
            assert len(found) == 1 and found[0].startswith("default-src 'none'; "), rel
            assert all(digest in found[0] for digest in inline_script_hashes(text)), rel
            assert "connect-src" not in found[0] and "'unsafe-inline'" not in found[0].split("style-src-attr")[0]
            continue
        assert len(found) == 1, rel
        for digest in inline_script_hashes(text):
            assert digest in found[0], f"{rel} : script {digest} absent de sa politique"


def test_the_build_writes_the_servers_files(built_site):
    for name in (".htaccess", "_headers", "nginx.conf"):
        assert (built_site / name).is_file(), name
    site = (built_site / ".htaccess").read_text(encoding="utf-8")
    for digest in inline_script_hashes((built_site / "index.html").read_text(encoding="utf-8")):
        assert digest in site
    kit = (built_site / "autodiagnostic" / "atelier.html").read_text(encoding="utf-8")
    assert all(digest in site for digest in inline_script_hashes(kit))


def matches(pattern: str, path: str) -> bool:
    """Netlify's rule: ``*`` is a splat over the rest of the path, anything else is exact."""
    return fnmatch.fnmatchcase(path, pattern) if pattern.endswith("*") else path == pattern


def test_headers_rules_for_the_policy_never_meet(built_site):
    text = (built_site / "_headers").read_text(encoding="utf-8")
    rules, current = [], None
    for line in text.splitlines():
        if line.startswith("/"):
            current = line
        elif line.startswith("  Content-Security-Policy:"):
            rules.append((current, line.split(": ", 1)[1]))
    for page in built_site.rglob("*.html"):
        rel = page.relative_to(built_site).as_posix()
        addresses = ["/" + rel] + (["/" + rel.removesuffix("index.html")] if rel.endswith("index.html") else [])
        for address in addresses:
            found = [policy for pattern, policy in rules if matches(pattern, address)]
            assert len(found) == 1, f"{address} : {len(found)} politiques"
            if address.startswith("/admin/"):
                assert "'unsafe-eval'" in found[0]
            elif address.startswith("/autodiagnostic/embed/"):
                assert "frame-ancestors 'self' https://pqn-a.fr" in found[0]
            else:
                assert found[0].endswith("frame-ancestors 'none'"), address


def test_server_files_follow_the_published_path():
    policies = Policies()
    assert base_path("") == "/" and base_path("https://a.org/cooperation") == "/cooperation/"
    assert "ErrorDocument 404 /cooperation/404.html" in htaccess(policies, "/cooperation/")
    assert "error_page 404 /cooperation/404.html;" in nginx_conf(policies, "/cooperation/")
    assert "location ^~ /cooperation/admin/ {" in nginx_conf(policies, "/cooperation/")
    assert headers_file(policies, "/cooperation/", ["index.html", "admin/index.html"]).count("/cooperation/") >= 3


def test_harden_site_secures_pages_another_engine_wrote(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "index.html").write_text('<html><head><meta charset="utf-8"><script>x()</script></head></html>')
    policies = Policies()
    assert harden_site(tmp_path, policies, "") == 1
    assert sha("x()") in META.search((tmp_path / "a" / "index.html").read_text()).group(1)
    assert sha("x()") in (tmp_path / ".htaccess").read_text()


@pytest.mark.parametrize("value", ["https://pqn-a.fr/chemin", "pqn-a.fr", "https://pqn-a.fr/", "javascript:alert(1)"])
def test_an_allowed_site_is_an_origin(tmp_path, value):
    root = copy_sources(tmp_path / "project")
    text = (ROOT / "site.yml").read_text("utf-8")
    text = re.sub(r"allowed_sites: .*", f'allowed_sites: ["{value}"]', text)
    (root / "site.yml").write_text(text, "utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root)
    line = next(n for n, l in enumerate(text.splitlines(), 1) if "allowed_sites" in l)
    assert f"site.yml:{line}:" in failed.value.report()
    assert "embedding.allowed_sites[0]" in failed.value.report()


def test_the_real_site_yml_lets_pqn_a_embed_the_self_test():
    assert load_corpus(ROOT).publication.embed_origins == ("https://pqn-a.fr",)


def test_no_page_may_connect_to_another_origin_with_site_url(public_site):
    """Nothing asks SITE_URL's absolute address any more (Material's script fetched the site map
    there, for the feeds' links): the pages talk to their own origin only."""
    meta = META.search((public_site / "index.html").read_text(encoding="utf-8")).group(1)
    assert "connect-src 'self';" in meta
