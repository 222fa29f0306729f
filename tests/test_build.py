"""``mkdocs build --strict``: clean on the real content, a clear refusal on a broken copy."""

from __future__ import annotations

import pytest

from tests.conftest import ROOT, copy_project, mkdocs_build
from tests.helpers import edit, line_of

pytestmark = pytest.mark.build


def listing(folder):
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*"))


def test_strict_build_of_real_content_has_no_warning(tmp_path):
    docs_before = listing(ROOT / "docs")
    result = mkdocs_build(ROOT, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode == 0, output
    assert "WARNING" not in output, output
    assert "Traceback" not in output
    assert (tmp_path / "site" / "index.html").is_file()
    assert (tmp_path / "site" / "data" / "quotes.json").is_file()
    # Pages are virtual: nothing is written into the project's docs/.
    assert listing(ROOT / "docs") == docs_before


def test_malformed_case_stops_the_build_with_its_place(tmp_path):
    project = copy_project(tmp_path / "project")
    edit(project, "cases/liess.yml", "indicators: [A2.1, A2.4]", "indicators: [A2.1, A2.44]")
    line = line_of(project, "cases/liess.yml", "A2.44")
    docs_before = listing(project / "docs")

    result = mkdocs_build(project, tmp_path / "site")

    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert f"cases/liess.yml:{line}:" in output, output
    assert "quotes[1].indicators[1]" in output
    assert "indicateur inconnu « A2.44 »" in output
    assert listing(project / "docs") == docs_before
    assert not (tmp_path / "site" / "temoignages").exists()


def test_yaml_syntax_error_stops_the_build_without_traceback(tmp_path):
    project = copy_project(tmp_path / "project")
    edit(project, "cases/evenements/table-ronde-2021-10-20.yml", 'date: "2021-10-20"', 'date: "2021-10-20')
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert "cases/evenements/table-ronde-2021-10-20.yml:" in output
    assert "YAML invalide" in output


def test_impossible_date_stops_the_build_without_traceback(tmp_path):
    # Used to pass validation and crash while rendering the French date.
    project = copy_project(tmp_path / "project")
    rel = "cases/evenements/table-ronde-2021-10-20.yml"
    edit(project, rel, 'date: "2021-10-20"', 'date: "2021-02-30"')
    result = mkdocs_build(project, tmp_path / "site")
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert "Traceback" not in output, output
    assert f"{rel}:{line_of(project, rel, 'date:')}:7: date : la date « 2021-02-30 » n'existe pas" in output
