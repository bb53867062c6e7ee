"""A case manager's day in a real browser: triage, a measure, informal resolution, closing."""
import pytest
from django.utils import timezone

from cases.models import Case, InformalResolution, Letter, SupportiveMeasure, TransitionLog
from cases.permissions import role_groups_sync
from cases.services.documents import case_document_add
from cases.services.informal import consent_record_save
from cases.services.letters import letter_mark_sent
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


def _move(page, label, confirm=False):
    page.get_by_role("button", name=f"Move to “{label}”").click()
    page.wait_for_load_state()
    if confirm:  # closing, reopening, the formal investigation: a confirmation page first
        page.get_by_role("button", name=f"Confirm: move to “{label}”").click()
        page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1, page.locator(".messagelist").inner_text()


def test_case_manager_triages_adds_a_measure_resolves_informally_and_closes(page):
    role_groups_sync()
    manager = factories.staff(roles.CASE_MANAGER, username="morgan", first_name="Morgan", last_name="Manager")
    report = factories.ReportFactory(reporter_name="Alex Complainant", reporter_affiliation="student",
                                     categories=["gender_based_harassment"])
    factories.ReportPartyFactory(report=report, name="Riley Respondent", affiliation="student")
    today = timezone.localdate().isoformat()

    _sign_in(page, "morgan")
    assert page.locator("#intake-count").inner_text() == "1"
    screenshot(page, "cases-dashboard")

    # Triage: the intake queue, the report, "Open a case".
    page.locator("#intake-count").click()
    page.get_by_role("link", name=report.reference).click()
    page.get_by_role("button", name="Open a case").click()
    page.wait_for_url("**/admin/cases/case/*/change/")
    case = Case.objects.get(case_reports__report=report)
    assert case.case_manager == manager
    assert page.locator("#case-status").inner_text() == "New"

    # A supportive measure for the complainant.
    page.get_by_role("button", name="Add another Supportive measure").click()
    complainant = case.parties.get(role="complainant")
    page.locator("select[name='measures-0-party']").select_option(str(complainant.pk))
    page.locator("select[name='measures-0-kind']").select_option("academic_support")
    page.locator("input[name='measures-0-requested_on']").fill(today)
    page.locator("textarea[name='measures-0-details'], input[name='measures-0-details']").first.fill(
        "Deadline extensions")
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    measure = SupportiveMeasure.objects.get(case=case)
    assert "Written notice of a supportive measure" in measure.notice_text
    page.get_by_role("link", name="Read the notice").click()
    assert "Academic support" in page.locator("#notice-text").inner_text()
    page.go_back()

    # Assessment, then an informal resolution with both parties' written consent.
    _move(page, "Assessment")
    page.locator("#id_kind").select_option("mediation")
    page.get_by_role("button", name="Record an informal resolution").click()
    page.wait_for_url("**/admin/cases/informalresolution/*/change/")
    for row, role in enumerate(("complainant", "respondent")):
        page.get_by_role("button", name="Add another Consent record").click()
        party = case.parties.get(role=role)
        page.locator(f"select[name='consents-{row}-party']").select_option(str(party.pk))
        page.locator(f"input[name='consents-{row}-consented_on']").fill(today)
        page.locator(f"input[name='consents-{row}-in_writing']").check()
        page.locator(f"input[name='consents-{row}-voluntary']").check()
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    informal = InformalResolution.objects.get(case=case)
    assert informal.consents.count() == 2

    page.goto(f"/admin/cases/case/{case.pk}/change/")
    # Closing now is refused, and the page says why. (Leaving assessment records the basis of
    # the response: 34 CFR 106.45(b)(10)(ii).)
    page.locator("#response_basis-informal_resolution").fill("Both parties asked for mediation in writing.")
    _move(page, "Informal resolution")
    assert page.locator("#case-status").inner_text() == "Informal resolution"
    page.locator("#reason-closed").fill("Agreement reached in mediation.")
    page.get_by_role("button", name="Move to “Closed”").click()
    page.wait_for_load_state()
    assert "106.45(b)(10)(i)(C): record the outcome of the informal resolution" in page.locator(".transition-form .action-errors").inner_text()

    # The agreement is reached: record the outcome, then close. Refused first: the notice of
    # informal resolution (prepared when it was recorded) has not been sent, and the consents
    # have no signed form (34 CFR 106.45(b)(9)(i)-(ii)).
    page.goto(f"/admin/cases/informalresolution/{informal.pk}/change/")
    page.locator("#id_outcome").select_option("resolved")
    page.locator("#id_agreement_text").fill("Both parties agreed to a facilitated apology and no contact.")
    page.locator("#id_agreement_signed_on").fill(today)
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    errors = page.locator(".field-outcome .errorlist").inner_text()
    assert "each with its signed form attached" in errors and "send the notice of informal resolution" in errors
    assert page.locator("#id_agreement_text").input_value().startswith("Both parties agreed")
    letter_mark_sent(
        letters=list(Letter.objects.filter(case=case, kind="informal_resolution")), channel="post", actor=manager
    )
    for consent in informal.consents.all():
        consent.document = case_document_add(
            case=case, kind="other", filename=f"consent-{consent.party.role}.txt", data=b"Signed form", actor=manager
        )
        consent_record_save(consent=consent, actor=manager)
    page.goto(f"/admin/cases/informalresolution/{informal.pk}/change/")
    page.locator("#id_outcome").select_option("resolved")
    page.locator("#id_agreement_text").fill("Both parties agreed to a facilitated apology and no contact.")
    page.locator("#id_agreement_signed_on").fill(today)
    page.get_by_role("button", name="Save and continue editing").click()
    page.wait_for_load_state()
    assert InformalResolution.objects.get(pk=informal.pk).outcome == "resolved"
    page.goto(f"/admin/cases/case/{case.pk}/change/")
    page.locator("#reason-closed").fill("Agreement reached in mediation.")
    _move(page, "Closed", confirm=True)
    assert page.locator("#case-status").inner_text() == "Closed"
    screenshot(page, "cases-case-page")
    timeline = page.locator("#timeline")
    timeline.scroll_into_view_if_needed()
    text = timeline.inner_text()
    for expected in ("Case opened", f"Report {report.reference} added", "Academic support requested",
                     "New → Assessment", "Written consent of the respondent recorded",
                     "Informal resolution → Closed"):
        assert expected in text, expected
    timeline.screenshot(path=str(screenshot(page, "cases-timeline").with_name("cases-timeline.png")))

    case.refresh_from_db()
    report.refresh_from_db()
    assert case.pathway == Case.Pathway.INFORMAL_RESOLUTION and report.status == "closed"
    assert list(TransitionLog.objects.filter(case=case).values_list("to_status", flat=True)) == [
        "assessment", "informal_resolution", "closed"]
    assert page.request_log.foreign() == []
