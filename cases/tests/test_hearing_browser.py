"""In a real browser: the case manager schedules a Title IX hearing and records a relevance ruling.

A notice under the minimum is refused with the reason and everything typed kept; a question
excluded without a reason is refused the same way; then both go through and show on the case page.
"""

import datetime

import pytest
from django.utils import timezone

from cases.demo_hearing import demo_letters_sent
from cases.models import Case, CaseRole, Evidence, Hearing, Investigation, Party, RelevanceRuling
from cases.permissions import role_groups_sync
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from idhr_portal import roles
from idhr_portal.testing.browser import PHONE, screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"


def _doc(case, actor, kind):
    return case_document_add(
        case=case, kind=kind, filename=f"{kind}.txt", content_type="text/plain", data=b"text", actor=actor
    )


def _title_ix_case_with_report_sent_20_days_ago():
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="morgan")
    investigator = factories.staff(roles.INVESTIGATOR, username="ines")
    decider = factories.staff(roles.INVESTIGATOR, username="dee")
    coordinator = factories.staff(roles.TITLE_IX_COORDINATOR, username="coord")
    case = factories.CaseFactory(
        case_manager=manager,
        investigator=investigator,
        status=Case.Status.INVESTIGATION,
        title_ix_category=True,
        ti_in_program_at_filing=True,
        ti_in_institute_program=True,
        ti_in_united_states=True,
    )
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    investigation = Investigation.objects.create(case=case, investigator=investigator)
    conflict_attestation_record(case=case, role="investigator", actor=investigator)
    today = timezone.localdate()
    Evidence.objects.create(
        investigation=investigation, description="Messages", received_on=today, directly_related=True,
        document=_doc(case, investigator, "evidence"),
    )
    review = evidence_review_send(case=case, actor=investigator, sent_on=today - datetime.timedelta(days=40))
    demo_letters_sent(case=case, kind="evidence_review", day=today - datetime.timedelta(days=40), actor=investigator)
    for party in (complainant, respondent):
        evidence_response_record(
            review=review,
            party=party,
            received_on=today - datetime.timedelta(days=35),
            document=_doc(case, investigator, "evidence_response"),
            actor=investigator,
        )
    report = investigation_report_finalise(
        case=case,
        document=_doc(case, investigator, "investigator_report"),
        actor=investigator,
        finalised_on=today - datetime.timedelta(days=25),
    )
    investigation_report_send(report=report, actor=investigator, sent_on=today - datetime.timedelta(days=20))
    demo_letters_sent(case=case, kind="investigation_report", day=today - datetime.timedelta(days=20), actor=investigator)
    case_role_assign(case=case, role=CaseRole.DECISION_MAKER, user=decider, actor=coordinator)
    conflict_attestation_record(case=case, role=CaseRole.DECISION_MAKER, actor=decider)
    return case, complainant, respondent


def _log_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def test_scheduling_a_hearing_and_recording_a_ruling_refused_first_and_nothing_typed_lost(page):
    case, complainant, respondent = _title_ix_case_with_report_sent_20_days_ago()
    too_soon = (timezone.localdate() + datetime.timedelta(days=2)).isoformat()
    later = (timezone.localdate() + datetime.timedelta(days=14)).isoformat()
    _log_in(page, "morgan")
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    assert page.locator("#case-deadlines").is_visible()  # the earliest hearing date is a clock on the page

    # Two days' notice: refused (5 days are the minimum), what was typed stays.
    form = page.locator("#hearing-schedule-form")
    form.get_by_label("date and time").fill(f"{too_soon}T10:00")
    form.get_by_label("place").fill("Building 10, room 105")
    form.get_by_label("separate rooms requested").check()
    with page.expect_navigation() as navigation:
        form.get_by_role("button", name="Schedule the hearing").click()
    assert navigation.value.status == 200
    form = page.locator("#hearing-schedule-form")
    assert "at least 5 days before the hearing" in form.locator(".errorlist").inner_text()
    assert form.get_by_label("place").input_value() == "Building 10, room 105"
    assert form.get_by_label("separate rooms requested").is_checked()
    assert not Hearing.objects.filter(case=case).exists()
    screenshot(page, "hearing-schedule-refused")

    form.get_by_label("date and time").fill(f"{later}T10:00")
    with page.expect_navigation():
        form.get_by_role("button", name="Schedule the hearing").click()
    assert "Hearing scheduled" in page.locator(".messagelist").inner_text()
    assert "Building 10, room 105" in page.locator("#case-process").inner_text()
    assert Hearing.objects.get(case=case).separate_rooms

    # A question excluded without a reason: refused, the summary typed is kept.
    question = "Asked the complainant about a past relationship with a third person"
    ruling = page.locator("#ruling-form")
    ruling.get_by_label("asked on behalf of").select_option(str(respondent.pk))
    ruling.get_by_label("question (summary)").fill(question)
    ruling.get_by_label("ruling").select_option("not_relevant")
    with page.expect_navigation() as navigation:
        ruling.get_by_role("button", name="Record the ruling").click()
    assert navigation.value.status == 200
    ruling = page.locator("#ruling-form")
    assert ruling.locator(".errorlist").inner_text().strip() == "Give the reason for excluding the question."
    assert ruling.get_by_label("question (summary)").input_value() == question
    assert ruling.get_by_label("asked on behalf of").input_value() == str(respondent.pk)
    screenshot(page, "hearing-ruling-refused")

    reason = "Prior sexual behavior of the complainant: neither exception of 106.45(b)(6)(i) applies."
    ruling.get_by_label("reason (required when the question is excluded)").fill(reason)
    with page.expect_navigation():
        ruling.get_by_role("button", name="Record the ruling").click()
    rulings = page.locator("table.rulings").inner_text()
    assert question in rulings and reason in rulings and "Not relevant: excluded" in rulings
    assert RelevanceRuling.objects.filter(hearing__case=case).count() == 1
    page.locator("#case-process").scroll_into_view_if_needed()
    screenshot(page, "hearing-ruling-recorded")
    page.set_viewport_size(PHONE)
    page.reload()
    page.locator("#case-process").scroll_into_view_if_needed()
    screenshot(page, "hearing-ruling-recorded-phone")
    # On a phone, nothing of the process box reaches past the screen's edge.
    widest = page.evaluate(
        "() => Math.max(...[...document.querySelectorAll('#case-process *')]"
        ".filter(e => !e.closest('.rulings-wrap')).map(e => e.getBoundingClientRect().right))"
    )
    assert widest <= PHONE["width"], widest


def test_the_coordinator_and_the_decision_maker_open_the_hearing_record_from_the_case_page(page):
    """Issue 24: the hearing record page answered "You cannot open this page" to both."""
    case, complainant, respondent = _title_ix_case_with_report_sent_20_days_ago()
    Hearing.objects.create(
        case=case,
        scheduled_at=timezone.now() + datetime.timedelta(days=14),
        place="Building 10, room 105",
        notice_on=timezone.localdate(),
        scheduled_by=case.case_manager,
    )
    for username in ("dee", "coord"):
        page.context.clear_cookies()
        _log_in(page, username)
        page.goto(f"/admin/cases/case/{case.pk}/change/")
        with page.expect_navigation() as navigation:
            page.locator("#case-process").get_by_role("link", name="Hearing").first.click()
        assert navigation.value.status == 200, username
        assert "You cannot open this page" not in page.content()
        assert page.get_by_text("Building 10, room 105").is_visible(), username
    hearing_url = page.url
    # Someone who does not work on the case is kept out.
    factories.staff(roles.INVESTIGATOR, username="outsider")
    page.context.clear_cookies()
    _log_in(page, "outsider")
    response = page.goto(hearing_url)
    assert response.status in (403, 404)
    assert "Building 10, room 105" not in page.content()
