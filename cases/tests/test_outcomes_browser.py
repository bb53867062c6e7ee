"""The decision-maker records a determination and its findings; the case manager releases it to
both parties at once (34 CFR 106.45(b)(7)), in a real browser, at desktop and phone sizes."""

import pytest
from django.utils import timezone

from cases.models import Allegation, Case, CaseDocument, Determination, Letter, Party
from cases.outcome_seeds import outcome_lists_ensure
from cases.permissions import role_groups_sync
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.parties import case_process_track_derive
from idhr_portal import roles
from idhr_portal.testing.browser import screenshot

from . import factories

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "correct horse battery staple"
PHONE = {"width": 390, "height": 844}


def _sign_in(page, username):
    page.goto("/admin/login/?next=/admin/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url("**/admin/")


def _case_at_determination():
    role_groups_sync()
    outcome_lists_ensure()
    coordinator = factories.staff(roles.TITLE_IX_COORDINATOR, username="casey")
    manager = factories.staff(roles.CASE_MANAGER, username="morgan")
    investigator = factories.staff(roles.INVESTIGATOR, username="ivy")
    decider = factories.staff(roles.INVESTIGATOR, username="dana")
    case = factories.CaseFactory(case_manager=manager, investigator=investigator, status=Case.Status.DETERMINATION)
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student")
    case_process_track_derive(case=case)
    for number, provision in ((1, "Sexual harassment"), (2, "Stalking")):
        Allegation.objects.create(case=case, number=number, respondent=respondent, complainant=complainant,
                                  conduct=f"Conduct {number}", policy_provision=provision, added_by=coordinator)
    CaseDocument.objects.create(
        case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, filename="report.pdf",
        content_type="application/pdf", size=1, stored_name="cases/x.bin", uploaded_by=investigator,
    )
    case_role_assign(case=case, role="decision_maker", user=decider, actor=coordinator)
    conflict_attestation_record(case=case, role="decision_maker", actor=decider)
    return case


def _ok(page):
    page.wait_for_load_state()
    assert page.locator(".messagelist .success").count() == 1, page.locator("body").inner_text()[:2000]


def test_the_decision_maker_records_and_the_case_manager_releases_to_both_parties_at_once(page, new_page):
    case = _case_at_determination()
    url = f"/admin/cases/case/{case.pk}/change/"

    # The decision-maker writes the determination, with the result and rationale on each allegation.
    _sign_in(page, "dana")
    page.goto(url)
    form = page.locator("#determination-form")
    form.locator("select[name='outcome']").select_option("responsible")
    form.locator("textarea[name='rationale']").fill("The respondent's messages establish the conduct.")
    form.locator("input[name='remedies_provided']").check()
    form.locator("textarea[name='remedies_description']").fill("Extensions and a housing move")
    for number, result in ((1, "responsible"), (2, "not_responsible")):
        allegation = Allegation.objects.get(case=case, number=number)
        form.locator(f"select[name='finding_{allegation.pk}_result']").select_option(result)
        form.locator(f"textarea[name='finding_{allegation.pk}_facts']").fill(f"Facts found on allegation {number}")
        form.locator(f"textarea[name='finding_{allegation.pk}_rationale']").fill(
            "Weighed on the preponderance of the evidence.")
    form.get_by_role("button", name="Record the determination").click()
    _ok(page)
    manager = new_page()
    _sign_in(manager, "morgan")

    sanction = page.locator("#sanction-form")
    sanction.locator("select[name='party']").select_option(str(case.parties.get(role="respondent").pk))
    sanction.locator("select[name='kind']").select_option("probation")
    sanction.get_by_role("button", name="Record the sanction").click()
    _ok(page)
    screenshot(page, "outcomes-decision-maker-findings")
    assert page.locator("#case-outcome .finding").count() == 2

    # The release: one action, both letters in one batch, the appeal window open.
    manager.goto(url)
    manager.get_by_role("button", name="Release the determination to both parties").click()
    _ok(manager)
    letters = list(Letter.objects.filter(case=case, kind="outcome"))
    assert sorted(letter.recipient.role for letter in letters) == ["complainant", "respondent"]
    assert letters[0].batch is not None and letters[0].batch == letters[1].batch
    determination = Determination.objects.get(case=case)
    deadline = determination.appeal_deadline.isoformat()
    assert manager.locator("#case-status").inner_text() == "Appeal window"
    finality = manager.locator("#finality").inner_text()
    assert finality.startswith(f"Not final yet: the appeal window is open until {deadline}")
    assert f"released to both parties {timezone.localdate().isoformat()}" in manager.locator(
        "#determination-summary").inner_text()
    screenshot(manager, "outcomes-released-desktop")
    manager.set_viewport_size(PHONE)
    manager.reload()
    manager.locator("#case-outcome").scroll_into_view_if_needed()
    screenshot(manager, "outcomes-released-phone")
    # Nothing of the outcome box is wider than the phone (the long dismissal grounds once were).
    assert manager.evaluate("document.querySelector('#case-outcome').scrollWidth") <= PHONE["width"]
    assert manager.locator("#dismissal-form").count() == 0  # a released determination is appealed, not dismissed
    assert manager.locator("#track-label").inner_text().startswith("Student respondent, not Title IX")
