"""The party portal's overview, messages and sessions in Chromium at 390x844 and 1280x800
(and without JavaScript): a party signs in, reads the overview, sends a message with the
keyboard only; staff see it unread on the case page and reply; the party reads the reply.
Then two browsers of one party: "sign out everywhere" ends the other, idle time ends a
third; a password set in the account signs in. axe-core on every state; nothing requested
from another site; screenshots in SCREENSHOT_DIR."""

import datetime
import time

import pytest
import time_machine
from playwright.sync_api import expect

from cases.permissions import role_groups_sync
from cases.services.letters import letter_prepare
from cases.services.portal import letter_send_via_portal, party_portal_invite
from idhr_portal.testing.browser import assert_accessible, screenshot

from .test_portal import code_in, deliver_all, link_in, mails_to, make_case, smtp_server  # noqa: F401

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PHONE = {"viewport": {"width": 390, "height": 844}, "has_touch": True, "is_mobile": True}
DESKTOP = {"viewport": {"width": 1280, "height": 800}}
STAFF_PASSWORD = "correct horse battery staple"
PARTY_WORDS = "Can the interview move to the afternoon?"
STAFF_WORDS = "Yes: the interview is now at 2 PM, same room."


def axe(page, javascript, context):
    if javascript:
        assert_accessible(page, context)


def party_signs_in(page, smtp, party, path, javascript, name=None):
    before = len(mails_to(smtp, party.email))
    page.goto(path)
    page.get_by_role("button", name="Email me a code").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Enter your one-time code")
    deliver_all()
    code = code_in(mails_to(smtp, party.email)[before])
    page.get_by_label("One-time code").fill(code)
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your documents")


def invite(smtp, manager, party):
    party_portal_invite(party=party, actor=manager)
    deliver_all()
    return link_in(mails_to(smtp, party.email)[-1])


def tab_to(page, selector, limit=60):
    """Press Tab until `selector` has the focus (keyboard only)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement && document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


@pytest.mark.parametrize(
    "size,javascript", [(PHONE, True), (DESKTOP, True), (PHONE, False)], ids=["phone", "desktop", "phone-nojs"]
)
def test_a_party_reads_the_overview_writes_with_the_keyboard_and_staff_reply(
    new_page, smtp_server, size, javascript  # noqa: F811
):
    name = f"portal-messages-{'phone' if size is PHONE else 'desktop'}{'' if javascript else '-nojs'}"
    role_groups_sync()
    manager, case, complainant, respondent = make_case()
    manager.set_password(STAFF_PASSWORD)
    manager.save()
    letters = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)
    letter_send_via_portal(letters=letters, actor=manager)
    deliver_all()
    page = new_page(javascript=javascript, **size)
    party_signs_in(page, smtp_server, complainant, link_in(mails_to(smtp_server, complainant.email)[0]), javascript)

    page.get_by_role("link", name="Your case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
    expect(page.locator("#stage")).to_have_text("Received")
    expect(page.locator("#quick-exit")).to_be_visible()
    expect(page.get_by_role("link", name="Notice of allegations")).to_be_visible()
    axe(page, javascript, "overview")
    screenshot(page, f"{name}-1-overview")

    page.get_by_role("link", name="Messages", exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Messages with the IDHR Office")
    expect(page.locator("#quick-exit")).to_be_visible()
    axe(page, javascript, "messages, empty")
    tab_to(page, "textarea[name=body]")
    page.keyboard.press("Enter")  # a blank line only: refused
    tab_to(page, "form[action='/portal/messages/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Please write a message.")).to_be_visible()
    axe(page, javascript, "messages, error")
    screenshot(page, f"{name}-2-message-error")
    tab_to(page, "textarea[name=body]")
    page.keyboard.type(PARTY_WORDS)
    tab_to(page, "form[action='/portal/messages/'] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_text("Your message was sent to the IDHR Office.")).to_be_visible()
    expect(page.locator("#thread")).to_contain_text(PARTY_WORDS)
    axe(page, javascript, "messages, sent")
    screenshot(page, f"{name}-3-message-sent")

    staff = new_page(**DESKTOP)
    staff.goto("/admin/login/?next=/admin/")
    staff.get_by_label("Username").fill(manager.username)
    staff.get_by_label("Password").fill(STAFF_PASSWORD)
    staff.get_by_role("button", name="Log in").click()
    staff.wait_for_url("**/admin/")
    staff.goto(f"/admin/cases/case/{case.pk}/change/")
    expect(staff.locator(f"#portal-unread-{complainant.pk}")).to_have_text("1 unread")
    assert_accessible(staff, "case page with an unread party message")
    staff.locator("#portal-messages").get_by_role("link", name="Complainant").click()
    expect(staff.locator("#portal-thread")).to_contain_text(PARTY_WORDS)
    assert_accessible(staff, "staff thread page")
    staff.get_by_label("Reply to the party").fill(STAFF_WORDS)
    staff.get_by_role("button", name="Send to the party").click()
    expect(staff.get_by_text("Message sent. The party was emailed that there is a new message.")).to_be_visible()
    screenshot(staff, f"{name}-4-staff-thread")
    staff.goto(f"/admin/cases/case/{case.pk}/change/")
    expect(staff.locator(f"#portal-unread-{complainant.pk}")).to_have_count(0)

    page.reload()
    expect(page.locator("#thread")).to_contain_text(STAFF_WORDS)
    expect(page.locator("#thread .portal-new")).to_have_count(1)
    axe(page, javascript, "messages, reply")
    screenshot(page, f"{name}-5-reply")
    page.get_by_role("link", name="Your case").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
    assert "Vantablack" not in page.content() and "Marisol" not in page.content()
    assert page.request_log.foreign() == []


@pytest.mark.parametrize("size", [PHONE, DESKTOP], ids=["phone", "desktop"])
def test_sign_out_everywhere_idle_expiry_and_a_password_across_browsers(
    new_page, smtp_server, settings, size  # noqa: F811
):
    name = f"portal-sessions-{'phone' if size is PHONE else 'desktop'}"
    manager, case, complainant, respondent = make_case()
    first = new_page(**size)
    second = new_page(**size)
    party_signs_in(first, smtp_server, respondent, invite(smtp_server, manager, respondent), True)
    party_signs_in(second, smtp_server, respondent, invite(smtp_server, manager, respondent), True)

    first.get_by_role("link", name="Account").click()
    expect(first.get_by_role("heading", level=1)).to_have_text("Your account")
    axe(first, True, "account")
    first.get_by_label("New password", exact=True).fill("short")
    first.get_by_label("The same password again").fill("short")
    first.get_by_role("button", name="Set the password").click()
    expect(first.get_by_text("This password is too short.")).to_be_visible()
    axe(first, True, "account, error")
    screenshot(first, f"{name}-1-account-error")
    first.get_by_label("New password", exact=True).fill("lantern-orchard-quiet-47")
    first.get_by_label("The same password again").fill("lantern-orchard-quiet-47")
    first.get_by_role("button", name="Set the password").click()
    expect(first.get_by_text("Your password is set.")).to_be_visible()
    first.get_by_role("button", name="Sign out everywhere").click()
    expect(first.get_by_text("You have been signed out of the portal on every device and browser.")).to_be_visible()

    second.get_by_role("link", name="Your case").click()
    expect(second.get_by_role("heading", level=1)).to_have_text("You were signed out on every device")
    axe(second, True, "signed out everywhere")
    screenshot(second, f"{name}-2-signed-out-everywhere")

    third = new_page(**size)
    third.goto("/portal/sign-in/")
    expect(third.locator("#quick-exit")).to_be_visible()
    axe(third, True, "password sign-in")
    third.get_by_label("Email address").fill("respondent-a@example.org")
    third.get_by_label("Password").fill("not the password")
    third.get_by_role("button", name="Sign in").click()
    expect(third.get_by_text("That email address and password do not match an account.")).to_be_visible()
    expect(third.get_by_label("Email address")).to_have_value("respondent-a@example.org")
    axe(third, True, "password sign-in, error")
    screenshot(third, f"{name}-3-sign-in-error")
    settings.PORTAL_IDLE_SECONDS = 15 * 60
    for page in (third, second):  # two browsers signed in with the password
        page.goto("/portal/sign-in/")
        page.get_by_label("Email address").fill("respondent-a@example.org")
        page.get_by_label("Password").fill("lantern-orchard-quiet-47")
        page.get_by_role("button", name="Sign in").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("Your case")
    # The server's clock (the live server runs in this process) jumps ahead: the second
    # browser is used every 10 minutes (under the 15-minute limit); the third is left
    # alone for 20.
    with time_machine.travel(time.time()) as clock:
        clock.shift(datetime.timedelta(minutes=10))
        second.reload()
        expect(second.get_by_role("heading", level=1)).to_have_text("Your case")
        clock.shift(datetime.timedelta(minutes=10))
        second.reload()
        expect(second.get_by_role("heading", level=1)).to_have_text("Your case")
        third.reload()
        expect(third.get_by_role("heading", level=1)).to_have_text("You were signed out after inactivity")
        axe(third, True, "signed out after inactivity")
        screenshot(third, f"{name}-4-idle")
    for page in (first, second, third):
        assert page.request_log.foreign() == []
