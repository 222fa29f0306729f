"""What outlives a build is in coopsite/memos.py, named, with its rule; nothing else keeps state."""

from __future__ import annotations

import ast
from pathlib import Path

import coopsite.cards
import coopsite.publishing.sitemap
import coopsite.site
import coopsite.structure.loader  # noqa: F401 - each module names its memo on import
from coopsite import memos
from coopsite.memos import GenerationMemo, Memo

PACKAGE = Path(coopsite.memos.__file__).parent


def test_every_memo_is_named_and_listed_in_the_memos_module():
    names = {memo.name for memo in memos.MEMOS}
    assert {"with_card", "page_titles", "card_keys", "mkdocs_configs"} <= names
    table = memos.__doc__
    for name in names:
        assert f"``{name}``" in table, f"{name} n'est pas dans la table de coopsite/memos.py"


def test_no_module_keeps_state_of_its_own():
    """No ``global`` statement and no empty dict, list or set at module level, outside memos.py:
    a build's state is its BuildState, what outlives it a memo (or the preview's Session)."""
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        if path.name == "memos.py" or "template" in path.parts:
            continue
        tree = ast.parse(path.read_text("utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.Global):
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} global {', '.join(node.names)}")
        for node in tree.body:
            value = node.value if isinstance(node, (ast.Assign, ast.AnnAssign)) else None
            empty = isinstance(value, (ast.Dict, ast.List, ast.Set)) and not (
                getattr(value, "keys", None) or getattr(value, "elts", None))
            called = isinstance(value, ast.Call) and ast.unparse(value.func) in ("dict", "list", "set", "defaultdict")
            if empty or called:
                found.append(f"{path.relative_to(PACKAGE)}:{node.lineno} {ast.unparse(node)}")
    assert found == []


def test_a_bounded_memo_drops_everything_past_its_limit():
    memo = Memo("essai-borne", limit=2)
    try:
        assert memo.put("a", 1) == 1 and memo.get("a") == 1 and memo.get("z") is None
        memo.put("b", 2)
        memo.put("c", 3)  # the limit is reached: all are dropped, then c is kept
        assert (memo.get("a"), memo.get("b"), memo.get("c"), len(memo)) == (None, None, 3, 1)
    finally:
        memos.MEMOS.remove(memo)


def test_a_generation_memo_keeps_what_the_last_generation_used():
    memo = GenerationMemo("essai-generation")
    try:
        memo.put("page-1", "texte 1")
        memo.put("page-2", "texte 2")
        assert memo.get("page-1") is None  # made in this generation: kept for the next one only
        memo.end()
        assert memo.get("page-1") == "texte 1"  # read: kept
        memo.put("page-3", "texte 3")  # made
        memo.end()  # page-2, neither read nor made, is dropped
        assert (memo.get("page-1"), memo.get("page-2"), memo.get("page-3")) == ("texte 1", None, "texte 3")
        memos.clear_all()
        memo.end()
        assert memo.get("page-1") is None and len(memo) == 0
    finally:
        memos.MEMOS.remove(memo)
