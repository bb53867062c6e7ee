"""The help pages in the real Chromium: accessibility, no foreign requests, quick exit."""
import pytest
from django.core.management import call_command

from idhr_portal.testing.browser import DESKTOP, NEUTRAL, PHONE, assert_accessible, screenshot, stub_neutral_site
from idhr_portal.testing.cache import run_cache_clear

from .conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PAGES = [
    "/",
    "/reporting-options/",
    "/resources/",
    "/resources/?confidential=on",
    "/resources/?audience=graduate_students&open_24_7=on&category=advocacy",
    "/resources/?category=health&confidential=on",
    "/resources/violence-prevention-and-response/",
    "/resources/title-ix-coordinator/",
    "/definitions/",
    "/rights/",
    "/training/",
]


@pytest.fixture
def seeded_live(transactional_db):
    call_command("loaddata", *FIXTURES, verbosity=0)
    run_cache_clear()


@pytest.mark.parametrize("path", PAGES)
def test_help_page_is_accessible_and_loads_nothing_from_elsewhere(page, seeded_live, path):
    response = page.goto(path)

    assert response.status == 200
    assert page.locator("h1").count() == 1
    assert_accessible(page, path)
    assert page.request_log.foreign() == []


@pytest.mark.parametrize("path", PAGES)
def test_help_page_is_accessible_on_a_phone(new_page, seeded_live, path):
    page = new_page(viewport=PHONE)
    page.goto(path)

    assert_accessible(page, f"{path} (phone)")
    assert page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
    # On a phone too (the screenshot runs, `make screenshots`, checked it before).
    assert page.request_log.foreign() == []


@pytest.mark.screenshots
@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
@pytest.mark.parametrize("label,path", [("home", "/"), ("options", "/reporting-options/"), ("directory", "/resources/")])
def test_screenshots_of_home_options_and_directory(new_page, seeded_live, label, path, name, viewport):
    page = new_page(viewport=viewport)
    page.goto(path)

    shot = screenshot(page, f"resources-{label}-{name}")
    assert shot.stat().st_size > 10_000
    # What a person sees first, before scrolling.
    assert screenshot(page, f"resources-{label}-{name}-first-screen", full_page=False).stat().st_size > 10_000
    assert page.request_log.foreign() == []


def test_directory_filters_work_without_javascript(page_nojs, seeded_live):
    page_nojs.goto("/resources/")
    page_nojs.get_by_label("Confidential resources only").check()
    page_nojs.get_by_label("I am").select_option("graduate_students")
    page_nojs.get_by_role("button", name="Show resources").click()

    assert "confidential=on" in page_nojs.url and "audience=graduate_students" in page_nojs.url
    results = page_nojs.locator("#results + ul")
    assert results.get_by_role("heading", name="Violence Prevention and Response (VPR)").is_visible()
    assert results.get_by_role("heading", name="MIT Police", exact=True).count() == 0
    assert page_nojs.get_by_label("Confidential resources only").is_checked()
    # (axe-core needs JavaScript; the same filtered page is checked with it above.)


def test_option_buttons_lead_to_the_portal_actions(page, seeded_live):
    page.goto("/reporting-options/")

    assert page.get_by_role("link", name="Submit an incident report").get_attribute("href") == "/report/"
    assert page.get_by_role("link", name="File a formal complaint").get_attribute("href") == "/complaint/"
    page.get_by_role("link", name="IDHR contact details").click()
    page.wait_for_url("**/resources/idhr/")
    assert page.locator("main").get_by_role("link", name="617-715-4080").is_visible()


def test_report_form_category_links_land_on_their_definition(page, seeded_live):
    page.goto("/definitions/#stalking")

    heading = page.get_by_role("heading", name="Stalking", exact=False).first
    assert heading.is_visible()
    assert page.evaluate("() => document.querySelector(':target').id") == "stalking"


def test_quick_exit_button_leaves_and_back_does_not_return(page, seeded_live):
    stub_neutral_site(page)
    page.goto("/")
    page.get_by_role("link", name="Reporting options").first.click()
    page.wait_for_url("**/reporting-options/")

    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL)
    assert page.locator("h1").inner_text() == "Forecast"

    page.go_back()
    # The earlier portal page (home) replaces itself with the neutral site at once.
    page.wait_for_url(NEUTRAL)
    assert page.locator("h1").inner_text() == "Forecast"
    page.go_back()
    assert "127.0.0.1" not in page.url and "localhost" not in page.url


def test_quick_exit_with_escape_twice_from_the_keyboard(page, seeded_live):
    stub_neutral_site(page)
    page.goto("/resources/")

    page.keyboard.press("Escape")
    page.wait_for_timeout(200)
    assert "/resources/" in page.url  # one press does nothing
    page.keyboard.press("Escape")
    page.wait_for_url(NEUTRAL)

    page.go_back()
    page.wait_for_load_state()
    assert "/resources/" not in page.url
    assert page.url in ("about:blank", NEUTRAL)


def test_quick_exit_is_reachable_with_tab_and_enter(page, seeded_live):
    stub_neutral_site(page)
    page.goto("/rights/")

    for _ in range(10):
        page.keyboard.press("Tab")
        if page.evaluate("() => document.activeElement.id") == "quick-exit":
            break
    assert page.evaluate("() => document.activeElement.id") == "quick-exit"
    page.keyboard.press("Enter")
    page.wait_for_url(NEUTRAL)
    page.go_back()
    page.wait_for_load_state()
    assert "/rights/" not in page.url


def test_coming_back_to_the_portal_afresh_after_a_quick_exit_shows_it(page, seeded_live):
    stub_neutral_site(page)
    page.goto("/")
    page.locator("#quick-exit").click()
    page.wait_for_url(NEUTRAL)

    page.goto("/resources/")

    assert page.get_by_role("heading", name="Support resources", level=1).is_visible()


def test_quick_exit_without_javascript_is_a_plain_link_to_exit(page_nojs, seeded_live):
    page_nojs.goto("/")

    # Through the portal's own /exit/, which ends the session and then sends the tab away.
    assert page_nojs.locator("#quick-exit").get_attribute("href") == "/exit/"
