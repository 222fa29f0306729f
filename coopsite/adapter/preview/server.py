"""The preview's server: it builds the site once, serves it, and after each save refreshes it or
builds it again (see the package's own text, ``coopsite/adapter/preview/__init__.py``)."""

from __future__ import annotations

import gc
import logging
import os
import shutil
import signal
import socket
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.commands.build import build
from mkdocs.config import load_config
from mkdocs.exceptions import MkDocsException
from mkdocs.livereload import LiveReloadServer

from coopsite.errors import MARKER, write_error_site
from coopsite.rebuild import PageMemo
from coopsite.structure.loader import SITE_FILE
from coopsite.structure.problems import ValidationFailed

from .. import hooks
from .completion import Completion
from .mkdocs_private import serve_url, watch_events_too
from .plan import FullBuildNeeded
from .refresh import Refreshed, refresh

log = logging.getLogger("mkdocs.coopsite")

# What a refresh redoes: the round tables and testimonies. A change anywhere
# else that is watched asks for a full build.
REFRESHED = ("cases",)
WATCHED = ("cases", "grid", "docs", "overrides", "hooks", SITE_FILE)
POLLING = 0.2  # seconds between two looks at the files (MkDocs' server: 0.5)
IGNORED = (".swp", ".swx", "~", ".tmp", ".pyc")  # editors' own files, Python's
SWITCH_INTERVAL = 0.0002  # seconds: see Preview.serve
INDEXED = "Index de recherche à jour"  # in the terminal once the search has followed a save (bench/edit.py)


# The preview's own folder (the site, the error pages): removed when it stops. The process
# number written in it lets a later preview remove a folder whose preview was killed.
FOLDER_PREFIX = "coopsite-apercu-"
OWNER_FILE = ".processus"


def new_folder() -> Path:
    """A fresh folder for one preview, after clearing those that dead previews left behind."""
    clear_left_behind(Path(tempfile.gettempdir()))
    folder = Path(tempfile.mkdtemp(prefix=FOLDER_PREFIX))
    (folder / OWNER_FILE).write_text(str(os.getpid()), "ascii")
    return folder


def clear_left_behind(base: Path) -> list[Path]:
    """Remove the preview folders in ``base`` whose process is gone; return them.

    A folder without a readable process number is left alone: it is not a preview's, or
    one is being made."""
    if os.name == "nt":  # os.kill(pid, 0) would end the process there
        return []
    removed = []
    for folder in sorted(base.glob(FOLDER_PREFIX + "*")):
        try:
            pid = int((folder / OWNER_FILE).read_text("ascii"))
        except (OSError, ValueError):
            continue
        if pid == os.getpid() or _alive(pid):
            continue
        shutil.rmtree(folder, ignore_errors=True)
        removed.append(folder)
    return removed


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True
    return True


def _ignore_signals(*names: str) -> None:
    """From now on, these signals change nothing (the main thread only can set this)."""
    if threading.current_thread() is not threading.main_thread():
        return
    for name in names:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), signal.SIG_IGN)


def _join(*threads: threading.Thread, timeout: float = 10) -> None:
    """Wait for threads that were started (the server's, the watcher's)."""
    for thread in threads:
        if thread.ident is not None and thread.is_alive():
            thread.join(timeout)


def _stop_on(*names: str) -> None:
    """Stop as Ctrl+C does (the folder is removed) when the process is asked to end or its
    terminal closes. Only the main thread can set this."""
    if threading.current_thread() is not threading.main_thread():
        return

    def stop(number, frame):
        raise KeyboardInterrupt

    for name in names:
        if hasattr(signal, name):
            signal.signal(getattr(signal, name), stop)


class Snapshot:
    """The watched files, by path, with their time and size: what changed since the last look."""

    def __init__(self, paths: list[Path]):
        self.paths = paths
        self.seen = self._look()

    def _look(self) -> dict[str, tuple[int, int]]:
        seen = {}
        for path in self.paths:
            if path.is_file():
                stat = path.stat()
                seen[str(path)] = (stat.st_mtime_ns, stat.st_size)
                continue
            for folder, dirs, names in os.walk(path):
                dirs[:] = [d for d in dirs if not d.startswith(".") and d != "__pycache__"]
                for name in names:
                    if name.startswith(".") or name.endswith(IGNORED):
                        continue
                    full = os.path.join(folder, name)
                    try:
                        stat = os.stat(full)
                    except OSError:
                        continue
                    seen[full] = (stat.st_mtime_ns, stat.st_size)
        return seen

    def changes(self) -> set[Path]:
        now = self._look()
        changed = {Path(p) for p in now.keys() | self.seen.keys() if now.get(p) != self.seen.get(p)}
        self.seen = now
        return changed


class Preview:
    """One site, built once and kept up to date in a folder that a server serves."""

    def __init__(self, config_file: Path, host: str = "127.0.0.1", port: int = 8000):
        self.config_file = Path(config_file).resolve()
        self.root = self.config_file.parent
        self.folder = new_folder()
        self.site_dir = self.folder / "site"
        self.error_dir = self.folder / "erreurs"
        self.host, self.port = host, port
        config = self._config()
        self.mount_path = urlsplit(config.site_url or "/").path
        self.serve_url = serve_url(host, port, self.mount_path)
        self.watch_config = [Path(p) for p in config.watch]
        self.shown = self.site_dir
        self.last: str = ""  # what the last update did, for the terminal and the tests
        self.completion: Completion | None = None  # the rest of the last refresh, being made
        self.events = None  # the system's file events, beside the polling watcher (see serve)
        hooks.session.serving = True
        hooks.session.memo = PageMemo()
        self.snapshot = Snapshot(self.watched())

    def _config(self):
        return load_config(config_file=str(self.config_file), site_dir=str(self.site_dir))

    def watched(self) -> list[Path]:
        paths = [self.root / name for name in WATCHED] + [self.config_file] + self.watch_config
        if "site-packages" not in hooks.PACKAGE.parts:  # the generator's own files, when they are a working copy
            paths.append(hooks.PACKAGE)
        return [path for path in dict.fromkeys(paths) if path.exists()]

    def wait(self) -> None:
        """Wait for the rest of the last refresh (the tests compare the site after it)."""
        if self.completion is not None:
            self.completion.wait()
            if self.completion.error is not None:
                log.warning(f"Fichiers ou index de recherche non mis à jour : {self.completion.error}")

    def _stop_completion(self) -> Refreshed | None:
        """Stop the background step; what it had still to do, if it had not finished."""
        stopped, self.completion = self.completion, None
        if stopped is None:
            return None
        stopped.cancel()
        return None if stopped.finished else stopped.done

    def build(self) -> None:
        """The whole site, as ``mkdocs serve`` builds it."""
        self._stop_completion()
        hooks.session.memo.forget()
        config = self._config()
        config.site_url = self.serve_url
        build(config, serve_url=self.serve_url)
        self.shown = self.site_dir
        self.last = "construction complète"
        log.info(INDEXED)

    def clean_build(self, site_dir: Path) -> None:
        """The same sources built from scratch into ``site_dir``, as the preview builds them (for
        comparisons: the tests, the benchmark); the preview's own build and memo are left as they were."""
        session = hooks.session
        kept, memo = session.build, session.memo
        session.memo = None
        try:
            config = load_config(config_file=str(self.config_file), site_dir=str(site_dir))
            config.site_url = self.serve_url
            build(config, serve_url=self.serve_url)
        finally:
            session.build, session.memo = kept, memo

    def update(self) -> None:
        """After a save: a refresh where it is enough, else a full build.

        Python's garbage collector waits during a refresh (not a full build): at 1,000
        testimonies, a full collection takes 0.2 s and a refresh made one or two. The
        background step lets it work again once the browser has the pages (:class:`Completion`)."""
        started = time.perf_counter()
        # The background step first: it would slow the look at the files (and the refresh).
        unfinished = self._stop_completion()
        changed = self.snapshot.changes()
        if not changed:
            if unfinished is not None:  # nothing to redo after all: the background step goes on
                self._complete(unfinished)
            return
        try:
            self._update(changed, started)
        finally:
            if self.completion is None:
                gc.enable()

    def _complete(self, done: Refreshed) -> None:
        self.completion = Completion(hooks.session.build, done, self.folder / "recherche", lambda: log.info(INDEXED))

    def _update(self, changed: set[Path], started: float) -> None:
        if not all(any(path.is_relative_to(self.root / name) for name in REFRESHED) for path in changed):
            self._full_build_after_save()
            return
        gc.disable()
        try:
            done = refresh(hooks.session.build)
        except ValidationFailed as failed:
            print(f"ERROR   -  {failed.report()}", file=sys.stderr, flush=True)
            if self.error_dir.exists():
                shutil.rmtree(self.error_dir)
            write_error_site(failed, self.error_dir, self.mount_path.rstrip("/") + "/" + MARKER)
            self.shown = self.error_dir
            self.last = "erreurs"
            return
        except FullBuildNeeded as why:
            log.info(f"Construction complète : {why}")
        except Exception as error:  # noqa: BLE001 - a refresh that fails leaves the full build to redo it all
            log.warning(f"Mise à jour impossible ({type(error).__name__} : {error}) : construction complète")
        else:
            # The pages are shown at once; the other files and the search index follow.
            self._complete(done)
            self.shown = self.site_dir
            self.last = f"mise à jour de {len(done.pages)} pages"
            log.info(f"Pages mises à jour en {time.perf_counter() - started:.2f} s : {len(done.pages)} "
                     f"pages, {len(done.removed)} retirées")
            return
        self._full_build_after_save()

    def _full_build_after_save(self) -> None:
        gc.enable()  # (a refresh that gave way to a full build held it back)
        try:
            self.build()
        except MkDocsException as error:  # mkdocs.yml, a strict warning, the editor's settings…
            self.last = "échec"
            log.error(f"La construction a échoué : {error.format_message()} ; l'aperçu attend la correction.")

    def serve(self, open_in_browser: bool = False) -> None:
        # The server, the file watcher and a save's refresh wait on files and sockets, beside the
        # background step, which computes: handing the interpreter over every millisecond (not 5)
        # lets them through at once (a save 2 s after another showed 1.5 s later, not 0.9 s).
        sys.setswitchinterval(SWITCH_INTERVAL)
        server = LiveReloadServer(builder=self.update, host=self.host, port=self.port, root=str(self.site_dir),
                                  mount_path=self.mount_path, polling_interval=POLLING)
        server.error_handler = lambda code: self._error_page(code)
        original = server.builder

        def builder() -> None:
            original()
            server.root = str(self.shown)

        server.builder = builder
        self.events = watch_events_too(server)
        _stop_on("SIGTERM", "SIGHUP")
        try:
            self.build()
            server.root = str(self.shown)
            for path in self.watched():
                server.watch(str(path))
            server.serve(open_in_browser=open_in_browser)
        except KeyboardInterrupt:
            log.info("Arrêt…")
        finally:
            self.close(server)

    def close(self, server: LiveReloadServer) -> None:
        """Stop everything, whatever was under way, then remove the preview's folder.

        A second signal does not cut this short (it is what the first one asked for),
        and one step that fails does not keep the next from running: the server's
        threads must end, or the process would wait for them with its port taken."""
        _ignore_signals("SIGINT", "SIGTERM", "SIGHUP")
        steps = (
            server.shutdown,  # no new save is taken; the server stops serving, the watcher too
            self._stop_events,
            self._stop_completion,  # the other files and Pagefind: cancelled, its thread joined
            lambda: _join(server.serve_thread, server.observer),
            lambda: shutil.rmtree(self.folder, ignore_errors=True),
        )
        for step in steps:
            try:
                step()
            except Exception as error:  # noqa: BLE001 - the next steps still run; said, not raised
                log.debug(f"Arrêt : {type(error).__name__} : {error}")

    def _stop_events(self) -> None:
        if self.events is not None:
            self.events.stop()
            _join(self.events)

    def _error_page(self, code: int) -> bytes | None:
        page = self.shown / f"{code}.html"
        return page.read_bytes() if code in (404, 500) and page.is_file() else None


class AddressTaken(Exception):
    """The address cannot be listened on (its reason)."""


def check_address(host: str, port: int) -> None:
    """Raise AddressTaken before a build that could not be served."""
    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except OSError as error:
        raise AddressTaken(error.strerror or str(error)) from None


def main(config_file: Path, host: str, port: int, open_in_browser: bool = False,
         build_to: Path | None = None) -> int:
    """Serve the site of ``config_file`` on ``host:port`` until Ctrl+C (or only build it
    into ``build_to``, as the preview on that address would)."""
    if build_to is None:
        check_address(host, port)
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(levelname)-7s -  %(message)s"))
        logger = logging.getLogger("mkdocs")
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
    try:
        preview = Preview(config_file, host, port)
        if build_to is None:
            preview.serve(open_in_browser)
            return 0
        try:
            preview.clean_build(Path(build_to).resolve())
        finally:
            shutil.rmtree(preview.folder, ignore_errors=True)
    except MkDocsException as error:  # mkdocs.yml, a strict warning, the editor's settings…
        print(f"Erreur : la construction a échoué : {error.format_message()}", file=sys.stderr)
        return 1
    return 0
