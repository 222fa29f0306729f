"""Where the sources live and how every object gets its stable French URL.

URLs here are relative to the site root and end with ``/`` (directory URLs);
the open data adds a leading ``/``. Changing a function here changes public,
shared links: treat it as a breaking change.
"""

from __future__ import annotations

from .structure.model import Case, Event, GeneralObjective, Indicator, MainObjective, Quote

HOME = ""
EVENTS = "tables-rondes/"
CASES = "temoignages/"
QUOTES = "paroles/"
GRID = "grille/"
SELFTEST = "autodiagnostic/"
SELFTEST_EMBED = "autodiagnostic/embed/"
SELFTEST_EMBED_GUIDE = "autodiagnostic/integrer/"
SELFTEST_DOC = "autodiagnostic/fonctionnement/"  # how it works: scores, share link, file formats
SELFTEST_COLLECTIVE = "autodiagnostic/collectif/"  # « Diagnostic mutuel »: several members' results together
SELFTEST_FACILITATOR = "autodiagnostic/animer/"
SELFTEST_KIT = "autodiagnostic/atelier.html"  # the off-line workshop kit, one file (coopsite/kit.py)
SELFTEST_PROJECTOR = "autodiagnostic/mode-atelier/"  # the self-test's address, large, for a projector
SELFTEST_QUESTIONNAIRE = "autodiagnostic/questionnaire/"  # the printable questionnaire, for paper answers
SELFTEST_QUESTIONNAIRE_SHEET = "autodiagnostic/questionnaire/releve/"  # the facilitator's tally sheet  # the facilitator's guide of a mutual diagnosis
DATA = "data/"
CODEBOOK = "data/grille.qdc"  # the grid as a REFI-QDA codebook (coopsite/export/qdc.py)
DATA_DOC = "donnees/"
COVERAGE = "couverture/"
GUIDE_ADD_CASE = "guide/ajouter-un-temoignage/"
PUBLISH = "publier/"
SEARCH = "recherche/"  # the search page: its URL carries the words (q) and the filters
SEARCH_HELP = "recherche/aide/"
LEGAL = "mentions-legales/"
ACCESSIBILITY = "accessibilite/"  # the déclaration d'accessibilité (RGAA)
PRIVACY = "donnees-personnelles/"
SITEMAP = "plan-du-site/"
HANDOUT = "affiche/"  # a round table's printable handout, under its page
QUOTE_PAGES = "citations/"  # one page per quote, out of the nav: the unit of sharing
FEED = "flux.xml"  # the news feed (Atom) of round tables and testimonies, with SITE_URL only (coopsite/feed.py)
QUOTES_FEED = "citations/flux.xml"  # the feed of quotes
CARD_NAME = "carte.png"     # a page's share image (1200 × 630), next to its index.html


def event_url(event: Event) -> str:
    return f"{EVENTS}{event.slug}/"


def handout_url(event: Event) -> str:
    """The printable handout of a round table, with its QR codes."""
    return f"{event_url(event)}{HANDOUT}"


def case_url(case: Case) -> str:
    return f"{CASES}{case.slug}/"


def quote_anchor(quote: Quote) -> str:
    return quote.id


def quote_url(quote: Quote) -> str:
    return f"{case_url(quote.case)}#{quote_anchor(quote)}"


def quote_page_url(quote: Quote) -> str:
    """The quote's own page, made to be shared (its permalink on the case page stays)."""
    return f"{QUOTE_PAGES}{quote.id}/"


def card_uri(page_url: str) -> str:
    """The share image of the page at ``page_url``: ``citations/x/`` → ``citations/x/carte.png``."""
    return f"{page_url}{CARD_NAME}"


def indicator_url(indicator: Indicator) -> str:
    return f"{GRID}{indicator.slug}/"


def objective_anchor(objective: GeneralObjective | MainObjective) -> str:
    return f"objectif-{objective.slug}"


def objective_url(objective: GeneralObjective | MainObjective) -> str:
    return f"{GRID}#{objective_anchor(objective)}"


def share_url(site_url: str, url: str) -> str:
    """The absolute address of ``url`` on the published site, or ``""`` when
    ``site_url`` (``SITE_URL``) is not set: never a guessed address."""
    if not site_url:
        return ""
    return site_url.rstrip("/") + "/" + url


def src_uri(url: str) -> str:
    """The Markdown source path of a page URL: ``grille/a1-1/`` → ``grille/a1-1/index.md``."""
    return f"{url}index.md"


def relative(from_url: str, to_url: str) -> str:
    """Link from the page at ``from_url`` to ``to_url`` (both site-root relative).

    Page URLs end with ``/`` (or are ``""`` for the home page); file URLs such
    as ``data/grid.json`` do not. The shortest relative path is returned, as
    ``posixpath.relpath`` would give, with plain string work: this runs for
    every link of every generated page.
    """
    target, _, anchor = to_url.partition("#")
    here = [part for part in from_url.split("/") if part]
    is_dir = not target or target.endswith("/")
    there = [part for part in target.split("/") if part]
    common = 0
    limit = min(len(here), len(there) if is_dir else len(there) - 1)
    while common < limit and here[common] == there[common]:
        common += 1
    parts = [".."] * (len(here) - common) + there[common:]
    if not parts:
        path = "" if anchor else "./"
    else:
        path = "/".join(parts) + ("/" if is_dir else "")
    return path + (f"#{anchor}" if anchor else "")


def absolute(url: str) -> str:
    """The site-absolute path published in the open data: ``/grille/a1-1/``."""
    return "/" + url


def page_url(listing: str, number: int) -> str:
    """Page ``number`` of a paginated listing: ``paroles/`` (page 1), ``paroles/page/2/``…"""
    return listing if number == 1 else f"{listing}page/{number}/"


def indicator_quotes_url(indicator: Indicator) -> str:
    """The complete, paginated list of an indicator's quotes (its page shows the most recent)."""
    return f"{indicator_url(indicator)}citations/"


def event_coverage_url(event: Event) -> str:
    """The case × indicator matrix of a round table, on its page."""
    return f"{event_url(event)}#couverture"
