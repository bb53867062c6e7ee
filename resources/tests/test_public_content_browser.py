"""Issue 12, items 13-16: usable contacts, filters on a phone, reflow at 200% text, the small things.

Every test runs on a 390x844 touch phone and on a 1280x800 laptop screen.
"""
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from idhr_portal.testing.browser import SIZES, assert_accessible, screenshot

from .conftest import FIXTURES

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PUBLIC_PAGES = [
    "/",
    "/reporting-options/",
    "/resources/",
    "/resources/title-ix-coordinator/",
    "/resources/violence-prevention-and-response/",
    "/resources/idhr/",
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

# Written out here (not taken from the portal's code): North American numbers as the
# office writes them, 911, and email addresses.
FIND_UNLINKED = """() => {
  const phone = /(^|[^\\w-])(1-)?(\\(\\d{3}\\) ?|\\d{3}[-.])\\d{3}[-.]\\d{4}([^\\w-]|$)|(^|[^\\w-])911([^\\w-]|$)/;
  const email = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)+/;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  while (walker.nextNode()) {
    const node = walker.currentNode;
    if (node.parentElement.closest('a, script, style, title')) continue;
    if (phone.test(node.textContent) || email.test(node.textContent)) found.push(node.textContent.trim());
  }
  return found;
}"""

TEL_LINKS_THAT_WRAP = """() => [...document.querySelectorAll('a[href^="tel:"]')]
  .filter(a => a.offsetParent !== null && a.getClientRects().length > 1)
  .map(a => a.textContent)"""


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
    return new_page(**SIZES[size])


def set_text_size(page, percent: int):
    """The browser's text size setting: the root font size (Bootstrap sizes text in rem)."""
    page.evaluate("p => document.documentElement.style.setProperty('font-size', p + '%', 'important')", percent)


# --- Item 13: every phone number and email address is a link ------------------------------


def test_every_phone_number_and_email_on_the_public_pages_is_a_link(sized_page, seeded_live, size):
    page = sized_page
    unlinked, wrapping = {}, {}
    for path in PUBLIC_PAGES:
        page.goto(path)
        if found := page.evaluate(FIND_UNLINKED):
            unlinked[path] = found
        if broken := page.evaluate(TEL_LINKS_THAT_WRAP):
            wrapping[path] = broken
    assert unlinked == {}
    assert wrapping == {}


def test_reporting_options_numbers_and_addresses_can_be_called_and_written_to(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/reporting-options/")
    main = page.locator("main")

    for number, href in [
        ("617-289-0111", "tel:+16172890111"),  # Office for Civil Rights, Boston
        ("617-343-4400", "tel:+16173434400"),  # Boston Police Department
        ("617-349-3381", "tel:+16173493381"),  # Cambridge Police Department
        ("617-715-4080", "tel:+16177154080"),  # IDHR
    ]:
        assert main.locator(f'a[href="{href}"]').first.inner_text() == number
    for address in ["srankin@mit.edu", "idhr@mit.edu", "OCR.Boston@ed.gov"]:
        assert main.locator(f'a[href="mailto:{address}"]').first.inner_text() == address
    # Numbers stay on one line even at 200% text on a phone.
    set_text_size(page, 200)
    assert page.evaluate(TEL_LINKS_THAT_WRAP) == []
    assert_accessible(page, f"reporting options ({size})")


# --- Item 14: the filters come first and the person lands on the results ---------------------


def test_resource_filters_come_first_and_filtering_lands_on_the_counted_results(sized_page, seeded_live, size):
    page = sized_page
    page.goto("/resources/")

    # The filters start on the first screen (844 px on the phone, 800 px on the laptop).
    filters_top = page.locator("form.filters").bounding_box()["y"]
    assert filters_top < 600
    screenshot(page, f"public-directory-first-screen-{size}", full_page=False)

    page.get_by_label("Confidential resources only").check()
    page.get_by_role("button", name="Show resources").click()
    page.wait_for_url("**/resources/?*#results")

    heading = page.locator("#results")
    # fixtures/resources.json: seven confidential resources.
    assert page.locator("section[aria-labelledby=results] > ul > li").count() == 7
    assert heading.inner_text() == "7 resources match your filters"
    assert page.evaluate("() => document.activeElement.id") == "results"
    # Wholly on screen once the page has settled (under load the fragment scroll can land
    # after the first paint; a person sees the heading, not the first frame).
    expect(heading).to_be_in_viewport(ratio=1)
    box = heading.bounding_box()
    assert box["y"] + box["height"] <= SIZES[size]["viewport"]["height"]
    # Not hidden under the sticky header with the exit button.
    assert box["y"] >= page.evaluate("() => document.querySelector('.site-header').getBoundingClientRect().bottom")
    assert_accessible(page, f"filtered directory ({size})")
    screenshot(page, f"public-directory-filtered-{size}", full_page=False)


def test_resource_filters_land_on_the_results_without_javascript(new_page, seeded_live, size):
    page = new_page(javascript=False, **SIZES[size])
    page.goto("/resources/")
    page.get_by_label("Confidential resources only").check()
    page.get_by_role("button", name="Show resources").click()
    page.wait_for_url("**/resources/?*#results")

    # The browser scrolls to the fragment once the page is laid out.
    for _ in range(50):
        top = page.locator("#results").bounding_box()["y"]
        if 0 <= top < SIZES[size]["viewport"]["height"] / 2:
            break
        page.wait_for_timeout(100)
    assert 0 <= top < SIZES[size]["viewport"]["height"] / 2


# --- Item 15: 200% text on a 390 px phone reflows without sideways scrolling ---------------------

REFLOW_PAGES = PUBLIC_PAGES + ["/resources/?confidential=on#results", "/resources/?category=health"]

WIDER_THAN_THE_SCREEN = """() => {
  const width = document.documentElement.clientWidth;
  const wide = [...document.querySelectorAll('body *')]
    .filter(e => e.offsetParent !== null && e.getBoundingClientRect().right > width + 1)
    .map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.trim().split(/\\s+/).join('.') : '') + ' ' + (e.textContent || '').trim().slice(0, 40));
  return {scrollWidth: document.documentElement.scrollWidth, width, wide: wide.slice(0, 8)};
}"""


def test_text_at_200_percent_reflows_without_sideways_scrolling(sized_page, seeded_live, size):
    page = sized_page
    overflowing = {}
    for path in REFLOW_PAGES:
        page.goto(path)
        set_text_size(page, 200)
        page.wait_for_timeout(50)
        result = page.evaluate(WIDER_THAN_THE_SCREEN)
        if result["scrollWidth"] > result["width"] or result["wide"]:
            overflowing[path] = result
    assert overflowing == {}, "\n".join(f"{p}: {r}" for p, r in overflowing.items())


@pytest.mark.screenshots
@pytest.mark.parametrize("path", ["/resources/", "/definitions/", "/rights/", "/training/"])
def test_screenshots_at_200_percent_text(new_page, seeded_live, path):
    page = new_page(**SIZES["phone"])
    page.goto(path)
    set_text_size(page, 200)
    name = path.strip("/") or "home"
    assert screenshot(page, f"public-200pc-{name}-phone", full_page=False).stat().st_size > 5_000
    page.evaluate("() => window.scrollTo(0, document.documentElement.scrollHeight / 3)")
    assert screenshot(page, f"public-200pc-{name}-phone-scrolled", full_page=False).stat().st_size > 5_000


# --- Item 16: favicon, description, a trimmed and compressed Bootstrap, a real 404 page -------------


def test_pages_load_without_console_errors_or_failed_requests_and_describe_themselves(sized_page, seeded_live, size):
    page = sized_page
    errors, failed = [], []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)

    for path in PUBLIC_PAGES:
        if path == "/no-such-page/":
            continue
        page.goto(path)
        page.wait_for_load_state("load")
        description = page.locator('meta[name="description"]').get_attribute("content")
        assert description and len(description) > 50, path
        assert page.locator('link[rel="icon"]').count() == 1
    page.wait_for_timeout(200)

    assert failed == [] and errors == []


def test_favicon_ico_is_served(page, live_server):
    response = page.request.get(f"{live_server.url}/favicon.ico")
    assert response.ok and response.headers["content-type"] == "image/svg+xml"


def test_bootstrap_is_trimmed_and_sent_compressed(page, seeded_live, client):
    page.goto("/")
    href = page.locator('link[rel="stylesheet"]').first.get_attribute("href")
    assert href.endswith("/build/bootstrap.min.css"), "run `make css` (scripts/build_css) first"

    # Through the middleware (WhiteNoise) as gunicorn serves it; the test server's own
    # static handler would bypass it.
    response = client.get(href, HTTP_ACCEPT_ENCODING="gzip, deflate, br")
    assert response.status_code == 200 and response["Content-Encoding"] == "gzip"
    css = client.get(href).getvalue().decode()
    # Bootstrap 5.3 is 232,066 bytes minified; the portal uses a small part of it.
    assert len(css) < 100_000
    assert ".carousel" not in css and ".accordion" not in css and ".offcanvas" not in css
    assert ".visually-hidden-focusable" in css and ".form-control" in css and ".alert-success" in css


def test_page_not_found_is_the_portals_own_page(sized_page, seeded_live, size):
    page = sized_page
    response = page.goto("/no-such-page/")

    assert response.status == 404
    assert page.get_by_role("heading", name="Page not found", level=1).is_visible()
    assert page.locator("#quick-exit").is_visible()
    assert "URLconf" not in page.content() and "DEBUG = True" not in page.content()
    assert_accessible(page, f"404 ({size})")
    screenshot(page, f"public-404-{size}", full_page=False)
