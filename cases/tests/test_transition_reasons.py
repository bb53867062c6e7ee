"""Moves that matter take a reason and a confirmation; the response records what the regulation asks.

Issue 14, item 12: closing, reopening and moving into or out of the formal investigation
take a reason and a confirmation step; the reason appears in the timeline and the history.
Item 11 / 34 CFR 106.45(b)(10)(ii): for each response, "the basis for its conclusion that
its response was not deliberately indifferent", and, where no supportive measures were
provided, "the reasons why such a response was not clearly unreasonable in light of the
known circumstances".
"""

import html

import pytest
from django.db import connection
from django.utils import timezone

from cases.models import Case, CaseDocument, Party, TimelineEvent, TransitionLog
from cases.permissions import role_groups_sync
from cases.services.workflow import TransitionRefused, case_transition, case_transition_needs_reason
from idhr_portal import roles
from idhr_portal.testing.browser import DESKTOP, PHONE, assert_accessible, screenshot

from . import factories

pytestmark = pytest.mark.django_db
S = Case.Status

REASON = "Complainant Dana Example asked on 3 November to stop; she was told how to reopen."
BASIS = "Outreach within one business day; measures and the formal complaint explained in person."
NO_MEASURES = "The complainant declined every supportive measure offered on 4 November."
BROWSER_PASSWORD = "correct horse battery staple"  # the factories' staff password


def _at(case, status, **fields):
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


def _report_document(case, actor):
    return CaseDocument.objects.create(
        case=case,
        kind=CaseDocument.Kind.INVESTIGATOR_REPORT,
        filename="report.pdf",
        content_type="application/pdf",
        size=1,
        stored_name="cases/x.bin",
        uploaded_by=actor,
    )


# --- the service --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "from_status,to,message",
    [
        ("assessment", "closed_no_action", "Closing a case needs a reason."),
        ("assessment", "closed_information", "Closing a case needs a reason."),
        ("supportive_measures", "closed", "Closing a case needs a reason."),
        ("closed", "assessment", "Reopening a closed case needs a reason."),
        ("closed_no_action", "assessment", "Reopening a closed case needs a reason."),
        ("assessment", "investigation", "Starting a formal investigation needs a reason."),
        ("investigation", "determination", "Leaving a formal investigation needs a reason."),
    ],
)
def test_moves_that_matter_are_refused_without_a_reason(case, manager, from_status, to, message):
    factories.SupportiveMeasureFactory(case=case, created_by=manager)
    case.coordinator_signed_complaint_at = timezone.now()
    case.save()
    _report_document(case, manager)
    _at(case, from_status)
    for blank in ("", "   "):
        with pytest.raises(TransitionRefused) as refused:
            case_transition(case=case, to=to, actor=manager, reason=blank, response_basis=BASIS)
        assert str(refused.value) == message
    case.refresh_from_db()
    assert case.status == from_status
    assert not TransitionLog.objects.filter(case=case).exists()

    case_transition(case=case, to=to, actor=manager, reason=REASON, response_basis=BASIS)
    assert case.status == to
    assert TransitionLog.objects.get(case=case).reason == REASON


def test_ordinary_moves_need_no_reason(case, manager):
    case_transition(case=case, to=S.OUTREACH, actor=manager)
    case_transition(case=case, to=S.ASSESSMENT, actor=manager)
    assert case.status == S.ASSESSMENT
    assert list(TransitionLog.objects.filter(case=case).values_list("reason", flat=True)) == ["", ""]


def test_the_reason_is_linked_to_the_timeline_but_never_written_in_its_summary(case, manager):
    factories.SupportiveMeasureFactory(case=case, created_by=manager)
    _at(case, S.ASSESSMENT)
    case_transition(case=case, to=S.CLOSED_NO_ACTION, actor=manager, reason=REASON, response_basis=BASIS)

    log = TransitionLog.objects.get(case=case)
    event = log.timeline_event
    assert event.kind == TimelineEvent.Kind.TRANSITION
    assert event.summary == "Assessment → Closed with no action (reason recorded); basis of the response recorded"
    assert "Dana" not in event.summary and "declined" not in event.summary


def test_leaving_assessment_records_the_basis_of_the_response(case, manager):
    _at(case, S.ASSESSMENT)
    factories.SupportiveMeasureFactory(case=case, created_by=manager)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(case=case, to=S.SUPPORTIVE_MEASURES, actor=manager, response_basis=" ")
    assert str(refused.value) == (
        "Record the basis for concluding that the office’s response was not deliberately indifferent "
        "(34 CFR 106.45(b)(10)(ii))."
    )
    case_transition(case=case, to=S.SUPPORTIVE_MEASURES, actor=manager, response_basis=BASIS)
    case.refresh_from_db()
    assert case.response_basis == BASIS and case.response_basis_at is not None
    # Stored encrypted, like every text staff write about a case.
    with connection.cursor() as cursor:
        cursor.execute("SELECT response_basis FROM cases_case WHERE id = %s", [case.pk])
        assert "Outreach" not in cursor.fetchone()[0]


def test_closing_with_no_supportive_measure_ever_recorded_needs_the_reason_why(case, manager):
    _at(case, S.ASSESSMENT)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(case=case, to=S.CLOSED_INFORMATION, actor=manager, reason=REASON, response_basis=BASIS)
    assert str(refused.value) == (
        "No supportive measure was recorded on this case: record why that was not clearly unreasonable in "
        "light of the known circumstances (34 CFR 106.45(b)(10)(ii))."
    )
    case_transition(
        case=case,
        to=S.CLOSED_INFORMATION,
        actor=manager,
        reason=REASON,
        response_basis=BASIS,
        no_measures_reason=NO_MEASURES,
    )
    case.refresh_from_db()
    assert case.status == S.CLOSED_INFORMATION
    assert case.no_measures_reason == NO_MEASURES and case.no_measures_reason_at is not None


def test_a_measure_recorded_once_is_enough_even_if_it_ended(case, manager):
    measure = factories.SupportiveMeasureFactory(case=case, created_by=manager)
    measure.effective_on = measure.ended_on = timezone.localdate()
    measure.save()
    _at(case, S.ASSESSMENT)
    case_transition(case=case, to=S.CLOSED_NO_ACTION, actor=manager, reason=REASON, response_basis=BASIS)
    case.refresh_from_db()
    assert case.status == S.CLOSED_NO_ACTION and case.no_measures_reason == ""


# --- the staff admin ----------------------------------------------------------------------


def _post(client, case, **data):
    return client.post(f"/admin/cases/case/{case.pk}/transition/", data)


def test_closing_in_the_admin_asks_for_confirmation_and_moves_only_on_confirm(client, manager, case):
    _at(case, S.ASSESSMENT)
    client.force_login(manager)
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    # The fields the move needs are asked, and required in the browser too.
    assert 'required id="reason-closed_no_action"' in page
    assert 'required id="response_basis-closed_no_action"' in page
    assert 'required id="no_measures_reason-closed_no_action"' in page
    assert "Reason (required, kept with the move)" in page

    texts = {"reason": REASON, "response_basis": BASIS, "no_measures_reason": NO_MEASURES}
    response = _post(client, case, to="closed_no_action", **texts)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f"You are about to move {case.reference} from “Assessment” to “Closed with no action”." in page
    assert REASON in page and BASIS in page and NO_MEASURES in page
    assert "Confirm: move to “Closed with no action”" in page
    case.refresh_from_db()
    assert case.status == S.ASSESSMENT and not TransitionLog.objects.exists()

    # "Go back and change": the case page with everything typed, still not moved.
    response = _post(client, case, to="closed_no_action", edit="1", **texts)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert f">\n{REASON}</textarea>" in page and f">\n{NO_MEASURES}</textarea>" in page
    case.refresh_from_db()
    assert case.status == S.ASSESSMENT

    response = _post(client, case, to="closed_no_action", confirmed="True", **texts)
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.CLOSED_NO_ACTION
    assert TransitionLog.objects.get(case=case).reason == REASON


def test_a_move_missing_its_reason_is_refused_on_the_case_page_before_any_confirmation(client, manager, case):
    factories.SupportiveMeasureFactory(case=case, created_by=manager)
    _at(case, S.ASSESSMENT)
    client.force_login(manager)
    response = _post(client, case, to="closed_information", reason="", response_basis=BASIS)
    assert response.status_code == 200
    page = html.unescape(response.content.decode())
    assert "Not moved: Closing a case needs a reason." in page
    assert "You are about to move" not in page
    # Even a forged "confirmed" does not skip the reason: the service refuses.
    response = _post(client, case, to="closed_information", reason="", response_basis=BASIS, confirmed="True")
    assert "Not moved: Closing a case needs a reason." in html.unescape(response.content.decode())
    case.refresh_from_db()
    assert case.status == S.ASSESSMENT


def test_an_ordinary_move_in_the_admin_needs_no_confirmation(client, manager, case):
    client.force_login(manager)
    response = _post(client, case, to="outreach", reason="")
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.status == S.OUTREACH


def test_staff_read_the_reason_in_the_timeline_and_history_the_bias_response_team_does_not(
    client, coordinator, manager, brt, case
):
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    factories.SupportiveMeasureFactory(case=case, created_by=manager)
    case.shared_with_brt = True
    case.save()
    _at(case, S.ASSESSMENT)
    case_transition(case=case, to=S.CLOSED_NO_ACTION, actor=manager, reason=REASON, response_basis=BASIS)

    client.force_login(manager)
    page = html.unescape(client.get(f"/admin/cases/case/{case.pk}/change/").content.decode())
    assert f"Reason: {REASON}" in page
    assert BASIS in page  # the basis of the response, on the case page

    client.force_login(coordinator)
    history = html.unescape(client.get(f"/admin/cases/case/{case.pk}/history/").content.decode())
    assert REASON in history and "Closed with no action" in history

    client.force_login(brt)
    page = html.unescape(client.get(f"/admin/cases/case/{case.pk}/change/").content.decode())
    assert "Assessment → Closed with no action (reason recorded)" in page
    assert REASON not in page and "Dana" not in page and BASIS not in page


def test_reopening_records_the_reason_and_clears_nothing_recorded_before(case, manager):
    _at(case, S.ASSESSMENT)
    case_transition(
        case=case,
        to=S.CLOSED_NO_ACTION,
        actor=manager,
        reason=REASON,
        response_basis=BASIS,
        no_measures_reason=NO_MEASURES,
    )
    case_transition(case=case, to=S.ASSESSMENT, actor=manager, reason="New report names the same respondent")
    case.refresh_from_db()
    assert case.status == S.ASSESSMENT and case.closed_at is None
    assert case.response_basis == BASIS and case.no_measures_reason == NO_MEASURES
    assert list(TransitionLog.objects.filter(case=case).values_list("reason", flat=True)) == [
        REASON,
        "New report names the same respondent",
    ]
    assert case_transition_needs_reason(from_status="closed", to="assessment")


# --- in the browser -------------------------------------------------------------------------


@pytest.mark.browser
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("name,viewport", [("phone", PHONE), ("desktop", DESKTOP)])
def test_closing_in_the_browser_confirms_goes_back_keeps_the_text_and_shows_the_reason(new_page, name, viewport):
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="morgan")
    case = factories.CaseFactory(case_manager=manager, status=S.ASSESSMENT)
    page = new_page(viewport=viewport)
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill("morgan")
    page.get_by_label("Password").fill(BROWSER_PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")
    page.goto(f"/admin/cases/case/{case.pk}/change/")

    # The browser itself asks for what the move needs before anything is sent.
    page.get_by_role("button", name="Move to “Closed with no action”").click()
    assert page.locator("#reason-closed_no_action:invalid").count() == 1
    page.locator("#reason-closed_no_action").fill(REASON)
    page.locator("#response_basis-closed_no_action").fill(BASIS)
    page.locator("#no_measures_reason-closed_no_action").fill(NO_MEASURES)
    screenshot(page, f"cases-close-form-{name}")
    page.get_by_role("button", name="Move to “Closed with no action”").click()
    page.wait_for_load_state()
    assert REASON in page.locator("#confirm-reason").inner_text()
    screenshot(page, f"cases-close-confirm-{name}")
    assert_accessible(page, f"confirmation page ({name})")

    # Changing one's mind: back to the case page with the text kept, nothing moved.
    page.get_by_role("button", name="Go back and change").click()
    page.wait_for_load_state()
    assert page.locator("#case-status").inner_text() == "Assessment"
    assert page.locator("#reason-closed_no_action").input_value() == REASON
    assert page.locator("#no_measures_reason-closed_no_action").input_value() == NO_MEASURES

    page.get_by_role("button", name="Move to “Closed with no action”").click()
    page.get_by_role("button", name="Confirm: move to “Closed with no action”").click()
    page.wait_for_load_state()
    assert page.locator("#case-status").inner_text() == "Closed with no action"
    assert f"Reason: {REASON}" in page.locator("#timeline").inner_text()
    assert BASIS in page.locator("#response-basis").inner_text()
    assert NO_MEASURES in page.locator("#no-measures-reason").inner_text()
    page.locator("#timeline").scroll_into_view_if_needed()
    screenshot(page, f"cases-closed-timeline-{name}")
    assert page.request_log.foreign() == []
