"""The self-test in real Chromium: keyboard use, scores, share link, saving, errors, embed, axe."""

from __future__ import annotations

import json
import re

import pytest

from conftest import serve

pytestmark = pytest.mark.browser

KEY = "coopsite:autodiagnostic:grille-ptce-2012:1.0-travail"
PREFIX = "#r=1;grille-ptce-2012;1.0-travail;"
# The documented example: A all « Pleinement », B all « Un peu », in C two « En bonne partie »,
# one « ne sait pas », one blank per main objective → A 100, B 33,3, C 66,7, overall 66,7.
EXAMPLE = PREFIX + "3333" * 3 + "1111" * 3 + "22x-" * 3
TOOL = "[data-coop-selftest]"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21aa", "wcag22aa"]


def nbsp(text: str) -> str:
    return " ".join(text.replace("\u00a0", " ").split())


@pytest.fixture
def selftest(page, site_url):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    page.goto(site_url + "autodiagnostic/")
    page.wait_for_selector("[data-st=progress]")
    return page


def summary(page) -> str:
    return nbsp(page.locator("[data-st=summary]").text_content())


def main_rows(page, scope="[data-st=results]") -> dict[str, str]:
    rows = page.locator(f"{scope} table#{'st-own' if 'results' in scope else 'st-shared'}-mains tbody tr")
    return {nbsp(r.locator("th").text_content()).split(".")[0]: nbsp(r.locator("td").first.text_content())
            for r in rows.all()}


def answer(page, pattern: str):
    """Check radios after a fragment-like pattern (level index, x, -), with the mouse."""
    fieldsets = page.locator("fieldset.coop-st__q")
    for index, char in enumerate(pattern):
        if char == "-":
            continue
        radios = fieldsets.nth(index).locator("input[type=radio]")
        (radios.last if char == "x" else radios.nth(int(char))).check()


def answer_quickly(page, pattern: str):
    """The same answers as :func:`answer`, clicked by the page itself: for a test whose subject
    is what the answers make (links, synthesis, policies), not the mouse (``answer`` checks that)."""
    page.evaluate("""pattern => {
        const questions = document.querySelectorAll('fieldset.coop-st__q');
        [...pattern].forEach((char, index) => {
            if (char === '-') return;
            const radios = questions[index].querySelectorAll('input[type=radio]');
            (char === 'x' ? radios[radios.length - 1] : radios[Number(char)]).click();
        });
    }""", pattern)


def assert_no_axe_violations(page, context=None):
    """Every rule in the light palette, the colour rules in the dark one (a11y.check_schemes)."""
    from coopsite.sitecheck import a11y

    assert a11y.check_schemes(page, context) == {"clair": [], "sombre": []}


def test_empty_form_from_the_grid(selftest):
    page = selftest
    assert page.locator("fieldset.coop-st__q").count() == 36
    first = page.locator("#indicateur-a1-1")
    assert first.locator("legend").text_content().strip().startswith("A1.1")
    labels = [nbsp(t) for t in first.locator("label").all_text_contents()]
    assert labels == ["Pas du tout", "Un peu", "En bonne partie", "Pleinement", "Je ne sais pas / non concerné"]
    assert nbsp(page.locator("[data-st=progress]").text_content()) == "0 / 36 questions répondues"
    assert page.locator("[data-st=progress]").get_attribute("role") == "status"
    box = first.locator("input").first.bounding_box()
    assert box["width"] >= 24 and box["height"] >= 24
    assert page.errors == []


def test_whole_label_is_clickable(selftest):
    page = selftest
    page.locator("#indicateur-b2-3 label", has_text="En bonne partie").click(position={"x": 120, "y": 10})
    assert page.locator("#indicateur-b2-3 input[value='2']").is_checked()
    assert nbsp(page.locator("[data-st=progress]").text_content()) == "1 / 36 questions répondues"


def test_keyboard_only(selftest):
    page = selftest
    for _ in range(300):  # reach the first question with Tab only
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.name") == "a1-1":
            break
    else:
        pytest.fail("Tab never reached the first question")
    for index in range(36):
        level = index % 4  # 0, 1, 2, 3 in every main objective
        page.keyboard.press("Space")
        for _ in range(level):
            page.keyboard.press("ArrowRight")
        focused = page.evaluate("[document.activeElement.name, document.activeElement.value]")
        assert focused[1] == str(level)
        page.keyboard.press("Tab")
    assert nbsp(page.locator("[data-st=progress]").text_content()) == "36 / 36 questions répondues"
    # Hand-computed: (0 + 1 + 2 + 3) / 4 / 3 = 50 % in every main objective, so everywhere.
    assert summary(page).startswith("Score global : 50 %, Coopération en structuration")
    assert set(main_rows(page).values()) == {"50 %"}
    # The focused element is never hidden under the sticky header.
    page.locator("#indicateur-c3-4 input").first.focus()
    top = page.locator("#indicateur-c3-4 input").first.bounding_box()["y"]
    header = page.locator(".md-header").bounding_box()
    assert top >= header["y"] + header["height"]


def test_results_match_the_hand_computed_profile(selftest):
    page = selftest
    answer(page, EXAMPLE[len(PREFIX):])
    assert summary(page).startswith("Score global : 66,7 %, Coopération en structuration (33 / 36")
    assert main_rows(page) == {"A1": "100 %", "A2": "100 %", "A3": "100 %", "B1": "33,3 %", "B2": "33,3 %",
                               "B3": "33,3 %", "C1": "66,7 %", "C2": "66,7 %", "C3": "66,7 %"}
    generals = [nbsp(t) for t in page.locator("[data-st=results] table").first.locator("tbody td.coop-st__score")
                .all_text_contents()]
    assert generals == ["100 %", "33,3 %", "66,7 %"]
    text = nbsp(page.locator("[data-st=results]").text_content())
    assert "30 réponses prises en compte, 3 réponses « Je ne sais pas / non concerné » (hors moyennes), 3 questions sans réponse" in text
    assert page.locator("[data-st=results] svg.coop-st__radar circle").count() == 9
    # Recommendations: the three B objectives, with indicator pages and testimonies.
    recos = [nbsp(t) for t in page.locator(".coop-st__reco h4").all_text_contents()]
    assert recos == ["B1. Ancrage territorial : 33,3 %", "B2. Ouverture aux parties prenantes : 33,3 %",
                     "B3. Visibilité et rayonnement : 33,3 %"]
    first_link = page.locator(".coop-st__reco a").first
    assert first_link.get_attribute("href").startswith("../grille/b1-")
    quote = page.locator(".coop-st__quotes a").first
    assert re.match(r"^\.\./temoignages/[a-z0-9-]+/#", quote.get_attribute("href"))
    quote.click()
    page.wait_for_load_state()
    assert "/temoignages/" in page.url
    assert page.errors == [] and page.outside_requests == []


def test_hand_written_share_url_shows_documented_scores(page, site_url):
    page.goto(site_url + "autodiagnostic/" + EXAMPLE)
    shared = page.locator("[data-st=shared]")
    shared.wait_for(state="visible")
    assert page.locator("[data-st=form]").is_hidden()
    assert "Score global : 66,7 %, Coopération en structuration" in nbsp(shared.text_content())
    assert main_rows(page, "[data-st=shared]")["B2"] == "33,3 %"
    # Read-only: nothing was saved.
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    page.get_by_role("button", name="Charger ces réponses dans mon test").click()
    assert page.locator("[data-st=form]").is_visible()
    assert "#" not in page.url
    assert page.locator("#indicateur-c1-3 input[value=ne-sait-pas]").is_checked()
    assert summary(page).startswith("Score global : 66,7 %")
    assert json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))["answers"]["A1.1"] == 3


def test_share_link_round_trips(selftest, browser, site_url):
    page = selftest
    answer(page, "0123x-" * 6)
    page.get_by_role("button", name="Copier le lien de mes résultats").click()
    link = page.locator("[data-st=share-link]").input_value()
    assert link == site_url + "autodiagnostic/" + PREFIX + "0123x-" * 6
    mine = summary(page)
    other = browser.new_context(locale="fr-FR").new_page()
    other.goto(link)
    other.locator("[data-st=shared]").wait_for(state="visible")
    assert mine.split(" (")[0] in nbsp(other.locator("[data-st=shared]").text_content())
    other.get_by_role("button", name="Faire mon propre test").click()
    assert other.locator("[data-st=form]").is_visible()
    assert nbsp(other.locator("[data-st=progress]").text_content()) == "0 / 36 questions répondues"
    other.context.close()


def test_reload_resumes_and_clear_works(selftest):
    page = selftest
    answer(page, "21x")
    page.reload()
    page.wait_for_selector("[data-st=progress]")
    assert page.locator("#indicateur-a1-1 input[value='2']").is_checked()
    assert page.locator("#indicateur-a1-3 input[value=ne-sait-pas]").is_checked()
    assert nbsp(page.locator("[data-st=progress]").text_content()).startswith("3 / 36")
    assert "reprises" in page.locator("[data-st=messages]").text_content()
    page.get_by_role("button", name="Effacer mes réponses").click()
    assert page.locator("fieldset input:checked").count() == 0
    assert page.evaluate(f"localStorage.getItem('{KEY}')") is None
    page.reload()
    page.wait_for_selector("[data-st=progress]")
    assert page.locator("fieldset input:checked").count() == 0


def test_corrupted_storage_is_ignored_with_a_message(selftest):
    page = selftest
    page.evaluate(f"localStorage.setItem('{KEY}', '{{pas du json')")
    page.reload()
    page.wait_for_selector("[data-st=progress]")
    assert "illisibles" in page.locator("[data-st=messages]").text_content()
    answer(page, "3")
    assert summary(page).startswith("Score global : 100 %")
    assert json.loads(page.evaluate(f"localStorage.getItem('{KEY}')"))["answers"] == {"A1.1": 3}
    assert page.errors == []


def test_answers_of_another_version_are_not_applied(selftest):
    page = selftest
    old = "coopsite:autodiagnostic:grille-ptce-2012:0.9"
    page.evaluate(f"""localStorage.setItem('{old}', JSON.stringify({{answers: {{"A1.1": 3}}}}))""")
    page.reload()
    page.wait_for_selector("[data-st=progress]")
    assert page.locator("fieldset input:checked").count() == 0
    assert "autre version de la grille" in page.locator("[data-st=messages]").text_content()
    page.get_by_role("button", name="Effacer ces anciennes réponses").click()
    assert page.evaluate(f"localStorage.getItem('{old}')") is None


def test_works_without_storage(browser, site_url):
    context = browser.new_context(locale="fr-FR")
    context.add_init_script("""Object.defineProperty(window, "localStorage", {
        get() { throw new DOMException("refusé", "SecurityError"); } });""")
    page = context.new_page()
    errors = []
    # Material's own scripts also read localStorage and fail here: only ours must not.
    page.on("pageerror", lambda error: errors.append(error.stack or str(error)))
    page.goto(site_url + "autodiagnostic/")
    page.wait_for_selector("[data-st=progress]")
    assert "ne permet pas d’enregistrer" in page.locator("[data-st=messages]").text_content()
    answer(page, "3")
    assert summary(page).startswith("Score global : 100 %")
    assert not [e for e in errors if "autodiagnostic" in e], errors
    context.close()


@pytest.mark.parametrize("fragment, words", [
    (PREFIX + "0" * 35, "35 réponses au lieu de 36"),
    ("#r=1;grille-ptce-2012;0.9;" + "0" * 36, "version « 0.9 »"),
    (PREFIX + "9" * 36, "caractère inattendu"),
    ("#r=1;%%%", "mal formé"),
    ("#r=7;a;b;c", "format"),
])
def test_malformed_fragment_gives_a_clear_message(page, site_url, fragment, words):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "autodiagnostic/" + fragment)
    page.wait_for_selector("[data-st=progress]")
    message = page.locator(".coop-st__notice--error")
    assert words in message.text_content()
    assert page.locator("[data-st=form]").is_visible()
    assert page.locator("[data-st=shared]").is_hidden()
    assert errors == []


def test_plain_anchor_is_not_a_fragment(page, site_url):
    page.goto(site_url + "autodiagnostic/#indicateur-b1-2")
    page.wait_for_selector("[data-st=progress]")
    assert page.locator(".coop-st__notice--error").count() == 0
    assert page.locator("#indicateur-b1-2").is_visible()


def test_export_import_and_csv(selftest, tmp_path):
    page = selftest
    answer(page, "3210x")
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger mes réponses (JSON)").click()
    path = tmp_path / "export.json"
    info.value.save_as(path)
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["format"] == "coopsite-autodiagnostic" and data["format_version"] == 1
    assert data["grid"] == {"id": "grille-ptce-2012", "version": "1.0-travail"}
    assert data["answers"] == {"A1.1": 3, "A1.2": 2, "A1.3": 1, "A1.4": 0, "A2.1": "ne-sait-pas"}
    assert data["scores"]["main_objectives"]["A1"]["percent"] == 50.0
    assert re.match(r"^\d{4}-\d\d-\d\dT", data["date"])
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger les scores (CSV)").click()
    csv_path = tmp_path / "scores.csv"
    info.value.save_as(csv_path)
    raw = csv_path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfNiveau;Identifiant;")
    page.get_by_role("button", name="Effacer mes réponses").click()
    page.locator("[data-st=import]").set_input_files(str(path))
    page.wait_for_function("() => document.querySelectorAll('fieldset input:checked').length === 5")
    assert "Fichier importé : 5 réponses" in page.locator("[data-st=messages]").text_content()
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({**data, "grid": {"id": "grille-ptce-2012", "version": "0.1"}}), encoding="utf-8")
    page.locator("[data-st=import]").set_input_files(str(bad))
    page.locator(".coop-st__notice--error").wait_for()
    assert "version « 0.1 »" in page.locator(".coop-st__notice--error").text_content()
    assert page.locator("fieldset input:checked").count() == 5


def test_print_hides_the_buttons(selftest):
    page = selftest
    answer(page, "3")
    page.emulate_media(media="print")
    assert page.locator("[data-st=share]").is_hidden()
    assert page.locator(".md-header").is_hidden()
    assert page.locator("[data-st=results-body] svg").is_visible()
    pdf = page.pdf()
    assert pdf.startswith(b"%PDF")


def test_axe_form_and_results(browser, site_url):
    # Scoped to the self-test: Material's teal header, navigation and link colour
    # are site-wide theme matters (reported separately), not part of this tool.
    context = browser.new_context(locale="fr-FR", color_scheme="light")
    page = context.new_page()
    page.goto(site_url + "autodiagnostic/")
    page.wait_for_selector("[data-st=progress]")
    assert_no_axe_violations(page, TOOL)  # empty form
    answer_quickly(page, EXAMPLE[len(PREFIX):])  # accessibility is the subject (the mouse: other tests)
    page.get_by_role("button", name="Copier le lien de mes résultats").click()
    assert_no_axe_violations(page, TOOL)  # filled form and results
    page.goto(site_url + "autodiagnostic/" + EXAMPLE)
    page.locator("[data-st=shared]").wait_for(state="visible")
    assert_no_axe_violations(page, TOOL)  # shared results
    context.close()


def test_axe_embed_page(page, site_url):
    page.goto(site_url + "autodiagnostic/embed/")
    page.wait_for_selector("[data-st=progress]")
    assert_no_axe_violations(page)
    answer_quickly(page, EXAMPLE[len(PREFIX):])
    assert_no_axe_violations(page)
    assert page.outside_requests == []


# --- embed from another origin ----------------------------------------------------

HOST_PAGE = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8"><title>Site hôte</title></head>
<body><h1>Site hôte</h1>
<iframe src="{src}" title="Testez votre degré de coopération" data-coop-autodiagnostic
  sandbox="allow-scripts allow-same-origin allow-downloads" style="display:block;width:100%;height:150px;border:0"></iframe>
<script src="{script}"></script>
</body></html>
"""


@pytest.fixture
def host(tmp_path, site_url):
    (tmp_path / "index.html").write_text(HOST_PAGE.format(
        src=site_url + "autodiagnostic/embed/", script=site_url + "assets/autodiagnostic/embed.js"), encoding="utf-8")
    server, url = serve(tmp_path)
    assert url != site_url
    yield url
    server.shutdown()


def frame_height(page) -> float:
    return page.locator("iframe").bounding_box()["height"]


def test_embed_in_sandboxed_iframe_from_another_origin(browser, site_url, host):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    errors, requests = [], []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(host)
    frame = page.frame_locator("iframe")
    frame.locator("[data-st=progress]").wait_for()
    page.wait_for_function("document.querySelector('iframe').getBoundingClientRect().height > 1000")
    inner = page.frames[1]
    content = inner.evaluate("Math.ceil(document.documentElement.getBoundingClientRect().height)")
    assert abs(frame_height(page) - content) <= 1
    before = frame_height(page)
    # It works inside the sandbox: answers, scores, saving.
    inner.locator("#indicateur-a1-1 input[value='3']").check()
    assert "Score global : 100 %" in nbsp(inner.locator("[data-st=summary]").text_content())
    page.wait_for_function(f"document.querySelector('iframe').getBoundingClientRect().height > {before + 100}")
    assert inner.evaluate(f"JSON.parse(localStorage.getItem('{KEY}')).answers") == {"A1.1": 3}
    full = inner.get_by_role("link", name=re.compile("Ouvrir en plein écran"))
    assert full.get_attribute("target") == "_blank"
    assert inner.evaluate("(a) => a.href", full.element_handle()) == site_url + "autodiagnostic/"
    # The host ignores messages from anyone but the frame, and clamps the height.
    height = frame_height(page)
    page.evaluate("window.postMessage({type: 'coopsite:autodiagnostic:height', height: 50}, '*')")
    page.wait_for_timeout(200)
    assert frame_height(page) == height
    inner.evaluate("parent.postMessage({type: 'coopsite:autodiagnostic:height', height: 999999.2}, '*')")
    page.wait_for_function("document.querySelector('iframe').style.height === '20000px'")
    # The child acts on no incoming message.
    inner.evaluate("window.postMessage({type: 'coopsite:autodiagnostic:height', height: 1}, '*')")
    page.evaluate("document.querySelector('iframe').contentWindow.postMessage('reset', '*')")
    page.wait_for_timeout(200)
    assert inner.locator("#indicateur-a1-1 input[value='3']").is_checked()
    assert errors == []
    assert all(url.startswith((site_url, host, "data:", "blob:", "about:")) for url in requests), requests
    context.close()
