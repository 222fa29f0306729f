"""``coopsite export DEST``: the hooks' Markdown and the data, written without MkDocs."""

from __future__ import annotations

import re

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, copy_project, mkdocs_build
from coopsite.export.folder import ExportError, export_folder
from coopsite.layers import shared_uris
from coopsite.site import generate
from coopsite.structure.loader import load_corpus

SITE_URL = "https://exemple.org/cooperation/"

# A test-only hook: records the Markdown MkDocs receives for every page.
CAPTURE_HOOK = '''
import os
from pathlib import Path

def on_page_markdown(markdown, page, **kwargs):
    out = Path(os.environ["CAPTURE_DIR"]) / page.file.src_uri
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(markdown, encoding="utf-8")
    return markdown
'''


def run_export(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "coopsite", "export", *args], cwd=cwd, capture_output=True,
                          text=True, stdin=subprocess.DEVNULL, timeout=300,
                          env={**os.environ, "PYTHONIOENCODING": "utf-8"})


def strip_front_matter(text: str) -> str:
    from mkdocs.utils.meta import get_data  # what MkDocs itself does with the front matter

    return get_data(text)[0]


def files_under(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.build
def test_exported_markdown_is_what_the_hooks_give_mkdocs(tmp_path):
    project = copy_project(tmp_path / "project")
    (project / "hooks" / "capture_markdown.py").write_text(CAPTURE_HOOK, "utf-8")
    config = (project / "mkdocs.yml").read_text("utf-8")
    assert "  - hooks/coop.py\n" in config
    (project / "mkdocs.yml").write_text(
        # First: it records the page's Markdown as MkDocs reads it, before our own on_page_markdown
        # sets the raw HTML blocks aside (coopsite/renderer/raw_blocks.py).
        config.replace("  - hooks/coop.py\n", "  - hooks/capture_markdown.py\n  - hooks/coop.py\n"), "utf-8")
    captured, site, exported = tmp_path / "captured", tmp_path / "site", tmp_path / "export"
    build = mkdocs_build(project, site, env={"CAPTURE_DIR": str(captured), "SITE_URL": SITE_URL})
    assert build.returncode == 0, build.stderr

    result = run_export(str(exported), "--root", str(project), "--site-url", SITE_URL)
    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr

    pages = {rel: data for rel, data in files_under(exported).items() if rel.endswith(".md")}
    seen = files_under(captured)
    assert set(pages) == set(seen), "les mêmes pages, hand-written and generated"
    for rel, data in pages.items():
        assert strip_front_matter(data.decode("utf-8")) == seen[rel].decode("utf-8"), rel
    # Data files and QR codes: byte for byte what the built site serves.
    others = {rel: data for rel, data in files_under(exported).items() if not rel.endswith(".md")}
    # QR codes are the SVG files outside assets/ (the self-test's icon is one inside).
    assert any(rel.endswith(".csv") for rel in others)
    assert any(rel.endswith(".svg") and not rel.startswith("assets/") for rel in others)
    for rel, data in others.items():
        served = (site / rel).read_bytes()
        if rel == "autodiagnostic/atelier.html":  # the off-line kit carries its own policy, exported too
            assert b'<meta http-equiv="Content-Security-Policy" content="default-src \'none\'' in data
        elif rel.endswith(".html"):  # the build adds each page's security policy (coopsite harden does it elsewhere)
            served = re.sub(rb'<meta http-equiv="Content-Security-Policy" content="[^"]*">', b"", served)
        assert served == data, rel


def test_export_covers_every_generated_file_and_docs(tmp_path):
    dest = tmp_path / "out"
    written = export_folder(ROOT, dest)
    generated = generate(load_corpus(ROOT))
    for item in generated:
        data = (dest / item.src_uri).read_bytes()
        expected = item.data()
        assert data == expected, item.src_uri
    for doc in (ROOT / "docs").rglob("*"):
        if doc.is_file():
            assert (dest / doc.relative_to(ROOT / "docs")).read_bytes() == doc.read_bytes()
    # What the generator shares is exported too, where the site has no file of its own.
    for uri, path in shared_uris().items():
        if not uri.endswith(".md"):
            assert (dest / uri).read_bytes() == path.read_bytes(), uri
    assert len(written) == len(files_under(dest))
    qr_codes = [p for p in dest.rglob("*.svg") if p.relative_to(dest).parts[0] != "assets"]
    assert not qr_codes, "sans SITE_URL, pas de code QR"


def test_export_runs_without_mkdocs(tmp_path):
    code = ("import sys; from coopsite.cli import main; rc = main(['export', sys.argv[1]]); "
            "assert 'mkdocs' not in sys.modules, 'mkdocs importé'; sys.exit(rc)")
    result = subprocess.run([sys.executable, "-c", code, str(tmp_path / "out")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Exporté : ")


def test_refuses_a_non_empty_folder_unless_forced(tmp_path):
    dest = tmp_path / "out"
    dest.mkdir()
    (dest / "mine.txt").write_text("à garder", "utf-8")
    result = run_export(str(dest))
    assert result.returncode == 1
    assert result.stderr.startswith("Erreur : ") and "n'est pas vide" in result.stderr and "--force" in result.stderr
    assert "Traceback" not in result.stderr
    assert sorted(p.name for p in dest.iterdir()) == ["mine.txt"]
    forced = run_export(str(dest), "--force")
    assert forced.returncode == 0, forced.stderr
    assert (dest / "mine.txt").read_text("utf-8") == "à garder"
    assert (dest / "temoignages" / "cap-solidaire" / "index.md").is_file()


@pytest.mark.parametrize("inside", ["", "cases", "grid", "docs", "docs/export", "coopsite", "hooks"])
def test_never_writes_into_the_sources(tmp_path, inside):
    project = tmp_path / "project"
    for name in ("cases", "grid", "docs"):
        shutil.copytree(ROOT / name, project / name)
    before = files_under(project)
    target = project / inside if inside else project
    with pytest.raises(ExportError):
        export_folder(project, target, force=True)
    with pytest.raises(ExportError):  # nor into a folder that holds the project
        export_folder(project, tmp_path, force=True)
    assert files_under(project) == before


def test_invalid_sources_are_reported_not_exported(tmp_path):
    project = tmp_path / "project"
    for name in ("cases", "grid", "docs"):
        shutil.copytree(ROOT / name, project / name)
    case = project / "cases" / "liess.yml"
    case.write_text(case.read_text("utf-8").replace("kind: organisation", "kind: association", 1), "utf-8")
    result = run_export(str(tmp_path / "out"), "--root", str(project))
    assert result.returncode == 1
    assert "cases/liess.yml:" in result.stderr and "« association » non accepté" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()
