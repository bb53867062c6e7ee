"""In a real browser: a save the service refuses keeps what the case manager typed and says why."""

import datetime

import pytest
from django.utils import timezone

from cases.models import Appeal, Case, Determination, Party
from cases.permissions import role_groups_sync
from idhr_portal import roles

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
