"""The printed questionnaire and the facilitator's tally sheet, printed to PDF by Chromium."""

from __future__ import annotations

import re

import pytest

from coopsite import config
from coopsite.structure.loader import load_corpus
from tests.conftest import ROOT

pytestmark = pytest.mark.browser


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


@pytest.fixture(scope="module")
def grid():
    return load_corpus(ROOT).grid


def test_the_questionnaire_prints_on_at_most_8_a4_pages_with_every_question_whole(page, site_url, grid):
    page.goto(site_url + config.SELFTEST_QUESTIONNAIRE)
    questions = page.locator(".coop-paper__q")
    assert questions.count() == len(grid.indicators)
    for index, ind in enumerate(grid.indicators):  # every indicator, in the grid's order, from the grid
        item = questions.nth(index)
        assert item.get_attribute("id") == f"question-{ind.slug}"
        assert item.locator(".coop-paper__qtext").inner_text() == f"{ind.id} {ind.question}"
        boxes = item.locator(".coop-paper__box").all_inner_texts()
        assert boxes == [f"☐ {level.label}" for level in grid.scale.levels] + [f"☐ {grid.scale.unknown_label}"]
    text = page.locator(".coop-paper").inner_text()
    assert "Prénom ou pseudonyme" in text and "Date" in text and grid.provenance.title in text
    page.emulate_media(media="print")
    # Printed, no question is cut across two pages, and the screen-only parts are gone.
    assert set(questions.evaluate_all("els => els.map(e => getComputedStyle(e).breakInside)")) == {"avoid"}
    assert not page.locator(".coop-paper__noprint").first.is_visible()
    assert not page.locator(".md-header").is_visible()
    pdf = page.pdf(format="A4")
    assert 1 < pdf_pages(pdf) <= 8


def test_the_tally_sheet_holds_members_by_indicators_and_the_instructions(page, site_url, grid):
    page.goto(site_url + config.SELFTEST_QUESTIONNAIRE_SHEET)
    rows = page.locator(".coop-paper__tally tbody tr")
    assert rows.count() == len(grid.indicators)
    assert rows.locator("th").all_inner_texts() == [i.id for i in grid.indicators]
    assert page.locator(".coop-paper__tally thead th").count() == 1 + 12
    assert "Camille : 3210 x-12" in page.locator(".coop-paper__steps").inner_text()
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4", landscape=True)) <= 2


def test_the_facilitators_guide_links_both_sheets(page, site_url):
    page.goto(site_url + config.SELFTEST_FACILITATOR)
    hrefs = page.locator("#papier ~ .coop-prose a").evaluate_all("els => els.map(e => e.href)")
    assert site_url + config.SELFTEST_QUESTIONNAIRE in hrefs
    assert site_url + config.SELFTEST_QUESTIONNAIRE_SHEET in hrefs


def test_the_workshop_mode_is_readable_from_the_back_of_the_room(page, site_url):
    page.set_viewport_size({"width": 1920, "height": 1080})
    page.goto(site_url + config.SELFTEST_PROJECTOR)
    address = page.locator("[data-coop-projector-address]")
    # Built without SITE_URL: no QR code (never a wrong one), the address as this browser sees it.
    assert address.inner_text() == site_url + config.SELFTEST
    assert "Pas de code QR" in page.locator(".coop-projector").inner_text()
    sizes = page.locator(".coop-projector__text *").evaluate_all(
        "els => els.map(e => parseFloat(getComputedStyle(e).fontSize))")
    assert len(sizes) >= 4 and min(sizes) >= 32
    assert page.locator(".coop-projector__steps li").count() == 3
    assert address.bounding_box()["y"] + 200 < 1080  # in the first screen
