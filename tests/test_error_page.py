"""The page shown while `serve` meets broken sources (coopsite/errors.py)."""

from __future__ import annotations

from pathlib import Path

from coopsite.errors import MARKER, error_page, write_error_site
from coopsite.structure.problems import Problem, ValidationFailed


def failed(root: Path, count: int = 2) -> ValidationFailed:
    problems = [Problem(root / "cases" / "x.yml", 3, 7, "title", "valeur « <script>alert(1)</script> » non acceptée",
                        "piste <b>gras</b>")]
    problems += [Problem(root / "cases" / f"y{n}.yml", 1, 1, "", "fichier illisible") for n in range(count - 1)]
    return ValidationFailed(problems, root)


def test_the_page_lists_each_problem_with_its_place_and_escapes_the_text(tmp_path):
    html, stamp = error_page(failed(tmp_path))
    assert "cases/x.yml:3:7" in html and "<span class=\"field\">title</span>" in html
    assert "<script>alert(1)</script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "Piste : piste &lt;b&gt;gras&lt;/b&gt;" in html
    assert "2 problèmes dans les sources" in html and str(tmp_path) not in html
    assert len(stamp) == 16 and f'"{stamp}"' in html


def test_every_address_shows_it_and_the_marker_changes_with_the_problems(tmp_path):
    site = tmp_path / "site"
    write_error_site(failed(tmp_path), site)
    assert (site / "index.html").read_text("utf-8") == (site / "404.html").read_text("utf-8")
    first = (site / MARKER).read_text("utf-8")
    write_error_site(failed(tmp_path, 3), site)
    assert (site / MARKER).read_text("utf-8") != first


def test_a_long_report_is_capped_like_the_terminal_s(tmp_path):
    html, _ = error_page(failed(tmp_path, 205))
    assert html.count("<li>") == 200 and "… et 5 autres problèmes, non affichés" in html
