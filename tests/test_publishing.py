"""Publishing as a French association: site.yml, the legal notice, the
accessibility statement, the personal-data page, the site map, the footer on
every page, the skip link and landmarks, the French 404, and the publishing check."""

from __future__ import annotations

import html
import re
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urljoin

import pytest

from coopsite import config
from coopsite.publishing.check import REQUIRED, label, missing_fields, report
from coopsite.structure.loader import load_corpus
from coopsite.structure.model import Party, Publication
from coopsite.structure.problems import ValidationFailed
from tests.conftest import ROOT, copy_project, mkdocs_build
from tests.helpers import copy_sources

# Pages without the site's footer: the self-test's frame for other sites, the editor.
NO_FOOTER = (config.SELFTEST_EMBED, "admin/")
COMPLETE = """\
publisher:
  name: Association d'essai
  address: 1 rue de l'Exemple, 00000 Ville
  phone: "00 00 00 00 00"
  email: contact@exemple.fr
director: Prénom Nom
host:
  name: Hébergeur d'essai
  address: 2 rue de l'Exemple, 00000 Ville
  phone: "00 00 00 00 01"
licence:
  name: Licence d'essai
  url: https://exemple.fr/licence
accessibility:
  status: partiellement conforme
  rate: "72"
  audit_date: "2026-11-01"
  auditor: Cabinet d'essai
  declaration_date: "2026-11-02"
"""


class Outline(HTMLParser):
    """The headings (h1–h3) of the <article>, and every link of the page with its class."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.headings, self.links, self.tags = [], [], []
        self._heading = None
        self._in_article = 0

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        self.tags.append((tag, attrs))
        if tag == "article":
            self._in_article += 1
        if tag in ("h1", "h2", "h3") and self._in_article:
            self._heading = [tag, ""]
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])

    def handle_endtag(self, tag):
        if tag == "article":
            self._in_article -= 1
        if self._heading and tag == self._heading[0]:
            self.headings.append((tag, self._heading[1].replace("¶", "").strip()))
            self._heading = None

    def handle_data(self, data):
        if self._heading:
            self._heading[1] += data


def outline(path: Path) -> Outline:
    parser = Outline()
    parser.feed(path.read_text("utf-8"))
    return parser


def url_of(site: Path, path: Path) -> str:
    rel = path.relative_to(site).as_posix()
    return "" if rel == "index.html" else rel.removesuffix("index.html")


def built_pages(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("index.html") if not url_of(site, p).startswith(NO_FOOTER))


def test_the_accessibility_statement_has_the_official_models_headings_in_order(built_site):
    headings = outline(built_site / config.ACCESSIBILITY / "index.html").headings
    assert headings == [
        ("h1", "Déclaration d’accessibilité"),
        ("h2", "État de conformité"),
        ("h2", "Résultats des tests"),
        ("h2", "Contenus non accessibles"),
        ("h3", "Non-conformité"),
        ("h3", "Dérogations pour charge disproportionnée"),
        ("h3", "Contenus non soumis à l’obligation d’accessibilité"),
        ("h2", "Établissement de cette déclaration d’accessibilité"),
        ("h3", "Technologies utilisées pour la réalisation du site"),
        ("h3", "Environnement de test"),
        ("h3", "Outils pour évaluer l’accessibilité"),
        ("h3", "Pages du site ayant fait l’objet de la vérification de conformité"),
        ("h2", "Retour d’information et contact"),
        ("h2", "Voies de recours"),
    ]
    text = (built_site / config.ACCESSIBILITY / "index.html").read_text("utf-8")
    assert "est <strong>non conforme</strong> avec le référentiel général d’amélioration de l’accessibilité" in text
    assert "Défenseur des droits" in text and "article 47 de la loi n° 2005-102" in text


def test_the_legal_notice_and_personal_data_pages_say_what_is_known_and_flag_the_rest(built_site):
    legal = built_site / config.LEGAL / "index.html"
    assert [h for _, h in outline(legal).headings] == [
        "Mentions légales", "Éditeur du site", "Directeur ou directrice de la publication", "Hébergeur",
        "Licence des contenus", "Données personnelles", "Ce que le site utilise"]
    text = legal.read_text("utf-8")
    assert "PQN-A" in text  # the one fact site.yml holds
    # Every unknown value is shown as such, never guessed: 3 for the publisher, the director, 3 for
    # the host, the licence, and the footer's licence line.
    assert text.count('<span class="coop-missing">à compléter</span>') == 9
    assert "Pagefind" in text and "Decap CMS" in text and "Material for MkDocs" in text
    privacy = (built_site / config.PRIVACY / "index.html").read_text("utf-8")
    assert "ne dépose aucun cookie" in privacy
    assert "Effacer les données de ce site dans ce navigateur" in privacy


def test_every_page_has_the_footer_and_its_links_lead_to_the_four_pages(built_site):
    pages = built_pages(built_site)
    assert len(pages) > 50
    expected = [config.ACCESSIBILITY, config.LEGAL, config.PRIVACY, config.SITEMAP]
    for path in pages:
        text = path.read_text("utf-8")
        footer = text[text.index('<div class="md-copyright coop-footer">'):]
        footer = footer[:footer.index("</div>")]
        here = "http://site/" + url_of(built_site, path)
        hrefs = [urljoin(here, h).removeprefix("http://site/") for h in re.findall(r'href="([^"]+)"', footer)]
        assert hrefs == expected, url_of(built_site, path)
        assert "Accessibilité : non conforme" in footer
        for target in hrefs:
            assert (built_site / target / "index.html").is_file()
    embed = (built_site / config.SELFTEST_EMBED / "index.html").read_text("utf-8")
    assert "coop-footer" not in embed and "Ouvrir en plein écran" in embed


def test_every_page_a_reader_can_reach_is_on_the_site_map(built_site):
    sitemap = built_site / config.SITEMAP / "index.html"
    base = "http://site/" + config.SITEMAP
    linked = {urljoin(base, h).removeprefix("http://site/") for h in outline(sitemap).links}
    exceptions = (config.QUOTE_PAGES, config.SELFTEST_EMBED, "admin/")
    reachable = [url_of(built_site, p) for p in built_site.rglob("index.html")]
    missing = [u for u in reachable if u not in linked and not u.startswith(exceptions)]
    assert missing == []
    assert not [u for u in linked if u.startswith(config.QUOTE_PAGES)]
    headings = [h for tag, h in outline(sitemap).headings if tag == "h2"]
    assert headings[:4] == ["Accueil", "Tables rondes", "Témoignages", "Paroles"]  # the nav's order
    assert "À propos du site" in headings and "Autres pages" not in headings


def test_skip_link_and_landmarks_on_every_page(built_site):
    for path in built_pages(built_site) + [built_site / "404.html"]:
        tags = outline(path).tags
        names = [t for t, _ in tags]
        links = [a for t, a in tags if t == "a"]
        first = links[0]
        assert "md-skip" in (first.get("class") or ""), url_of(built_site, path)
        target = first["href"].split("#", 1)[1]
        assert any(a.get("id") == target for _, a in tags), (url_of(built_site, path), target)
        for landmark in ("header", "nav", "main", "footer"):
            assert landmark in names, (url_of(built_site, path), landmark)
        assert any(a.get("role") == "search" for _, a in tags), url_of(built_site, path)


def test_the_404_page_is_french_with_the_search_and_the_main_entries(built_site):
    page = outline(built_site / "404.html")
    assert ("h1", "Page introuvable") in page.headings
    assert any(t == "form" and a.get("action", "").endswith("recherche/") for t, a in page.tags)
    for entry in ("temoignages/", "paroles/", "grille/", "autodiagnostic/", "plan-du-site/"):
        assert any(h.endswith(entry) for h in page.links), entry


# -- site.yml and the publishing check ------------------------------------------------------------

def test_the_publishing_check_names_every_missing_field_in_french_and_refuses():
    result = subprocess.run([sys.executable, "-m", "coopsite", "publish-check", "--root", str(ROOT)],
                            capture_output=True, text=True)
    assert result.returncode == 1
    assert "le site ne doit pas être publié ainsi" in result.stderr
    assert "  - director : Directeur ou directrice de la publication" in result.stderr
    assert "  - host.phone : Hébergeur › Téléphone" in result.stderr
    assert "publisher.name" not in result.stderr  # PQN-A is known
    assert "Traceback" not in result.stderr


def test_a_complete_site_yml_passes_the_check_and_fills_the_pages(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "site.yml").write_text(COMPLETE, "utf-8")
    result = subprocess.run([sys.executable, "-m", "coopsite", "publish-check", "--root", str(project)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    built = mkdocs_build(project, tmp_path / "site")
    assert built.returncode == 0, built.stderr
    site = tmp_path / "site"
    assert "coop-missing" not in (site / config.LEGAL / "index.html").read_text("utf-8")
    statement = html.unescape((site / config.ACCESSIBILITY / "index.html").read_text("utf-8"))
    assert "réalisé le 2026-11-01 par Cabinet d'essai" in statement
    assert "révèle que 72 %" in statement
    home = (site / "index.html").read_text("utf-8")
    assert "Accessibilité : partiellement conforme" in home
    assert 'contenus sous licence <a href="https://exemple.fr/licence">Licence d&#39;essai</a>' in home


def test_an_audited_status_needs_its_audit_date_and_auditor():
    pub = Publication(publisher=Party("a", "b", "c", "d"), director="e", host=Party("f", "g", "h"),
                      licence_name="i", declaration_date="2026-11-02", status="totalement conforme")
    assert missing_fields(pub) == ["accessibility.audit_date", "accessibility.auditor"]
    assert missing_fields(Publication()) == list(REQUIRED)
    assert report(Publication(publisher=Party("a", "b", "c", "d"), director="e", host=Party("f", "g", "h"),
                              licence_name="i", declaration_date="2026-11-02")) == ""
    assert label("licence.name") == "Licence des contenus › Nom de la licence"


def test_a_wrong_value_in_site_yml_is_named_with_its_line(tmp_path):
    root = copy_sources(tmp_path / "project")
    text = (ROOT / "site.yml").read_text("utf-8").replace("status: non conforme", "status: conforme")
    (root / "site.yml").write_text(text + "webmaster: quelqu'un\n", "utf-8")
    with pytest.raises(ValidationFailed) as failed:
        load_corpus(root)
    report_text = failed.value.report()
    line = text.splitlines().index("  status: conforme") + 1
    assert f"site.yml:{line}:11: accessibility.status : valeur « conforme » non acceptée" in report_text
    assert "champ inconnu « webmaster »" in report_text


def test_without_site_yml_the_site_builds_with_everything_to_complete(tmp_path):
    root = copy_sources(tmp_path / "project")  # cases and grid only
    corpus = load_corpus(root)
    assert corpus.publication == Publication()
    assert len(missing_fields(corpus.publication)) == len(REQUIRED)
