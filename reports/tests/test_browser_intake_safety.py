"""Issue 12, items 1-7: never stuck, never losing what was typed, never losing the receipt.

Each test walks a person's path in Chromium on a touch phone (390×844) and on a
desktop (1280×800), runs axe-core on every new state, and saves screenshots
(SCREENSHOT_DIR) to look at.
"""

import re
import time

import pytest
from playwright.sync_api import expect

from idhr_portal.testing.browser import assert_accessible, screenshot
from reports.models import Report
from reports.tests.factories import responsible_employee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
SIZES = pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
CODE = re.compile(r"([0-9A-Z]{5}-){4}[0-9A-Z]{5}")


def shot(page, name, size):
    screenshot(page, f"{name}-{'phone' if size is PHONE else 'desktop'}")


def next_step(page):
    page.get_by_role("button", name="Save and continue").click()


def anonymous_step_one(page):
    page.goto("/report/")
    page.get_by_label("I am the person who was harmed").check()
    page.get_by_label("No, report anonymously (IDHR will not be able to contact you)").check()
    next_step(page)
    expect(page.get_by_text("Step 2 of 5")).to_be_visible()


def fill_step_two(page, narrative="It happened after the seminar."):
    page.locator("input[name=date_precision][value=unknown]").check()
    page.locator("input[name=location_type][value=online]").check()
    page.locator("#id_narrative").fill(narrative)


def to_receipt(page):
    """From step 2 of the incident report to its receipt, nobody named, no files."""
    fill_step_two(page)
    next_step(page)
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    next_step(page)
    expect(page.get_by_text("Step 4 of 5")).to_be_visible()
    next_step(page)
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url("**/report/receipt/")


# --- 1. Changing one's mind never leaves a person stuck ------------------------------------


@pytest.mark.parametrize(
    "size,javascript", [(PHONE, True), (DESKTOP, True), (DESKTOP, False)], ids=["phone", "desktop", "nojs"]
)
def test_choosing_anonymous_after_typing_a_bad_email_is_not_stuck(new_page, size, javascript):
    page = new_page(javascript=javascript, **size)
    page.goto("/report/")
    page.get_by_label("I am the person who was harmed").check()
    page.get_by_label("Yes, include my name and contact details").check()
    page.locator("#id_name").fill("Avery Example")
    page.locator("#id_email").fill("not-an-email")
    page.get_by_label("No, report anonymously (IDHR will not be able to contact you)").check()
    if javascript:
        expect(page.locator("#id_email")).to_be_hidden()
    next_step(page)
    expect(page.get_by_text("Step 2 of 5")).to_be_visible()
    # The date field of a choice taken back is not checked either.
    if javascript:
        page.locator("input[name=date_precision][value=exact]").check()
        page.locator("#id_incident_date").fill("2099-01-01")  # in the future: an error if checked
    else:
        page.locator("#id_incident_date").fill("2099-01-01")
    fill_step_two(page)  # then "I don't know"
    next_step(page)
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()
    # Back to step 1: what was typed for a hidden choice was not kept.
    page.goto("/report/")
    page.get_by_label("Yes, include my name and contact details").check()
    expect(page.locator("#id_name")).to_have_value("")
    expect(page.locator("#id_email")).to_have_value("")
    if javascript:
        assert_accessible(page, "step 1 after changing one's mind")


# --- 2. Draft expiry keeps the posted page; a warning with one action to extend --------------


@SIZES
def test_expired_draft_keeps_the_page_that_was_posted(new_page, settings, size):
    settings.REPORTS_DRAFT_IDLE_SECONDS = 3
    page = new_page(**size)
    anonymous_step_one(page)
    fill_step_two(page, narrative="What I wrote before I was interrupted.")
    page.wait_for_timeout(4_000)  # the browser has dropped the session cookie
    settings.REPORTS_DRAFT_IDLE_SECONDS = 3600  # the rest of the test takes longer than 3 s
    next_step(page)
    expect(page.locator("#id_narrative")).to_have_value("What I wrote before I was interrupted.")
    expect(page.get_by_text("What you typed on this page is still here")).to_be_visible()
    shot(page, "intake-expired-kept", size)
    assert_accessible(page, "expired draft, page kept")
    # Continuing takes the person to the start, and the page they wrote waits for them.
    next_step(page)
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    page.get_by_label("I am the person who was harmed").check()
    page.get_by_label("No, report anonymously (IDHR will not be able to contact you)").check()
    next_step(page)
    expect(page.locator("#id_narrative")).to_have_value("What I wrote before I was interrupted.")


@SIZES
def test_warning_before_the_draft_expires_offers_one_action_to_extend(new_page, settings, size):
    settings.REPORTS_DRAFT_IDLE_SECONDS = 20  # under two minutes: the warning shows at once
    page = new_page(**size)
    anonymous_step_one(page)
    loaded = time.monotonic()
    warning = page.locator(".draft-timeout")
    expect(warning).to_be_visible()
    expect(warning).to_have_attribute("role", "status")
    expect(warning).to_contain_text("cleared")
    shot(page, "intake-timeout-warning", size)
    assert_accessible(page, "timeout warning")
    page.wait_for_timeout(max(0, 12 - (time.monotonic() - loaded)) * 1000)
    button = page.get_by_role("button", name="Keep my answers")
    if size is PHONE:
        button.tap()
    else:
        button.focus()
        page.keyboard.press("Enter")
    expect(warning).to_contain_text("Your answers will be kept for another minute.")
    kept = time.monotonic()
    # Past the first deadline, well within the extended one.
    page.wait_for_timeout(max(0, 22 - (kept - loaded)) * 1000)
    fill_step_two(page)
    next_step(page)
    expect(page.get_by_text("Step 3 of 5")).to_be_visible()


def test_without_javascript_each_step_says_how_long_answers_are_kept(page_nojs, settings):
    settings.REPORTS_DRAFT_IDLE_SECONDS = 45 * 60
    page_nojs.goto("/report/")
    expect(page_nojs.get_by_text("45 minutes", exact=False).first).to_be_visible()


# --- 3. Clearing the answers asks first, on a page of its own -------------------------------


@pytest.mark.parametrize(
    "size,javascript", [(PHONE, True), (DESKTOP, True), (DESKTOP, False)], ids=["phone", "desktop", "nojs"]
)
def test_clear_my_answers_asks_for_confirmation_on_its_own_page(new_page, size, javascript):
    page = new_page(javascript=javascript, **size)
    anonymous_step_one(page)
    page.locator("#id_narrative").fill("Do not lose this.")
    top = "e => e.getBoundingClientRect().top + window.scrollY"
    bottom = "e => e.getBoundingClientRect().bottom + window.scrollY"
    primary = page.get_by_role("button", name="Save and continue")
    clear = page.get_by_role("button", name="Clear my answers")
    gap = clear.evaluate(top) - primary.evaluate(bottom)
    assert gap >= 48, f"'Clear my answers' is only {gap}px below the primary button"
    clear.click()
    page.wait_for_url("**/report/clear/**")
    expect(page.get_by_role("heading", name="Clear your answers?")).to_be_visible()
    if javascript:
        shot(page, "intake-clear-confirm", size)
        assert_accessible(page, "clear confirmation")
    page.get_by_role("link", name="No, keep my answers").click()
    expect(page.locator("#id_narrative")).to_have_value("Do not lose this.")
    page.get_by_role("button", name="Clear my answers").click()
    page.get_by_role("button", name="Yes, clear my answers").click()
    expect(page.get_by_text("Your answers have been cleared")).to_be_visible()
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    page.goto("/report/what-happened/")
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()


# --- 4. Conditionally required fields are not labelled "(optional)" -------------------------


def label_of(page, field_id):
    return page.locator(f"label[for={field_id}]").inner_text()


@SIZES
def test_fields_that_will_be_asked_for_are_not_labelled_optional(new_page, size):
    page = new_page(**size)
    page.goto("/report/")
    page.get_by_label("Yes, include my name and contact details").check()
    for field in ("id_name", "id_email", "id_phone"):
        assert "optional" not in label_of(page, field), label_of(page, field)
    expect(page.get_by_text("one of the two is enough").first).to_be_visible()
    shot(page, "intake-named-labels", size)
    page.goto("/complaint/")
    for field in ("id_email", "id_phone"):
        assert "optional" not in label_of(page, field), label_of(page, field)
    expect(page.get_by_text("one of the two is enough").first).to_be_visible()
    assert_accessible(page, "complaint step 1")
    responsible_employee(username="re-labels")
    page.goto("/referral/sign-in/")
    page.get_by_label("Username").fill("re-labels")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    for field in ("id_impacted_name", "id_impacted_email", "id_impacted_phone"):
        assert "optional" not in label_of(page, field), label_of(page, field)


# --- 5. The error summary: page order, named fields, focus, character count -----------------


@SIZES
def test_error_summary_names_each_field_in_page_order(new_page, size):
    page = new_page(**size)
    anonymous_step_one(page)
    page.locator("input[name=date_precision][value=exact]").check()
    page.locator("#id_narrative").fill("x" * 50_001)
    count = page.locator("#id_narrative-count")
    expect(count).to_contain_text("You have 1 character too many")
    next_step(page)
    summary = page.locator("#error-summary")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    items = summary.locator("li").all_inner_texts()
    assert len(items) == 3, items
    assert "date" in items[0].lower(), items
    assert "Where did it happen?" in items[1], items
    assert "What happened?" in items[2] and "50,000" in items[2] and "50,001" in items[2], items
    assert not any("Please fill in this field" in item for item in items)
    shot(page, "intake-error-summary", size)
    assert_accessible(page, "error summary")
    # Each link moves focus to its field (keyboard only on the desktop).
    if size is PHONE:
        summary.get_by_role("link").nth(1).tap()
    else:
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Enter")
    expect(page.locator("input[name=location_type]").first).to_be_focused()
    summary.get_by_role("link").nth(2).click()
    expect(page.locator("#id_narrative")).to_be_focused()


def test_empty_required_text_names_its_field(client):
    client.force_login(responsible_employee(username="re-empty"))
    page = client.post("/referral/", {"referrer_role": ""}).content.decode()
    assert "Please fill in this field." not in page
    assert "Your role at MIT" in page.split('id="error-summary"')[1].split("</div>")[0]


def test_without_javascript_the_long_field_says_its_limit(page_nojs):
    anonymous_step_one(page_nojs)
    expect(page_nojs.get_by_text("Up to 50,000 characters", exact=False)).to_be_visible()
    expect(page_nojs.locator("#id_narrative-count")).to_have_count(0)


# --- 6. The receipt survives a reload, until the person says they saved it -----------------


@SIZES
def test_receipt_survives_reload_until_the_person_has_saved_it(new_page, size):
    page = new_page(accept_downloads=True, **size)
    anonymous_step_one(page)
    to_receipt(page)
    code = CODE.search(page.locator("#receipt-code").inner_text()).group(0)
    page.reload()
    assert CODE.search(page.locator("#receipt-code").inner_text()).group(0) == code
    # Only the paragraph that applies: anonymous.
    expect(page.get_by_text("IDHR cannot contact you", exact=False)).to_be_visible()
    expect(page.get_by_text("staff will contact you", exact=False)).to_have_count(0)
    expect(page.get_by_role("button", name="Print")).to_be_visible()
    with page.expect_download() as info:
        page.get_by_role("link", name="Download as a text file").click()
    assert code in open(info.value.path()).read()
    shot(page, "intake-receipt", size)
    assert_accessible(page, "receipt after reload")
    # Each five-character group stays on one line at 320 px.
    page.set_viewport_size({"width": 320, "height": 700})
    groups = page.locator("#receipt-code .code-group")
    expect(groups).to_have_count(5)
    for i in range(5):
        assert groups.nth(i).evaluate("g => g.getClientRects().length") == 1
    screenshot(page, "intake-receipt-320")
    page.get_by_role("button", name="I have saved my code").click()
    expect(page.get_by_text(code)).to_have_count(0)
    page.goto("/report/receipt/")
    expect(page.get_by_role("heading", name="There is no receipt to show")).to_be_visible()


def test_receipt_survives_reload_without_javascript(page_nojs):
    anonymous_step_one(page_nojs)
    to_receipt(page_nojs)
    code = CODE.search(page_nojs.locator("#receipt-code").inner_text()).group(0)
    page_nojs.reload()
    assert code in page_nojs.locator("#receipt-code").inner_text()
    page_nojs.get_by_role("button", name="I have saved my code").click()
    page_nojs.goto("/report/receipt/")
    expect(page_nojs.get_by_text(code)).to_have_count(0)


# --- 7. Each receipt is worded for its kind ---------------------------------------------------


@SIZES
def test_referral_receipt_is_worded_for_a_referral(new_page, size):
    responsible_employee(username="re-receipt")
    page = new_page(**size)
    page.goto("/referral/sign-in/")
    page.get_by_label("Username").fill("re-receipt")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    page.get_by_label("Your role at MIT").fill("Faculty member")
    next_step(page)
    fill_step_two(page, narrative="A student told me about it.")
    next_step(page)
    next_step(page)
    page.get_by_role("button", name="Send the referral").click()
    page.wait_for_url("**/referral/receipt/")
    body = page.locator("main").inner_text()
    assert "without saying who you are" not in body
    expect(page.get_by_text("check on this referral", exact=False).first).to_be_visible()
    expect(page.get_by_text("Title IX Coordinators will send an email", exact=False)).to_be_visible()
    shot(page, "intake-referral-receipt", size)
    assert_accessible(page, "referral receipt")
    assert Report.objects.get().kind == Report.Kind.REFERRAL
