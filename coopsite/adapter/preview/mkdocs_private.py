"""The one module that calls MkDocs' private functions: an MkDocs upgrade that changes them breaks
this file only (``tests/test_layers.py`` holds that no other module names them).

The preview renders a few pages again after a save with MkDocs' own page functions,
serves the site at MkDocs' own address for a mount path, and adds the system's file
events to the watcher of MkDocs' server.
"""

from __future__ import annotations

import time

from mkdocs.commands.build import _build_page, _build_theme_template, _populate_page
from mkdocs.livereload import _serve_url
from watchdog.events import FileSystemEventHandler


def forget_render(page) -> None:
    """A page of the nav, to be read again from its file's new text (its place in the nav is kept)."""
    page.markdown, page.content, page.toc, page.meta = None, None, [], {}
    page._title_from_render = None


def read_page(page, config, files) -> None:
    """Read a page's Markdown again and convert it (its links checked against ``files``)."""
    _populate_page(page, config, files)


def write_page(page, config, doc_files, nav, env) -> None:
    """Render a read page with the build's templates and navigation, into the site's folder."""
    _build_page(page, config, doc_files, nav, env)


def write_theme_template(name: str, env, files, config, nav) -> None:
    """Render one of the theme's own pages again (``sitemap.xml``…)."""
    _build_theme_template(name, env, files, config, nav)


def serve_url(host: str, port: int, mount_path: str) -> str:
    """The address MkDocs' live-reload server serves a site at."""
    return _serve_url(host, port, mount_path)


def watch_events_too(server):
    """Beside the watcher of MkDocs' server, which looks at every file in turn (robust on any
    disk, but slow to notice a save while the background step computes: 0.5 s instead of
    0.1), the system's own file events (inotify, FSEvents…), which tell a save at once.

    Whatever ``server.watch()`` watches from now on is watched both ways. A change the
    system's events told is not told again by the polling watcher a moment later (the browser
    would reload twice); one they miss (a disk without events) still is. Returns the events'
    observer (to stop), or ``None`` where the system gives none (the polling watcher alone)."""
    from watchdog.observers import Observer

    try:
        events = Observer()
        events.daemon = True
        events.start()
    except (OSError, RuntimeError):
        return None
    told: dict[str, float] = {}  # path → when the system's events told it
    polling = server.observer
    schedule = polling.schedule

    def both(handler, path, recursive=False, **kwargs):
        try:
            events.schedule(_Told(handler, told), path, recursive=recursive)
        except OSError:  # (a limit of watches reached, a disk without events) the polling watcher sees it
            pass
        return schedule(_NotTold(handler, told), path, recursive=recursive, **kwargs)

    polling.schedule = both
    return events


TOLD_FOR = 2.0  # seconds during which a change told by the system's events is not told again
READ_ONLY = {"opened", "closed_no_write"}  # what inotify tells of a file only read


class _Told(FileSystemEventHandler):
    """Passes the system's events on, and notes the paths they name."""

    def __init__(self, handler, told: dict[str, float]):
        self.handler, self.told = handler, told

    def dispatch(self, event) -> None:
        if event.event_type in READ_ONLY:  # a file read (the refresh reads them all) is no change
            return
        now = time.monotonic()
        for path in (event.src_path, getattr(event, "dest_path", "")):
            if path:
                self.told[path] = now
        self.handler.dispatch(event)


class _NotTold(_Told):
    """Passes the polling watcher's events on, but those the system's events told just before."""

    def dispatch(self, event) -> None:
        if time.monotonic() - self.told.get(event.src_path, float("-inf")) > TOLD_FOR:
            self.handler.dispatch(event)
