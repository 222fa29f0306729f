"""The line between the generator and a site (coopsite/layers.py, coopsite/adapter/hooks.py).

Everything every site shares ships in the package; a site's own file at the same
path wins; nothing in the package names one network.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from coopsite import layers
from coopsite.site import generate
from coopsite.structure.loader import load_corpus
from tests.conftest import ROOT, copy_project, mkdocs_build

PACKAGE = ROOT / "coopsite"
# The network and the region of the generator's first site: they belong in its site.yml, never in the package.
NAMES = re.compile(r"PQN-A|Nouvelle-Aquitaine", re.IGNORECASE)


def test_the_package_names_no_network():
    found = []
    for path in sorted(PACKAGE.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts:
            continue
        try:
            text = path.read_text("utf-8")
        except UnicodeDecodeError:
            continue  # images: their bytes are no text
        found += [f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, m.start()) + 1}" for m in NAMES.finditer(text)]
    assert not found, "le générateur nomme un réseau : " + ", ".join(found)


def test_the_names_come_from_site_yml(tmp_path):
    """The same sources with another network's site.yml: no page names PQN-A, every one names the other."""
    project = copy_project(tmp_path / "projet")
    text = (project / "site.yml").read_text("utf-8")
    text = text.replace("network: PQN-A", "network: Réseau Bocage").replace("region: Nouvelle-Aquitaine",
                                                                         "region: Normandie")
    text = text.replace("name: PQN-A", "name: Association du Bocage").replace("https://pqn-a.fr", "https://bocage.fr")
    (project / "site.yml").write_text(text, "utf-8")
    (project / "cases" / "evenements" / "table-ronde-2021-10-20.yml").write_text(
        (project / "cases" / "evenements" / "table-ronde-2021-10-20.yml").read_text("utf-8")
        .replace("PQN-A", "Réseau Bocage"), "utf-8")
    pages = {f.src_uri: f.content for f in generate(load_corpus(project)) if f.is_page}
    # The testimonies' own texts and sources may name PQN-A: they are content, not the generator's words.
    content = ("tables-rondes/table-ronde", "temoignages/cap-solidaire/", "temoignages/cae-grand-poitiers/")
    named = [uri for uri, text in pages.items() if NAMES.search(text) and not uri.startswith(content)]
    assert not named, named
    home = pages["index.md"]
    assert "recueillis par Réseau Bocage" in home and "territoriale en Normandie." in home
    assert "ni à Réseau Bocage ni à personne" in pages["autodiagnostic/collectif/index.md"]
    assert "l’hébergement web de Réseau Bocage" in pages["publier.md"]


def test_every_shared_file_is_in_the_built_site(built_site):
    for uri, path in layers.shared_uris().items():
        if uri.endswith(".md"):
            target = built_site / uri.removesuffix(".md") / "index.html"
            assert target.is_file(), uri
        else:
            assert (built_site / uri).read_bytes() == path.read_bytes(), uri


def test_the_site_file_wins_over_the_shared_one(tmp_path):
    """A site replaces a shared stylesheet, a shared guide and a shared template with its own,
    and adds a stylesheet and a page of its own."""
    project = copy_project(tmp_path / "projet")
    docs, overrides = project / "docs", project / "overrides"
    (docs / "assets" / "stylesheets").mkdir(parents=True)
    (docs / "assets" / "stylesheets" / "coop.css").write_text("/* la feuille du site */\n", "utf-8")
    (docs / "guide").mkdir()
    (docs / "guide" / "editeur.md").write_text("# Notre propre guide\n\nÉcrit par le site.\n", "utf-8")
    (overrides / "partials").mkdir(parents=True)
    shared_footer = (layers.SHARED_OVERRIDES / "partials" / "copyright.html").read_text("utf-8")
    (overrides / "partials" / "copyright.html").write_text("<p>Pied de page du site</p>\n" + shared_footer, "utf-8")
    (docs / "assets" / "site.css").write_text("/* en plus */\n", "utf-8")
    (docs / "notre-reseau.md").write_text("# Notre réseau\n\nUne page à nous.\n", "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    config = config.replace("\nnav:\n", "\nextra_css:\n  - assets/site.css\n\nnav:\n", 1)
    config = config.replace("  - Données ouvertes: donnees.md\n",
                            "  - Données ouvertes: donnees.md\n  - Notre réseau: notre-reseau.md\n", 1)
    (project / "mkdocs.yml").write_text(config, "utf-8")
    site = tmp_path / "site"
    result = mkdocs_build(project, site)
    assert result.returncode == 0, result.stderr
    assert (site / "assets" / "stylesheets" / "coop.css").read_text("utf-8") == "/* la feuille du site */\n"
    guide = (site / "guide" / "editeur" / "index.html").read_text("utf-8")
    assert "Notre propre guide" in guide and "Écrit par le site." in guide
    home = (site / "index.html").read_text("utf-8")
    assert "Pied de page du site" in home
    assert "Une page à nous." in (site / "notre-reseau" / "index.html").read_text("utf-8")
    # The shared stylesheets first, in their order, then the site's own.
    sheets = re.findall(r'<link rel="stylesheet" href="(assets/[^"]+)"', home)
    assert [s for s in sheets if ".min." not in s] == [*layers.STYLESHEETS, "assets/site.css"], sheets
    # The other shared files are still there.
    assert (site / "assets" / "share" / "share.css").read_bytes() == \
        (layers.SHARED_DOCS / "assets" / "share" / "share.css").read_bytes()
    assert (site / "donnees" / "index.html").is_file()


def test_the_kit_is_made_from_the_site_stylesheet_when_it_has_one(tmp_path):
    project = copy_project(tmp_path / "projet")
    own = project / "docs" / "assets" / "autodiagnostic"
    own.mkdir(parents=True)
    for name in ("app.js", "selftest.css", "collective.css", "kit.css"):
        (own / name).write_bytes((layers.SHARED_DOCS / "assets" / "autodiagnostic" / name).read_bytes())
    for module in (layers.SHARED_DOCS / "assets" / "autodiagnostic").glob("*.js"):
        (own / module.name).write_bytes(module.read_bytes())
    (own / "kit.css").write_text((own / "kit.css").read_text("utf-8") + "\n.coop-kit-marque { color: red; }\n", "utf-8")
    kit = {f.src_uri: f.content for f in generate(load_corpus(project))}["autodiagnostic/atelier.html"]
    assert ".coop-kit-marque" in kit


@pytest.mark.parametrize("uri", ["publier.md", "donnees.md", "autodiagnostic/integrer.md"])
def test_shared_templates_render_with_the_site_values(uri):
    pages = {f.src_uri: f.content for f in generate(load_corpus(ROOT)) if f.is_page}
    assert "{{" not in pages[uri] and "{%" not in pages[uri]


def test_only_the_adapter_imports_mkdocs():
    """The core is the exit path from MkDocs: no module of the package but the adapter's imports it
    (its hooks, and the preview that serves a site and refreshes it after a save)."""
    importing = sorted(path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.py")
                       if re.search(r"^\s*(import|from)\s+mkdocs\b", path.read_text("utf-8"), re.MULTILINE))
    assert importing == ["coopsite/adapter/hooks.py", "coopsite/adapter/preview/mkdocs_private.py",
                         "coopsite/adapter/preview/refresh.py", "coopsite/adapter/preview/server.py"]


def test_one_module_calls_mkdocs_private_functions():
    """An MkDocs upgrade that changes its private functions breaks one file: mkdocs_private.py."""
    private = re.compile(r"^\s*from\s+mkdocs[\w.]*\s+import\s+[^\n]*\b_[a-z]\w*|\._title_from_render\b", re.MULTILINE)
    naming = sorted(path.relative_to(ROOT).as_posix() for path in PACKAGE.rglob("*.py")
                    if private.search(path.read_text("utf-8")))
    assert naming == ["coopsite/adapter/preview/mkdocs_private.py"]
