"""The site at 320 and 390 px (phones) and 1280 px (desktop).

No page scrolls sideways; the radar's labels stay inside the chart; the
self-test's sticky dock (progress and « Voir mes résultats ») stays in view,
never hides the focused answer, and leads to the results; pages kept out of
the nav still have their table of contents in the mobile drawer.
"""

from __future__ import annotations

import pytest

from conftest import watched_page
from test_selftest_browser import answer_quickly

pytestmark = pytest.mark.browser

WIDTHS = (320, 390, 1280)
PAGES = {
    "accueil": "",
    "table ronde": "tables-rondes/table-ronde-2021-10-20/",
    "témoignage": "temoignages/cap-solidaire/",
    "témoin": "temoignages/stephane-bossuet/",
    "indicateur": "grille/a1-1/",
    "grille": "grille/",
    "couverture": "couverture/",
    "paroles": "paroles/",
    "autodiagnostic": "autodiagnostic/",
    "intégrable": "autodiagnostic/embed/",
    "fonctionnement": "autodiagnostic/fonctionnement/",
    "données": "donnees/",
}
# The self-test filled in: « Pleinement » everywhere (the widest labels,
# « 100 % ») but one main objective left blank (a hollow dot at the centre).
ALL_BUT_C3 = "#r=1;grille-ptce-2012;1.0-travail;" + "3333" * 8 + "----"

# Elements that stick out of the viewport without a horizontally scrollable
# ancestor: content that a reader cannot reach without scrolling the page.
OVERFLOW = """() => {
  const width = document.documentElement.clientWidth;
  const scrolls = (el) => { for (let p = el.parentElement; p; p = p.parentElement) {
      const s = getComputedStyle(p);
      if (p.scrollWidth > p.clientWidth && ["auto", "scroll"].includes(s.overflowX)) return true; }
    return false; };
  const out = [];
  for (const el of document.body.querySelectorAll("*")) {
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height || r.right <= width + 1 || r.left < 0) continue;
    if (!el.checkVisibility({opacityProperty: true, visibilityProperty: true}) || scrolls(el)) continue;
    out.push(`${el.tagName.toLowerCase()}.${el.className} (${Math.round(r.right)} px)`);
  }
  return {scrollWidth: document.documentElement.scrollWidth, width, out: out.slice(0, 5)};
}"""


@pytest.fixture(params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def sized(request, browser, site_url):
    context, pg = watched_page(browser, site_url)
    pg.set_viewport_size({"width": request.param, "height": 844 if request.param < 800 else 900})
    yield pg
    context.close()


@pytest.fixture(scope="module", params=WIDTHS, ids=[f"{w}px" for w in WIDTHS])
def reader(request, browser, site_url):
    """One page per width for the read-only visits below: opening a page costs about as much
    as the check itself. Each visit starts with empty storage, as in a fresh page."""
    context, pg = watched_page(browser, site_url)
    pg.set_viewport_size({"width": request.param, "height": 844 if request.param < 800 else 900})
    yield pg
    context.close()


@pytest.mark.parametrize("path", list(PAGES.values()), ids=list(PAGES))
def test_no_horizontal_scrolling(reader, site_url, path):
    if reader.url.startswith(site_url):
        reader.evaluate("() => { localStorage.clear(); sessionStorage.clear(); }")
    reader.goto(site_url + path)
    reader.wait_for_load_state("load")
    found = reader.evaluate(OVERFLOW)
    assert found["scrollWidth"] <= found["width"], found
    assert found["out"] == [], found


def test_overflow_check_sees_a_wide_element(sized, site_url):
    """The check above is not blind: a 2000 px wide block is caught."""
    sized.goto(site_url)
    sized.evaluate("document.querySelector('.md-content').prepend(Object.assign(document.createElement('div'), "
                   "{style: 'width: 2000px; height: 10px'}))")
    found = sized.evaluate(OVERFLOW)
    assert found["scrollWidth"] > found["width"] or found["out"]


RADAR = """() => {
  const svg = document.querySelector("[data-st=results] svg.coop-st__radar");
  const box = svg.viewBox.baseVal;
  const inBox = (b) => b.x >= box.x && b.y >= box.y && b.x + b.width <= box.x + box.width
    && b.y + b.height <= box.y + box.height;
  const texts = [...svg.querySelectorAll("text")].map((t) => {
    const b = t.getBBox(), r = t.getBoundingClientRect();
    return {text: t.textContent, ring: t.classList.contains("coop-st__radar-ring"), inBox: inBox(b),
            left: r.left, right: r.right, bbox: [b.x, b.y, b.width, b.height]};
  });
  const dots = [...svg.querySelectorAll("circle")].map((c) => { const b = c.getBBox();
    return {x: b.x, y: b.y, width: b.width, height: b.height}; });
  return {texts, dots, width: document.documentElement.clientWidth};
}"""


def overlaps(a, b) -> bool:
    ax, ay, aw, ah = a
    return ax < b["x"] + b["width"] and b["x"] < ax + aw and ay < b["y"] + b["height"] and b["y"] < ay + ah


@pytest.mark.parametrize("fragment", ["", ALL_BUT_C3], ids=["mixte", "100 % sauf C3"])
def test_radar_labels_inside_the_chart_and_the_screen(sized, site_url, fragment):
    sized.goto(site_url + "autodiagnostic/")
    sized.wait_for_selector("[data-st=progress]")
    if fragment:  # load a shared link's answers into the test
        sized.goto(site_url + "autodiagnostic/" + fragment)
        sized.click("[data-st=load-shared]")
    else:  # the chart is the subject, not the mouse (test_selftest_browser checks it)
        questions = sized.locator("fieldset.coop-st__q").count()
        answer_quickly(sized, "".join("0123x"[index % 5] for index in range(questions)))
    sized.wait_for_selector("[data-st=results] svg.coop-st__radar")
    radar = sized.evaluate(RADAR)
    labels = [t for t in radar["texts"] if not t["ring"]]
    rings = [t for t in radar["texts"] if t["ring"]]
    assert len(labels) == 9 and [t["text"] for t in rings] == ["50\u00a0%", "100\u00a0%"]
    for text in radar["texts"]:
        assert text["inBox"], f"« {text['text']} » sort du cadre du graphique : {text}"
        assert 0 <= text["left"] and text["right"] <= radar["width"], f"« {text['text']} » sort de l'écran"
    for ring in rings:  # the scale stays readable: never under a data point
        assert not any(overlaps(ring["bbox"], dot) for dot in radar["dots"]), (ring["bbox"], [d for d in radar["dots"] if overlaps(ring["bbox"], d)])
    if fragment:
        assert "100 %" in " ".join(t["text"] for t in labels) and "C3 —" in [t["text"] for t in labels]


def test_dock_shows_progress_and_leads_to_the_results(sized, site_url):
    sized.goto(site_url + "autodiagnostic/")
    sized.wait_for_selector("[data-st=progress]")
    dock = sized.locator("[data-st=dock]")
    button = dock.get_by_role("button", name="Voir mes résultats")
    assert button.get_attribute("type") == "submit"
    assert sized.locator("form[data-st=form] button[type=submit]").count() == 1
    height = sized.viewport_size["height"]
    for target in ("#indicateur-a1-2", "#indicateur-b2-3", "#indicateur-c3-1"):
        sized.locator(target).locator("input").nth(1).check()
        sized.locator(target).scroll_into_view_if_needed()
        box = dock.bounding_box()
        assert box["y"] >= 0 and box["y"] + box["height"] <= height + 1, (target, box)
        assert button.is_visible()
    progress = " ".join(sized.locator("[data-st=progress]").inner_text().split())
    assert progress.startswith("3 / 36")
    # Compact: a slim band, not a panel that eats the phone's screen.
    assert dock.bounding_box()["height"] <= 0.12 * height
    button.click()
    focused = sized.evaluate("[document.activeElement.id, document.activeElement.getBoundingClientRect().top]")
    assert focused[0] == "st-results-title"
    assert 0 <= focused[1] < height
    # The results are past the form: the dock stays at the form's end, out of their way.
    assert dock.bounding_box()["y"] < sized.locator("[data-st=results]").bounding_box()["y"]


def test_dock_never_hides_the_focused_answer(browser, site_url):
    context, pg = watched_page(browser, site_url)
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.goto(site_url + "autodiagnostic/")
    pg.wait_for_selector("[data-st=progress]")
    pg.locator("#indicateur-a1-1 input").first.focus()
    hidden = []
    for _ in range(35):  # Tab from one question to the next, as a keyboard user does
        pg.keyboard.press("Tab")
        found = pg.evaluate("""() => { const a = document.activeElement.getBoundingClientRect();
          const d = document.querySelector("[data-st=dock]").getBoundingClientRect();
          return [document.activeElement.name, a.bottom, d.top]; }""")
        if found[1] > found[2] + 1:
            hidden.append(found)
    context.close()
    assert hidden == []


@pytest.mark.parametrize("path", ["temoignages/cap-solidaire/", "grille/a1-1/", "tables-rondes/table-ronde-2021-10-20/"],
                         ids=["témoignage", "indicateur", "table ronde"])
def test_out_of_nav_page_has_its_contents_in_the_mobile_drawer(browser, site_url, path):
    context, pg = watched_page(browser, site_url)
    pg.set_viewport_size({"width": 390, "height": 844})
    pg.goto(site_url + path)
    headings = {" ".join(h.replace("¶", "").split()) for h in pg.locator(".md-content :is(h2, h3)").all_inner_texts()}
    assert headings
    pg.click("label.md-header__button[for=__drawer]")
    pg.click(".md-nav--primary label.md-nav__link[for=__toc]")
    pg.wait_for_timeout(400)  # the drawer slides
    toc = pg.locator(".md-nav--primary .md-nav--secondary a.md-nav__link")
    shown = [" ".join(t.split()) for t in toc.all_inner_texts()]
    assert shown and set(shown) <= headings, (shown, headings)
    assert toc.first.is_visible()
    box = toc.first.bounding_box()
    assert 0 <= box["x"] < 390 and 0 <= box["y"] < 844
    context.close()


def test_embed_page_asks_nothing_of_the_host_root_and_logs_no_error(browser, site_url):
    """Alone in a tab, the embed page never requests /favicon.ico (the host's, not ours)."""
    context, pg = watched_page(browser, site_url)
    requested, errors = [], []
    pg.on("request", lambda request: requested.append(request.url))
    pg.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    pg.on("pageerror", lambda error: errors.append(str(error)))
    pg.goto(site_url + "autodiagnostic/embed/")
    pg.wait_for_selector("[data-st=progress]")
    pg.wait_for_load_state("networkidle")
    context.close()
    assert not [url for url in requested if url.endswith("/favicon.ico")]
    assert any(url.endswith("/assets/autodiagnostic/icon.svg") for url in requested)
    assert errors == []
    assert pg.outside_requests == []
