"""A sanction the decision-maker records on the case page is in the outcome letter (34 CFR
106.45(b)(7)(ii)(E): the written determination states "any disciplinary sanctions the recipient
imposes on the respondent"), read back from the letter's PDF."""

import io

import pytest
from pypdf import PdfReader

from cases.models import Allegation, Case, CaseDocument, Letter, Party, Sanction
from cases.outcome_seeds import outcome_lists_ensure
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_read
from cases.services.parties import case_process_track_derive
from idhr_portal import roles

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture
def at_determination(groups):
    outcome_lists_ensure()
    coordinator = factories.staff(roles.TITLE_IX_COORDINATOR, username="casey")
    manager = factories.staff(roles.CASE_MANAGER, username="morgan")
    investigator = factories.staff(roles.INVESTIGATOR, username="ivy")
    decider = factories.staff(roles.INVESTIGATOR, username="dana")
    case = factories.CaseFactory(case_manager=manager, investigator=investigator, status=Case.Status.DETERMINATION)
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student",
                                        name="Alex Morgan")
    case_process_track_derive(case=case)
    Allegation.objects.create(case=case, number=1, respondent=respondent, complainant=complainant,
                              conduct="Unwelcome messages", policy_provision="Sexual harassment",
                              added_by=coordinator)
    CaseDocument.objects.create(
        case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, filename="report.pdf",
        content_type="application/pdf", size=1, stored_name="cases/x.bin", uploaded_by=investigator,
    )
    case_role_assign(case=case, role="decision_maker", user=decider, actor=coordinator)
    conflict_attestation_record(case=case, role="decision_maker", actor=decider)
    return case, manager, investigator, decider


def _pdf_text(letter) -> str:
    pdf = PdfReader(io.BytesIO(case_document_read(document=letter.document)))
    return " ".join(" ".join(page.extract_text() for page in pdf.pages).split())


def _selected(page: str, select_id: str) -> str:
    """The value of the option the page has chosen in a select (what a browser would post)."""
    start = page.index(f'id="{select_id}"')
    block = page[start:page.index("</select>", start)]
    chosen = [part for part in block.split("<option")[1:] if " selected>" in part]
    return chosen[0].split('value="', 1)[1].split('"', 1)[0] if chosen else ""


def test_a_sanction_recorded_on_the_case_page_is_in_the_outcome_letter(client, at_determination):
    """The walk's sanction never reached the letter: the respondent select of the sanction form
    was left on "---------" (one respondent, not chosen), the form was refused ("This field is
    required.") and the walk read a success message left from the finding. The one respondent
    is now chosen already; the browser posts what the page shows."""
    case, manager, _investigator, decider = at_determination
    allegation = Allegation.objects.get(case=case)
    client.force_login(decider)
    base = f"/admin/cases/case/{case.pk}"
    assert client.post(f"{base}/determination/", {
        "outcome": "responsible", "standard_of_evidence": "preponderance",
        "rationale": "The messages establish the conduct.",
        f"finding_{allegation.pk}_result": "responsible",
        f"finding_{allegation.pk}_facts": "The respondent sent the messages.",
        f"finding_{allegation.pk}_rationale": "Weighed on the preponderance of the evidence."}).status_code == 302
    page = client.get(f"{base}/change/").content.decode()
    respondent = case.parties.get(role="respondent")
    assert _selected(page, "sanction-party") == str(respondent.pk)

    sanction = {"party": _selected(page, "sanction-party"), "kind": "probation", "details": "For one academic year"}
    response = client.post(f"{base}/outcome/sanction/", sanction)
    assert response.status_code == 302, response.context["sanction_form"].errors
    again = client.post(f"{base}/outcome/sanction/", sanction)  # "Back", then the button again
    assert again.status_code == 200
    assert again.context["sanction_form"].non_field_errors() == ["This sanction is recorded already for this respondent."]
    assert Sanction.objects.count() == 1
    client.force_login(manager)
    assert client.post(f"{base}/outcome/release/", {}).status_code == 302

    letters = list(Letter.objects.filter(case=case, kind="outcome"))
    assert len(letters) == 2
    for letter in letters:
        text = _pdf_text(letter)
        # 106.45(b)(7)(ii)(E): the disciplinary sanctions imposed on the respondent.
        assert "Sanctions Probation: For one academic year" in text, text
        assert "No disciplinary sanctions are imposed on the respondent." not in text
        assert text.count("Probation: For one academic year") == 1
