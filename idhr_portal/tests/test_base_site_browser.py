import pytest

from idhr_portal.testing.browser import DESKTOP, PHONE, assert_accessible, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_page_has_no_accessibility_violations_and_loads_nothing_from_elsewhere(page):
    page.goto("/")

    assert page.get_by_role("heading", name="Get help now").is_visible()
    assert_accessible(page, "home page")
    assert page.request_log.foreign() == []


def test_skip_link_is_the_first_stop_for_keyboard_users(page):
    page.goto("/")
    page.keyboard.press("Tab")

    focused = page.evaluate("() => document.activeElement.textContent.trim()")
    assert focused == "Skip to main content"
    page.keyboard.press("Enter")
    assert page.evaluate("() => document.activeElement.id") == "main"


def test_header_shows_the_emergency_numbers_without_javascript(page_nojs):
    page_nojs.goto("/")

    # Above the sticky header (brand and exit button), in a region of its own.
    header = page_nojs.get_by_role("region", name="Emergency numbers").inner_text()
    assert "911" in header
    assert "617-253-1212" in header
    assert "100 from a campus phone" in header


@pytest.mark.screenshots
@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_home_page_screenshots(new_page, name, viewport):
    page = new_page(viewport=viewport)
    page.goto("/")

    path = screenshot(page, f"foundation-home-{name}")
    assert path.stat().st_size > 10_000
