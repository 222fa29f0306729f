"""MkDocs adapter: the only place that knows about MkDocs.

It asks the core (``coopsite``) for the corpus and the generated files,
and hands them to MkDocs as virtual files. Nothing is written to ``docs/``.
MkDocs does not reload this module under ``mkdocs serve``, so the per-build
state is reset in ``on_config``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # a checkout used without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from urllib.parse import urlsplit  # noqa: E402

from coopsite.cache import DiskCache, link  # noqa: E402
from coopsite.editor import EditorConfigError, Settings, editor_files  # noqa: E402
from coopsite.errors import MARKER, write_error_site  # noqa: E402
from coopsite.publishing import footer_values  # noqa: E402
from coopsite.publishing.security import Policies, origin  # noqa: E402
from coopsite.publishing.servers import harden_site  # noqa: E402
from coopsite.cards import BackgroundCards, CardsNotWritten  # noqa: E402
from coopsite.search import BackgroundIndex, SearchIndexError  # noqa: E402
from coopsite.site import generate  # noqa: E402
from coopsite.structure.loader import SITE_FILE, load_corpus  # noqa: E402
from coopsite.structure.problems import ValidationFailed  # noqa: E402

_state: dict = {}
_mode = {"serve": False}  # kept across the rebuilds of `mkdocs serve`


def on_startup(command, **kwargs):
    _mode["serve"] = command == "serve"


def on_serve(server, config, builder, **kwargs):
    # site.yml is optional, so it cannot be in mkdocs.yml's `watch` (a missing path aborts the build).
    publication = Path(config.config_file_path).resolve().parent / SITE_FILE
    if publication.is_file():
        server.watch(str(publication))
    return server


def on_config(config, **kwargs):
    _state.clear()
    root = Path(config.config_file_path).resolve().parent
    # Derived results kept between builds (schema checks, QR codes), like
    # Material's own `.cache/`: never sources, always safe to delete.
    cache = DiskCache(root / ".cache" / "coopsite")
    try:
        corpus = load_corpus(root, cache)
    except ValidationFailed as failed:
        if not _mode["serve"]:
            raise PluginError(failed.report()) from None
        # While serving, a failed build would leave the browser waiting with no
        # word: the site becomes one page of the problems, at every address,
        # until the sources are fixed (coopsite/errors.py). Nothing is published.
        # The terminal keeps its report (printed: a logged error would abort the strict build).
        print(f"ERROR   -  {failed.report()}", file=sys.stderr, flush=True)
        _state["broken"] = failed
        config["nav"] = None
        config["strict"] = False
        return config
    _state["root"] = root
    _state["corpus"] = corpus
    config.extra["publication"] = footer_values(corpus.publication)
    _state["cache"] = cache
    # Missing image cards are drawn by other processes while MkDocs converts the
    # pages, and waited for in on_env, before MkDocs copies them (coopsite/cards.py).
    _state["cards"] = BackgroundCards()
    _state["generated"] = generate(corpus, site_url=config.site_url or "", cache=cache,
                                    site_name=config.site_name, cards=_state["cards"])
    # The browser editor at /admin/, configured from the schemas, the grid and
    # the environment (EDITOR_BACKEND…, see docs/guide/editeur.md).
    try:
        settings = Settings.from_env(os.environ, config.repo_url or "")
    except EditorConfigError as error:
        raise PluginError(f"Éditeur : {error}") from None
    _state["generated"] += editor_files(corpus, root, settings, config.site_url or "", config.site_name)
    # Security headers from what the pages contain (coopsite/publishing/security.py); not
    # under `mkdocs serve`, whose live reload is a script it adds to every page it serves.
    if not _mode["serve"]:
        _state["policies"] = Policies(embed_origins=corpus.publication.embed_origins, editor_settings=settings,
                                      site_origin=origin(config.site_url or ""))
        _state["secured"] = set()
    return config


def on_files(files, config, **kwargs):
    if "broken" in _state:
        for file in [f for f in files if f.is_documentation_page()]:
            files.remove(file)
        return files
    root = _state["root"]
    # Edit links are relative to the project root (EDIT_URI), like the YAML sources.
    docs = Path(config.docs_dir).resolve().relative_to(root).as_posix()
    _state["cached_files"] = []
    for file in files:
        if file.is_documentation_page():
            file.edit_uri = f"{docs}/{file.src_uri}"
    for item in _state["generated"]:
        inclusion = InclusionLevel.INCLUDED if item.in_nav or not item.is_page else InclusionLevel.NOT_IN_NAV
        existing = files.get_file_from_path(item.src_uri)
        if existing is not None:
            raise PluginError(f"docs/{item.src_uri} masquerait une page générée : renommez ou retirez ce fichier.")
        if isinstance(item.content, Path):  # an image card in the build cache: linked or copied, never read
            file = File.generated(config, item.src_uri, abs_src_path=str(item.content), inclusion=inclusion)
            _state["cached_files"].append(file)
        else:
            file = File.generated(config, item.src_uri, content=item.content, inclusion=inclusion)
        if item.source is not None:
            # The sources were loaded from the resolved root: no need to
            # resolve each path again (a system call per part, per file).
            source = item.source if item.source.is_relative_to(root) else item.source.resolve()
            file.edit_uri = source.relative_to(root).as_posix()
        files.append(file)
    # The search index starts as soon as the written pages are rendered (coopsite/search/).
    built = {f.url for f in files.documentation_pages()}
    _state["index"] = BackgroundIndex(_state["corpus"], Path(config.site_dir), Path(config.docs_dir), built,
                                      _state["cache"])
    return files


def on_env(env, config, files, **kwargs):
    if "cards" in _state:
        try:
            _state["cards"].wait()
        except CardsNotWritten as error:
            raise PluginError(f"Cartes de partage : {error}") from None
        # Files of the build cache become hard links in the site, where the file
        # system allows: MkDocs then skips their copy (a SameFileError it expects).
        for file in _state.get("cached_files", ()):
            link(file.abs_src_path, file.abs_dest_path)
    return env


def on_post_page(output, page, config, **kwargs):
    if "index" in _state:
        _state["index"].add_page(page.url, output)
    if "policies" not in _state:
        return output
    _state["secured"].add(page.file.dest_uri)
    return _state["policies"].secure(output, page.url)


def on_post_template(output, template_name, config, **kwargs):
    if "policies" not in _state or not template_name.endswith(".html"):
        return output
    _state["secured"].add(template_name)
    return _state["policies"].secure(output, template_name)


def on_post_build(config, **kwargs):
    if "broken" in _state:
        base = urlsplit(config.site_url or "").path or "/"
        write_error_site(_state["broken"], Path(config.site_dir), base.rstrip("/") + "/" + MARKER)
        return
    # The search index is made from the built site, after every build and
    # every rebuild of `mkdocs serve` (coopsite/search/).
    try:
        _state["index"].finish()
    except SearchIndexError as error:
        raise PluginError(f"Index de recherche non écrit : {error}") from None
    # The other pages' policies (the editor's page), then .htaccess, _headers and nginx.conf.
    if "policies" in _state:
        harden_site(Path(config.site_dir), _state["policies"], config.site_url or "", _state["secured"])


def on_build_error(error, **kwargs):
    # Nothing keeps running after a failed build: the card workers, Pagefind.
    if "cards" in _state:
        _state["cards"].cancel()
    if "index" in _state:
        _state["index"].cancel()
