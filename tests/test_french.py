"""coopsite/french.py: French text in one place. The three excerpts differ on purpose; shown here."""

from __future__ import annotations

import ast
from coopsite.french import (NBSP, NNBSP, SEARCH_EXCERPT, date_fr, french_spaces, num, plural, search_excerpt,
                             selftest_excerpt, share_excerpt, slugify)
from tests.helpers import ROOT

TEXT = ("Nous avons appris à travailler ensemble, sans nous connaître au départ, et cela a changé notre façon "
        "de voir le territoire.")


def test_the_three_excerpts_and_why_they_differ():
    # A share message: at most 40 characters with its ellipsis, glued; « ensemble » would make 41.
    assert share_excerpt(TEXT, 40) == "Nous avons appris à travailler…" and len(share_excerpt(TEXT, 40)) <= 40
    # The self-test: the word that ends at the limit stays, the ellipsis is spaced.
    assert selftest_excerpt(TEXT, 40) == "Nous avons appris à travailler ensemble …"
    assert selftest_excerpt("un deux trois quatre", 13) == "un deux trois …"
    assert share_excerpt("un deux trois quatre", 13) == "un deux…"
    long = TEXT * 3
    assert search_excerpt(long).endswith(" …") and len(search_excerpt(long)) <= SEARCH_EXCERPT + 2
    assert search_excerpt(long) != share_excerpt(long, SEARCH_EXCERPT)
    for cut in (share_excerpt, selftest_excerpt):
        assert cut("  court\n texte ", 40) == "court texte"  # short: one line, nothing cut


def test_dates_numbers_plurals_spaces():
    assert date_fr("2021-10-20") == "20 octobre 2021" and date_fr("2021-10-01") == "1er octobre 2021"
    assert date_fr("") == "date à préciser"
    assert (num(66.666), num(25.0)) == ("66,7", "25")
    assert (plural(1, "citation", "citations"), plural(2, "citation", "citations")) == ("citation", "citations")
    assert french_spaces("« Oui ! » : à 10:30, voir https://x.org") == \
        f"«{NBSP}Oui{NNBSP}!{NBSP}»{NNBSP}: à 10:30, voir https://x.org"


def test_one_slugifier_for_names_and_grid_ids():
    assert slugify("Clément Bosredon") == "clement-bosredon"
    assert slugify("A1.2", limit=None) == "a1-2" and slugify("X-a.1", limit=None) == "x-a-1"
    assert len(slugify("mot " * 40)) <= 80 and len(slugify("a" * 100, limit=None)) == 100


def test_french_text_imports_nothing_of_the_package_and_no_module_imports_on_use():
    """The circle renderer ↔ share and the delayed imports of wording.py and share.py are gone."""
    tree = ast.parse((ROOT / "coopsite" / "french.py").read_text("utf-8"))
    assert not [n for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and (n.level or "coopsite" in (n.module or ""))]
    for name in ("share.py", "wording.py"):
        tree = ast.parse((ROOT / "coopsite" / name).read_text("utf-8"))
        inner = [n for f in ast.walk(tree) if isinstance(f, ast.FunctionDef)
                 for n in ast.walk(f) if isinstance(n, (ast.Import, ast.ImportFrom))]
        assert inner == [], name
    imports = [n.module for n in ast.walk(ast.parse((ROOT / "coopsite" / "wording.py").read_text("utf-8")))
               if isinstance(n, ast.ImportFrom)]
    assert not [module for module in imports if module and "renderer" in module]
