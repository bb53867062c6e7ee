"""Issue 24 in Chromium: a button double-clicked, a form sent from two tabs, a stale tab.

- "Prepare the notice of allegations" clicked twice in a row: both posts reach the server
  (the first is held on the case's row until the second has arrived), one set of letters
  is made, and the page says the second press was not done again;
- pressed in two tabs: the second tab gets the letters the first prepared;
- a supportive measure saved in one tab, then in a stale second tab: refused, with what
  changed, the text typed in the second tab kept; the same on the case page, where the
  investigator assigned in one tab is not undone by the other.
"""

import datetime

import pytest
from django.db import connection, transaction
from playwright.sync_api import Error as PlaywrightError

from cases.models import Allegation, Case, Letter, Party, SupportiveMeasure
from cases.permissions import role_groups_sync
from idhr_portal import roles

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _signed_in_context(new_page):
    page = new_page()
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    return page


def _case():
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="morgan")
    case = factories.CaseFactory(case_manager=manager, status="investigation", process_track="student_cod")
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    Allegation.objects.create(
        case=case, number=1, respondent=respondent, complainant=complainant, added_by=manager,
        conduct="Repeated unwelcome messages", policy_provision="II(7)(C)",
    )
    return case


def _posts_waiting_on_locks() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_stat_clear_snapshot()")  # else the first read is kept for the transaction
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'"
        )
        return cursor.fetchone()[0]


def _waiting_reaches(count: int) -> bool:
    return any(_posts_waiting_on_locks() >= count for _ in range(20_000))


PREPARE = "Prepare the notice of allegations (both parties)"


def test_the_prepare_button_double_clicked_makes_one_set_of_letters(new_page):
    case = _case()
    page = _signed_in_context(new_page)
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    button = page.locator("#case-letters").get_by_role("button", name=PREPARE)
    button.scroll_into_view_if_needed()
    box = button.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    with transaction.atomic():
        Case.objects.select_for_update().get(pk=case.pk)  # the first press waits here ...
        # A person's double click: the second click comes while the first post is on its way
        # (Playwright's dblclick() clicks within one task, where the browser keeps only the
        # last submission). Bounded polls of PostgreSQL's own view of who waits, no sleeping.
        page.mouse.click(x, y)
        assert _waiting_reaches(1)
        page.mouse.click(x, y)
        assert _waiting_reaches(2)  # ... and the second waits on the first one's token
    try:
        page.wait_for_url("**/admin/cases/letter/*/review/")
    except PlaywrightError:  # the browser aborts the first click's navigation for the second's
        page.wait_for_url("**/admin/cases/letter/*/review/")
    assert Letter.objects.filter(case=case, kind="allegations").count() == 2  # one per party, once
    assert "This was already done at" in page.locator(".messagelist").inner_text()


def test_the_prepare_button_pressed_in_two_tabs_gives_the_first_tabs_letters(new_page):
    case = _case()
    first = _signed_in_context(new_page)
    second = first.context.new_page()
    for tab in (first, second):
        tab.goto(f"/admin/cases/case/{case.pk}/change/")
    first.locator("#case-letters").get_by_role("button", name=PREPARE).click()
    first.wait_for_url("**/admin/cases/letter/*/review/")
    second.locator("#case-letters").get_by_role("button", name=PREPARE).click()
    second.wait_for_url("**/admin/cases/letter/*/review/")
    assert second.url == first.url
    assert "nothing was prepared again" in second.locator(".messagelist").inner_text()
    assert Letter.objects.filter(case=case, kind="allegations").count() == 2


def test_a_stale_tab_saving_a_measure_is_refused_and_keeps_what_was_typed(new_page):
    case = _case()
    measure = factories.SupportiveMeasureFactory(case=case, requested_on=datetime.date(2026, 12, 1))
    first = _signed_in_context(new_page)
    second = first.context.new_page()
    url = f"/admin/cases/supportivemeasure/{measure.pk}/change/"
    for tab in (first, second):
        tab.goto(url)

    first.locator("input[name='effective_on']").fill("2026-12-03")
    first.get_by_role("button", name="Save", exact=True).click()
    first.wait_for_url(f"**/admin/cases/case/{case.pk}/change/")

    second.locator("[name='details']").fill("A note-taker in every class")
    with second.expect_navigation() as navigation:
        second.get_by_role("button", name="Save", exact=True).click()
    assert navigation.value.status == 200
    message = second.locator(".errornote, .errorlist.nonfield").all_inner_texts()
    assert any("saved by someone else after you opened this page" in text for text in message), message
    assert any("In effect from: — → 2026-12-03" in text for text in message), message
    assert second.locator("[name='details']").input_value() == "A note-taker in every class"
    assert second.locator("input[name='effective_on']").input_value() == "2026-12-03"
    measure.refresh_from_db()
    assert measure.details != "A note-taker in every class"

    second.get_by_role("button", name="Save", exact=True).click()  # saving again, knowing
    second.wait_for_url(f"**/admin/cases/case/{case.pk}/change/")
    measure = SupportiveMeasure.objects.get(pk=measure.pk)
    assert (measure.details, measure.effective_on) == ("A note-taker in every class", datetime.date(2026, 12, 3))


def test_a_stale_tab_of_the_case_page_does_not_undo_the_investigator_assigned_in_the_other(new_page):
    role_groups_sync()
    factories.staff(roles.TITLE_IX_COORDINATOR, username="morgan")
    investigator = factories.staff(roles.INVESTIGATOR, username="ivy")
    case = factories.CaseFactory(status="investigation")
    first = _signed_in_context(new_page)
    second = first.context.new_page()
    for tab in (first, second):
        tab.goto(f"/admin/cases/case/{case.pk}/change/")

    first.locator("select[name='investigator']").select_option(str(investigator.pk))
    with first.expect_navigation():
        first.get_by_role("button", name="Save and continue editing").click()

    second.locator("input[name='legal_hold']").check()
    second.locator("[name='legal_hold_reason']").fill("Litigation notice received 12/2026")
    with second.expect_navigation() as navigation:
        second.get_by_role("button", name="Save and continue editing").click()
    assert navigation.value.status == 200
    message = " ".join(second.locator(".errornote, .errorlist.nonfield").all_inner_texts())
    assert "Not saved: this case was saved by someone else after you opened this page" in message
    assert "Investigator: — → ivy" in message, message
    assert second.locator("[name='legal_hold_reason']").input_value() == "Litigation notice received 12/2026"
    assert second.locator("select[name='investigator']").input_value() == str(investigator.pk)
    case.refresh_from_db()
    assert (case.investigator_id, case.legal_hold) == (investigator.pk, False)
