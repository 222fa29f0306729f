"""The off-line workshop kit: one file, ``/autodiagnostic/atelier.html``.

A facilitator downloads it once and opens it from a USB stick or the
downloads folder (``file://``), with no network: the self-test, the mutual
diagnosis (links, paper lines, JSON files), the printable questionnaire and
the grid, everything inlined. No ES-module import and no fetch, which a
browser refuses or cannot do from ``file://``.

It is made from the site's own files, never from copies: the same templates
(the self-test's tool, the collective page, the questionnaire), the same
stylesheets and the same ES modules of ``assets/autodiagnostic/`` (the site's own
or the shared ones, :mod:`coopsite.layers`), which
:func:`bundle` turns into one classic script: each module becomes a function
scope that returns its exports, in dependency order.
"""

from __future__ import annotations

import re
from pathlib import Path

import markdown

from . import config
from .collective import LIMITS, collective_payload_json
from .generated import GeneratedFile
from .layers import asset
from .publishing.security import offline_policy, with_meta_policy
from .renderer import Renderer
from .selftest import payload_json
from .structure.model import Corpus

KIT = config.SELFTEST_KIT
ASSETS = "assets/autodiagnostic"
ENTRIES = ("app", "collective")
STYLES = ("selftest.css", "collective.css", "kit.css")
PRINT_STYLES = ("assets/stylesheets/print.css",)

IMPORT = re.compile(r'^import\s*\{([^}]*)\}\s*from\s*"\./([\w-]+)\.js";[ \t]*$', re.MULTILINE)
DYNAMIC = re.compile(r'\bimport\("\./([\w-]+)\.js"\)')
EXPORT = re.compile(r"^export\s+((?:async\s+)?function\*?|const|let|class)\s+(\w+)", re.MULTILINE)


class KitError(Exception):
    """A module the bundler cannot read (a form of import or export it does not know)."""


def _module(folder: Path, name: str) -> tuple[str, list[tuple[str, str]], list[str], list[str]]:
    """(code without its imports and export keywords, imports, dynamic imports, exported names)."""
    code = (folder / f"{name}.js").read_text("utf-8")
    imports = [(m.group(2), m.group(1)) for m in IMPORT.finditer(code)]
    code = IMPORT.sub("", code)
    if re.search(r"^\s*(import|export)\b(?!\s*\()", EXPORT.sub(r"\1 \2", code), re.MULTILINE):
        raise KitError(f"{name}.js : forme d'import ou d'export non prise en charge par le kit")
    dynamic = DYNAMIC.findall(code)
    exports = [m.group(2) for m in EXPORT.finditer(code)]
    code = EXPORT.sub(r"\1 \2", code)
    code = DYNAMIC.sub(lambda m: f'Promise.resolve(__kit["{m.group(1)}"])', code)
    code = code.replace("import.meta.url", "document.baseURI")
    return code, imports, dynamic, exports


def _names(spec: str) -> str:
    """``a, b as c`` → ``a, b: c`` (a destructuring pattern)."""
    parts = [p.strip() for p in spec.replace("\n", " ").split(",") if p.strip()]
    return ", ".join(p.replace(" as ", ": ") for p in parts)


def bundle(folder: Path, entries: tuple[str, ...] = ENTRIES) -> str:
    """The modules reachable from ``entries`` as one classic script."""
    modules: dict[str, tuple] = {}
    order: list[str] = []

    def visit(name: str, path: tuple[str, ...] = ()) -> None:
        if name in order:
            return
        if name in path:
            raise KitError(f"import circulaire : {' → '.join((*path, name))}")
        if name not in modules:
            modules[name] = _module(folder, name)
        for dep, _ in modules[name][1]:
            visit(dep, (*path, name))
        order.append(name)
        for dep in modules[name][2]:  # loaded on demand on the site: defined after, used later
            visit(dep)

    for entry in entries:
        visit(entry)
    out = ["\"use strict\";", "const __kit = {};"]
    for name in order:
        code, imports, _, exports = modules[name]
        head = "".join(f'  const {{ {_names(spec)} }} = __kit["{dep}"];\n' for dep, spec in imports)
        out.append(f'__kit["{name}"] = (() => {{\n{head}{code}\n  return {{ {", ".join(exports)} }};\n}})();')
    return "\n".join(out) + "\n"


def _page_html(text: str) -> str:
    """A generated Markdown page as HTML, without its front matter, title and asset links."""
    if text.startswith("---\n"):
        text = text[4:].split("\n---\n", 1)[1]
    text = re.sub(r'<div class="coop-st-assets" hidden>.*?</div>\n', "", text, flags=re.DOTALL)
    text = re.sub(r"^# .*\n", "", text, count=1, flags=re.MULTILINE)
    return markdown.markdown(text, extensions=["md_in_html", "attr_list", "admonition"])


def kit_files(corpus: Corpus, renderer: Renderer, site_url: str = "") -> list[GeneratedFile]:
    """The kit, made from the site's assets, or the shared ones where it has none of its own."""
    root = corpus.root
    # Every part is rendered from the kit's own folder, so that its links lead to
    # the site's pages when the kit is opened there.
    here = KIT.rsplit("/", 1)[0] + "/"
    tool = renderer.render("selftest/tool.html.j2", here=here, payload_json=payload_json(corpus, here), embed=False)
    collective = _page_html(renderer.render(
        "selftest/collective.md.j2", here=here, limits=LIMITS,
        payload_json=collective_payload_json(corpus, here), asset=lambda name: name))
    # Both tools are on this one page: the second keeps its own anchor.
    collective = collective.replace('id="outil" data-coop-collective', 'id="outil-mutuel" data-coop-collective')
    questionnaire = _page_html(renderer.render("selftest/questionnaire.md.j2", here=here))
    styles = [asset(root, f"{ASSETS}/{name}").read_text("utf-8") for name in STYLES]
    styles += [asset(root, path).read_text("utf-8") for path in PRINT_STYLES]
    page = renderer.render("selftest/kit.html.j2", here=here, tool=tool, collective=collective,
                           questionnaire=questionnaire, styles=styles, script=bundle(asset(root, f"{ASSETS}/app.js").parent),
                           site_address=config.share_url(site_url, config.SELFTEST))
    # Opened from a file, no server header applies: its own policy forbids the network.
    return [GeneratedFile(KIT, with_meta_policy(page, offline_policy(page)))]
