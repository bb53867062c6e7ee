"""The party portal in Chromium, on a phone (390×844) and a desktop (1280×800), with and
without JavaScript: opening the emailed link, the one-time code (a wrong one first), the
list of documents, a letter, signing out, and a used link. axe-core on every state;
nothing requested from another site; screenshots in SCREENSHOT_DIR."""

import pytest
from playwright.sync_api import expect

from cases.services.letters import letter_prepare
from cases.services.portal import letter_send_via_portal
from idhr_portal.testing.browser import assert_accessible, screenshot

from .test_portal import code_in, deliver_all, link_in, mails_to, make_case, smtp_server  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}


def axe(page, javascript, context):
    """axe-core runs in the page: only where JavaScript is on (the same markup is served without)."""
    if javascript:
        assert_accessible(page, context)


@pytest.mark.parametrize(
    "size,javascript",
    [(PHONE, True), (DESKTOP, True), (PHONE, False)],
    ids=["phone", "desktop", "phone-nojs"],
)
def test_a_respondent_signs_in_with_the_link_and_code_reads_the_letter_and_signs_out(
    new_page, smtp_server, size, javascript  # noqa: F811
):
    name = f"portal-{'phone' if size is PHONE else 'desktop'}{'' if javascript else '-nojs'}"
    manager, case, complainant, respondent = make_case()
    letters = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=manager)
    letter_send_via_portal(letters=letters, actor=manager)
    deliver_all()
    path = link_in(mails_to(smtp_server, "respondent-a@example.org")[0])
    page = new_page(javascript=javascript, **size)

    page.goto(path)
    expect(page.get_by_role("heading", level=1)).to_have_text("Open your documents")
    axe(page, javascript, "invitation")
    screenshot(page, f"{name}-1-invitation")
    page.get_by_role("button", name="Email me a code").focus()
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your one-time code")
    axe(page, javascript, "code")
    page.get_by_label("One-time code").fill("12ab")
    page.keyboard.press("Enter")
    expect(page.get_by_text("The code is 6 digits, for example 123456.")).to_be_visible()
    expect(page.get_by_label("One-time code")).to_have_value("12ab")
    axe(page, javascript, "code with an error")
    screenshot(page, f"{name}-2-code-error")

    deliver_all()
    code = code_in(mails_to(smtp_server, "respondent-a@example.org")[1])
    page.get_by_label("One-time code").fill(code)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your documents")
    expect(page.get_by_text("New", exact=True)).to_be_visible()
    axe(page, javascript, "documents")
    screenshot(page, f"{name}-3-documents")

    page.get_by_role("link", name="Notice of allegations").click()
    expect(page.get_by_text("glasswing").first).to_be_visible()
    expect(page.get_by_role("link", name="Download the letter (PDF)")).to_be_visible()
    axe(page, javascript, "letter")
    screenshot(page, f"{name}-4-letter")

    page.get_by_role("link", name="Back to your documents").click()
    expect(page.get_by_text("New", exact=True)).to_have_count(0)
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_text("You have signed out of the portal.")).to_be_visible()
    axe(page, javascript, "signed out")
    screenshot(page, f"{name}-5-signed-out")

    page.goto(path)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_text("This link has already been used. Each link works only once.")).to_be_visible()
    axe(page, javascript, "used link")
    screenshot(page, f"{name}-6-used-link")
    assert page.request_log.foreign() == []
