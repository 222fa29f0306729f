"""What the project checks itself, for the accessibility statement: the pages,
the tools and the environment. ``tests/browser/test_a11y_pages.py`` runs axe on
exactly these pages, so the statement cannot name a page that is not checked."""

from __future__ import annotations

from .. import config

# label → address (relative to the site), each checked in both palettes.
CHECKED_PAGES = {
    "accueil": config.HOME,
    "tables rondes": config.EVENTS,
    "table ronde": config.EVENTS + "table-ronde-2021-10-20/",
    "témoignages": config.CASES,
    "témoignage": config.CASES + "cap-solidaire/",
    "grille": config.GRID,
    "indicateur": config.GRID + "a1-1/",
    "paroles": config.QUOTES,
    "couverture": config.COVERAGE,
    "données": config.DATA_DOC,
    "autodiagnostic (vide)": config.SELFTEST,
    "autodiagnostic intégré": config.SELFTEST_EMBED,
    "animer un diagnostic mutuel": config.SELFTEST_FACILITATOR,
    "fonctionnement de l'autodiagnostic": config.SELFTEST_DOC,
    "questionnaire à imprimer": config.SELFTEST_QUESTIONNAIRE,
    "fiche de relevé": config.SELFTEST_QUESTIONNAIRE_SHEET,
    "mode atelier": config.SELFTEST_PROJECTOR,
    "kit d'atelier hors ligne": config.SELFTEST_KIT,
    "affiche à imprimer": config.EVENTS + "table-ronde-2021-10-20/" + config.HANDOUT,
    "page introuvable": "404.html",
    # With results, counts and an indicator's list open (its box is checked).
    "recherche (résultats et filtres)": config.SEARCH + "?q=cooperation&objectif=A&indicateur=A1.2",
    "recherche (parcours par filtres)": config.SEARCH + "?type=citation&departement=33",
    "aide à la recherche": config.SEARCH_HELP,
    "mentions légales": config.LEGAL,
    "accessibilité": config.ACCESSIBILITY,
    "données personnelles": config.PRIVACY,
    "plan du site": config.SITEMAP,
}
TECHNOLOGIES = ("HTML5", "CSS", "JavaScript", "SVG")
ENVIRONMENT = ("Chromium (paquet Debian), piloté par Playwright, en affichage clair et sombre",
               "lecture du code et navigation au clavier seul, lors des tests automatiques")
TOOLS = (
    ("axe-core, avec ses règles du RGAA 4", "à chaque modification du site, sur toutes les pages listées "
                                            "ci-dessous, en affichage clair et sombre (tests automatiques)"),
    ("pa11y (HTML_CodeSniffer, WCAG 2 AA)", "à chaque modification, sur les mêmes pages"),
    ("Nu Html Checker (validateur HTML du W3C)", "à chaque modification, sur chaque page construite"),
    ("Lighthouse", "mesures ponctuelles, rapportées dans l’historique du projet"),
)
