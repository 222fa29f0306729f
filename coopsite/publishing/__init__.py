"""Publishing as a French association: the legal notice, the accessibility
statement, the personal-data page and the site map, from ``site.yml``.

What each page says: ``coopsite/renderer/templates/publishing/``. Which
fields must be filled before publishing: :mod:`coopsite.publishing.check`.
How the site map groups the pages: :mod:`coopsite.publishing.sitemap`.
"""

from __future__ import annotations

from .. import config
from ..generated import GeneratedFile
from ..renderer import Renderer
from ..structure.model import Corpus
from . import audit
from .check import missing_fields
from .sitemap import page_urls, sitemap_groups

__all__ = ["footer_values", "missing_fields", "publishing_files", "sitemap_groups"]

# What the site itself ships and a legal notice credits (name, role, licence, address).
CREDITS = (
    ("MkDocs", "générateur du site", "BSD-2-Clause", "https://www.mkdocs.org/"),
    ("Material for MkDocs", "thème : gabarits, styles et scripts de navigation", "MIT",
     "https://squidfunk.github.io/mkdocs-material/"),
    ("Pagefind", "moteur de recherche (index et script de recherche)", "MIT", "https://pagefind.app/"),
    ("Decap CMS", "éditeur des témoignages, page /admin/ seulement", "MIT", "https://decapcms.org/"),
    ("js-yaml", "lecture des fichiers dans l’éditeur, page /admin/ seulement", "MIT",
     "https://github.com/nodeca/js-yaml"),
)


def footer_values(pub) -> dict[str, str]:
    """What the footer (overrides/partials/copyright.html) shows, as ``extra.publication``."""
    return {"status": pub.status, "publisher": pub.publisher.name, "licence": pub.licence_name,
            "licence_url": pub.licence_url}


def publishing_files(corpus: Corpus, renderer: Renderer, pages: list[GeneratedFile]) -> list[GeneratedFile]:
    """The four pages; ``pages`` are the other generated files, for the site map."""
    pub = corpus.publication
    # The statement links a checked page only where this corpus has it (the grid's
    # first indicator, the first case… exist in the real content, not in every corpus).
    reachable = set(page_urls(corpus.root, pages)) | {config.SELFTEST_EMBED}
    checked = {label: (url, url.split("?")[0] in reachable) for label, url in audit.CHECKED_PAGES.items()}
    files = [
        GeneratedFile(config.src_uri(url), renderer.render(
            template, here=url, pub=pub, credits=CREDITS, missing=missing_fields(pub),
            checked_pages=checked, technologies=audit.TECHNOLOGIES,
            environment=audit.ENVIRONMENT, tools=audit.TOOLS), pub.source_path)
        for url, template in ((config.LEGAL, "publishing/legal.md.j2"),
                              (config.ACCESSIBILITY, "publishing/accessibility.md.j2"),
                              (config.PRIVACY, "publishing/privacy.md.j2"))
    ]
    itself = GeneratedFile(config.src_uri(config.SITEMAP), "# Plan du site\n")
    groups = sitemap_groups(corpus.root, pages + files + [itself])
    files.append(GeneratedFile(config.src_uri(config.SITEMAP),
                               renderer.render("publishing/sitemap.md.j2", here=config.SITEMAP, groups=groups)))
    return files
