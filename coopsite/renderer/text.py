"""Safe text: Markdown escaping for headings, and sanitised Markdown → HTML."""

from __future__ import annotations

import functools
import html
import re

import markdown

# Python-Markdown's own escapable characters (``markdown.Markdown.ESCAPED_CHARS``).
_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!>])")
# Only real tags: every ``<`` typed by an editor reaches the HTML as ``&lt;``.
_URL_ATTR = re.compile(r'(<(?:a|img)\b[^>]*?\s(?:href|src))="([^"]*)"')
_IMG = re.compile(r"<img\b[^>]*?\balt=\"([^\"]*)\"[^>]*>|<img\b[^>]*>")
_SAFE_SCHEMES = ("http", "https", "mailto", "tel")


def md_escape(text: str) -> str:
    """Escape ``text`` so that Markdown shows it as typed, with no HTML."""
    text = " ".join(text.split())
    return _MD_SPECIAL.sub(r"\\\1", html.escape(text, quote=True))


# What Markdown would read as markup in a line of prose, and at the start of a line.
_MD_INLINE = re.compile(r"([\\`*_\[\]])")
_MD_LINE_START = re.compile(r"^(\s*)(#|>|[-+*](?=\s)|-+\s*$)", re.MULTILINE)
_MD_ORDERED = re.compile(r"^(\s*\d+)\.(?=\s)", re.MULTILINE)


def md_paragraphs(text: str) -> str:
    """Plain ``text`` (a report's prose) as Markdown that shows it as typed: unlike
    :func:`md_escape` (one line, every special character escaped, for a heading), it keeps
    the lines and escapes only what Markdown would turn into markup, so that a person
    editing the YAML still reads the prose."""
    escaped = _MD_INLINE.sub(r"\\\1", text)
    escaped = _MD_LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), escaped)
    return _MD_ORDERED.sub(r"\1\\.", escaped)


def _safe_url(url: str) -> str:
    plain, previous = url, None
    while plain != previous:  # undo nested escaping: &amp;#58; → &#58; → :
        previous, plain = plain, html.unescape(plain)
    plain = re.sub(r"[\x00-\x20]", "", plain)
    scheme = re.match(r"^([A-Za-z][A-Za-z0-9+.-]*):", plain)
    if scheme and scheme.group(1).lower() not in _SAFE_SCHEMES:
        return "#"
    return url


@functools.cache
def _converter() -> markdown.Markdown:
    """One Markdown converter, reset before each text (building one costs more than converting)."""
    md = markdown.Markdown(output_format="html")
    # Without these three, ``<tag>`` and ``&entity;`` are plain text, which the
    # serializer escapes once (escaping by hand first escaped code spans twice).
    md.preprocessors.deregister("html_block")
    md.inlinePatterns.deregister("html")
    md.inlinePatterns.deregister("entity")
    return md


# The same text is often rendered many times in one build (the grid's
# provenance note is on every indicator page): the result is kept.
@functools.lru_cache(maxsize=4096)
def markdown_to_html(text: str) -> str:
    """Render editor Markdown to HTML that cannot carry markup or scripts.

    Raw HTML is not recognised (it shows as typed), links keep only web, mail
    and phone schemes, and images become their alternative text (an image
    would be a request to a third party).
    """
    rendered = _converter().reset().convert(text)
    rendered = _URL_ATTR.sub(lambda m: f'{m.group(1)}="{_safe_url(m.group(2))}"', rendered)
    rendered = _IMG.sub(lambda m: m.group(1) or "", rendered)
    # One HTML block for the page's Markdown pass: no blank lines inside.
    return re.sub(r"\n\s*\n", "\n", rendered).strip()
