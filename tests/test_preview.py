"""The preview (``coopsite serve``): after each save, the site it serves is a clean build's.

A throw-away copy of the project is built once by the preview, then edited
as a writer edits it (``bench/edits.py``: a summary, a quote's text, a quote
moved to another indicator, a title, a new testimony, a deleted one, a round
table's date, an indicator's title, site.yml, a broken file and its fix).
After each edit the preview updates its site (a refresh where it can, else a
full build), and the test compares it, file by file, with a build from
scratch of the same sources.
"""

from __future__ import annotations

import filecmp
from pathlib import Path

import pytest

from bench import edits
from conftest import copy_project

pytestmark = pytest.mark.build


def differences(left: Path, right: Path) -> list[str]:
    """Files that exist on one side only or differ in bytes (paths relative to the sites)."""
    out = []

    def walk(cmp: filecmp.dircmp, prefix: str) -> None:
        out.extend(f"{prefix}{name} (seulement dans l'aperçu)" for name in cmp.left_only)
        out.extend(f"{prefix}{name} (seulement dans la construction)" for name in cmp.right_only)
        _, mismatch, errors = filecmp.cmpfiles(cmp.left, cmp.right, cmp.common_files, shallow=False)
        out.extend(f"{prefix}{name}" for name in mismatch + errors)
        for name, sub in cmp.subdirs.items():
            walk(sub, f"{prefix}{name}/")
    walk(filecmp.dircmp(left, right, ignore=[]), "")
    return sorted(out)


@pytest.fixture()
def preview(tmp_path, monkeypatch):
    from coopsite.adapter import hooks
    from coopsite.adapter.preview import Preview
    from coopsite.adapter.state import Session

    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    project = copy_project(tmp_path / "project")
    # A written page that links to the testimony the series deletes: its link renders
    # differently once the page is gone (a warning, so the site is not strict here).
    last = edits.case_files(project)[-1].stem
    (project / "docs" / "temoins-cites.md").write_text(
        f"# Témoins cités\n\n[Un témoin](temoignages/{last}/index.md)\n", "utf-8")
    config = project / "mkdocs.yml"
    config.write_text(config.read_text("utf-8").replace("\nstrict: true\n", "\nstrict: false\n"), "utf-8")
    # A session of its own, as a new process has: nothing of another test's builds.
    monkeypatch.setattr(hooks, "session", Session())
    preview = Preview(project / "mkdocs.yml", "127.0.0.1", 8000)
    preview.build()
    yield preview
    import shutil
    shutil.rmtree(preview.folder, ignore_errors=True)


def shown(preview, url: str) -> str | None:
    path = preview.shown / url
    if not url.endswith(".txt"):
        path = path / "index.html"
    return path.read_text("utf-8") if path.is_file() else None


def test_after_each_edit_the_preview_is_a_clean_build(preview, tmp_path):
    root = preview.root
    steps = []
    for number, make in enumerate(edits.SERIES):
        edit = make(root, f"n{number}")
        edit.apply(root)
        preview.update()
        preview.wait()
        page = shown(preview, edit.url)
        if edit.gone:
            assert page is None, edit.name
        else:
            assert page is not None and edit.text in page, f"{edit.name} : {edit.url}"
        steps.append((edit.name, preview.last))
        if edit.name == "fichier cassé":
            assert preview.shown != preview.site_dir, steps
            continue
        if preview.last == "construction complète":
            continue  # the preview's full build is the clean build itself (Preview.build)
        reference = tmp_path / f"reference-{number}"
        preview.clean_build(reference)
        assert differences(preview.site_dir, reference) == [], edit.name
    # The saves to testimonies are refreshes, not full builds.
    kinds = dict(steps)
    for name in ("résumé", "texte d'une citation", "citation déplacée vers un autre indicateur",
                 "titre d'un témoignage", "nouveau témoignage", "témoignage supprimé", "fichier réparé"):
        assert kinds[name].startswith("mise à jour"), (name, kinds[name])
    assert kinds["titre d'un indicateur"] == "construction complète"


def test_the_garbage_collector_waits_for_the_refreshed_pages(preview, monkeypatch):
    """A full collection takes 0.2 s at 1,000 testimonies: none during a refresh; the background
    step lets the collector work again once the browser has had the pages (Completion)."""
    import gc

    from coopsite.adapter.preview import completion

    monkeypatch.setattr(completion, "PAGES_FIRST", 5)
    root = preview.root
    try:
        edits.summary(root, "gc").apply(root)
        preview.update()
        assert preview.last.startswith("mise à jour") and not gc.isenabled()
        preview.wait()
        assert gc.isenabled()
        # A save that cannot be refreshed (a broken file) leaves no refresh behind: enabled at once.
        edits.broken(root, "gc").apply(root)
        preview.update()
        assert preview.last == "erreurs" and preview.completion is None and gc.isenabled()
    finally:
        gc.enable()


def test_a_look_that_finds_no_change_lets_the_background_step_go_on(preview, monkeypatch):
    """The background step stops before the preview looks at the files (it would slow the look);
    when the look finds nothing to redo, the step starts again, and ends."""
    from coopsite.adapter.preview import completion

    monkeypatch.setattr(completion, "PAGES_FIRST", 3)
    root = preview.root
    edits.summary(root, "encore").apply(root)
    preview.update()
    first = preview.completion
    assert first is not None and not first.finished
    preview.update()  # nothing changed since
    again = preview.completion
    assert again is not None and again is not first and again.done is first.done
    monkeypatch.setattr(completion, "PAGES_FIRST", 0)
    preview.wait()
    assert again.finished and again.error is None


def test_a_save_is_seen_by_the_system_s_events_without_waiting_for_the_polling(tmp_path):
    """Beside MkDocs' polling watcher, the system's file events tell a save at once; the polling
    watcher does not tell it again a moment later (the browser would reload twice)."""
    import threading
    import time

    from watchdog.events import FileSystemEventHandler
    from watchdog.observers.polling import PollingObserver

    from coopsite.adapter.preview.mkdocs_private import watch_events_too

    class Server:  # what watch_events_too uses of MkDocs' server: its watcher
        observer = PollingObserver(timeout=1)  # a look a second

    told = []
    seen = threading.Event()
    handler = FileSystemEventHandler()
    handler.on_any_event = lambda event: event.is_directory or (told.append(time.monotonic()), seen.set())
    server = Server()
    events = watch_events_too(server)
    assert events is not None  # Linux: inotify
    try:
        server.observer.schedule(handler, str(tmp_path), recursive=True)
        server.observer.start()
        time.sleep(0.2)
        written = time.monotonic()
        (tmp_path / "temoignage.yml").write_text("title: x\n", "utf-8")
        assert seen.wait(0.8)  # before the polling watcher's look
        time.sleep(2.5)  # its looks have seen the change meanwhile: not told again
        assert told and all(when - written < 0.8 for when in told), [round(w - written, 2) for w in told]
        # A file read (a refresh reads every testimony) is no change: inotify's « opened » is not told.
        before = len(told)
        (tmp_path / "temoignage.yml").read_text("utf-8")
        time.sleep(0.5)
        assert len(told) == before
    finally:
        events.stop()
        server.observer.stop()
        events.join(5)
        server.observer.join(5)


def test_a_full_build_after_a_save_runs_with_the_garbage_collector(preview, monkeypatch):
    """Only a refresh holds the collector back: a full build (site.yml changed) makes much
    garbage, and runs with it."""
    import gc

    from coopsite.adapter.preview import server

    states = []
    real_build = server.Preview.build
    monkeypatch.setattr(server.Preview, "build", lambda self: (states.append(gc.isenabled()), real_build(self))[1])
    root = preview.root
    edits.site_file(root, "gc").apply(root)
    preview.update()
    assert preview.last == "construction complète" and states == [True] and gc.isenabled()
