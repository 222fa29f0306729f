"""Share-ready pages: Open Graph and Twitter meta, canonical URL, edit link, QR codes.

One strict build of the real content with SITE_URL, REPO_URL and EDIT_URI
set; the session's ``built_site`` (no SITE_URL) covers the other case.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
import segno

from conftest import PUBLIC_ENV, ROOT, mkdocs_build
from coopsite import config
from coopsite.qrcodes import BORDER, ERROR_LEVEL, MASK
from coopsite.structure.loader import load_corpus

pytestmark = pytest.mark.build

SITE_URL = "https://example.org/cooperation/"
REPO_URL = "https://forge.example.org/pqn-a/cooperation"
EDIT_URI = "edit/main/"


@pytest.fixture(scope="module")
def shared_site(public_site) -> Path:
    assert PUBLIC_ENV == {"SITE_URL": SITE_URL, "REPO_URL": REPO_URL, "EDIT_URI": EDIT_URI}
    return public_site


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


class Head(HTMLParser):
    def __init__(self):
        super().__init__()
        self.meta: dict[str, list[str]] = {}
        self.links: dict[str, list[str]] = {}
        self.imgs: list[dict] = []
        self.anchors: list[dict] = []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "meta":
            key = attrs.get("property") or attrs.get("name")
            if key:
                self.meta.setdefault(key, []).append(attrs.get("content", ""))
        elif tag == "link" and attrs.get("rel"):
            self.links.setdefault(attrs["rel"], []).append(attrs.get("href", ""))
        elif tag == "img":
            self.imgs.append(attrs)
        elif tag == "a":
            self.anchors.append(attrs)


def parse(path: Path) -> Head:
    head = Head()
    head.feed(path.read_text("utf-8"))
    return head


def pages(site: Path) -> list[Path]:
    """Every page meant to be shared: the self-test's iframe embed (not a page of its own,
    its canonical address is the full self-test's) and pages marked ``noindex`` are left out."""
    return sorted(p for p in site.rglob("index.html") if "noindex" not in parse(p).meta.get("robots", [])
                  and not p.relative_to(site).as_posix().startswith(config.SELFTEST_EMBED))


def test_the_embed_sends_search_engines_to_the_full_self_test(shared_site):
    head = parse(shared_site / config.SELFTEST_EMBED / "index.html")
    assert head.links.get("canonical") == [SITE_URL + config.SELFTEST]
    assert "noindex" not in head.meta.get("robots", [])


def page_url(site: Path, path: Path) -> str:
    rel = path.parent.relative_to(site).as_posix()
    return "" if rel == "." else rel + "/"


def test_every_page_has_share_meta_for_the_configured_site_url(shared_site):
    found = pages(shared_site)
    assert len(found) > 50
    for path in found:
        head = parse(path)
        where = path.relative_to(shared_site).as_posix()
        expected = SITE_URL + page_url(shared_site, path)
        for key in ("og:title", "og:description", "og:url", "og:type", "og:locale", "og:site_name",
                    "twitter:card", "twitter:title", "twitter:description"):
            assert len(head.meta.get(key, [])) == 1, f"{where} : {key}"
            assert head.meta[key][0].strip(), f"{where} : {key} vide"
        assert head.meta["og:url"] == [expected], where
        assert head.links.get("canonical") == [expected], where
        assert head.meta["og:locale"] == ["fr_FR"]
        # A page with an image card gets a large Twitter card (tests/test_cards.py), the others none.
        assert head.meta["twitter:card"] == (["summary_large_image"] if "og:image" in head.meta else ["summary"])
        assert head.meta["og:description"] == head.meta.get("description"), where


def test_page_titles_and_descriptions_come_from_the_page(shared_site, corpus):
    case = corpus.cases[0]
    head = parse(shared_site / config.case_url(case) / "index.html")
    assert head.meta["og:title"] == [case.title]
    assert head.meta["og:type"] == ["article"]
    assert case.territory in head.meta["og:description"][0]
    home = parse(shared_site / "index.html")
    assert home.meta["og:title"] == ["Coopérer sur les territoires"]
    assert home.meta["og:type"] == ["website"]


def test_without_site_url_there_is_no_guessed_address(built_site):
    for path in pages(built_site):
        head = parse(path)
        assert "og:url" not in head.meta, path
        assert "canonical" not in head.links, path
        assert head.meta.get("og:title"), path


def test_edit_button_opens_the_yaml_source(shared_site, corpus):
    for case in corpus.cases:
        head = parse(shared_site / config.case_url(case) / "index.html")
        edits = [a["href"] for a in head.anchors if a.get("rel") == "edit"]
        assert edits == [f"{REPO_URL}/{EDIT_URI}cases/{case.id}.yml"]
    grid_page = parse(shared_site / config.GRID / "index.html")
    assert [a["href"] for a in grid_page.anchors if a.get("rel") == "edit"] == [
        f"{REPO_URL}/{EDIT_URI}grid/{corpus.grid.source_path.name}"]
    own_page = parse(shared_site / "performances" / "index.html")
    assert [a["href"] for a in own_page.anchors if a.get("rel") == "edit"] == [f"{REPO_URL}/{EDIT_URI}docs/performances.md"]
    # A page the generator shares is not in the site's sources: no button would lead to it.
    data_page = parse(shared_site / "donnees" / "index.html")
    assert not [a for a in data_page.anchors if a.get("rel") == "edit"]


def test_no_edit_button_without_repo_url(built_site, corpus):
    head = parse(built_site / config.case_url(corpus.cases[0]) / "index.html")
    assert not [a for a in head.anchors if a.get("rel") == "edit"]


# -- QR codes ----------------------------------------------------------------------------------

def svg_matrix(svg: str) -> list[list[int]]:
    """The dark modules drawn by segno's SVG path (``M``/``m`` moves, ``h`` runs)."""
    size = int(re.search(r'viewBox="0 0 (\d+) \1"', svg).group(1)) - 2 * BORDER
    path = re.search(r'<path stroke="#000" d="([^"]+)"', svg).group(1)
    grid = [[0] * size for _ in range(size)]
    x = y = 0.0
    for op, args in re.findall(r"([MmHh])([^MmHh]+)", path):
        nums = [float(n) for n in re.findall(r"-?\d+(?:\.\d+)?", args)]
        if op == "M":
            x, y = nums
        elif op == "m":
            x, y = x + nums[0], y + nums[1]
        else:
            length = nums[0] if op == "h" else nums[0] - x
            row = int(y - 0.5) - BORDER
            for col in range(int(x), int(x + length)):
                grid[row][col - BORDER] = 1
            x += length
    return grid


def expected_matrix(address: str) -> list[list[int]]:
    """segno's own encoding of ``address`` (it cannot decode, so we re-encode and compare)."""
    code = segno.make(address, error=ERROR_LEVEL, micro=False, boost_error=False, mask=MASK)
    return [[1 if module else 0 for module in row] for row in code.matrix]


def test_handout_qr_codes_decode_to_the_right_urls(shared_site, corpus):
    for event in corpus.events:
        folder = shared_site / config.handout_url(event)
        head = parse(folder / "index.html")
        imgs = [img for img in head.imgs if "coop-handout__qr" in img.get("class", "")]
        targets = [config.event_url(event), *(config.case_url(c) for c in event.cases), config.SELFTEST]
        assert len(imgs) == len(targets)
        for img, target in zip(imgs, targets):
            address = SITE_URL + target
            assert img["alt"] == f"Code QR vers {address}"
            svg = (folder / img["src"]).read_text("utf-8")
            assert svg_matrix(svg) == expected_matrix(address), f"{img['src']} ne mène pas à {address}"
            # A code for another address differs: the comparison is not vacuous.
            assert svg_matrix(svg) != expected_matrix(address + "x")
            assert (shared_site / target / "index.html").is_file(), target


def test_handout_without_site_url_shows_no_code(built_site, corpus):
    for event in corpus.events:
        folder = built_site / config.handout_url(event)
        html = (folder / "index.html").read_text("utf-8")
        assert "SITE_URL" in html
        assert "Codes QR indisponibles" in html
        assert not list(folder.glob("*.svg"))
        assert "coop-handout__qr" not in html


def test_qr_svg_is_made_at_build_time_without_third_party(shared_site, corpus):
    folder = shared_site / config.handout_url(corpus.events[0])
    for svg in folder.glob("*.svg"):
        text = svg.read_text("utf-8")
        assert "http://www.w3.org/2000/svg" in text
        assert not re.search(r"(?:href|src)=", text)


def test_handout_qr_codes_are_read_by_a_real_decoder(shared_site, corpus, browser):
    """Each built SVG, drawn by Chromium and read by ZXing (a decoder that shares
    no code with segno), holds exactly the address it is labelled with."""
    import base64
    import io

    import zxingcpp
    from PIL import Image

    page = browser.new_page(viewport={"width": 480, "height": 480})
    try:
        for event in corpus.events:
            folder = shared_site / config.handout_url(event)
            imgs = [img for img in parse(folder / "index.html").imgs if "coop-handout__qr" in img.get("class", "")]
            assert imgs
            for img in imgs:
                svg = (folder / img["src"]).read_bytes()
                data = base64.b64encode(svg).decode("ascii")
                page.set_content(
                    '<body style="margin:0;background:#fff">'
                    f'<img alt="" src="data:image/svg+xml;base64,{data}" '
                    'style="width:400px;height:400px;image-rendering:pixelated"></body>')
                png = page.locator("img").screenshot()
                found = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)).convert("L"))
                assert [code.text for code in found] == [img["alt"].removeprefix("Code QR vers ")], img["src"]
                assert found[0].text.startswith(SITE_URL)
    finally:
        page.close()
