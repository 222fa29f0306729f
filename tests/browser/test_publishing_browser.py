"""Publishing pages in Chromium: the erase button clears every key the site
writes and nothing else; the skip link comes first and leads to the content."""

from __future__ import annotations

import pytest

from coopsite import config

pytestmark = pytest.mark.browser


def test_the_erase_button_clears_every_key_the_site_writes_and_no_other(page, site_url):
    # The self-test first: Material's palette key has the site's own scope.
    page.goto(site_url + config.SELFTEST)
    page.locator("#indicateur-a1-1 input[value='3']").check()
    page.wait_for_function("() => Object.keys(localStorage).some((k) => k.startsWith('coopsite:autodiagnostic:'))")
    page.evaluate("""() => {
      localStorage.setItem('coopsite:diagnostic-mutuel:grille:1', '{}');
      localStorage.setItem(new URL('.', __md_scope).pathname + '.__palette', '{"index":1}');
      localStorage.setItem('decap-cms-user', '{}');
      sessionStorage.setItem('coopsite:essai', '1');
      localStorage.setItem('autre-site:reglage', 'garde');
    }""")
    page.goto(site_url + config.PRIVACY)
    button = page.get_by_role("button", name="Effacer les données de ce site dans ce navigateur")
    button.click()
    status = page.locator("[data-coop-erase-status]")
    assert status.inner_text().startswith("C’est fait : 5 éléments effacés.")
    left = page.evaluate("() => [Object.keys(localStorage), Object.keys(sessionStorage)]")
    assert left == [["autre-site:reglage"], []]
    button.click()
    assert status.inner_text() == "Il n’y avait rien à effacer : ce site n’a rien gardé dans ce navigateur."
    assert page.outside_requests == []


@pytest.mark.parametrize("url", ["", config.PRIVACY, config.CASES + "liess/", config.SELFTEST, "404.html"])
def test_the_skip_link_is_the_first_stop_and_leads_to_the_content(page, site_url, url):
    page.goto(site_url + url)
    page.keyboard.press("Tab")
    focused = page.evaluate("() => [document.activeElement.classList.contains('md-skip'), "
                            "document.activeElement.textContent.trim()]")
    assert focused == [True, "Aller au contenu"]
    box = page.locator(".md-skip").bounding_box()
    assert box and box["width"] > 0 and box["height"] > 0  # visible once focused
    page.keyboard.press("Enter")
    inside = page.evaluate("() => !!document.activeElement.closest('article') || "
                           "!!document.querySelector(':target')?.closest('article')")
    assert inside
