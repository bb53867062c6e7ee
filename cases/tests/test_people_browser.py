"""A case manager answering the phone: "Jordan" calls. Search, the person page, triage
into a case that already has the respondent, in a real browser at 1280x800."""

import pytest

from cases.models import Case, Party
from cases.permissions import role_groups_sync
from idhr_portal import roles
from idhr_portal.testing.browser import screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_case_manager_finds_jordan_opens_the_person_page_and_triages_without_a_duplicate(new_page):
    page = new_page(viewport={"width": 1280, "height": 800})
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="casey", first_name="Casey", last_name="Manager")
    case = factories.CaseFactory(reference="C-2026-CUCYX", case_manager=manager)
    factories.PartyFactory(case=case, role="complainant", name="Jordan Lee", email="jordan.lee@mit.edu")
    factories.PartyFactory(case=case, role="respondent", name="Alex Morgan", email="amorgan@mit.edu")
    other = factories.CaseFactory(reference="C-2026-QRST2", case_manager=manager)
    factories.PartyFactory(case=other, role="witness", name="Lee, Jordan", email="")
    report = factories.ReportFactory(reference="R-NEW00001", reporter_name="Sam Okafor", relationship="on_behalf")
    factories.ReportPartyFactory(report=report, role="respondent", name="Alex Morgan", email="")

    _sign_in(page, "casey")
    page.goto("/admin/cases/case/")
    assert "“jor” finds nothing" in page.locator("#searchbar").locator("xpath=../..").inner_text()
    for term, expected in (("jordan", 2), ("JORDAN LEE", 2), ("jordan.lee@mit.edu", 1), ("CUCYX", 1), ("jor", 0)):
        page.locator("#searchbar").fill(term)
        page.locator("#searchbar").press("Enter")
        page.wait_for_load_state()
        assert page.locator("#result_list tbody tr").count() == expected, term
        if term == "jordan":
            screenshot(page, "people-case-list-search-jordan")

    # The people search, then Jordan's person page: both cases, a role in each.
    page.get_by_role("link", name="Find a person").click()
    page.get_by_label("Name, words of a name, or email address").fill("Jordan")
    page.get_by_role("button", name="Search").click()
    assert page.locator("#person-hits tbody tr").count() == 2
    screenshot(page, "people-search-jordan")
    page.locator("#person-hits a.person-link").first.click()
    cases = page.locator("#person-cases tbody").inner_text()
    assert "C-2026-CUCYX" in cases and "Complainant" in cases
    assert "C-2026-QRST2" in cases and "Witness" in cases
    screenshot(page, "people-person-page-jordan")

    # Triage the new report into the case: "Same person as Alex Morgan (respondent)?"
    page.goto(f"/admin/reports/report/{report.pk}/change/")
    page.locator("select[name='case']").select_option(str(case.pk))
    assert "Alex Morgan (respondent)" in page.locator("select[name='case']").inner_text()
    page.get_by_role("button", name="Add to case").click()
    page.wait_for_load_state()
    assert page.get_by_label("Same person as Alex Morgan (respondent)").is_checked()
    screenshot(page, "people-same-person-question")
    page.get_by_role("button", name="Add to case").click()
    page.wait_for_url(f"**/admin/cases/case/{case.pk}/change/")
    assert Party.objects.filter(case=case, role="respondent").count() == 1
    assert Case.objects.get(pk=case.pk).case_reports.count() == 1
    screenshot(page, "people-case-after-triage")


def test_case_manager_reads_my_work_and_the_deadline_calendar(new_page):
    import datetime

    from django.utils import timezone

    page = new_page(viewport={"width": 1280, "height": 800})
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="casey", first_name="Casey", last_name="Manager")
    today = timezone.localdate()
    for i, (status, days) in enumerate([("assessment", -3), ("outreach", 2), ("assessment", 5), ("new", 20)]):
        factories.CaseFactory(reference=f"C-2026-WORK{i}", case_manager=manager, status=status,
                              due_on=today + datetime.timedelta(days=days))
    _sign_in(page, "casey")
    page.get_by_role("link", name="My work").first.click()
    assert "C-2026-WORK0" in page.locator("#work-overdue").inner_text()
    assert "C-2026-WORK1" in page.locator("#work-due-soon").inner_text()
    screenshot(page, "people-my-work")
    page.get_by_role("link", name="Deadline calendar").click()
    assert "C-2026-WORK1" in page.locator("#calendar").inner_text() or today.day > 25
    page.get_by_role("button", name="Make a feed address").click()
    assert page.locator("#feed-url").input_value().endswith(".ics")
    screenshot(page, "people-calendar-month")
