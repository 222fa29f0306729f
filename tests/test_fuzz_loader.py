"""Fuzzing the loader: whatever the YAML, the answer is a Corpus or ValidationFailed.

Three sources of inputs, all bounded so that CI stays fast:

* raw text, random and YAML-flavoured (indentation, indicators, tags,
  anchors, quotes, control characters, very deep nesting);
* random YAML structures serialised as they come;
* structured mutations of the real case, event and grid files: a value
  replaced, a key dropped or added, a list emptied or duplicated.

Any other exception (KeyError, TypeError, RecursionError…) is a bug: an
editor would see a traceback instead of a French message.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from coopsite.structure.loader import load_corpus
from coopsite.structure.problems import ValidationFailed

ROOT = Path(__file__).resolve().parent.parent
# COOP_FUZZ_EXAMPLES=2000 for a longer hunt on a developer machine.
FUZZ = settings(max_examples=int(os.environ.get("COOP_FUZZ_EXAMPLES", "60")), deadline=None, derandomize=os.environ.get("COOP_FUZZ_EXAMPLES") is None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

CASE = sorted((ROOT / "cases").glob("*.yml"))[0]
EVENT = sorted((ROOT / "cases" / "evenements").glob("*.yml"))[0]
GRID = sorted((ROOT / "grid").glob("*.yml"))[0]


@pytest.fixture(scope="module")
def workspace():
    """A copy of the sources; each example overwrites one file, then puts it back."""
    with tempfile.TemporaryDirectory(prefix="coop-fuzz-") as tmp:
        root = Path(tmp)
        shutil.copytree(ROOT / "cases", root / "cases")
        shutil.copytree(ROOT / "grid", root / "grid")
        yield root


def _target(root: Path, original: Path) -> Path:
    return root / original.relative_to(ROOT)


def load_with(root: Path, original: Path, content: str | bytes) -> None:
    """Load the corpus with ``original`` replaced by ``content``: only ValidationFailed may escape."""
    target = _target(root, original)
    if isinstance(content, str):
        content = content.encode("utf-8", "surrogatepass")
    target.write_bytes(content)
    try:
        load_corpus(root)
    except ValidationFailed as failed:
        report = failed.report()
        assert isinstance(report, str) and report
    finally:
        shutil.copy(original, target)


# -- raw text ------------------------------------------------------------------------------------

YAML_BITS = st.sampled_from([
    "\n", "  ", "    ", "- ", ": ", "? ", "#", "&a ", "*a", "<<: ", "!!python/object:os.system ", "!!binary ",
    "!tag ", "---\n", "...\n", "[", "]", "{", "}", ",", "'", '"', "|\n", ">-\n", "\t", "%YAML 1.1\n",
    "id", "title", "quotes", "people", "indicators", "speaker", "text", "A1.1", "2021-10-20", "~", "null",
    "true", "0x1F", "1e400", ".nan", "-.inf", "2001-12-14t21:59:43.10-05:00", "\x00", "\ufeff", "\x85", "é",
    "\ud800",
])
RAW_TEXT = st.one_of(
    st.text(max_size=300),
    st.lists(YAML_BITS | st.text(max_size=8), max_size=60).map("".join),
    st.builds(lambda n, open_, close: open_ * n + "x" + close * n,
              st.integers(1, 5000), st.sampled_from(["[", "{", "- ", "a:\n "]), st.sampled_from(["]", "}", "", ""])),
)


@FUZZ
@given(text=RAW_TEXT)
def test_raw_text_as_a_case(workspace, text):
    load_with(workspace, CASE, text)


@FUZZ
@given(text=RAW_TEXT)
def test_raw_text_as_the_grid(workspace, text):
    load_with(workspace, GRID, text)


@FUZZ
@given(data=st.binary(max_size=300))
def test_raw_bytes_as_an_event(workspace, data):
    load_with(workspace, EVENT, data)


# -- random structures ---------------------------------------------------------------------------

SCALARS = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=40),
    st.sampled_from(["A1.1", "table-ronde-2021-10-20", "2021-10-20", "https://example.org/", "", " "]),
)
STRUCTURES = st.recursive(
    SCALARS,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=12), children, max_size=6),
    max_leaves=40,
)


@FUZZ
@given(data=STRUCTURES)
def test_random_structure_as_a_case(workspace, data):
    load_with(workspace, CASE, yaml.safe_dump(data, allow_unicode=True))


@FUZZ
@given(data=STRUCTURES)
def test_random_structure_as_the_grid(workspace, data):
    load_with(workspace, GRID, yaml.safe_dump(data, allow_unicode=True))


# -- mutations of the real files -----------------------------------------------------------------

def _paths(value, prefix=()):
    """Every path (tuple of keys and indexes) inside ``value``, the root included."""
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def _parent(data, path):
    for part in path[:-1]:
        data = data[part]
    return data


MUTATIONS = st.sampled_from(["replace", "drop", "add-key", "empty", "duplicate", "wrap"])


@st.composite
def mutated(draw, original: Path):
    data = yaml.safe_load(original.read_text("utf-8"))
    for _ in range(draw(st.integers(1, 3))):
        paths = list(_paths(data))[1:]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        parent, last = _parent(data, path), path[-1]
        kind = draw(MUTATIONS)
        if kind == "replace":
            parent[last] = draw(STRUCTURES)
        elif kind == "drop":
            del parent[last]
        elif kind == "add-key" and isinstance(parent[last], dict):
            parent[last][draw(st.text(max_size=12))] = draw(SCALARS)
        elif kind == "empty":
            parent[last] = type(parent[last])() if isinstance(parent[last], (dict, list, str)) else None
        elif kind == "duplicate" and isinstance(parent, list):
            parent.append(parent[last])
        elif kind == "wrap":
            parent[last] = [parent[last]]
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@FUZZ
@given(text=mutated(CASE))
def test_mutated_case(workspace, text):
    load_with(workspace, CASE, text)


@FUZZ
@given(text=mutated(EVENT))
def test_mutated_event(workspace, text):
    load_with(workspace, EVENT, text)


@FUZZ
@given(text=mutated(GRID))
def test_mutated_grid(workspace, text):
    load_with(workspace, GRID, text)


def test_unchanged_sources_load(workspace):
    """The workspace itself is valid: the mutations above start from good files."""
    load_corpus(workspace)
