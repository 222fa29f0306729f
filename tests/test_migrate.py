"""``python3 tasks.py migrate``: a release's format changes applied to a site's own files, shown
first with ``--dry-run``, never touching a file that needs nothing. The upgrade of a site made
with the previous release, end to end, is tests/test_release.py's."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from coopsite.cli import main as cli_main
from coopsite.jobs import prepare
from coopsite.migrations import MIGRATIONS, notice, pending
from tests.helpers import ROOT

OLD_SITE = ROOT / "tests" / "data" / "release-0.2.0" / "site"


def site_of_0_2_0(tmp_path: Path) -> Path:
    """The site 0.2.0's new-site made, with a testimony its new-case wrote (the old schema line)."""
    site = tmp_path / "site"
    shutil.copytree(OLD_SITE, site)
    case = (site / "cases" / "exemple.yml").read_text("utf-8")
    (site / "cases" / "ma-structure.yml").write_bytes(
        ("# yaml-language-server: $schema=../coopsite/structure/schemas/case.schema.json\r\n"
         + case.replace("\nid: exemple\n", "\nid: ma-structure\n", 1).replace("id: exemple-1", "id: ma-structure-1").replace("\n", "\r\n")).encode("utf-8"))
    return site


def test_the_first_migration_is_the_schema_line_of_0_3_0():
    assert [m.version for m in MIGRATIONS][0] == "0.3.0"
    assert "schemas" in MIGRATIONS[0].title


def test_dry_run_shows_the_diff_and_writes_nothing(tmp_path, capsys):
    site = site_of_0_2_0(tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    assert cli_main(["migrate", "--root", str(site), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "-# yaml-language-server: $schema=../coopsite/structure/schemas/grid.schema.json" in out
    assert "+# yaml-language-server: $schema=../.venv/coopsite-schemas/grid.schema.json" in out
    assert "b/cases/ma-structure.yml" in out and "Rien n'a été écrit" in out
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before


def test_migrate_changes_only_the_first_line_of_the_files_that_need_it(tmp_path, capsys):
    site = site_of_0_2_0(tmp_path)
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    untouched = site / "cases" / "exemple.yml"
    os.utime(untouched, (1_000_000, 1_000_000))
    assert cli_main(["migrate", "--root", str(site)]) == 0
    assert "modifié : grid/ptce-2012.yml" in capsys.readouterr().out
    after = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}
    changed = {p.relative_to(site).as_posix() for p in after if after[p] != before.get(p)}
    assert changed == {"grid/ptce-2012.yml", "cases/ma-structure.yml"}
    for rel in changed:
        old, new = before[site / rel].split(b"\n", 1), after[site / rel].split(b"\n", 1)
        assert old[1] == new[1]  # the rest, byte for byte (CRLF kept)
        assert b".venv/coopsite-schemas/" in new[0]
    assert after[site / "cases" / "ma-structure.yml"].count(b"\r\n") == before[site / "cases" / "ma-structure.yml"].count(b"\r\n")
    assert untouched.stat().st_mtime == 1_000_000  # never written
    assert not list(site.rglob("*.tmp"))
    # A second run has nothing to do.
    assert pending(site) == [] and notice(site) == ""
    assert cli_main(["migrate", "--root", str(site)]) == 0
    assert "Rien à migrer" in capsys.readouterr().out


def test_every_job_tells_when_the_site_needs_a_migration(tmp_path, capsys):
    site = site_of_0_2_0(tmp_path)
    prepare(site, "validate")
    out = capsys.readouterr().out
    assert "change le format de 2 fichiers de ce site" in out and "python3 tasks.py migrate --dry-run" in out
    prepare(site, "migrate")  # not said again by the job that does it
    assert "change le format" not in capsys.readouterr().out


def test_the_generator_s_home_needs_no_migration():
    assert pending(ROOT) == []


def test_the_schemas_are_copied_where_the_site_s_files_name_them(tmp_path):
    from coopsite.structure.schema import KINDS, install_site_schemas, schema_text

    assert install_site_schemas(tmp_path)
    folder = tmp_path / ".venv" / "coopsite-schemas"
    for kind in KINDS:
        assert (folder / f"{kind}.schema.json").read_text("utf-8") == schema_text(kind)
    (folder / "case.schema.json").unlink()
    assert install_site_schemas(tmp_path)  # the same schemas: nothing copied again
    assert not (folder / "case.schema.json").exists()
    (folder / ".version").write_text("une autre version", "utf-8")  # the generator changed
    assert install_site_schemas(tmp_path)
    assert (folder / "case.schema.json").read_text("utf-8") == schema_text("case")
