"""In a real browser: a save the service refuses keeps what the case manager typed and says why."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Appeal, Case, Determination, Party
from cases.permissions import role_groups_sync
from idhr_portal import roles
from idhr_portal.testing.browser import screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def test_an_appeal_filed_after_the_window_is_refused_and_the_grounds_typed_are_kept(page):
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="morgan")
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.APPEAL_WINDOW)
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    deadline = timezone.localdate() - datetime.timedelta(days=2)
    Determination.objects.create(
        case=case,
        outcome=Determination.Outcome.RESPONSIBLE,
        decided_on=deadline - datetime.timedelta(days=5),
        appeal_deadline=deadline,
        decided_by=manager,
    )
    grounds = "The panel did not hear my witness"

    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/cases/case/{case.pk}/change/")

    page.get_by_role("button", name="Add another Appeal").click()
    page.locator("select[name='appeals-0-filed_by']").select_option(str(complainant.pk))
    page.locator("input[name='appeals-0-filed_on']").fill(timezone.localdate().isoformat())
    page.locator("[name='appeals-0-grounds']").fill(grounds)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Save and continue editing").click()

    assert navigation.value.status == 200
    assert page.locator(".errornote").is_visible()
    row_errors = page.locator("#appeals-group .errorlist").inner_text()
    assert f"The appeal window closed on {deadline.isoformat()}." in row_errors
    assert page.locator("[name='appeals-0-grounds']").input_value() == grounds
    assert page.locator("select[name='appeals-0-filed_by']").input_value() == str(complainant.pk)
    assert page.locator("input[name='appeals-0-filed_on']").input_value() == timezone.localdate().isoformat()
    assert not Appeal.objects.filter(case=case).exists()


def test_a_refused_move_keeps_the_long_reason_typed_and_says_why_on_its_form(page):
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="morgan")
    case = factories.CaseFactory(case_manager=manager, status=Case.Status.ASSESSMENT)
    reason = (
        "The complainant asked on 3 November for a formal investigation after the second incident in the "
        "library. She will send her signed formal complaint by email this week; until then the measures stay."
    )

    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/cases/case/{case.pk}/change/")

    # The keyboard only: type the reason of the move to a formal investigation, Tab to its button, Enter.
    page.locator("#reason-investigation").focus()
    page.keyboard.type(reason)
    # Leaving assessment also records the basis of the response (34 CFR 106.45(b)(10)(ii)).
    page.keyboard.press("Tab")
    page.keyboard.type("Outreach the same day; measures in place.")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.textContent") == "Move to “Formal investigation”"
    with page.expect_navigation() as navigation:
        page.keyboard.press("Enter")

    assert navigation.value.status == 200
    errors = page.locator(".transition-form .action-errors")
    assert errors.count() == 1 and errors.is_visible()
    assert errors.inner_text().strip() == (
        "Not moved: 106.30(a), 106.44(b)(1): a formal investigation needs a signed formal complaint: link the "
        "complainant's formal complaint to this case, or have the Title IX coordinator sign one (recorded as "
        "such). Sign or link the formal complaint"
    )
    assert errors.get_by_role("link", name="Sign or link the formal complaint").get_attribute("href").endswith(
        "/change/#formal-complaint"
    )
    assert page.locator("#reason-investigation").input_value() == reason
    # Closing twice, then the investigation: the third move whose reason is required.
    assert page.get_by_label("Reason (required, kept with the move)").nth(2).input_value() == reason
    assert page.locator("#case-status").inner_text() == "Assessment"
    screenshot(page, "cases-refused-move")
    case.refresh_from_db()
    assert case.status == Case.Status.ASSESSMENT
