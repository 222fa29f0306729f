"""The search page (/recherche/) driven in Chromium, on the real built site.

French as people type it (accents, plurals, prefixes, names, ligatures),
filters that list exactly what the open data says, the address that carries
the words and filters, the keyboard alone, and no request outside the site.
"""

from __future__ import annotations

import re

import json
from urllib.parse import urlencode

import pytest

from coopsite import config

pytestmark = pytest.mark.browser


def open_search(page, site_url, **params):
    """Open /recherche/ with ``params`` in its address; wait for the search to answer."""
    query = urlencode(params, doseq=True)
    page.goto(f"{site_url}{config.SEARCH}{'?' + query if query else ''}")
    status = page.locator("#coop-search-status")
    page.wait_for_function(
        "() => !/en cours|Tapez des mots/.test((document.querySelector('#coop-search-status')?.textContent || ''))"
        if params else "() => (document.querySelector('[data-count]')?.textContent || '') !== ''")
    return status.inner_text()


def hrefs(page):
    """Every result's link (all pages of results shown), relative to the site."""
    more = page.locator("#coop-search-more")
    while more.is_visible():
        count = page.locator(".coop-hit").count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.coop-hit').length > {count}")
    return [a.get_attribute("href") for a in page.locator(".coop-hit__title a").all()]


def count(page, site_url, q, **filters):
    status = open_search(page, site_url, q=q, **filters)
    if status.startswith("Aucun résultat"):
        return 0
    return int(status.split(" ")[0])


# The French query table: pairs that must find the same results.
ACCENT_PAIRS = [
    ("benevole", "bénévole"), ("cooperation", "coopération"), ("economie", "économie"), ("reseau", "réseau"),
    ("developpement", "développement"), ("coeur", "cœur"), ("Helene", "Hélène"),
]
PLURAL_PAIRS = [
    ("territoires", "territoire"), ("cooperations", "cooperation"), ("acteurs", "acteur"), ("projets", "projet"),
]


@pytest.mark.parametrize("plain, accented", ACCENT_PAIRS)
def test_without_accents_finds_what_the_accented_word_finds(page, site_url, plain, accented):
    found_plain, found_accented = count(page, site_url, plain), count(page, site_url, accented)
    if accented != "Hélène":  # a name the corpus does not hold: both find nothing, alike
        assert found_accented > 0, accented
    assert found_plain == found_accented, (plain, found_plain, accented, found_accented)


@pytest.mark.parametrize("plural, singular", PLURAL_PAIRS)
def test_a_plural_finds_what_its_singular_finds(page, site_url, plural, singular):
    assert count(page, site_url, plural) >= count(page, site_url, singular) > 0


def test_a_prefix_finds_while_typing(page, site_url):
    assert count(page, site_url, "mutualis") >= count(page, site_url, "mutualisation") > 0


@pytest.mark.parametrize("name", ["Bossuet", "Stéphane Bossuet", "stephane bossuet", "Bosredon", "LIESS"])
def test_names_find_their_quotes_with_or_without_accents(page, site_url, name):
    open_search(page, site_url, q=name, type="citation")
    assert page.locator(".coop-hit--citation").count() > 0


def test_a_quote_is_a_result_of_its_own_with_its_words_marked(page, site_url):
    open_search(page, site_url, q="defi double")
    hit = page.locator(".coop-hit--citation").first
    assert "défi de la coopération est double" in hit.locator(".coop-hit__quote").inner_text()
    assert [m.inner_text().lower() for m in hit.locator("mark").all()][:2] == ["défi", "double"]
    link = hit.locator(".coop-hit__title a").get_attribute("href")
    assert link.endswith(f"{config.CASES}cap-solidaire/#cap-solidaire-defi-double")
    hit.locator(".coop-hit__title a").click()
    page.wait_for_url("**/temoignages/cap-solidaire/#cap-solidaire-defi-double")


def test_ligatures_are_shown_as_written(page, site_url):
    open_search(page, site_url, q="coeur")
    marks = [m.inner_text() for m in page.locator(".coop-hit mark").all()]
    # Pagefind marks a word with the punctuation that follows it (« cœurs), »).
    assert marks and {m.strip(" ,.;:()") for m in marks} <= {"cœur", "cœurs"} and "cœur" in marks


@pytest.fixture(scope="module")
def open_data(built_site):
    quotes = json.loads((built_site / "data" / "quotes.json").read_text("utf-8"))["quotes"]
    grid = json.loads((built_site / "data" / "grid.json").read_text("utf-8"))
    return quotes, grid


def quote_links(quotes):
    return sorted(q["url"].lstrip("/") for q in quotes)


@pytest.mark.parametrize("indicator", ["A3.4", "B2.1", "A1.2"])
def test_browsing_an_indicator_lists_exactly_its_quotes(page, site_url, open_data, indicator):
    quotes, _ = open_data
    expected = [q for q in quotes if indicator in q["indicator_ids"]]
    assert expected
    open_search(page, site_url, type="citation", indicateur=indicator)
    assert sorted(link.removeprefix(site_url) for link in hrefs(page)) == quote_links(expected)


def test_browsing_a_main_objective_and_a_departement(page, site_url, open_data):
    quotes, _ = open_data
    by_case = {"cap-solidaire": "33"}
    expected = [q for q in quotes if any(i.startswith("A2") for i in q["indicator_ids"])
                and by_case.get(q["case_id"]) == "33"]
    assert expected
    open_search(page, site_url, type="citation", principal="A2", departement="33")
    assert sorted(link.removeprefix(site_url) for link in hrefs(page)) == quote_links(expected)


def test_the_address_carries_words_and_filters_both_ways(page, site_url):
    open_search(page, site_url, q="cooperation", objectif="B", annee="2021")
    assert page.locator("#coop-search-q").input_value() == "cooperation"
    assert page.locator("input[name=objectif][value=B]").is_checked()
    assert page.locator("input[name=annee][value='2021']").is_checked()
    page.locator("input[name=temoin][value=organisation]").check()
    page.wait_for_function("() => location.search.includes('temoin=organisation')")
    assert page.evaluate("location.search") == "?q=cooperation&objectif=B&annee=2021&temoin=organisation"
    shared = page.url
    page.goto("about:blank")
    page.goto(shared)  # the shared address gives back the same words, filters and results
    page.wait_for_function("() => /résultat/.test((document.querySelector('#coop-search-status')?.textContent || ''))")
    assert page.url == shared
    assert page.locator("input[name=temoin][value=organisation]").is_checked()
    assert "avec les filtres choisis" in page.locator("#coop-search-status").inner_text()


def test_counts_are_shown_and_unknown_parameters_ignored(page, site_url):
    open_search(page, site_url, q="cooperation", objectif="Z", inconnu="<script>")
    assert not page.locator("input[name=objectif]:checked").count()
    # The counts come after the first results (search.js): wait for them, on a loaded machine too.
    page.wait_for_function("() => [...document.querySelectorAll('input[name=type] ~ [data-count]')]"
                           ".every((c) => c.textContent.startsWith('('))")
    counts = [c.inner_text() for c in page.locator("input[name=type] ~ [data-count]").all()]
    assert all(c.startswith("(") for c in counts) and any(c != "(0)" for c in counts)


def test_the_header_box_leads_to_the_search_page_and_keys_open_it(page, site_url):
    page.goto(f"{site_url}{config.GRID}")
    page.keyboard.press("/")
    assert page.evaluate("document.activeElement.id") == "coop-header-q"
    page.keyboard.type("réseau")
    page.keyboard.press("Enter")
    page.wait_for_url("**/recherche/?q=r%C3%A9seau")
    page.wait_for_function("() => /résultat/.test((document.querySelector('#coop-search-status')?.textContent || ''))")
    assert page.locator(".coop-hit").count() > 0


def test_keyboard_only(page, site_url):
    open_search(page, site_url)
    page.locator("#coop-search-q").focus()
    page.keyboard.type("gouvernance")
    page.keyboard.press("Enter")
    page.wait_for_function("() => /résultat/.test((document.querySelector('#coop-search-status')?.textContent || ''))")
    page.keyboard.press("Tab")  # the search button
    page.keyboard.press("Tab")  # the help link
    page.keyboard.press("Tab")  # the first filter
    assert page.evaluate("document.activeElement.name") == "type"
    page.keyboard.press("Space")
    page.wait_for_function("() => /avec les filtres choisis/.test((document.querySelector('#coop-search-status')?.textContent || ''))")
    assert page.url.endswith("?q=gouvernance&type=citation")
    assert page.locator(".coop-hit").count() == page.locator(".coop-hit--citation").count() > 0


def test_no_request_leaves_the_site_and_no_error(page, site_url):
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("console", lambda message: message.type == "error" and errors.append(message.text))
    open_search(page, site_url, q="cooperation territoriale", objectif="A")
    assert page.locator(".coop-hit").count() > 0
    assert page.outside_requests == [] and errors == [] and page.dialogs == []


def test_the_embed_page_loads_no_search(page, site_url):
    loaded = []
    page.on("request", lambda request: loaded.append(request.url))
    page.goto(f"{site_url}{config.SELFTEST_EMBED}")
    page.wait_for_load_state("networkidle")
    assert not [url for url in loaded if "pagefind" in url or "/search/" in url]


def test_material_s_lunr_index_is_not_shipped(built_site):
    assert not (built_site / "search").exists()
    assert (built_site / "pagefind" / "pagefind.js").is_file()


@pytest.mark.parametrize("query", sorted({w for pair in ACCENT_PAIRS + PLURAL_PAIRS for w in pair} - {"Helene", "Hélène"})
                         + ["implication des habitants", "engagement benevole", "Bossuet", "incubateur"])
def test_an_excerpt_never_repeats_its_title_nor_runs_into_it(page, site_url, query):
    open_search(page, site_url, q=query)
    hits = page.locator(".coop-hit")
    more = page.locator("#coop-search-more")
    while more.is_visible():
        count_before = hits.count()
        more.click()
        page.wait_for_function(f"() => document.querySelectorAll('.coop-hit').length > {count_before}")
    # Every title and excerpt read at once: one call instead of two per result.
    shown = page.eval_on_selector_all(".coop-hit", """hits => hits.map(hit => [
        hit.querySelector(".coop-hit__title").innerText, hit.querySelector(".coop-hit__excerpt").innerText])""")
    assert len(shown) > 0, query
    for title, excerpt in shown:
        title, excerpt = " ".join(title.split()), " ".join(excerpt.split())
        assert excerpt, title
        # Not the title again above its text (« B2.3 Implication … habitants Observe … »), nor its end
        # run into the text's first sentence (« … l’engagement bénévole Observe la place … »).
        assert not excerpt.startswith(title), (query, title, excerpt)
        words = title.split()
        for size in range(2, len(words) + 1):
            tail = re.escape(" ".join(words[-size:]))
            assert not re.search(tail + r" [A-ZÀ-Ý]", excerpt), (query, title, excerpt)


def test_a_result_heading_names_a_person_and_a_testimony_once_each(page, site_url):
    open_search(page, site_url, q="Bossuet", type="citation")
    titles = [" ".join(t.split()) for t in page.locator(".coop-hit__title").all_inner_texts()]
    assert titles
    for title in titles:
        parts = [p.strip() for p in title.split(",")]
        assert len(parts) == len(set(parts)), title
        assert title.count("Bossuet") == 1, title
