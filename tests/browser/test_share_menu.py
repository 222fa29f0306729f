"""The « Partager » menu in Chromium: keyboard only, copy link, download, no third party, axe."""

from __future__ import annotations

import pytest

from coopsite import config
from coopsite.sitecheck import a11y
from coopsite.structure.loader import load_corpus
from tests.conftest import ROOT, watched_page

pytestmark = pytest.mark.browser

FOCUSED = "() => document.activeElement ? document.activeElement.outerHTML.slice(0, 120) : ''"


@pytest.fixture(scope="module")
def corpus():
    return load_corpus(ROOT)


@pytest.fixture
def clip_page(browser, site_url):
    context, page = watched_page(browser, site_url)
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=site_url.rstrip("/"))
    yield page
    context.close()


def tab_to(page, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"« {selector} » jamais atteint au clavier")


def test_copy_link_by_keyboard_on_a_quote_page(clip_page, site_url, corpus):
    page = clip_page
    quote = corpus.quotes[0]
    page.goto(site_url + config.quote_page_url(quote))
    page.wait_for_load_state("networkidle")
    assert page.outside_requests == []
    tab_to(page, "summary.coop-share__toggle")
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.querySelector('details.coop-share').open")
    page.locator('[data-share="copy"]').wait_for(state="visible")
    page.keyboard.press("Tab")
    assert 'data-share="copy"' in page.evaluate(FOCUSED)
    page.keyboard.press("Enter")
    page.wait_for_function("() => document.querySelector('.coop-share__status').textContent.length > 0")
    assert page.locator(".coop-share__status").inner_text() == "Lien copié."
    assert page.evaluate("() => navigator.clipboard.readText()") == site_url + config.quote_page_url(quote)
    page.keyboard.press("Escape")
    assert not page.evaluate("() => document.querySelector('details.coop-share').open")
    assert "coop-share__toggle" in page.evaluate(FOCUSED)
    assert page.outside_requests == []


def test_quote_menu_on_a_case_page_copies_the_quote_page(clip_page, site_url, corpus):
    page = clip_page
    case = corpus.cases[1]
    quote = case.quotes[-1]
    page.goto(site_url + config.case_url(case))
    menu = page.locator(f"#{quote.id} details.coop-share")
    menu.locator("summary").focus()
    page.keyboard.press("Enter")
    menu.locator('[data-share="copy"]').focus()
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.querySelector('#{quote.id} .coop-share__status').textContent")
    assert page.evaluate("() => navigator.clipboard.readText()") == site_url + config.quote_page_url(quote)
    assert page.outside_requests == []


def test_download_link_and_share_links_point_to_the_right_places(page, site_url, corpus):
    quote = corpus.quotes[2]
    page.goto(site_url + config.quote_page_url(quote))
    page.locator("summary.coop-share__toggle").click()
    download = page.locator("a[download]")
    href = download.evaluate("a => a.href")
    assert href == site_url + config.card_uri(config.quote_page_url(quote))
    response = page.request.get(href)
    assert response.status == 200 and response.headers["content-type"] == "image/png"
    assert response.body()[:8] == b"\x89PNG\r\n\x1a\n"
    # Without SITE_URL the share links are completed in the browser, with the page's address.
    address = site_url + config.quote_page_url(quote)
    linkedin = page.get_by_role("link", name="LinkedIn")
    assert linkedin.is_visible()
    assert linkedin.get_attribute("href").endswith("url=" + address.replace(":", "%3A").replace("/", "%2F"))
    mail = page.get_by_role("link", name="E-mail").get_attribute("href")
    assert mail.startswith("mailto:?subject=") and "%2Fcitations%2F" in mail
    assert page.outside_requests == []  # opening the menu loads nothing


def test_mastodon_asks_for_the_instance(page, site_url, corpus):
    page.goto(site_url + config.quote_page_url(corpus.quotes[0]))
    page.locator("summary.coop-share__toggle").click()
    # Record what would open rather than leave the machine.
    page.evaluate("() => { window.open = (url) => { window.__opened = url; }; }")
    field = page.get_by_label("Mastodon : votre instance")
    field.fill("pas une instance")
    page.get_by_role("button", name="Partager sur Mastodon").click()
    assert field.get_attribute("aria-invalid") == "true"
    # The message is written on the next frame, so that it is announced again.
    page.wait_for_function("() => document.querySelector('.coop-share__status').textContent.length > 0")
    assert "instance" in page.locator(".coop-share__status").inner_text()
    field.fill("@moi@mastodon.example")
    page.get_by_role("button", name="Partager sur Mastodon").click()
    opened = page.evaluate("() => window.__opened")
    assert opened.startswith("https://mastodon.example/share?text=Citation%20de%20")
    assert opened.endswith("%2Fcitations%2F" + corpus.quotes[0].id + "%2F")


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_no_axe_violation_with_the_menu_open(browser, site_url, corpus, scheme):
    context = browser.new_context(locale="fr-FR", color_scheme=scheme)
    try:
        page = context.new_page()
        for url in (config.quote_page_url(corpus.quotes[0]), config.case_url(corpus.cases[0])):
            page.goto(site_url + url)
            page.wait_for_load_state("networkidle")
            page.locator("summary.coop-share__toggle").first.click()
            found = a11y.violations(page)
            assert found == [], (url, scheme, found)
    finally:
        context.close()
