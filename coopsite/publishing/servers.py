"""What a static host reads, written into the built site: an Apache ``.htaccess``,
a ``_headers`` file (hosts that read Netlify's format) and an nginx block
(``nginx.conf``, to include in a ``server { }``).

Each one gives the French 404 page, compression, a long cache for the files
whose name carries their content's fingerprint and a short one for pages,
and the security headers of :mod:`coopsite.publishing.security`. How to use
them: the guide « Publier le site » (``coopsite/shared/docs/publier.md.j2``).
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from .. import config
from .security import ADMIN, COMMON_HEADERS, Policies, inline_script_hashes

SERVER_FILES = (".htaccess", "_headers", "nginx.conf")
# Files whose name changes with their content: Material's bundles, Pagefind's chunks.
FINGERPRINTED = r"(\.[0-9a-f]{8,}\.min\.(css|js)|/pagefind/(fragment|index|filter)/[^/]+|\.pf_meta)$"
LONG_CACHE = "public, max-age=31536000, immutable"
SHORT_CACHE = "public, max-age=3600"
PAGE_CACHE = "no-cache"  # pages are checked again at each visit: an edit shows at once
COMPRESSED_TYPES = ("text/html", "text/css", "text/plain", "text/csv", "text/xml", "application/javascript",
                    "text/javascript", "application/json", "application/xml", "application/atom+xml",
                    "image/svg+xml", "application/wasm")
EXTRA_TYPES = (("application/javascript", ".js .mjs"), ("application/json", ".json"),
               ("application/wasm", ".wasm"), ("text/csv", ".csv"), ("image/svg+xml", ".svg"),
               ("application/atom+xml", ".atom"))


def base_path(site_url: str) -> str:
    """The path the site is published under, ``/`` or ``/cooperation/``."""
    path = urlsplit(site_url or "").path or "/"
    return path if path.endswith("/") else path + "/"


def _header_lines(policies: Policies, kind: str) -> list[tuple[str, str]]:
    return [*COMMON_HEADERS, ("Content-Security-Policy", policies.header(kind))]


def htaccess(policies: Policies, base: str) -> str:
    embed, admin = base + config.SELFTEST_EMBED, base + ADMIN
    lines = [
        "# Written by the build (coopsite/publishing/servers.py): edit the project, not this file.",
        "# Apache 2.4, modules headers, deflate and filter (all in a standard installation).",
        f"ErrorDocument 404 {base}404.html",
        "AddDefaultCharset utf-8",
        *(f"AddType {kind} {exts}" for kind, exts in EXTRA_TYPES),
        "<IfModule mod_deflate.c>",
        f"  AddOutputFilterByType DEFLATE {' '.join(COMPRESSED_TYPES)}",
        "</IfModule>",
        "<IfModule mod_headers.c>",
    ]
    lines += [f'  Header always set {name} "{value}"' for name, value in COMMON_HEADERS]
    for kind, test in (("site", None), ("embed", embed), ("admin", admin)):
        value = policies.header(kind)
        if test is None:
            lines.append(f'  Header always set Content-Security-Policy "{value}"')
        else:
            lines += [f'  <If "%{{REQUEST_URI}} =~ m#^{test}#">',
                      f'    Header always set Content-Security-Policy "{value}"', "  </If>"]
    lines += [
        f'  Header set Cache-Control "{SHORT_CACHE}"',
        '  <FilesMatch "\\.html$">', f'    Header set Cache-Control "{PAGE_CACHE}"', "  </FilesMatch>",
        f'  <If "%{{REQUEST_URI}} =~ m#{FINGERPRINTED}#">',
        f'    Header set Cache-Control "{LONG_CACHE}"', "  </If>",
        "</IfModule>",
        "# The other hosts' files are not pages of the site.",
        "<IfModule mod_alias.c>", "  RedirectMatch 404 (^|/)(_headers|nginx\\.conf)$", "</IfModule>",
        '<FilesMatch "^(_headers|nginx\\.conf)$">', "  Require all denied", "</FilesMatch>",
        "",
    ]
    return "\n".join(lines)


def _rules(tree: dict, base: str, rel: str, special: dict[str, str]) -> list[tuple[str, str]]:
    """(path pattern, kind) covering every page under ``rel`` once: a folder that
    holds a special folder (admin, embed) is split, so that no two rules meet."""
    rules = []
    for name, child in sorted(tree.items()):
        if child is None:  # a page directly in a folder that is split
            rules.append((base + rel + name, "site"))
            if name == "index.html":
                rules.append((base + rel, "site"))
            continue
        here = rel + name + "/"
        kind = special.get(here)
        if kind:
            rules.append((base + here + "*", kind))
        elif any(s.startswith(here) for s in special):
            rules += _rules(child, base, here, special)
        else:
            rules.append((base + here + "*", "site"))
    return rules


def headers_file(policies: Policies, base: str, pages: list[str]) -> str:
    """Netlify's ``_headers`` format. Rules that match the same address add up there, and two
    policies would both apply: so the policy rules cover disjoint paths, built from the pages."""
    tree: dict = {}
    for page in pages:
        parts = PurePosixPath(page).parts
        node = tree
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = None
    special = {config.SELFTEST_EMBED: "embed", ADMIN: "admin"}
    lines = ["# Written by the build (coopsite/publishing/servers.py): edit the project, not this file.",
             f"{base}*"]
    lines += [f"  {name}: {value}" for name, value in COMMON_HEADERS]
    lines.append(f"  Cache-Control: {SHORT_CACHE}")
    for pattern, kind in _rules(tree, base, "", special):
        lines += [pattern, f"  Content-Security-Policy: {policies.header(kind)}"]
    lines += [f"{base}assets/javascripts/*", f"  Cache-Control: {LONG_CACHE}",
              f"{base}assets/stylesheets/*", f"  Cache-Control: {LONG_CACHE}",
              f"{base}pagefind/fragment/*", f"  Cache-Control: {LONG_CACHE}",
              f"{base}pagefind/index/*", f"  Cache-Control: {LONG_CACHE}", ""]
    return "\n".join(lines)


def nginx_conf(policies: Policies, base: str) -> str:
    """Directives to include inside a ``server { }`` block. nginx forgets the server's
    ``add_header`` in a location that has its own: each location repeats them all."""

    def headers(kind: str, cache: str) -> list[str]:
        out = [f'    add_header {name} "{value}" always;' for name, value in _header_lines(policies, kind)]
        return out + [f'    add_header Cache-Control "{cache}" always;']

    lines = [
        "# Written by the build (coopsite/publishing/servers.py): edit the project, not this file.",
        "# Include it inside a server { } block whose root is the built site (see « Publier le site »).",
        "charset utf-8;",
        "gzip on;",
        "gzip_vary on;",
        f"gzip_types {' '.join(t for t in COMPRESSED_TYPES if t != 'text/html')};",
        f"error_page 404 {base}404.html;",
        f"location = {base}nginx.conf {{ return 404; }}",
        f"location = {base}_headers {{ return 404; }}",
        f"location = {base}.htaccess {{ return 404; }}",
        f"location ^~ {base}{ADMIN} {{", *headers("admin", PAGE_CACHE),
        # js-yaml is an ES module (.mjs), which nginx's usual mime.types does not name.
        "    location ~ \\.mjs$ {", "        default_type application/javascript;",
        *("    " + line for line in headers("admin", PAGE_CACHE)), "    }", "}",
        f"location ^~ {base}{config.SELFTEST_EMBED} {{", *headers("embed", PAGE_CACHE), "}",
        f"location ~ \"{FINGERPRINTED}\" {{", *headers("site", LONG_CACHE), "}",
        "location ~ \\.html$ {", *headers("site", PAGE_CACHE), "}",
        f"location {base} {{", *headers("site", SHORT_CACHE), "    try_files $uri $uri/ =404;", "}",
        "",
    ]
    return "\n".join(lines)


def write_server_files(site_dir: Path, policies: Policies, site_url: str, pages: list[str]) -> None:
    base = base_path(site_url)
    for name, text in ((".htaccess", htaccess(policies, base)), ("_headers", headers_file(policies, base, pages)),
                       ("nginx.conf", nginx_conf(policies, base))):
        (site_dir / name).write_text(text, encoding="utf-8")


def harden_site(site_dir: Path, policies: Policies, site_url: str, secured: set[str] = frozenset()) -> int:
    """Give every page of a built site its policy (``<meta>``) and write the server files.

    ``secured``: pages the build already went through (MkDocs hands each page to
    :meth:`Policies.secure` as it writes it); the others are read here. The
    workshop kit is opened from a USB stick too: it keeps its own ``<meta>``, which
    forbids the network (:func:`~coopsite.publishing.security.offline_policy`), and
    its scripts' hashes go into the servers' policy. Returns the number of pages.
    """
    pages = []
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        pages.append(rel)
        if rel in secured:
            continue
        text = path.read_text(encoding="utf-8")
        if rel == config.SELFTEST_KIT:
            policies.site_hashes.update(inline_script_hashes(text))
            continue
        url = rel.removesuffix("index.html")
        secured_text = policies.secure(text, url)
        if secured_text != text:
            path.write_text(secured_text, encoding="utf-8")
    write_server_files(site_dir, policies, site_url, pages)
    return len(pages)
