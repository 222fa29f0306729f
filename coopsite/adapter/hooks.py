"""MkDocs adapter: the only place that knows about MkDocs.

A site's ``hooks/coop.py``, which its mkdocs.yml names (``hooks:`` takes file
paths only), imports these functions. They ask the core (``coopsite``) for the
corpus and the generated files, and hand them to MkDocs as virtual files;
nothing is written to ``docs/``. They also add what every site shares
(``coopsite/layers.py``): the shared templates under the site's own
``overrides/``, the shared stylesheets, pages and scripts where the site has
none of its own. This module is imported once per process: what one build holds is a
:class:`~coopsite.adapter.state.BuildState`, made by ``on_config``; what outlives it
is the :data:`session` (``state.py``).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files, InclusionLevel

from coopsite import layers
from coopsite.cache import DiskCache, link
from coopsite.editor import EditorConfigError, Settings, editor_files
from coopsite.errors import MARKER, write_error_site
from coopsite.publishing import footer_values
from coopsite.publishing.security import Policies
from coopsite.publishing.servers import harden_site
from coopsite.renderer import raw_blocks
from coopsite.cards import BackgroundCards, CardsNotWritten
from coopsite.search import BackgroundIndex, SearchIndexError, cached_index_exists
from coopsite.search.prepared import CorpusRecords
from coopsite.site import Generation, generate_parts
from coopsite.structure.loader import SITE_FILE, load_corpus
from coopsite.structure.problems import ValidationFailed

from .state import BuildState, Session

__all__ = ["on_startup", "on_serve", "on_config", "on_files", "on_nav", "on_env", "on_page_markdown", "on_page_content",
           "on_post_page", "on_post_template", "on_post_build", "on_build_error"]
PACKAGE = Path(layers.__file__).resolve().parent

# Kept across the builds of one process: whether MkDocs serves, the preview's page memo
# (coopsite/rebuild.py) and the last build, which the preview refreshes (refresh.py).
session = Session()


def current() -> BuildState:
    """The build under way (the hooks after ``on_config`` are called only within one)."""
    assert session.build is not None, "on_config n'a pas été appelé"
    return session.build


def on_startup(command, **kwargs):
    session.serving = command == "serve"


def on_serve(server, config, builder, **kwargs):
    # site.yml is optional, so it cannot be in mkdocs.yml's `watch` (a missing path aborts the build).
    publication = Path(config.config_file_path).resolve().parent / SITE_FILE
    if publication.is_file():
        server.watch(str(publication))
    # The generator's own files, when they are a working copy (its home, or an editable install).
    if "site-packages" not in PACKAGE.parts:
        server.watch(str(PACKAGE))
    return server


def _add_shared_theme(config) -> None:
    """The shared templates under the site's ``overrides/`` (its files win)."""
    dirs = config.theme.dirs
    if str(layers.SHARED_OVERRIDES) not in dirs:
        custom = config.theme.custom_dir
        dirs.insert(1 if custom and dirs and dirs[0] == custom else 0, str(layers.SHARED_OVERRIDES))


def _add_shared_stylesheets(config, generated) -> None:
    """The shared stylesheets before the site's own (a site that lists one keeps its place)."""
    sheets = layers.stylesheets(f.src_uri for f in generated)
    config.extra_css[:0] = [sheet for sheet in sheets if sheet not in config.extra_css]


def on_config(config, **kwargs):
    _add_shared_theme(config)
    root = Path(config.config_file_path).resolve().parent
    # Derived results kept between builds (schema checks, QR codes), like
    # Material's own `.cache/`: never sources, always safe to delete.
    state = session.build = BuildState(root=root, cache=DiskCache(root / ".cache" / "coopsite"))
    try:
        corpus = load_corpus(root, state.cache)
    except ValidationFailed as failed:
        if not session.serving:
            raise PluginError(failed.report()) from None
        # While serving, a failed build would leave the browser waiting with no
        # word: the site becomes one page of the problems, at every address,
        # until the sources are fixed (coopsite/errors.py). Nothing is published.
        # The terminal keeps its report (printed: a logged error would abort the strict build).
        print(f"ERROR   -  {failed.report()}", file=sys.stderr, flush=True)
        state.broken = failed
        if session.memo is not None:
            session.memo.forget()
        config["nav"] = None
        config["strict"] = False
        return config
    state.corpus = corpus
    state.raw_blocks_allowed = raw_blocks.extensions_allow(config.markdown_extensions)
    if not session.serving:
        # The search records of a large corpus are prepared by a fork while MkDocs converts the
        # pages (coopsite/search/prepared.py); with no index in the cache yet, their pages too.
        state.corpus_records = CorpusRecords(corpus, write=not cached_index_exists(state.cache))
    config.extra["publication"] = footer_values(corpus.publication)
    # Missing image cards are drawn by other processes while MkDocs converts the
    # pages, and waited for in on_env, before MkDocs copies them (coopsite/cards.py).
    state.cards = BackgroundCards()
    made = generated_files(config, corpus, state, state.cards)
    others = made.others()
    # Kept apart for the preview, which shows the pages first (coopsite/adapter/preview/refresh.py).
    state.pages, state.others = made.pages, {item.src_uri: item.content for item in others}
    state.generated = made.pages + others
    _add_shared_stylesheets(config, state.generated)
    # Security headers from what the pages contain (coopsite/publishing/security.py); not
    # under `mkdocs serve`, whose live reload is a script it adds to every page it serves.
    if not session.serving:
        state.policies = Policies(embed_origins=corpus.publication.embed_origins,
                                  editor_settings=state.editor_settings)
    return config


def generated_files(config, corpus, state: BuildState, cards) -> Generation:
    """The core's pages for ``corpus`` with the browser editor's files, and the core's other
    files when asked (coopsite.site.generate_parts). The editor's settings go to ``state``."""
    made = generate_parts(corpus, site_url=config.site_url or "", cache=state.cache, site_name=config.site_name,
                          cards=cards, memo=session.memo)
    # The browser editor at /admin/, configured from the schemas, the grid and
    # the environment (EDITOR_BACKEND…, see the guide coopsite/shared/docs/guide/editeur.md).
    try:
        settings = Settings.from_env(os.environ, config.repo_url or "")
    except EditorConfigError as error:
        raise PluginError(f"Éditeur : {error}") from None
    state.editor_settings = settings
    editor = editor_files(corpus, Path(config.config_file_path).resolve().parent, settings,
                          config.site_url or "", config.site_name)
    return Generation(made.pages + editor, made.others)


def on_files(files, config, **kwargs):
    state = current()
    if state.broken is not None:
        for file in [f for f in files if f.is_documentation_page()]:
            files.remove(file)
        return files
    # Edit links are relative to the project root (EDIT_URI), like the YAML sources.
    docs = Path(config.docs_dir).resolve().relative_to(state.root).as_posix()
    for file in files.documentation_pages():
        file.edit_uri = f"{docs}/{file.src_uri}"
    state.base_files = list(files)
    files = assemble_files(state, state.base_files, state.generated, config)
    # The search index starts as soon as the written pages are rendered (coopsite/search/).
    built = {f.url for f in files.documentation_pages()}
    state.index = BackgroundIndex(state.corpus, Path(config.site_dir), Path(config.docs_dir), built,
                                  state.cache, state.corpus_records)
    return files


def generated_file(item, config, root: Path) -> File:
    """The MkDocs file of one of the core's files (``root``: the site's folder)."""
    inclusion = InclusionLevel.INCLUDED if item.in_nav or not item.is_page else InclusionLevel.NOT_IN_NAV
    if isinstance(item.content, Path):  # a file on disk: copied (or linked, from the cache), never read
        file = File.generated(config, item.src_uri, abs_src_path=str(item.content), inclusion=inclusion)
    else:
        file = File.generated(config, item.src_uri, content=item.content, inclusion=inclusion)
    if item.source is not None:
        # The sources were loaded from the resolved root: no need to
        # resolve each path again (a system call per part, per file).
        source = item.source if item.source.is_relative_to(root) else item.source.resolve()
        file.edit_uri = source.relative_to(root).as_posix()
    return file


def assemble_files(state: BuildState, base: list, generated: list, config, existing: dict | None = None) -> Files:
    """The files of the build: ``base`` (docs/ and the theme's) and the core's ``generated`` ones.

    ``existing``: files already made for some of ``generated`` (by address),
    used as they are (the preview's, coopsite/adapter/preview/refresh.py). The files to link
    from the build cache are noted in ``state``.
    """
    existing = existing or {}
    written = [file for file in base if file.is_documentation_page()]
    taken = {file.src_uri for file in base}
    shared = layers.shared_uris()
    cache_folder = state.cache.folder
    state.cached_files = []
    added = []
    for item in generated:
        if item.src_uri in taken:
            raise PluginError(f"docs/{item.src_uri} masquerait une page générée : renommez ou retirez ce fichier.")
        file = existing.get(item.src_uri) or generated_file(item, config, state.root)
        if isinstance(item.content, Path) and cache_folder is not None and item.content.is_relative_to(cache_folder):
            state.cached_files.append(file)
        if item.is_page and item.src_uri in shared:
            written.append(file)
        added.append(file)
    # The written pages, the site's own and the shared ones, come first, in the order MkDocs reads a
    # docs/ folder: they are rendered first, and the site map lists them as it did when all were in docs/.
    written.sort(key=lambda file: _walk_key(file.src_uri))
    first = {file.src_uri for file in written}
    return Files(written + [file for file in base + added if file.src_uri not in first])


def _walk_key(src_uri: str) -> list[tuple]:
    """MkDocs' order of a docs/ folder: a folder's files (index.md first) before its subfolders."""
    *folders, name = src_uri.split("/")
    return [(1, folder) for folder in folders] + [(0, name not in ("index.md", "README.md"), name)]


def on_nav(nav, config, files, **kwargs):
    current().nav = nav
    return nav


def on_env(env, config, files, **kwargs):
    # What the preview needs to render a page again (coopsite/adapter/preview/refresh.py).
    state = current()
    state.env, state.files, state.config = env, files, config
    if state.cards is not None:
        try:
            state.cards.wait()
        except CardsNotWritten as error:
            raise PluginError(f"Cartes de partage : {error}") from None
        # Files of the build cache become hard links in the site, where the file
        # system allows: MkDocs then skips their copy (a SameFileError it expects).
        for file in state.cached_files:
            link(file.abs_src_path, file.abs_dest_path)
    return env


def on_page_markdown(markdown, page, config, files, **kwargs):
    """A generated page's raw HTML blocks wait aside while MkDocs converts the rest
    (coopsite/renderer/raw_blocks.py): the same page, without parsing them twice."""
    state = current()
    if page.file.generated_by is None or not state.raw_blocks_allowed:
        return markdown
    text, blocks = raw_blocks.set_aside(markdown)
    if blocks:
        state.raw_blocks[page.file.src_uri] = (markdown, blocks)
    return text


def on_page_content(html, page, config, files, **kwargs):
    aside = current().raw_blocks.pop(page.file.src_uri, None)
    if aside is None:
        return html
    markdown, blocks = aside
    whole = raw_blocks.put_back(html, blocks)
    if whole is None:  # a placeholder did not come through: the page is converted as it is
        page.markdown = markdown
        page.render(config, files)
        return page.content
    if page.present_anchor_ids is not None:  # what MkDocs' link checks find in the page
        page.present_anchor_ids |= raw_blocks.anchor_ids(blocks)
    return whole


def on_post_page(output, page, config, **kwargs):
    state = current()
    if state.index is not None:
        state.index.add_page(page.url, output)
    if state.policies is None:
        return output
    state.secured.add(page.file.dest_uri)
    return state.policies.secure(output, page.url)


def on_post_template(output, template_name, config, **kwargs):
    state = current()
    if state.policies is None or not template_name.endswith(".html"):
        return output
    state.secured.add(template_name)
    return state.policies.secure(output, template_name)


def on_post_build(config, **kwargs):
    state = current()
    if state.broken is not None:
        base = urlsplit(config.site_url or "").path or "/"
        write_error_site(state.broken, Path(config.site_dir), base.rstrip("/") + "/" + MARKER)
        return
    # The search index is made from the built site, after every build and
    # every rebuild of `mkdocs serve` (coopsite/search/).
    try:
        state.index.finish()
    except SearchIndexError as error:
        raise PluginError(f"Index de recherche non écrit : {error}") from None
    state.search_pages = state.index.page_records()
    # The other pages' policies (the editor's page), then .htaccess, _headers and nginx.conf.
    if state.policies is not None:
        harden_site(Path(config.site_dir), state.policies, config.site_url or "", state.secured)


def on_build_error(error, **kwargs):
    # Nothing keeps running after a failed build: the card workers, Pagefind.
    state = session.build
    if state is None:
        return
    if state.cards is not None:
        state.cards.cancel()
    if state.index is not None:
        state.index.cancel()
    elif state.corpus_records is not None:
        state.corpus_records.cancel()
