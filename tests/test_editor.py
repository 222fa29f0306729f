"""The browser editor's core: its configuration from the schemas and the grid,
the local mode's file server, and the fetching of its third-party files."""

from __future__ import annotations

import copy
import json
import threading
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from coopsite.editor import config as editor_config_module
from coopsite.editor import vendor
from coopsite.editor.config import EditorConfigError, Settings, editor_config
from coopsite.editor.local import LocalFiles, Refused, make_server
from coopsite.structure.loader import load_corpus
from coopsite.structure.schema import schema
from tests.helpers import ROOT, copy_sources


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


def fields_by_name(fields):
    return {f["name"]: f for f in fields}


def test_every_schema_property_is_a_field_with_its_french_title_and_help(corpus):
    decap = editor_config(corpus, Settings(backend="test"))["decap"]
    for collection, kind in (("temoignages", "case"), ("tables-rondes", "event")):
        fields = fields_by_name(next(c for c in decap["collections"] if c["name"] == collection)["fields"])
        props = schema(kind)["properties"]
        assert list(fields) == list(props)  # the files' order
        for name, prop in props.items():
            assert fields[name]["label"] == prop["title"]
            assert fields[name].get("hint") == prop.get("description")
            assert fields[name]["required"] == (name in schema(kind)["required"])


def test_references_come_from_the_grid_and_the_round_tables(corpus):
    decap = editor_config(corpus, Settings(backend="test"))["decap"]
    case = fields_by_name(decap["collections"][0]["fields"])
    indicators = fields_by_name(case["quotes"]["fields"])["indicators"]
    # The picker with suggestions (indicators.js), over the same options as a select.
    assert indicators["widget"] == "coop-indicators" and indicators["multiple"] is True
    assert [o["value"] for o in indicators["options"]] == [i.id for i in corpus.grid.indicators]
    assert len(indicators["options"]) == 36
    assert indicators["options"][0]["label"].startswith("A1.1 — ")
    assert [o["value"] for o in case["event"]["options"]] == [e.id for e in corpus.events]
    assert case["kind"]["options"] == [{"value": "organisation", "label": "Organisation témoin"},
                                       {"value": "grand-temoin", "label": "Grand témoin"}]
    assert case["summary"]["widget"] == "markdown" and case["summary"]["modes"] == ["raw"]
    assert fields_by_name(case["people"]["fields"])["id"]["pattern"][1].startswith("Lettres minuscules")


def test_a_schema_change_shows_up_in_the_form_with_no_other_edit(corpus, monkeypatch):
    changed = copy.deepcopy(schema("case"))
    changed["properties"]["website"] = {"type": "string", "title": "Site web", "description": "Adresse du site.",
                                        "pattern": "^https?://[^\\s<>\"]+$(?!\\n)"}
    monkeypatch.setattr(editor_config_module, "schema", lambda kind: changed if kind == "case" else schema(kind))
    decap = editor_config(corpus, Settings(backend="test"))["decap"]
    website = fields_by_name(decap["collections"][0]["fields"])["website"]
    assert website["label"] == "Site web" and website["widget"] == "string"
    assert website["pattern"][1].startswith("Une adresse web complète")
    del changed["properties"]["website"]["title"]
    with pytest.raises(EditorConfigError, match="website.*title"):
        editor_config(corpus, Settings(backend="test"))


def test_the_browser_rules_use_the_validators_own_sentences(corpus):
    coop = editor_config(corpus, Settings(backend="test"))["coop"]
    from coopsite.structure.loader import MESSAGES

    assert coop["messages"] == MESSAGES
    assert coop["quotes"]["liess-gouvernance-partagee"] == "liess"
    assert coop["collections"]["temoignages"]["order"]["children"]["quotes"]["keys"] == \
        list(schema("case")["properties"]["quotes"]["items"]["properties"])


@pytest.mark.parametrize("env, repo_url, backend, repo, extra", [
    ({}, "", "", "", {}),
    ({}, "https://github.com/pqn-a/cooperation", "github", "pqn-a/cooperation", {"publish_mode": "editorial_workflow"}),
    ({"EDITOR_WORKFLOW": "0"}, "https://gitlab.com/pqn-a/cooperation.git", "gitlab", "pqn-a/cooperation", {}),
    ({"EDITOR_APP_ID": "abc"}, "https://forge.example.org/pqn-a/site", "gitea", "pqn-a/site", {}),
    ({"EDITOR_BACKEND": "local"}, "", "local", "", {}),
])
def test_where_the_editor_saves_comes_from_the_environment(corpus, env, repo_url, backend, repo, extra):
    settings = Settings.from_env(env, repo_url)
    assert (settings.backend, settings.repo) == (backend, repo)
    decap = editor_config(corpus, settings)["decap"]
    for key, value in extra.items():
        assert decap[key] == value
    if backend == "gitea":
        assert decap["backend"] == {"name": "gitea", "repo": "pqn-a/site", "branch": "main",
                                    "api_root": "https://forge.example.org/api/v1", "auth_type": "pkce",
                                    "app_id": "abc"}
    if backend == "local":
        assert decap["backend"]["proxy_url"] == "http://127.0.0.1:8001/api/v1"
    if "EDITOR_WORKFLOW" in env:
        assert "publish_mode" not in decap


def test_wrong_editor_settings_are_named_in_french():
    with pytest.raises(EditorConfigError, match="EDITOR_BACKEND : « svn » inconnu"):
        Settings.from_env({"EDITOR_BACKEND": "svn"})
    with pytest.raises(EditorConfigError, match="EDITOR_REPO"):
        Settings.from_env({"EDITOR_BACKEND": "github"})


# -- the local mode's file server -------------------------------------------------------------

@pytest.fixture
def project(tmp_path):
    return copy_sources(tmp_path / "project")


def test_local_files_refuse_paths_outside_the_editors_folders(project):
    files = LocalFiles(project)
    for path in ("../secret.yml", "/etc/passwd.yml", "grid/grille.yml", "cases/liess.txt", "docs/index.yml",
                 "cases/../mkdocs.yml"):
        with pytest.raises(Refused):
            files.path(path)
    assert files.entry("cases/liess.yml")["data"].startswith("# yaml-language-server")
    listed = [e["file"]["path"] for e in files.entries_by_folder("cases", "yml")]
    assert "cases/liess.yml" in listed and not any("evenements" in p for p in listed)


def test_a_save_that_would_break_the_build_is_refused_and_writes_nothing(project):
    files = LocalFiles(project)
    before = (project / "cases" / "liess.yml").read_text("utf-8")
    broken = before.replace("speaker: [marion-bergognon, matthieu-tanty]", "speaker: [marion-bergognon, inconnue]", 1)
    with pytest.raises(Refused) as refused:
        files.handle({"action": "persistEntry", "params": {"dataFiles": [{"path": "cases/liess.yml", "raw": broken}]}})
    assert refused.value.status == 422
    assert "Rien n'a été enregistré" in str(refused.value)
    assert "cases/liess.yml:32:33: quotes[0].speaker[1]" in str(refused.value) and "personne inconnue « inconnue »" in str(refused.value)
    assert (project / "cases" / "liess.yml").read_text("utf-8") == before
    fixed = before.replace("Animatrice", "animatrice", 1)
    files.handle({"action": "persistEntry", "params": {"dataFiles": [{"path": "cases/liess.yml", "raw": fixed}]}})
    assert (project / "cases" / "liess.yml").read_text("utf-8") == fixed
    assert not list((project / "cases").glob(".*partiel"))


def test_the_local_server_imports_a_report_and_refuses_what_it_cannot_read(project):
    import base64

    from tests.helpers import tree_digest

    files = LocalFiles(project)
    report = "# Rencontre du 2 mai 2025\n\n## La Régie (Vienne) : Camille DURAND, coordinatrice\n\n« On avance. »\n"
    data = base64.b64encode(report.encode("utf-8")).decode()
    before = tree_digest(project)
    seen = files.handle({"action": "importReport", "params": {"name": "rencontre.md", "data": data}})
    assert (seen["testimonies"], seen["quotes"], seen["written"]) == (1, 1, [])
    assert "--dry-run" not in seen["report"] and "Rien n’est encore écrit" in seen["report"]
    assert tree_digest(project) == before  # shown, not written
    done = files.handle({"action": "importReport", "params": {"name": "rencontre.md", "data": data, "write": True}})
    assert done["written"] == ["cases/evenements/table-ronde-2025-05-02.yml", "cases/regie.yml"]
    again = files.handle({"action": "importReport", "params": {"name": "rencontre.md", "data": data, "write": True}})
    assert again["written"] == [] and again["existing"]
    for name, payload, status in (("r.pdf", base64.b64encode(b"%PDF").decode(), 422),
                                  ("r.md", "pas du base64 !", 400), ("r.docx", base64.b64encode(b"zip?").decode(), 422)):
        with pytest.raises(Refused) as refused:
            files.handle({"action": "importReport", "params": {"name": name, "data": payload, "write": True}})
        assert refused.value.status == status and "«" in str(refused.value)
    assert not list(project.rglob("report.*"))


def test_the_local_server_answers_the_sites_origin_only(project):
    server = make_server(project, ("http://127.0.0.1:8000",), port=0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = f"http://127.0.0.1:{server.server_address[1]}/api/v1"

    def post(body, origin):
        request = urllib.request.Request(url, json.dumps(body).encode(), {"Content-Type": "application/json",
                                                                          "Origin": origin})
        try:
            with urllib.request.urlopen(request) as response:
                return response.status, json.loads(response.read()), response.headers
        except urllib.error.HTTPError as error:
            return error.code, json.loads(error.read()), error.headers

    try:
        status, body, headers = post({"action": "info"}, "http://127.0.0.1:8000")
        assert status == 200 and body["type"] == "local_fs"
        assert headers["Access-Control-Allow-Origin"] == "http://127.0.0.1:8000"
        status, body, _ = post({"action": "getEntry", "params": {"path": "cases/liess.yml"}}, "https://ailleurs.example")
        assert status == 403 and "origine refusée" in body["error"]
        status, body, _ = post({"action": "getEntry", "params": {"path": "../mkdocs.yml"}}, "http://127.0.0.1:8000")
        assert status == 403
        status, body, _ = post({"action": "deleteFiles", "params": {}}, "http://127.0.0.1:8000")
        assert status == 422 and "non prise en charge" in body["error"]
    finally:
        server.shutdown()
        server.server_close()


# -- the third-party files ---------------------------------------------------------------------

def test_a_package_that_does_not_match_its_pinned_integrity_installs_nothing(tmp_path):
    fake_npm = tmp_path / "npm"
    # A stand-in for npm that "downloads" tarballs of the right names and the wrong bytes.
    fake_npm.write_text("#!/bin/sh\nfor a; do case $prev in --pack-destination) dest=$a;; esac; prev=$a; done\n"
                        "for a; do case $a in *@*) echo faux > $dest/$(echo $a | sed 's/@/-/').tgz;; esac; done\n")
    fake_npm.chmod(0o755)
    with pytest.raises(vendor.VendorError, match="empreinte attendue"):
        vendor.install(tmp_path, npm=str(fake_npm))
    assert vendor.missing(tmp_path) == list(vendor.PACKAGES)
    assert vendor.site_files(tmp_path) == {}


def test_without_npm_the_reason_is_said_in_french(tmp_path, monkeypatch):
    monkeypatch.setattr(vendor.shutil, "which", lambda name: None)
    with pytest.raises(vendor.VendorError, match="npm est introuvable"):
        vendor.install(tmp_path)


def test_installed_files_are_served_under_admin_vendor():
    if vendor.missing(ROOT):
        pytest.fail("Les fichiers de l'éditeur manquent : lancez « python3 tasks.py test », qui les installe.")
    files = vendor.site_files(ROOT)
    assert "admin/vendor/decap-cms/dist/decap-cms.js" in files
    assert "admin/vendor/js-yaml/dist/js-yaml.mjs" in files
    assert not [uri for uri in files if uri.endswith(".map")]
    assert isinstance(next(iter(files.values())), Path)


def test_the_files_name_their_schema_where_the_project_has_it(corpus, tmp_path):
    """The generator's home names its own folder; a site, the copy tasks.py keeps in .venv/."""
    headers = {name: c["header"] for name, c in editor_config(corpus, Settings(backend="test"))["coop"]["collections"].items()}
    assert headers == {"temoignages": "# yaml-language-server: $schema=../coopsite/structure/schemas/case.schema.json",
                       "tables-rondes": "# yaml-language-server: $schema=../../coopsite/structure/schemas/event.schema.json"}
    site = load_corpus(copy_sources(tmp_path / "site"))
    headers = {name: c["header"] for name, c in editor_config(site, Settings(backend="test"))["coop"]["collections"].items()}
    assert headers == {"temoignages": "# yaml-language-server: $schema=../.venv/coopsite-schemas/case.schema.json",
                       "tables-rondes": "# yaml-language-server: $schema=../../.venv/coopsite-schemas/event.schema.json"}

