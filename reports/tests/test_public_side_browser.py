"""Issue 12 (items 11, 12): the follow-up page reads true; referral pages can be signed out of.

Every test runs on a 390x844 touch phone and on a 1280x800 laptop screen.
"""
import datetime

import pytest

from idhr_portal.testing.browser import SIZES, assert_accessible, screenshot
from reports import services
from reports.models import Report
from reports.tests.factories import ReportFactory, UserFactory, responsible_employee

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "correct horse battery staple"


@pytest.fixture(params=sorted(SIZES))
def size(request):
    return request.param


@pytest.fixture
def sized_page(new_page, size):
    return new_page(**SIZES[size])


def test_follow_up_page_shows_the_date_and_a_sentence_for_each_status(sized_page, size):
    page = sized_page
    code = services.receipt_code_new()
    report = ReportFactory(receipt_code=code)
    # 14 March 2026, 15:00 UTC: 11:00 in Boston, the office's time zone.
    Report.objects.filter(pk=report.pk).update(created_at=datetime.datetime(2026, 3, 14, 15, 0, tzinfo=datetime.UTC))

    page.goto("/follow-up/")
    page.get_by_label("Your receipt code").fill(code)
    page.get_by_role("button", name="Open my report").click()
    page.wait_for_url("**/follow-up/")

    intro = page.locator("main p.small").first.inner_text()
    assert intro.startswith("Sent on March 14, 2026.")
    status = page.locator(".status-line")
    assert status.inner_text() == "Received: IDHR has your report and will review it. Nothing has been decided yet."
    assert_accessible(page, f"follow-up, received ({size})")
    screenshot(page, f"public-follow-up-{size}")

    services.report_status_set(report=report, status=Report.Status.UNDER_REVIEW)
    page.reload()
    assert status.inner_text() == "Under review: IDHR staff are looking at your report and may write to you here."

    services.report_status_set(report=report, status=Report.Status.CLOSED)
    page.reload()
    assert status.inner_text() == (
        "Closed: IDHR has finished its work on this report. You can still send a message here."
    )
    assert "Received: Received" not in page.content()


def _sign_in(page, username):
    page.goto("/referral/")
    page.wait_for_url("**/referral/sign-in/**")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()


def test_responsible_employee_can_sign_out_from_the_referral_form(sized_page, size):
    page = sized_page
    responsible_employee(username="pat.re", first_name="Pat", last_name="Director")
    _sign_in(page, "pat.re")
    page.wait_for_url("**/referral/")

    sign_out = page.get_by_role("button", name="Sign out")
    assert sign_out.is_visible()
    assert "Signed in as Pat Director" in page.locator("main").inner_text()
    assert_accessible(page, f"referral step 1 with sign-out ({size})")
    screenshot(page, f"public-referral-sign-out-{size}", full_page=False)

    if size == "phone":
        sign_out.tap()
    else:
        sign_out.click()
    page.wait_for_url("**/referral/sign-out/")
    assert page.get_by_role("heading", name="You are signed out").is_visible()
    assert_accessible(page, f"referral signed out ({size})")
    assert page.context.cookies() == [] or all(c["name"] != "sessionid" for c in page.context.cookies())

    # The session is over: the form asks for the sign-in again.
    page.goto("/referral/")
    page.wait_for_url("**/referral/sign-in/**")


def test_sign_out_is_offered_on_the_not_allowed_page_too(sized_page, size):
    page = sized_page
    UserFactory(username="not.re")
    _sign_in(page, "not.re")
    page.wait_for_url("**/referral/")
    assert page.get_by_role("heading", name="The referral form is for responsible employees").is_visible()

    page.get_by_role("button", name="Sign out").click()
    page.wait_for_url("**/referral/sign-out/")
    page.goto("/referral/")
    page.wait_for_url("**/referral/sign-in/**")
