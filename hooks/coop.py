"""MkDocs adapter: the only place that knows about MkDocs.

It asks the core (``coopsite``) for the corpus and the generated files,
and hands them to MkDocs as virtual files. Nothing is written to ``docs/``.
MkDocs does not reload this module under ``mkdocs serve``, so the per-build
state is reset in ``on_config``.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, InclusionLevel

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # a checkout used without `pip install -e .`
    sys.path.insert(0, str(ROOT))

from coopsite.site import generate  # noqa: E402
from coopsite.structure.loader import load_corpus  # noqa: E402
from coopsite.structure.problems import ValidationFailed  # noqa: E402

log = logging.getLogger("mkdocs.hooks.coop")
_state: dict = {}


def on_config(config, **kwargs):
    _state.clear()
    root = Path(config.config_file_path).resolve().parent
    try:
        corpus = load_corpus(root)
    except ValidationFailed as failed:
        raise PluginError(failed.report()) from None
    _state["root"] = root
    _state["generated"] = generate(corpus)
    return config


def on_files(files, config, **kwargs):
    root = _state["root"]
    for item in _state["generated"]:
        inclusion = InclusionLevel.INCLUDED if item.in_nav or not item.is_page else InclusionLevel.NOT_IN_NAV
        existing = files.get_file_from_path(item.src_uri)
        if existing is not None:
            raise PluginError(f"docs/{item.src_uri} masquerait une page générée : renommez ou retirez ce fichier.")
        file = File.generated(config, item.src_uri, content=item.content, inclusion=inclusion)
        if item.source is not None:
            file.edit_uri = item.source.resolve().relative_to(root).as_posix()
        files.append(file)
    return files
