"""Bringing a built site up to date after a save, page by page (the preview's differential rebuild).

After a full build, the hooks keep MkDocs' objects of that build: its
configuration, files, navigation and template environment. When only the
sources in ``cases/`` changed, :func:`refresh` loads the corpus again and asks
the core for its pages (those a change does not touch come from the memo, see
``coopsite/rebuild.py``), then, in two steps:

1. **the pages**, before the browser reloads: each page whose Markdown changed
   is converted and rendered again by MkDocs' own functions, into the same
   site folder; a new page is added, a page gone is deleted. The navigation
   must stay the same: a change to a page of the nav (its title), to the
   stylesheets or to the footer asks for a full build (:class:`FullBuildNeeded`);
2. **the rest**, a moment later (:class:`Completion`, in a thread): the other
   files (data, CSV, image cards, QR codes, feeds) that changed are written
   again, then the search index is made again from the new records and put
   in place of the old one.

``tests/test_preview.py`` checks, edit after edit, that the site refreshed
this way equals a clean build of the same sources, file by file.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from mkdocs.structure.files import InclusionLevel
from mkdocs.structure.pages import Page

from coopsite import layers
from coopsite.generated import GeneratedFile
from coopsite.publishing import footer_values
from coopsite.search import corpus_records, page_records
from coopsite.structure.loader import load_corpus

from .. import hooks
from ..state import BuildState
from .mkdocs_private import forget_render, read_page, write_page, write_theme_template
from .plan import FullBuildNeeded, plan


@dataclass
class Refreshed:
    """What the first step of a refresh did, and what is left for :class:`Completion`."""

    pages: list[str] = field(default_factory=list)     # addresses of the pages rendered again
    removed: list[str] = field(default_factory=list)   # pages deleted
    # The other files of the site, and its search records, when asked; both take ``stop``
    # (coopsite/parallel.py, checkpoint): a newer save stops them between two pieces.
    others: Callable[..., list[GeneratedFile]] = lambda stop=None: []
    records: Callable[..., list] = lambda stop=None: []


def refresh(state: BuildState | None) -> Refreshed:
    """Bring the last build (``state``, the preview keeps it) up to date with its sources.

    ``state`` becomes the refreshed build's. Raises ValidationFailed (the sources
    are broken: the site and ``state`` are left as they were), or FullBuildNeeded
    (nothing is changed either).
    """
    if state is None or not state.rendered:
        raise FullBuildNeeded("pas de construction complète à mettre à jour")
    config, files, nav, env = state.config, state.files, state.nav, state.env
    corpus = load_corpus(state.root, state.cache)
    if footer_values(corpus.publication) != footer_values(state.corpus.publication):
        raise FullBuildNeeded("le pied de page change")
    made = hooks.generated_files(config, corpus, state, None)
    pages = made.pages
    todo = plan(state.pages, pages)
    old_files = files.src_uris
    existing = {uri: old_files[uri] for uri in state.others if uri in old_files}
    existing.update((uri, old_files[uri]) for uri in todo.unchanged)
    changed_nav, changed, added, gone = todo.nav_changed, todo.changed, todo.added, todo.gone
    # The site's other files stay as they are in this step: Completion brings them up to date.
    others = [GeneratedFile(uri, content) for uri, content in state.others.items()]
    for item in changed_nav:
        file = existing[item.src_uri] = old_files[item.src_uri]
        file.content_string = item.content
    new_files = hooks.assemble_files(state, state.base_files, pages + others, config, existing)
    shared = layers.shared_uris()
    written_uris = {file.src_uri for file in state.base_files if file.is_documentation_page()} | \
        {item.src_uri for item in pages if item.is_page and item.src_uri in shared}
    titles = {item.src_uri: old_files[item.src_uri].page.title for item in changed_nav}
    # Every page to render again is read (and its links checked) against the new set of files.
    to_render: list[Page] = []
    for item in changed_nav:
        page = new_files.src_uris[item.src_uri].page
        forget_render(page)
        to_render.append(page)
    if todo.comes_or_goes:
        # A written page's links are checked against the pages there are: one to a page that
        # comes or goes renders differently. The written pages are few; they are all read again.
        rendered = {item.src_uri for item in changed_nav} | set(changed)
        in_nav = {id(page) for page in nav.pages}
        for file in new_files.documentation_pages():
            if file.src_uri in rendered or file.src_uri in added or file.src_uri not in written_uris:
                continue
            if file.page is None:
                to_render.append(Page(None, file, config))
                continue
            if id(file.page) in in_nav:
                titles[file.src_uri] = file.page.title
            forget_render(file.page)
            to_render.append(file.page)
    for uri in changed + added:
        file = new_files.src_uris[uri]
        if file.is_documentation_page():
            to_render.append(Page(None, file, config))
        else:
            file.copy_file()
    for page in to_render:
        read_page(page, config, new_files)
    if any(page.title != titles[page.file.src_uri] for page in to_render if page.file.src_uri in titles):
        raise FullBuildNeeded("le titre d'une page de la navigation change")
    done = Refreshed()
    site_dir = Path(config.site_dir)
    for uri in gone:
        delete(site_dir, old_files[uri].dest_uri)
        done.removed.append(uri)
    # The pages, rendered in MkDocs' own way, with the build's navigation and templates.
    state.files = new_files
    state.index = None  # the search index is made again by Completion
    doc_files = new_files.documentation_pages(inclusion=InclusionLevel.is_in_serve)
    searched = state.search_pages
    for page in to_render:
        write_page(page, config, doc_files, nav, env)
        done.pages.append(page.url)
        if page.url in searched:  # a written page's text in the search
            searched[page.url] = page_records(Path(page.file.abs_dest_path).read_text("utf-8"), page.url)
    if todo.listing_changed:  # the theme's pages that list every page (sitemap.xml)
        for template in config.theme.static_templates:
            write_theme_template(template, env, new_files, config, nav)
    state.corpus, state.pages, state.generated = corpus, pages, pages + others
    written = [record for records in searched.values() for record in records]
    done.others = made.others
    done.records = lambda stop=None: corpus_records(corpus, stop) + written
    return done


__all__ = ["FullBuildNeeded", "Refreshed", "delete", "refresh"]


def delete(site_dir: Path, dest_uri: str) -> None:
    """Remove a file of the site, and the folders it leaves empty."""
    target = site_dir / dest_uri
    target.unlink(missing_ok=True)
    folder = target.parent
    while folder != site_dir and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent
