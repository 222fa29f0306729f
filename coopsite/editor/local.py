"""The local mode's file server: the editor saves into this checkout's files.

Decap CMS's « proxy » backend sends one JSON request per action (list the
files of a folder, read one, write some) to a local server. This is that
server, in Python's standard library, so the local mode needs nothing but
the project's own set-up: no account, no network, no Node.js server.

It listens on 127.0.0.1 only, answers the site's own origin only, and only
touches the editor's folders (``cases/``, ``cases/evenements/``). Before a
file is written, the whole corpus is validated with it, by the build's own
validator: a save that would break the build is refused with the same
French report, and nothing is written.
"""

from __future__ import annotations

import base64
import binascii
import json
import shutil
import sys
import tempfile
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path, PurePosixPath

from ..structure.loader import load_corpus
from ..structure.problems import ValidationFailed
from .config import COLLECTIONS

API_PATH = "/api/v1"
MAX_REQUEST = 45_000_000  # a report of 30 MB, in base64, and its envelope
FOLDERS = tuple(c.folder for c in COLLECTIONS)
SUFFIXES = (".yml", ".yaml")


class Refused(Exception):
    """A request the server does not serve: (HTTP status, French message)."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class LocalFiles:
    """The editor's view of the project's files: list, read, check and write."""

    def __init__(self, root: Path):
        self.root = Path(root).resolve()

    def path(self, relative: str) -> Path:
        pure = PurePosixPath(relative)
        if pure.is_absolute() or ".." in pure.parts or pure.suffix not in SUFFIXES:
            raise Refused(403, f"chemin refusé : {relative}")
        if pure.parent.as_posix() not in FOLDERS:
            raise Refused(403, f"l'éditeur n'écrit que dans {', '.join(FOLDERS)} : {relative}")
        return self.root / pure

    def entry(self, relative: str) -> dict:
        path = self.path(relative)
        try:
            return {"data": path.read_text("utf-8"), "file": {"path": relative, "id": relative}}
        except FileNotFoundError:
            raise Refused(404, f"fichier introuvable : {relative}") from None

    def entries_by_folder(self, folder: str, extension: str) -> list[dict]:
        if folder.strip("/") not in FOLDERS:
            raise Refused(403, f"dossier refusé : {folder}")
        base = self.root / folder.strip("/")
        names = sorted(p.name for p in base.glob(f"*.{extension.lstrip('.')}") if p.is_file())
        return [self.entry(f"{folder.strip('/')}/{name}") for name in names]

    def check(self, writes: dict[str, str]) -> None:
        """Validate the corpus as it would be with ``writes``; raise Refused with the report."""
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp)
            shutil.copytree(self.root / "grid", copy / "grid")
            shutil.copytree(self.root / "cases", copy / "cases")
            for relative, text in writes.items():
                target = copy / relative
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_text(text, "utf-8")
            try:
                load_corpus(copy)
            except ValidationFailed as failed:
                raise Refused(422, "Rien n'a été enregistré. " + failed.report()) from None

    def persist(self, data_files: list[dict]) -> None:
        writes = {}
        for item in data_files:
            relative = item.get("newPath") or item["path"]
            self.path(relative)  # refused before anything is checked or written
            writes[relative] = item["raw"]
        self.check(writes)
        for relative, text in writes.items():
            target = self.path(relative)
            target.parent.mkdir(parents=True, exist_ok=True)
            partial = target.with_name(f".{target.name}.partiel")
            partial.write_text(text, "utf-8")
            partial.replace(target)  # a reader never meets half a file

    def import_report(self, params: dict) -> dict:
        """A report given in the editor (its name and its bytes in base64) becomes drafts, as
        ``coopsite import`` makes them (coopsite/importer/): ``write`` false shows what would be made."""
        from ..importer import ImportRefused, ReportError, prepare, summary, write

        name = PurePosixPath(str(params.get("name") or "compte-rendu")).name
        try:
            data = base64.b64decode(str(params.get("data") or ""), validate=True)
        except (ValueError, binascii.Error):
            raise Refused(400, f"« {name} » n'a pas pu être transmis : recommencez.") from None
        with tempfile.TemporaryDirectory(prefix="coopsite-import-") as tmp:
            report = Path(tmp) / f"report{PurePosixPath(name).suffix.lower()}"
            report.write_bytes(data)
            try:
                plan = prepare(report, self.root, name=name)
            except ReportError as error:
                raise Refused(422, str(error)) from None
            except ImportRefused as error:
                raise Refused(409, str(error)) from None
        text, counts = summary(plan, dry_run=not params.get("write"), editor=True)
        if plan.existing:
            return {"written": [], "existing": plan.existing, "report": text, "testimonies": 0, "quotes": 0}
        written = []
        if params.get("write"):
            try:
                written = [path.relative_to(self.root).as_posix() for path in write(plan, self.root)]
            except ImportRefused as error:
                raise Refused(409, str(error)) from None
        return {"written": written, "existing": [], "report": text, "testimonies": counts.testimonies,
                "quotes": counts.quotes, "files": [draft.path for draft in plan.drafts]}

    def handle(self, body: dict) -> object:
        action, params = body.get("action"), body.get("params") or {}
        if action == "info":
            return {"repo": self.root.name, "publish_modes": ["simple"], "type": "local_fs"}
        if action == "entriesByFolder":
            return self.entries_by_folder(params["folder"], params.get("extension", "yml"))
        if action == "entriesByFiles":
            return [self.entry(f["path"]) for f in params.get("files", [])]
        if action == "getEntry":
            return self.entry(params["path"])
        if action == "persistEntry":
            entry = params.get("entry") or {}
            data_files = params.get("dataFiles") or (
                [{"path": entry["path"], "raw": entry["raw"]}] if entry else [])
            if params.get("assets"):
                raise Refused(403, "l'éditeur local n'enregistre pas de fichiers joints")
            self.persist(data_files)
            return {"message": "entry persisted"}
        if action == "importReport":
            return self.import_report(params)
        if action in ("getMedia",):
            return []
        if action == "getDeployPreview":
            return None
        raise Refused(422, f"action non prise en charge par l'éditeur local : {action}")


def make_server(root: Path, origins: tuple[str, ...], port: int = 8001) -> ThreadingHTTPServer:
    files = LocalFiles(root)

    class Handler(BaseHTTPRequestHandler):
        allowed = origins

        def _cors(self) -> None:
            origin = self.headers.get("Origin", "")
            if origin in self.allowed:
                self.send_header("Access-Control-Allow-Origin", origin)
                self.send_header("Access-Control-Allow-Headers", "Content-Type")
                self.send_header("Access-Control-Allow-Methods", "POST, OPTIONS")
                self.send_header("Vary", "Origin")

        def _reply(self, status: int, payload: object) -> None:
            data = json.dumps(payload, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self._cors()
            self.send_header("Content-Type", "application/json; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_OPTIONS(self) -> None:  # noqa: N802 (the standard library's name)
            self.send_response(204)
            self._cors()
            self.end_headers()

        def do_POST(self) -> None:  # noqa: N802
            origin = self.headers.get("Origin")
            if self.path.rstrip("/") != API_PATH:
                self._reply(404, {"error": "adresse inconnue"})
                return
            if origin is not None and origin not in self.allowed:
                self._reply(403, {"error": f"origine refusée : {origin}"})
                return
            try:
                length = int(self.headers.get("Content-Length") or 0)
                if length > MAX_REQUEST:
                    self._reply(413, {"error": "fichier trop gros pour un compte rendu (30 Mo au plus)"})
                    return
                body = json.loads(self.rfile.read(length).decode("utf-8"))
                self._reply(200, files.handle(body))
            except Refused as refused:
                self._reply(refused.status, {"error": str(refused)})
            except (ValueError, KeyError, TypeError) as error:
                self._reply(400, {"error": f"requête illisible : {error}"})

        def log_message(self, format: str, *args) -> None:  # quiet: the terminal belongs to `serve`
            return

    return _Server(("127.0.0.1", port), Handler)


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        # The editor's page closed or reloaded mid-answer: nothing to report.
        if isinstance(sys.exc_info()[1], (BrokenPipeError, ConnectionResetError, ConnectionAbortedError)):
            return
        super().handle_error(request, client_address)

