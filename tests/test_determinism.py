"""Two builds of the same sources give the same bytes, the sitemap's dates and the
search index's chunk names aside.

Pagefind (``pagefind/``) numbers the records in the order its threads finish
them, so its chunk names and files differ from one build to the next while
what they index is the same: for it, the number of records is compared.

A reproducible site can be diffed between releases and cached by its hash.
The builds use a ``SITE_URL`` so that everything depending on it (share
links, QR codes of the handouts) is compared too.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT, mkdocs_build

pytestmark = pytest.mark.build

SITEMAP_DATE = re.compile(rb"<lastmod>[^<]*</lastmod>")


def digest(site: Path) -> dict[str, str]:
    """{relative path: sha256} of every file, the sitemap's dates removed."""
    result = {}
    for path in sorted(p for p in site.rglob("*") if p.is_file()):
        rel = path.relative_to(site).as_posix()
        if rel.startswith("pagefind/"):
            continue
        data = path.read_bytes()
        if rel == "sitemap.xml.gz":
            data = gzip.decompress(data)  # the gzip header holds a time too
        if rel.startswith("sitemap.xml"):
            data = SITEMAP_DATE.sub(b"<lastmod/>", data)
        result[rel] = hashlib.sha256(data).hexdigest()
    return result


def test_two_builds_are_identical(tmp_path):
    env = {"SITE_URL": "https://example.org/cooperation/"}
    first, second = tmp_path / "un", tmp_path / "deux"
    for dest in (first, second):
        result = mkdocs_build(ROOT, dest, env)
        assert result.returncode == 0, result.stderr[-4000:]
    one, two = digest(first), digest(second)
    assert sorted(one) == sorted(two)
    assert [rel for rel in one if one[rel] != two[rel]] == []
    assert len(one) > 50
    entries = [json.loads((site / "pagefind" / "pagefind-entry.json").read_text("utf-8")) for site in (first, second)]
    assert entries[0]["languages"]["fr"]["page_count"] == entries[1]["languages"]["fr"]["page_count"] > 50


def test_pages_rendered_by_two_processes_are_the_pages_of_one(monkeypatch, alone):
    """On a large corpus a fork renders every other page (coopsite/site.py): the same files, in the
    same order, byte for byte. Shown here on the real content with the threshold lowered."""
    from coopsite import site
    from coopsite.structure.loader import load_corpus

    corpus = load_corpus(ROOT)
    here = []  # the pages rendered in this process (a fork's list is its own)
    real_render = site._PageJob.render
    monkeypatch.setattr(site._PageJob, "render", lambda job, renderer: (here.append(job.url),
                                                                          real_render(job, renderer))[1])
    one = site.generate(corpus, site_url="https://example.org/cooperation/")
    every = len(here)
    here.clear()
    monkeypatch.setattr(site, "PARALLEL_PAGES", 10)
    two = site.generate(corpus, site_url="https://example.org/cooperation/")
    assert every > 50 and len(here) == (every + 1) // 2  # the other half was rendered by the fork
    assert [(f.src_uri, f.content, f.source, f.in_nav) for f in two] == \
        [(f.src_uri, f.content, f.source, f.in_nav) for f in one]
