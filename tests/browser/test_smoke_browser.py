import pytest

pytestmark = pytest.mark.browser


def test_home_loads_without_outside_requests(page, site_url):
    page.goto(site_url)
    assert "Coopérer" in page.title()
    page.wait_for_load_state("networkidle")
    assert page.outside_requests == []
