"""File each kind end to end in Chromium, with and without JavaScript, then come back
with the receipt code to read a staff message and reply. axe-core on every step,
on an error state and on the receipt page (checked in the JavaScript run)."""

import re

import pytest
from playwright.sync_api import expect

from idhr_portal.testing.browser import PHONE, assert_accessible, screenshot
from reports import services
from reports.models import Report, ReporterMessage
from reports.tests.factories import responsible_employee, staff_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def check(page, context, *, a11y):
    assert "Server Error" not in page.content()
    if a11y:
        assert_accessible(page, context)


def next_step(page):
    page.get_by_role("button", name="Save and continue").click()


def fill_what_happened(page, *, a11y, narrative):
    expect(page.locator("#id_narrative")).to_be_visible()
    check(page, "what happened", a11y=a11y)
    page.get_by_label("Stalking", exact=True).check()
    page.locator("input[name=date_precision][value=month]").check()
    page.locator("#id_incident_month").fill("2025-02")
    page.locator("input[name=location_type][value=online]").check()
    page.locator("#id_narrative").fill(narrative)
    next_step(page)


def fill_people(page, *, a11y, name="Drew Respondent"):
    expect(page.locator("#id_respondent-0-name")).to_be_visible()
    check(page, "people", a11y=a11y)
    page.locator("#id_respondent-0-name").fill(name)
    page.get_by_role("button", name="Add another witness").click()
    expect(page.locator("input[name^=witness-][name$=-name]")).to_have_count(2)
    page.locator("#id_witness-1-name").fill("Second Witness")
    next_step(page)


def add_file_and_continue(page, *, a11y):
    expect(page.get_by_label("Add files (optional)")).to_be_visible()
    check(page, "files", a11y=a11y)
    page.get_by_label("Add files (optional)").set_input_files(
        files=[{"name": "screenshot.png", "mimeType": "image/png", "buffer": PNG}]
    )
    page.get_by_role("button", name="Add these files").click()
    expect(page.get_by_role("button", name="Remove screenshot.png")).to_be_visible()
    next_step(page)


def receipt_code_from(page, *, a11y) -> str:
    page.wait_for_url("**/receipt/")
    check(page, "receipt", a11y=a11y)
    text = page.locator("#receipt-code").inner_text()
    match = re.search(r"([0-9A-Z]{5}-){4}[0-9A-Z]{5}", text)
    assert match, text
    return match.group(0)


def follow_up_and_reply(page, code, report, *, a11y):
    services.staff_message_add(
        report=report,
        author=staff_user(username=f"staff-{report.pk}"),
        body="Thank you for telling us. Would you like to meet?",
    )
    page.goto("/follow-up/")
    check(page, "follow-up sign-in", a11y=a11y)
    page.get_by_label("Your receipt code").fill("WRONG-CODE")
    page.get_by_role("button", name="Open my report").click()
    expect(page.get_by_text("We could not open a report with that code")).to_be_visible()
    check(page, "follow-up wrong code", a11y=a11y)
    page.get_by_label("Your receipt code").fill(code.lower())
    page.get_by_role("button", name="Open my report").click()
    expect(page.get_by_text("Thank you for telling us. Would you like to meet?")).to_be_visible()
    expect(page.get_by_text("Received", exact=True)).to_be_visible()
    check(page, "follow-up report", a11y=a11y)
    page.get_by_label("Your message or new information").fill("Yes, I would like to meet next week.")
    page.get_by_role("button", name="Send to IDHR").click()
    expect(page.get_by_text("Your message was sent to IDHR.")).to_be_visible()
    expect(page.get_by_text("Yes, I would like to meet next week.")).to_be_visible()
    assert report.messages.filter(direction=ReporterMessage.Direction.FROM_REPORTER).count() == 1


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_anonymous_incident_report_end_to_end(new_page, javascript):
    page = new_page(javascript=javascript)
    a11y = javascript
    page.goto("/report/")
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    expect(page.locator("[aria-current=step]")).to_contain_text("About you")
    check(page, "report step 1", a11y=a11y)
    next_step(page)  # nothing chosen: errors beside the fields
    expect(page.get_by_text("There is a problem")).to_be_visible()
    check(page, "report step 1 with errors", a11y=a11y)
    page.get_by_label("I am the person who was harmed").check()
    page.get_by_label("No, report anonymously (IDHR will not be able to contact you)").check()
    next_step(page)
    expect(page.get_by_text("Step 2 of 5")).to_be_visible()
    expect(page.locator("a[href='/definitions/#intimate-partner-violence']")).to_have_count(1)
    next_step(page)  # errors on step 2 too
    check(page, "report step 2 with errors", a11y=a11y)
    if javascript:
        screenshot(page, "reports-step-2-errors")
    fill_what_happened(page, a11y=a11y, narrative="Someone keeps messaging me after I asked them to stop.")
    fill_people(page, a11y=a11y)
    add_file_and_continue(page, a11y=a11y)
    expect(page.get_by_text("Step 5 of 5")).to_be_visible()
    expect(page.get_by_text("Someone keeps messaging me after I asked them to stop.")).to_be_visible()
    expect(page.get_by_text("may share it, if appropriate, with the Bias Response Team")).to_be_visible()
    check(page, "report review", a11y=a11y)
    page.get_by_role("button", name="Back").click()  # back keeps everything
    expect(page.get_by_role("button", name="Remove screenshot.png")).to_be_visible()
    next_step(page)
    page.get_by_role("button", name="Send the report").click()
    code = receipt_code_from(page, a11y=a11y)
    if javascript:
        screenshot(page, "reports-receipt")
    report = Report.objects.get()
    assert report.is_anonymous and report.attachments.count() == 1 and report.parties.count() == 2
    follow_up_and_reply(page, code, report, a11y=a11y)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_formal_complaint_end_to_end(new_page, javascript):
    page = new_page(javascript=javascript, viewport=PHONE)
    a11y = javascript
    page.goto("/complaint/")
    check(page, "complaint step 1", a11y=a11y)
    page.get_by_label("Your full legal name").fill("Jamie Lee Complainant")
    page.get_by_label("Your email").fill("jamie@example.edu")
    page.get_by_label("Your connection to MIT").select_option("student")
    page.locator("input[name=respondent_type][value=student]").check()
    next_step(page)
    fill_what_happened(page, a11y=a11y, narrative="Repeated unwanted advances in the lab.")
    fill_people(page, a11y=a11y, name="Taylor Student")
    expect(page.locator("input[name=occurred_in_us]").first).to_be_visible()
    check(page, "jurisdiction", a11y=a11y)
    for name in ("in_education_program", "occurred_in_mit_program", "occurred_in_us"):
        page.locator(f"input[name={name}][value=yes]").check()
    next_step(page)
    next_step(page)  # no files
    expect(page.get_by_text("Step 6 of 6")).to_be_visible()
    check(page, "complaint review", a11y=a11y)
    page.get_by_label("Type your full legal name to sign").fill("Jamie Complainant")
    page.get_by_role("button", name="Sign and send the complaint").click()
    expect(page.get_by_text("does not match the name you gave").first).to_be_visible()
    check(page, "complaint signature error", a11y=a11y)
    page.get_by_label("Type your full legal name to sign").fill("Jamie Lee Complainant")
    page.get_by_label(re.compile("I am the complainant")).check()
    page.get_by_role("button", name="Sign and send the complaint").click()
    code = receipt_code_from(page, a11y=a11y)
    report = Report.objects.get()
    assert report.formal_complaint.signature_name == "Jamie Lee Complainant"
    follow_up_and_reply(page, code, report, a11y=a11y)


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "nojs"])
def test_referral_end_to_end(new_page, javascript):
    responsible_employee(username="re-browser", first_name="Robin", last_name="Director")
    page = new_page(javascript=javascript)
    a11y = javascript
    page.goto("/referral/")
    page.wait_for_url("**/referral/sign-in/**")
    check(page, "referral sign-in", a11y=a11y)
    page.get_by_label("Username").fill("re-browser")
    page.get_by_label("Password").fill("correct horse battery staple")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text("Step 1 of 4")).to_be_visible()
    check(page, "referral step 1", a11y=a11y)
    page.get_by_label("Your role at MIT").fill("Faculty member")
    page.get_by_label("Name of the person who was impacted, if known").fill("Alex Impacted")
    next_step(page)
    fill_what_happened(page, a11y=a11y, narrative="A student told me their ex-partner follows them.")
    fill_people(page, a11y=a11y, name="Ex Partner")
    expect(page.get_by_text("Step 4 of 4")).to_be_visible()
    check(page, "referral review", a11y=a11y)
    page.get_by_role("button", name="Send the referral").click()
    code = receipt_code_from(page, a11y=a11y)
    report = Report.objects.get()
    assert report.referral.impacted_name == "Alex Impacted"
    follow_up_and_reply(page, code, report, a11y=a11y)
