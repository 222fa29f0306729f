"""Jinja rendering of the model into Markdown pages and HTML fragments.

Every template is a file under ``renderer/templates/``; this module only
sets up one shared Jinja environment and the filters the templates use.
Autoescaping is always on: text from YAML never reaches a page unescaped.
"""

from __future__ import annotations

import html
import json

from jinja2 import Environment, FileSystemBytecodeCache, PackageLoader, StrictUndefined, pass_context
from markupsafe import Markup

from .. import config
from ..share import intent_items, quote_share_text, quote_share_title
from ..french import date_fr, lower_first, num, plural, slugify
from ..wording import grid_name
from .text import markdown_to_html, md_escape

@pass_context
def href(context, to_url: str) -> str:
    """Relative link from the page being rendered (``here``) to ``to_url``."""
    return config.relative(context["here"], to_url)


def front_matter(search_exclude: bool = False, hide_toc: bool = False, hide_nav: bool = False, **fields) -> Markup:
    """YAML front matter; values are JSON strings, which YAML reads as they are.

    The theme prints ``title`` and ``description`` without escaping (in
    ``<title>``, the header and ``<meta content="…">``): they are escaped here.
    ``search_exclude`` keeps the page out of the search index (a listing whose
    texts are all indexed on their own pages).
    """
    lines = [f"{key}: {json.dumps(html.escape(str(value), quote=True), ensure_ascii=False)}"
             for key, value in fields.items()]
    if search_exclude:
        lines.append("search:\n  exclude: true")
    hidden = [name for name, hide in (("navigation", hide_nav), ("toc", hide_toc)) if hide]
    if hidden:
        lines.append("hide:\n" + "".join(f"  - {name}\n" for name in hidden).rstrip("\n"))
    return Markup("---\n" + "\n".join(lines) + "\n---\n")


def _grid_name(grid, prep: str = "", strong: bool = False) -> str:
    """The grid inside a sentence of a template; with ``strong``, its name in bold Markdown."""
    return grid_name(grid, prep, (lambda name: f"**{md_escape(name)}**") if strong else None)


def make_environment() -> Environment:
    env = Environment(
        loader=PackageLoader("coopsite.renderer", "templates"),
        autoescape=True,
        undefined=StrictUndefined,
        # One environment per build: no need to stat the template files
        # again at every ``include`` (a measurable cost on large corpora).
        auto_reload=False,
        # Compiled templates are kept between builds (in the user's private
        # temporary folder, checked by Jinja; keyed by the template's text).
        bytecode_cache=FileSystemBytecodeCache(),
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        # Markdown headings use ``{#id}``: Jinja comments are ``{## … ##}``.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["mdtext"] = lambda text: Markup(md_escape(str(text)))
    env.filters["markdown"] = lambda text: Markup(markdown_to_html(str(text)))
    env.filters["date_fr"] = date_fr
    env.filters["num"] = num
    env.filters["lower_first"] = lower_first
    env.filters["slug"] = slugify
    env.globals.update(
        href=href,
        plural=plural,
        front_matter=front_matter,
        urls=config,
        quote_share_title=quote_share_title,
        quote_share_text=quote_share_text,
        share_intents=lambda address, title: Markup(intent_items(address, title)),
        # The absolute address of a page, "" without SITE_URL (see Renderer.site_url).
        public_url=lambda url: "",
        grid_name=_grid_name,
    )
    return env


class Renderer:
    """Renders named templates with the corpus; one instance per build."""

    def __init__(self, corpus, site_url: str = ""):
        self.corpus = corpus
        self.env = make_environment()
        self.env.globals["public_url"] = lambda url: config.share_url(site_url, url)
        # Who publishes the site and how it names itself (site.yml, mkdocs.yml's site_name).
        site = corpus.publication
        self.env.globals["site"] = site
        self.env.globals["of_network"] = lambda text: f"{text} de {site.network_name}" if site.network_name else text

    def render_text(self, text: str, **context) -> str:
        """A template given as text (a shared page, ``coopsite/layers.py``), with the site's values."""
        return self.env.from_string(text).render(corpus=self.corpus, grid=self.corpus.grid,
                                                 network=self.corpus.publication.network_name or "l’éditeur du site",
                                                 **context)

    def render(self, template: str, here: str, **context) -> str:
        return self.env.get_template(template).render(
            corpus=self.corpus, grid=self.corpus.grid, here=here, **context
        )
