"""Paths a reporter takes that the issue-12 tests do not name, tried on the running portal.

- Back from the receipt page: the browser goes back to "Check and send"; the report
  was sent, so the person must find their receipt code again, not a false
  "Your answers were cleared or have expired. Please start again." (which invites
  sending the report a second time).
- The files step's label says "(optional)" once.
- "Change" on "Check and send", then "Save and continue": back to "Check and send"
  with the change shown, not through every later step again.
- The follow-up message has the live character count the report form's long fields have.
- A refused follow-up message: the alert saying it was not sent is brought into view
  and focused (on a phone it sat below the messages, out of sight, after the reload).
- "Add another person" puts focus in the new person's first field (it was left on the page).
"""

import re

import pytest
from playwright.sync_api import expect

from idhr_portal.testing.browser import SIZES
from reports import services
from reports.models import Report
from reports.tests.factories import ReportFactory, staff_user
from reports.tests.test_browser_intake_safety import anonymous_step_one, fill_step_two, next_step

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

CODE = re.compile(r"([0-9A-Z]{5}-){4}[0-9A-Z]{5}")


@pytest.fixture(params=sorted(SIZES))
def sized_page(new_page, request):
    return new_page(**SIZES[request.param])


def test_back_from_the_receipt_shows_the_code_again_not_start_again(sized_page):
    page = sized_page
    anonymous_step_one(page)
    fill_step_two(page)
    next_step(page)
    next_step(page)
    next_step(page)
    page.get_by_role("button", name="Send the report").click()
    page.wait_for_url("**/report/receipt/")
    code = CODE.search(page.locator("main").inner_text()).group(0)

    page.go_back()

    page.wait_for_url("**/report/receipt/")
    expect(page.get_by_text("This has already been sent. Here is your receipt code again.")).to_be_visible()
    expect(page.get_by_role("heading", name="Your report has been sent")).to_be_visible()
    expect(page.locator("main")).to_contain_text(code)
    expect(page.get_by_text("Please start again")).to_have_count(0)
    assert Report.objects.count() == 1


def test_files_step_says_optional_once(sized_page):
    page = sized_page
    anonymous_step_one(page)
    fill_step_two(page)
    next_step(page)
    next_step(page)
    expect(page.get_by_text("Step 4 of 5")).to_be_visible()

    label = page.locator("label[for=id_files]")
    expect(label).to_have_text(re.compile(r"^\s*Add files\s*\(optional\)\s*$"))


def test_change_on_check_and_send_returns_there_after_saving(sized_page):
    page = sized_page
    anonymous_step_one(page)
    fill_step_two(page)
    next_step(page)
    next_step(page)
    next_step(page)
    expect(page.get_by_text("Step 5 of 5")).to_be_visible()

    page.get_by_role("link", name="Change About you").click()
    expect(page.get_by_text("Step 1 of 5")).to_be_visible()
    page.get_by_label("Yes, include my name and contact details").check()
    page.get_by_label("Your name").fill("Jordan Named")
    page.get_by_label("Your email").fill("jordan.named@example.edu")
    next_step(page)

    expect(page.get_by_text("Step 5 of 5")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Jordan Named")
    expect(page.get_by_role("button", name="Send the report")).to_be_visible()


def test_change_with_a_mistake_keeps_returning_to_check_and_send(sized_page):
    page = sized_page
    anonymous_step_one(page)
    fill_step_two(page)
    next_step(page)
    next_step(page)
    next_step(page)

    page.get_by_role("link", name="Change What happened").click()
    page.locator("#id_narrative").fill("")
    next_step(page)
    expect(page.get_by_text("Please tell us what happened.").first).to_be_visible()
    page.locator("#id_narrative").fill("It happened after the seminar, in the corridor.")
    next_step(page)

    expect(page.get_by_text("Step 5 of 5")).to_be_visible()
    expect(page.locator("main")).to_contain_text("It happened after the seminar, in the corridor.")


def test_change_people_then_add_another_person_still_returns_to_check_and_send(sized_page):
    page = sized_page
    anonymous_step_one(page)
    fill_step_two(page)
    next_step(page)
    next_step(page)
    next_step(page)

    page.get_by_role("link", name="Change People involved").click()
    page.locator("#id_respondent-0-name").fill("Pat Example")
    page.get_by_role("button", name="Add another person").click()
    page.locator("#id_respondent-1-name").fill("Sam Example")
    next_step(page)

    expect(page.get_by_text("Step 5 of 5")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Pat Example")
    expect(page.locator("main")).to_contain_text("Sam Example")


def test_follow_up_message_has_a_live_character_count(sized_page):
    page = sized_page
    code = services.receipt_code_new()
    ReportFactory(receipt_code=code)
    page.goto("/follow-up/")
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Open my report").click()
    page.wait_for_url("**/follow-up/")

    message = page.get_by_label("Your message or new information")
    expect(page.locator("#id_body-count")).to_have_text("You have 10,000 characters remaining")
    message.fill("It happened again on Friday.")
    expect(page.locator("#id_body-count")).to_have_text("You have 9,972 characters remaining")
    message.fill("x" * 10_001)
    expect(page.locator("#id_body-count")).to_have_text("You have 1 character too many")


def test_refused_follow_up_message_is_shown_and_focused(sized_page):
    page = sized_page
    code = services.receipt_code_new()
    report = ReportFactory(receipt_code=code)
    staff = staff_user()
    for n in range(4):  # a conversation long enough to push the reply form below the screen
        services.staff_message_add(report=report, author=staff, body=f"Message {n}. " + "A long paragraph. " * 40)
    page.goto("/follow-up/")
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Open my report").click()
    page.wait_for_url("**/follow-up/")
    page.get_by_role("button", name="Send to IDHR").click()

    alert = page.get_by_text("Your message was not sent. Please check it below; what you typed is still there.")
    expect(alert).to_be_focused()
    expect(alert).to_be_in_viewport()


def test_add_another_person_puts_focus_in_the_new_person(sized_page):
    page = sized_page
    anonymous_step_one(page)
    fill_step_two(page)
    next_step(page)
    page.locator("#id_respondent-0-name").fill("Pat Example")
    page.get_by_role("button", name="Add another person").click()

    expect(page.locator("#id_respondent-1-name")).to_be_focused()
    expect(page.locator("#id_respondent-0-name")).to_have_value("Pat Example")
