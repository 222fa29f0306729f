"""Security headers, from what the built pages really contain.

The site runs no third-party code and makes no third-party request; the
Content-Security-Policy written here makes the browser enforce it:

- scripts come from the site itself, or are one of the inline scripts the
  build emitted (Material writes a few), each allowed by its SHA-256 hash;
  never ``'unsafe-inline'`` for scripts. ``'wasm-unsafe-eval'`` lets Pagefind
  start its WebAssembly search engine, and nothing else;
- only the embeddable self-test (``autodiagnostic/embed/``) may be framed, by
  the site itself and the sites listed in ``site.yml`` (``embedding``);
  every other page refuses framing;
- ``/admin/`` (the browser editor) gets its own policy, opened only to the
  Git host its settings name; Decap CMS needs ``'unsafe-eval'`` there (AJV
  compiles its configuration's schema), and nowhere else.

The same policy, without what a ``<meta>`` cannot carry (``frame-ancestors``),
goes into every page for hosts that cannot send headers (GitLab, GitHub and
Codeberg Pages). The server files (:mod:`coopsite.publishing.servers`) carry
it as real headers.
"""

from __future__ import annotations

import base64
import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from .. import config

ADMIN = "admin/"
# <script> elements: their attributes and body (a body never holds "</script").
_SCRIPT = re.compile(r"<script\b([^>]*)>(.*?)</script\s*>", re.S | re.I)
_TYPE = re.compile(r"""\btype\s*=\s*["']?([^"'\s>]+)""", re.I)
_SRC = re.compile(r"\bsrc\s*=", re.I)
_STYLE = re.compile(r"<style\b[^>]*>(.*?)</style\s*>", re.S | re.I)
# Types a browser runs (an import map counts as a script for the policy); JSON data blocks are not run.
_RUN_TYPES = {"", "text/javascript", "application/javascript", "module", "importmap"}
_CHARSET = re.compile(r"<meta\s+charset=[\"']?utf-8[\"']?\s*/?>", re.I)
_HEAD = re.compile(r"<head\b[^>]*>", re.I)
META_MARK = 'http-equiv="Content-Security-Policy"'

# Headers every response carries.
COMMON_HEADERS = (
    ("X-Content-Type-Options", "nosniff"),
    # Addresses of this site's pages are not sent to other sites.
    ("Referrer-Policy", "same-origin"),
    # Nothing on the site uses these; a page framed elsewhere cannot ask for them either.
    ("Permissions-Policy", "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
                           "microphone=(), payment=(), usb=()"),
)


def _hash(body: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(body.encode("utf-8")).digest()).decode("ascii") + "'"


def inline_script_hashes(html: str) -> set[str]:
    """The CSP source (``'sha256-…'``) of every inline script a browser would run in ``html``."""
    found = set()
    for attrs, body in _SCRIPT.findall(html):
        if _SRC.search(attrs):
            continue
        kind = _TYPE.search(attrs)
        if (kind.group(1).lower() if kind else "") not in _RUN_TYPES:
            continue
        found.add(_hash(body))
    return found


def offline_policy(html: str) -> str:
    """The policy of a page opened from a file (the workshop kit), where no server header applies:
    no network at all, only its own inline script and ``<style>`` blocks, by their hashes.

    Style attributes stay allowed (the bars' widths): a style attribute runs no code, and any
    address it names is refused by ``default-src 'none'``. Browsers without ``style-src-attr``
    fall back on ``style-src``, which allows the style blocks only.
    """
    styles = sorted({_hash(body) for body in _STYLE.findall(html)})
    return render({
        "default-src": ["'none'"],
        "script-src": sorted(inline_script_hashes(html)),
        "style-src": styles,
        "style-src-elem": styles,
        "style-src-attr": ["'unsafe-inline'"],
        "base-uri": ["'none'"],
        "form-action": ["'none'"],
    })


def with_meta_policy(html: str, policy: str) -> str:
    """``html`` with ``policy`` as a ``<meta>`` right after its charset (before anything it governs)."""
    found = _CHARSET.search(html) or _HEAD.search(html)
    if found is None:
        return html
    return html[:found.end()] + f'<meta {META_MARK} content="{policy}">' + html[found.end():]


def origin(url: str) -> str:
    """``https://host[:port]`` of an address, or "" for a relative one."""
    parts = urlsplit(url or "")
    if parts.scheme in ("http", "https") and parts.netloc:
        return f"{parts.scheme}://{parts.netloc}"
    return ""


def editor_origins(settings) -> tuple[list[str], list[str]]:
    """What the editor's page talks to (connect-src) and shows images from (img-src),
    from its settings (:class:`coopsite.editor.Settings`): its Git host only."""
    backend = getattr(settings, "backend", "")
    connect: list[str] = []
    images: list[str] = []
    if backend == "local":
        connect.append(origin(settings.proxy_url))
    elif backend == "github":
        connect.append("https://api.github.com")
        images.append("https://avatars.githubusercontent.com")
        connect.append(origin(settings.api_root))
    elif backend == "gitlab":
        host = origin(settings.base_url) or origin(settings.api_root) or "https://gitlab.com"
        connect += [host, origin(settings.api_root)]
        images += [host, "https://secure.gravatar.com"]  # GitLab shows Gravatar pictures by default
    elif backend == "gitea":
        host = origin(settings.base_url) or origin(settings.api_root)
        connect += [host, origin(settings.api_root)]
        images.append(host)
    return [o for o in dict.fromkeys(connect) if o], [o for o in dict.fromkeys(images) if o]


@dataclass
class Policies:
    """The site's policies, collected while the pages are written."""

    embed_origins: tuple[str, ...] = ()
    editor_settings: object = None
    site_hashes: set[str] = field(default_factory=set)
    admin_hashes: set[str] = field(default_factory=set)

    # -- the directives ---------------------------------------------------------------------

    def _site(self, hashes: Iterable[str]) -> dict[str, list[str]]:
        return {
            "default-src": ["'self'"],
            "script-src": ["'self'", "'wasm-unsafe-eval'", *sorted(hashes)],
            # Material and our modules set style attributes; styles cannot run code.
            "style-src": ["'self'", "'unsafe-inline'"],
            # Material's icons are data: SVG in its stylesheet; exports are blob: downloads.
            "img-src": ["'self'", "data:", "blob:"],
            "font-src": ["'self'"],
            # Our modules and Pagefind fetch the site's own files; nothing asks another origin
            # (the feeds' links are not the language versions Material's script fetches a site map for).
            "connect-src": ["'self'"],
            # The embedding guide shows the embeddable self-test in a frame.
            "frame-src": ["'self'"],
            "worker-src": ["'self'", "blob:"],
            "manifest-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }

    def _admin(self, hashes: Iterable[str]) -> dict[str, list[str]]:
        connect, images = editor_origins(self.editor_settings)
        return {
            "default-src": ["'self'"],
            # Decap CMS checks its configuration with AJV, which compiles each schema into a
            # function (new Function): the editor does not start without 'unsafe-eval'.
            "script-src": ["'self'", "'unsafe-eval'", *sorted(hashes)],
            # Decap CMS injects its styles at run time.
            "style-src": ["'self'", "'unsafe-inline'"],
            "img-src": ["'self'", "data:", "blob:", *images],
            "font-src": ["'self'", "data:"],
            "connect-src": ["'self'", *connect],
            "frame-src": ["'self'"],
            "object-src": ["'none'"],
            "base-uri": ["'self'"],
            "form-action": ["'self'"],
        }

    # -- what the pages and the servers get ---------------------------------------------------

    def frame_ancestors(self, url: str) -> list[str]:
        if url.startswith(config.SELFTEST_EMBED):
            return ["'self'", *self.embed_origins]
        return ["'none'"]

    def header(self, kind: str) -> str:
        """The header value for every page of ``kind`` ("site", "admin" or "embed")."""
        directives = (self._admin(self.admin_hashes) if kind == "admin" else self._site(self.site_hashes))
        directives["frame-ancestors"] = self.frame_ancestors(config.SELFTEST_EMBED if kind == "embed" else "")
        return render(directives)

    def secure(self, html: str, url: str) -> str:
        """``html`` with its policy as a ``<meta>`` (its own inline scripts only), its hashes
        added to the site's header policy. A page that already has one is left as it is."""
        hashes = inline_script_hashes(html)
        admin = url.startswith(ADMIN)
        (self.admin_hashes if admin else self.site_hashes).update(hashes)
        if f"<meta {META_MARK}" in html:  # the tag itself, not the words in a page's text
            return html
        directives = self._admin(hashes) if admin else self._site(hashes)
        return with_meta_policy(html, render(directives))


def render(directives: dict[str, list[str]]) -> str:
    return "; ".join(f"{name} {' '.join(values)}" for name, values in directives.items())
