"""The site's MkDocs hooks: mkdocs.yml names this file (``hooks:`` takes file paths only).

Everything is in the generator's adapter, ``coopsite/adapter/hooks.py``.
"""

from coopsite.adapter.hooks import *  # noqa: F401,F403
