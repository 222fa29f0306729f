"""« Diagnostic mutuel » in real Chromium: three members, a facilitator, errors, links, files,
comparison over time, keyboard, axe in both palettes, hostile input, print, and the light embed."""

from __future__ import annotations

import json
import re

import pytest

from conftest import watched_page
from coopsite.sitecheck import a11y
from test_selftest_browser import answer, answer_quickly, nbsp

pytestmark = pytest.mark.browser

PAGE = "autodiagnostic/collectif/"
PREFIX = "#r=1;grille-ptce-2012;1.0-travail;"
GROUP = "#g=1;grille-ptce-2012;1.0-travail;"
# Three members, hand-computed below.
#   M1 « 3210 » in every main objective → 50 % everywhere.
#   M2 all « Pleinement » → 100 % everywhere.
#   M3 « ne sait pas » then three « Pas du tout » in A1, « Un peu » elsewhere
#      → A1 0 %, other mains 33,3 %; A = (0 + 33,3 + 33,3) / 3 = 22,2; B = C = 33,3; overall 29,6.
M1, M2, M3 = "3210" * 9, "3333" * 9, "x000" + "1111" * 8


def collective(page, site_url, fragment=""):
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.errors = errors
    page.goto(site_url + PAGE + fragment)
    page.wait_for_selector("[data-co=messages]", state="attached")
    return page


def rows(page, caption: str) -> dict[str, list[str]]:
    table = page.locator("[data-co=synthesis] table", has=page.locator("caption", has_text=caption))
    return {nbsp(r.locator("th").text_content()).split(".")[0].split(" ·")[0]:
            [nbsp(c) for c in r.locator("td").all_text_contents()] for r in table.locator("tbody tr").all()}


def members(page) -> list[str]:
    return [i.input_value() for i in page.locator("[data-co=members] input[data-label]").all()]


def paste(page, text: str):
    page.locator("[data-co=links]").fill(text)
    page.get_by_role("button", name="Voir la synthèse").click()


def member_link(browser, site_url, pattern: str, mouse: bool = True) -> str:
    """One member answers alone in a separate browser context and copies their link."""
    context, page = watched_page(browser, site_url)
    try:
        page.goto(site_url + "autodiagnostic/")
        (answer if mouse else answer_quickly)(page, pattern)
        page.get_by_role("button", name="Copier le lien de mes résultats").click()
        link = page.locator("[data-st=share-link]").input_value()
        assert page.outside_requests == []
        return link
    finally:
        context.close()


@pytest.fixture(scope="module")
def links(browser, site_url):
    # The first member with the mouse, the two others quickly: the links are the subject here.
    return [member_link(browser, site_url, pattern, mouse=pattern == M1) for pattern in (M1, M2, M3)]


def test_three_members_then_a_facilitator(page, site_url, links):
    assert links[0] == site_url + "autodiagnostic/" + PREFIX + M1
    page = collective(page, site_url)
    text = "\n".join([
        f"Camille : {links[0]}",
        "",
        f"  {links[1]}  ",
        "https://exemple.org/autodiagnostic/#r=1;grille-ptce-2012;1.0-tr",  # cut in a chat
        f"le mien, encore : {links[0]}",  # duplicate
        links[2].replace("1.0-travail", "0.9"),  # another grid version
        f"Et moi {links[2]}.",
    ])
    paste(page, text)
    assert members(page) == ["Membre 1", "Membre 2", "Membre 3"]
    problems = [nbsp(t) for t in page.locator("[data-notice=problems] li").all_text_contents()]
    assert len(problems) == 3
    assert problems[0].startswith("Ligne 4 (") and "mal formé" in problems[0]
    assert problems[1].startswith("Ligne 5 (") and "en double" in problems[1] and "Membre 1" in problems[1]
    assert problems[2].startswith("Ligne 6 (") and "version « 0.9 »" in problems[2]
    # Hand-computed: overall (50 + 100 + 29,63) / 3 = 59,88; min 29,6 (M3), max 100 (M2).
    summary = nbsp(page.locator("[data-co=synthesis] .coop-st__summary").first.text_content())
    assert summary == ("3 membres. Score global du groupe : 59,9 %, Coopération en structuration "
                       "(de 29,6 % à 100 % selon les membres).")
    # A = (50 + 100 + 22,22) / 3 = 57,4; B = C = (50 + 100 + 33,33) / 3 = 61,1.
    assert rows(page, "par objectif général") == {"A": ["57,4 %", "22,2 %", "100 %", "3"],
                                                   "B": ["61,1 %", "33,3 %", "100 %", "3"],
                                                   "C": ["61,1 %", "33,3 %", "100 %", "3"]}
    mains = rows(page, "par objectif principal")
    assert mains["A1"] == ["50 %", "0 %", "100 %", "3"]  # (50 + 100 + 0) / 3
    assert mains["C3"] == ["61,1 %", "33,3 %", "100 %", "3"]
    # First point of debate: A1.4 answered 0, 3, 0 (spread 3, variance 2) beats A1.2 (2, 3, 0:
    # spread 3, variance 14/9) and A1.3 (1, 3, 0: 14/9); A1.1 (3, 3, ne sait pas) has spread 0.
    first = page.locator(".coop-co__debate > li").first
    assert nbsp(first.locator("p").first.text_content()).startswith(
        "A1.4 · ") and "écart de 3 niveaux, de « Pas du tout » à « Pleinement » (écart type 1,41)" in nbsp(
        first.text_content())
    assert "2 × « Pas du tout », 1 × « Pleinement »" in nbsp(first.text_content())
    assert first.locator("a").first.get_attribute("href") == "../../grille/a1-4/"
    assert page.locator(".coop-co__debate > li").count() == 5
    # Three lines on the radar, each with its own dash pattern and marker.
    series = page.locator(".coop-co__figure svg .coop-co__series")
    assert series.count() == 3
    dashes = {series.nth(i).locator(".coop-co__line").get_attribute("stroke-dasharray") for i in range(3)}
    assert len(dashes) == 3
    assert page.errors == [] and page.outside_requests == []


def test_group_link_round_trip_and_hostile_labels(page, site_url, browser):
    page = collective(page, site_url)
    paste(page, "\n".join(PREFIX + p for p in (M1, M2, M3)))
    hostile = "<img src=x onerror=alert(1)><script>alert(2)</script>&«Zoé»"
    field = page.locator("[data-co=members] input[data-label]").nth(1)
    field.fill(hostile)
    field.press("Tab")
    assert members(page)[1] == hostile
    table = page.locator("[data-co=synthesis] table[id$=members-scores]")
    assert hostile in [nbsp(t) for t in table.locator("tbody th").all_text_contents()]
    assert page.locator("[data-co=synthesis] img, [data-co=synthesis] script").count() == 0
    page.get_by_role("button", name="Copier le lien du groupe").click()
    link = page.locator("[data-co=share-link]").input_value()
    assert link.startswith(site_url + PAGE + GROUP + M1 + ";" + M2 + ":")
    before = nbsp(page.locator("[data-co=synthesis-body]").text_content())
    context, other = watched_page(browser, site_url)
    try:
        collective(other, site_url)
        other.goto(link)
        other.wait_for_selector("[data-co=synthesis]:not([hidden])")
        assert members(other) == ["Membre 1", hostile, "Membre 3"]
        assert nbsp(other.locator("[data-co=synthesis-body]").text_content()) == before
        # Names edited after opening the link survive a reload (the saved synthesis is kept).
        assert "#" not in other.url
        other.locator("[data-co=members] input[data-label]").first.fill("Camille")
        other.locator("[data-co=members] input[data-label]").first.press("Tab")
        other.reload()
        other.wait_for_selector("[data-co=synthesis]:not([hidden])")
        assert members(other) == ["Camille", hostile, "Membre 3"]
        assert other.dialogs == [] and other.errors == [] and other.outside_requests == []
    finally:
        context.close()
    assert page.dialogs == []


def test_group_link_limit_is_stated(page, site_url):
    patterns = [f"{i:036b}".replace("0", "x") for i in range(31)]
    page = collective(page, site_url)
    paste(page, "\n".join(PREFIX + p for p in patterns))
    assert len(members(page)) == 31
    page.get_by_role("button", name="Copier le lien du groupe").click()
    message = nbsp(page.locator("[data-notice=share]").text_content())
    assert "au plus 30 membres" in message and "fichier JSON" in message
    assert page.locator("[data-co=share-box]").is_hidden()


def test_json_export_reimport_csv_and_drop(page, site_url, browser, tmp_path):
    page = collective(page, site_url)
    paste(page, "\n".join(PREFIX + p for p in (M1, M2, M3)))
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger la synthèse (JSON)").click()
    path = tmp_path / "groupe.json"
    info.value.save_as(path)
    data = json.loads(path.read_text("utf-8"))
    assert data["format"] == "coopsite-diagnostic-mutuel" and len(data["members"]) == 3
    assert data["synthesis"]["overall"] == {"percent": 59.9, "min": 29.6, "max": 100.0, "scored": 3,
                                            "band": "Coopération en structuration"}
    assert data["synthesis"]["debate"][0] == "A1.4"
    with page.expect_download() as info:
        page.get_by_role("button", name="Télécharger les scores (CSV)").click()
    csv = info.value.path().read_bytes().decode("utf-8")
    assert csv.startswith("\ufeffNiveau;Identifiant;") and "\r\nScore global;;Coopération en structuration;59,9;29,6;100;3;" in csv
    before = nbsp(page.locator("[data-co=synthesis-body]").text_content())
    context, other = watched_page(browser, site_url)
    try:
        collective(other, site_url)
        other.locator("[data-co=files]").set_input_files([str(path)])
        other.wait_for_selector("[data-co=synthesis]:not([hidden])")
        assert nbsp(other.locator("[data-co=synthesis-body]").text_content()) == before
        # The same file dropped again: three duplicates, reported, nothing added.
        other.evaluate("""(text) => {
            const dt = new DataTransfer();
            dt.items.add(new File([text], "encore.json", {type: "application/json"}));
            dt.items.add(new File(["{pas du json"], "abime.json", {type: "application/json"}));
            const zone = document.querySelector("[data-co=drop]");
            zone.dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true, cancelable: true}));
        }""", path.read_text("utf-8"))
        other.wait_for_selector("[data-notice=problems]")
        problems = [nbsp(t) for t in other.locator("[data-notice=problems] li").all_text_contents()]
        assert sum("en double" in p and "encore.json" in p for p in problems) == 3
        assert any("abime.json" in p and "JSON lisible" in p for p in problems)
        assert len(members(other)) == 3 and other.outside_requests == []
    finally:
        context.close()


def test_own_answers_storage_and_clear(page, site_url):
    page.goto(site_url + "autodiagnostic/")
    answer(page, M2)
    page = collective(page, site_url)
    page.get_by_role("button", name="Ajouter mes propres réponses").click()
    assert members(page) == ["Membre 1"]
    page.get_by_role("button", name="Ajouter mes propres réponses").click()
    assert "en double" in nbsp(page.locator("[data-notice=problems]").text_content())
    page.reload()
    page.wait_for_selector("[data-co=synthesis]:not([hidden])")
    assert members(page) == ["Membre 1"] and "reprise" in nbsp(page.locator("[data-co=messages]").text_content())
    page.get_by_role("button", name="Effacer la synthèse").click()
    assert page.locator("[data-co=synthesis]").is_hidden()
    assert page.evaluate("localStorage.getItem('coopsite:diagnostic-mutuel:grille-ptce-2012:1.0-travail')") is None
    # The individual answers are untouched.
    assert page.evaluate("localStorage.getItem('coopsite:autodiagnostic:grille-ptce-2012:1.0-travail')")


def earlier_group_file(tmp_path, version="1.0-travail"):
    path = tmp_path / f"an-dernier-{version}.json"
    path.write_text(json.dumps({
        "format": "coopsite-diagnostic-mutuel", "format_version": 1,
        "grid": {"id": "grille-ptce-2012", "version": version}, "date": "2025-03-04T10:00:00.000Z",
        # A year ago: everyone « Un peu » in A1 (33,3 %), « Pas du tout » elsewhere.
        "members": [{"label": "A", "answers": {f"A1.{k}": 1 for k in range(1, 5)}},
                    {"label": "B", "answers": {f"A1.{k}": 1 for k in range(1, 5)} | {"C3.4": 0}}],
    }), "utf-8")
    return path


def test_collective_comparison_and_refusal(page, site_url, tmp_path):
    page = collective(page, site_url)
    paste(page, "\n".join(PREFIX + p for p in (M1, M2, M3)))
    page.get_by_role("button", name="Comparer avec un résultat précédent").click()
    box = page.locator("[data-co=compare-box]")
    box.get_by_text("Choisir un fichier (JSON)").locator("input").set_input_files(
        [str(earlier_group_file(tmp_path, "0.9"))])
    refused = nbsp(box.locator(".coop-st__notice--error").text_content())
    assert "ne peut pas être comparé" in refused and "version « 0.9 »" in refused and "même version" in refused
    box.get_by_text("Choisir un fichier (JSON)").locator("input").set_input_files([str(earlier_group_file(tmp_path))])
    box.locator("table").wait_for()  # the file is read asynchronously
    text = nbsp(box.text_content())
    assert "Résultat précédent : 4 mars 2025." in text
    table = {nbsp(r.locator("th").text_content()).split(".")[0]: [nbsp(c) for c in r.locator("td").all_text_contents()]
             for r in box.locator("table tbody tr").all()}
    # Before: A1 33,3 for both, the rest unanswered except C3 0 for B → overall (33,3 + 0 ... ) by group.
    assert table["A1"] == ["33,3 %", "50 %", "+16,7 points"]
    assert table["C3"] == ["0 %", "61,1 %", "+61,1 points"]
    assert table["B1"] == ["—", "61,1 %", "—"]
    moved = [nbsp(t) for t in box.locator(".coop-co__moved li").all_text_contents()]
    # A1.1 mean 1 → 3 (3, 3; « ne sait pas » left out); A1.4 1 → 1 (0, 3, 0): not moved.
    assert any(m.startswith("A1.1 ") and "1 → 3 (en hausse)" in m for m in moved)
    assert not any(m.startswith("A1.4 ") for m in moved)
    assert box.locator("svg .coop-co__series .coop-co__line").get_attribute("stroke-dasharray")
    # A pasted group link has no date.
    box.get_by_label("Lien du résultat précédent").fill(GROUP + "1111" * 9)
    box.get_by_role("button", name="Comparer", exact=True).click()
    assert "Résultat précédent : date inconnue." in nbsp(box.text_content())
    assert page.errors == [] and page.outside_requests == []


def test_individual_comparison(page, site_url, tmp_path):
    path = tmp_path / "moi-2025.json"
    path.write_text(json.dumps({"format": "coopsite-autodiagnostic", "format_version": 1,
                                "grid": {"id": "grille-ptce-2012", "version": "1.0-travail"},
                                "date": "2025-06-30T08:00:00.000Z", "answers": {"A1.1": 0, "B1.1": 3}}), "utf-8")
    page.goto(site_url + "autodiagnostic/")
    assert not any("compare" in url for url in page.evaluate(
        "performance.getEntriesByType('resource').map(e => e.name)"))
    answer(page, "3" + "-" * 11 + "1")  # A1.1 « Pleinement », B1.1 « Un peu »
    page.get_by_role("button", name="Comparer avec un résultat précédent").click()
    box = page.locator("[data-st=compare-box]")
    box.get_by_text("Choisir un fichier (JSON)").locator("input").set_input_files([str(path)])
    box.locator("table").wait_for()  # the file is read asynchronously
    text = nbsp(box.text_content())
    assert "Résultat précédent : 30 juin 2025." in text
    # Before: A 0, B 100 → overall 50; now: A 100, B 33,3 → 66,7.
    assert "Score global : 50 % avant, 66,7 % maintenant (+16,7 points)." in text
    moved = [nbsp(t) for t in box.locator(".coop-co__moved li").all_text_contents()]
    assert moved == ["A1.1 · Interconnaissance des membres : « Pas du tout » → « Pleinement » (en hausse)",
                     "B1.1 · " + moved[1].split("· ")[1].split(" :")[0] + " : « Pleinement » → « Un peu » (en baisse)"]
    found = a11y.violations(page, context="[data-st=compare-box]")
    assert found == [], found
    # A result of another grid version is refused, with the reason.
    box.get_by_label("Lien du résultat précédent").fill("#r=1;grille-ptce-2012;0.9;" + "0" * 36)
    box.get_by_role("button", name="Comparer", exact=True).click()
    assert "version « 0.9 »" in nbsp(box.locator(".coop-st__notice--error").text_content())
    assert page.outside_requests == []


def test_keyboard_only(page, site_url):
    page = collective(page, site_url)
    for _ in range(200):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.co") == "links":
            break
    else:
        pytest.fail("Tab never reached the links field")
    page.keyboard.insert_text("\n".join(PREFIX + p for p in (M1, M2, M3)))
    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.dataset.co") == "submit":
            break
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "co-members-title"
    for _ in range(100):
        page.keyboard.press("Tab")
        if page.evaluate("!!document.activeElement.closest('.coop-co__debate')"):
            break
    else:
        pytest.fail("Tab never reached the points of debate")
    assert page.evaluate("document.activeElement.textContent").startswith("A1.4 ")
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/grille/a1-4/$"))


@pytest.mark.parametrize("state", ["vide", "3 membres", "30 membres", "comparaison"])
def test_axe(browser, site_url, state, tmp_path):
    """Every rule in the light palette, the colour rules in the dark one (a11y.check_schemes)."""
    context = browser.new_context(locale="fr-FR", color_scheme="light")
    try:
        page = context.new_page()
        fragment = ""
        if state == "3 membres" or state == "comparaison":
            fragment = GROUP + ";".join([M1, M2 + ":Zo%C3%A9", M3])
        elif state == "30 membres":
            fragment = GROUP + ";".join(f"{i:036b}".replace("0", "x") for i in range(1, 31))
        page.goto(site_url + PAGE + fragment)
        page.wait_for_load_state("networkidle")
        shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        assert shown == "default"
        if state != "vide":
            page.wait_for_selector("[data-co=synthesis]:not([hidden])")
        if state == "30 membres":
            assert page.locator(".coop-co__figure svg.coop-st__radar .coop-co__envelope").count() == 1
            assert page.locator(".coop-co__figure svg .coop-co__series").count() == 0
        if state == "comparaison":
            page.get_by_role("button", name="Comparer avec un résultat précédent").click()
            page.locator("[data-co=compare-box] input[type=file]").set_input_files([str(earlier_group_file(tmp_path))])
            page.wait_for_selector("[data-co=compare-box] table")
        assert a11y.check_schemes(page) == {"clair": [], "sombre": []}
    finally:
        context.close()


def test_huge_paste_and_too_many_links(page, site_url):
    page = collective(page, site_url)
    page.locator("[data-co=links]").evaluate("(el) => { el.value = 'x'.repeat(1024 * 1024); }")
    page.get_by_role("button", name="Voir la synthèse").click()
    assert "trop long" in nbsp(page.locator("[data-notice=problems]").text_content())
    assert members(page) == []
    lines = "\n".join(PREFIX + f"{i:036b}".replace("0", "x") for i in range(1, 501))
    page.locator("[data-co=links]").evaluate("(el, text) => { el.value = text; }", lines)
    page.get_by_role("button", name="Voir la synthèse").click()
    page.wait_for_selector("[data-co=synthesis]:not([hidden])", timeout=10000)
    message = nbsp(page.locator("[data-notice=problems]").text_content())
    assert "au plus 200 membres" in message
    assert len(members(page)) == 200
    page.evaluate("""() => {
        const dt = new DataTransfer();
        dt.items.add(new File(["x".repeat(3 * 1024 * 1024)], "enorme.json", {type: "application/json"}));
        document.querySelector("[data-co=drop]").dispatchEvent(new DragEvent("drop", {dataTransfer: dt, bubbles: true}));
    }""")
    page.wait_for_function("document.querySelector('[data-notice=problems]')?.textContent.includes('enorme.json')")
    assert "trop volumineux" in nbsp(page.locator("[data-notice=problems]").text_content())
    assert page.errors == [] and page.outside_requests == []


def test_print_fits_on_three_a4_pages(page, site_url):
    page = collective(page, site_url, GROUP + ";".join([M1, M2, M3]))
    page.wait_for_selector("[data-co=synthesis]:not([hidden])")
    page.emulate_media(media="print")
    assert page.locator("[data-co=form]").is_hidden()
    assert page.get_by_role("button", name="Copier le lien du groupe").is_hidden()
    pdf = page.pdf(format="A4", print_background=True)
    pages = len(re.findall(rb"/Type\s*/Page[^s]", pdf))
    assert 2 <= pages <= 3, pages


def test_embed_first_load_leaves_the_group_code_out(page, site_url):
    page.goto(site_url + "autodiagnostic/embed/")
    page.wait_for_load_state("networkidle")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop())")
    for name in ("compare-view.js", "compare.js", "aggregate.js", "group-encoding.js", "radar-multi.js",
                 "collective.js", "collective.css"):
        assert name not in loaded
    link = page.get_by_role("link", name=re.compile("diagnostic mutuel"))
    assert link.get_attribute("href") == "../collectif/" and link.get_attribute("target") == "_blank"
    answer(page, "3")
    page.get_by_role("button", name="Comparer avec un résultat précédent").click()
    page.wait_for_selector("[data-st=compare-box] section")
    loaded = page.evaluate("performance.getEntriesByType('resource').map(e => e.name.split('/').pop())")
    assert "compare-view.js" in loaded and "collective.css" in loaded
    assert page.outside_requests == []


def test_documented_example_opens_with_the_documented_figures(page, site_url):
    from pathlib import Path

    from coopsite.collective import group_doc
    from coopsite.structure.loader import load_corpus

    doc = group_doc(load_corpus(Path(__file__).resolve().parents[2]).grid)
    page = collective(page, site_url, doc["fragment"])
    page.wait_for_selector("[data-co=synthesis]:not([hidden])")
    assert members(page) == ["Camille", "Dominique", "Sacha"]
    shown = {**rows(page, "par objectif général"), **rows(page, "par objectif principal")}
    for row in doc["rows"][1:]:
        key = row["label"].split(".")[0]
        assert shown[key] == [nbsp(row["percent"]), nbsp(row["min"]), nbsp(row["max"]), str(row["scored"])], key
    debate = [nbsp(t).split(" ·")[0] for t in page.locator(".coop-co__debate > li > p:first-child a").all_text_contents()]
    assert debate == [ind.id for ind, _ in doc["debate"]]


def test_paper_answers_typed_cell_by_cell_with_the_keyboard_alone(page, site_url):
    """« Saisir au clavier » : digits fill a cell and move on, arrows move, the rows join the synthesis."""
    page.goto(site_url + "autodiagnostic/collectif/")
    page.locator("[data-co='grid-box'] summary").click()
    assert a11y.violations(page, context="[data-co='grid-box']") == []
    page.get_by_label("Nom du membre 1").fill("Camille")
    page.get_by_label("Membre 1, indicateur A1.1").focus()
    page.keyboard.type("3210" * 9)  # 36 answers: the cursor ends on the next row's name
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Nom du membre 2"
    page.keyboard.type("Dominique")
    page.get_by_label("Membre 2, indicateur A1.1").focus()
    page.keyboard.type("7")  # not an answer: refused, the cursor stays
    assert page.get_by_label("Membre 2, indicateur A1.1").input_value() == ""
    page.keyboard.type("x-12" * 9)
    page.get_by_label("Membre 2, indicateur A1.1").focus()
    page.keyboard.press("ArrowUp")
    assert page.evaluate("() => document.activeElement.getAttribute('aria-label')") == "Membre 1, indicateur A1.1"
    page.get_by_role("button", name="Ajouter ces réponses à la synthèse").click()
    labels = page.locator("[data-co='members'] input[data-label]")
    labels.first.wait_for()
    assert [labels.nth(i).input_value() for i in range(labels.count())] == ["Camille", "Dominique"]
    assert page.locator("[data-co='links']").input_value() == ""  # read, then cleared like pasted lines
