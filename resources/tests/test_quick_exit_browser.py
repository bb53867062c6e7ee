"""Issue 12, items 8-10: a way out that is always on screen, as GOV.UK's "Exit this page".

Every test runs on a 390x844 touch phone and on a 1280x800 laptop screen.
"""
import datetime

import pytest
from django.core.management import call_command

from idhr_portal.testing.browser import NEUTRAL, SIZES, assert_accessible, screenshot, stub_neutral_site
from reports import services
from reports.tests.factories import ReportFactory

from .conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

START = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)

PUBLIC_PAGES = [
    "/",
    "/reporting-options/",
    "/resources/",
    "/resources/violence-prevention-and-response/",
    "/definitions/",
    "/rights/",
    "/training/",
    "/staying-safe-online/",
    "/report/",
    "/complaint/",
    "/follow-up/",
    "/referral/sign-in/",
    "/no-such-page/",
]


@pytest.fixture
def seeded_live(transactional_db):
    from idhr_portal.testing.cache import run_cache_clear

    call_command("loaddata", *FIXTURES, verbosity=0)
    # This run's keys only: cache.clear() empties the whole Redis database, the other
    # xdist worker's keys (and queued tasks) included.
    run_cache_clear()


@pytest.fixture(params=sorted(SIZES))
def size(request):
    return request.param


@pytest.fixture
def sized_page(new_page, size):
    page = new_page(**SIZES[size])
    stub_neutral_site(page)
    return page


def _press(page, size, locator):
    """A finger on the phone, a mouse on the laptop."""
    if size == "phone":
        locator.tap()
    else:
        locator.click()


def _exit_button_fully_on_screen_and_uncovered(page) -> bool:
    return page.evaluate(
        """() => {
          const b = document.getElementById('quick-exit');
          const r = b.getBoundingClientRect();
          if (r.width === 0 || r.top < 0 || r.bottom > window.innerHeight || r.left < 0 || r.right > window.innerWidth) return false;
          const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
          return hit === b || b.contains(hit);
        }"""
    )


def test_exit_button_stays_on_screen_while_every_public_page_scrolls(sized_page, seeded_live, size):
    page = sized_page
    for path in PUBLIC_PAGES:
        page.goto(path)

        assert _exit_button_fully_on_screen_and_uncovered(page), path
        for fraction in (0.5, 1.0):
            page.evaluate("f => window.scrollTo(0, document.documentElement.scrollHeight * f)", fraction)
            page.wait_for_timeout(50)
            assert _exit_button_fully_on_screen_and_uncovered(page), f"{path} scrolled to {fraction:.0%}"


def test_exit_button_on_the_long_definitions_page_after_scrolling(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/definitions/")
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight)")
    page.wait_for_timeout(50)
    screenshot(page, f"public-definitions-scrolled-{size}", full_page=False)

    _press(page, size, page.locator("#quick-exit"))
    page.wait_for_url(NEUTRAL)
    assert page.locator("h1").inner_text() == "Forecast"


def test_exit_is_the_second_tab_stop_and_leaves_with_enter(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/rights/")

    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.textContent.trim()") == "Skip to main content"
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "() => { const e = document.activeElement, r = e.getBoundingClientRect();"
        " return {text: e.textContent.trim(), href: e.getAttribute('href'), w: r.width, h: r.height}; }"
    )
    assert focused["text"] == "Exit this page" and focused["href"] == "/exit/"
    assert focused["w"] > 40 and focused["h"] > 20  # shown when it has focus
    assert_accessible(page, f"rights, exit link focused ({size})")
    screenshot(page, f"public-exit-link-focused-{size}", full_page=False)

    page.keyboard.press("Enter")
    page.wait_for_url(NEUTRAL)


def test_error_summary_is_not_covered_by_the_sticky_exit_bar(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/report/")
    page.get_by_role("button", name="Save and continue").click()
    summary = page.locator("#error-summary")
    summary.wait_for()
    page.evaluate("() => document.getElementById('error-summary').focus()")

    header_bottom = page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().bottom")
    assert summary.bounding_box()["y"] >= header_bottom
    assert _exit_button_fully_on_screen_and_uncovered(page)


def _open_follow_up(page):
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    page.goto("/follow-up/")
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Open my report").click()
    page.wait_for_url("**/follow-up/")
    assert page.get_by_role("heading", name="Your report", level=1).is_visible()


def _assert_follow_up_session_ended(page):
    page.goto("/follow-up/")
    assert page.get_by_role("button", name="Open my report").is_visible()
    assert page.get_by_role("heading", name="Your report", level=1).count() == 0


def test_shift_three_times_exits_through_exit_and_ends_the_session(sized_page, seeded_live, size):
    page = sized_page
    _open_follow_up(page)

    for _ in range(3):
        page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)
    assert page.locator("h1").inner_text() == "Forecast"

    # The follow-up sign-in ended with the session.
    _assert_follow_up_session_ended(page)


def test_another_key_between_shift_presses_starts_the_count_again(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/resources/")

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.keyboard.press("a")
    page.keyboard.press("Shift")
    page.keyboard.press("Shift+A")  # Shift held for a capital letter is not a Shift press
    page.wait_for_timeout(300)
    assert page.url.endswith("/resources/")
    assert page.locator("#quick-exit-status").inner_text() == ""

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    assert page.locator("#quick-exit-status").inner_text() == "Shift, press 1 more time to exit."
    page.keyboard.press("Shift")
    page.wait_for_url(NEUTRAL)


def test_shift_count_expires_after_five_seconds(sized_page, seeded_live, size):
    page = sized_page
    # The page's clock, stopped: the five seconds pass when the test says so.
    page.clock.install(time=START)
    page.goto("/resources/")
    page.clock.pause_at(START + datetime.timedelta(minutes=1))
    status = page.locator("#quick-exit-status")

    page.keyboard.press("Shift")
    page.keyboard.press("Shift")
    page.clock.run_for(4_900)
    assert status.inner_text() == "Shift, press 1 more time to exit."  # not yet
    page.clock.run_for(200)  # 5.1 s after the second press
    assert status.inner_text() == "Exit this page expired."
    page.keyboard.press("Shift")
    assert status.inner_text() == "Shift, press 2 more times to exit."  # counting from one again
    assert page.url.endswith("/resources/")


def test_exit_hides_the_page_at_once_before_the_next_page_arrives(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/definitions/")
    # What the page looks like as it starts to go away, written where the test can read it later.
    page.evaluate(
        """() => window.addEventListener('beforeunload', () => sessionStorage.setItem(
             'seen-while-leaving', getComputedStyle(document.documentElement).visibility))"""
    )

    _press(page, size, page.locator("#quick-exit"))
    page.wait_for_url(NEUTRAL)

    page.goto("/definitions/")
    assert page.evaluate("() => sessionStorage.getItem('seen-while-leaving')") == "hidden"


def test_exit_button_ends_a_draft_and_back_does_not_show_the_form(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/")
    page.goto("/report/")
    page.get_by_label("I am the person who was harmed").check()
    page.get_by_role("button", name="Save and continue").click()
    page.wait_for_url("**/report/**")

    _press(page, size, page.locator("#quick-exit"))
    page.wait_for_url(NEUTRAL)

    page.go_back()
    page.wait_for_load_state()
    assert "/report/" not in page.url
    # Coming back afresh: the draft is gone, the form starts again at step 1.
    page.goto("/report/")
    assert page.get_by_text("Step 1 of", exact=False).first.is_visible()
    assert not page.get_by_label("I am the person who was harmed").is_checked()


def test_without_javascript_the_exit_button_is_a_link_through_exit(new_page, seeded_live, size):
    page = new_page(javascript=False, **SIZES[size])
    stub_neutral_site(page)
    _open_follow_up(page)

    _press(page, size, page.locator("#quick-exit"))
    page.wait_for_url(NEUTRAL)

    _assert_follow_up_session_ended(page)


def test_staying_safe_online_is_linked_from_the_footer_and_the_first_form_page(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/report/")
    page.locator("main").get_by_role("link", name="Staying safe online").click()
    page.wait_for_url("**/staying-safe-online/")

    assert page.get_by_role("heading", name="Staying safe online", level=1).is_visible()
    text = page.locator("main").inner_text()
    assert "It does not erase your browser history" in text
    assert "press the Shift key three times" in text
    assert "private window" in text
    assert_accessible(page, f"staying safe online ({size})")
    screenshot(page, f"public-staying-safe-{size}")

    page.goto("/")
    assert page.locator("footer").get_by_role("link", name="Staying safe online").get_attribute("href") == (
        "/staying-safe-online/"
    )
