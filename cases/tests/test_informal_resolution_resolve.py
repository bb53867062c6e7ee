"""Resolving an informal resolution by agreement (34 CFR 106.45(b)(9)): only on a signed
formal complaint, after the written notice to the parties ((i)), with the voluntary, written
consent of both ((ii)), and never for a Title IX case in which a student complainant alleges
conduct by an employee ((iii)). The walk of issue 24 saved "Resolved by agreement" with one
consent, no signed form, no formal complaint, an employee respondent and a student
complainant, and no notice to the parties.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from cases.models import Case, ConsentRecord, InformalResolution, Letter, Party
from cases.services.documents import case_document_add
from cases.services.informal import consent_record_save, informal_resolution_save
from cases.services.portal import letter_send_via_portal

from . import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today


def _title_ix(case, *, complaint: bool):
    case.title_ix_category = case.ti_in_program_at_filing = case.ti_in_institute_program = True
    case.ti_in_united_states = True
    case.coordinator_signed_complaint_at = timezone.now() if complaint else None
    case.status = Case.Status.ASSESSMENT
    case.save()
    return case


def _form(case, manager, party):
    return case_document_add(
        case=case, kind="other", filename=f"consent-{party.role}.txt", data=b"Signed consent form", actor=manager
    )


def _consent(informal, party, manager, *, signed: bool):
    return consent_record_save(
        consent=ConsentRecord(
            informal_resolution=informal, party=party, consented_on=timezone.localdate(),
            in_writing=True, voluntary=True, document=_form(informal.case, manager, party) if signed else None,
        ),
        actor=manager,
    )


def _resolve(informal, manager, **changes):
    informal.outcome = InformalResolution.Outcome.RESOLVED
    informal.agreement_text = "A facilitated apology and no contact for the semester."
    for name, value in changes.items():
        setattr(informal, name, value)
    return informal_resolution_save(informal=informal, actor=manager)


def test_the_walks_resolution_is_refused_with_every_reason(case, manager):
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="employee")
    case.status = Case.Status.ASSESSMENT
    case.save(update_fields=["status"])
    informal = informal_resolution_save(  # recorded before the case was found to be Title IX
        informal=InformalResolution(case=case, kind="mediation", started_on=timezone.localdate()), actor=manager
    )
    _consent(informal, complainant, manager, signed=False)
    _title_ix(case, complaint=False)
    informal.refresh_from_db()
    with pytest.raises(ValidationError) as refused:
        _resolve(informal, manager)
    assert refused.value.message_dict["outcome"] == [
        "34 CFR 106.45(b)(9)(iii): informal resolution is not available in a Title IX case where a student "
        "complainant alleges conduct by an employee.",
        "34 CFR 106.45(b)(9): informal resolution needs a signed formal complaint: link the complainant's "
        "signed formal complaint, or have the Title IX coordinator sign one.",
        "34 CFR 106.45(b)(9)(ii): informal resolution needs the written, voluntary consent of both parties, "
        "each with its signed form attached; missing: complainant, respondent.",
        "34 CFR 106.45(b)(9)(i): send the notice of informal resolution (Letters on the case page) before the "
        "parties agree; not yet sent to: complainant, respondent.",
        "Give the date the parties signed the agreement.",
    ]
    assert InformalResolution.objects.get(pk=informal.pk).outcome == InformalResolution.Outcome.PENDING


def test_with_the_complaint_the_notice_both_signed_consents_and_the_agreement_it_resolves(case, manager):
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student")
    _title_ix(case, complaint=True)
    informal = informal_resolution_save(
        informal=InformalResolution(case=case, kind="mediation", started_on=timezone.localdate()), actor=manager
    )
    # The written notice is prepared for both parties as the informal resolution is recorded.
    notices = list(Letter.objects.filter(case=case, kind="informal_resolution"))
    assert {letter.recipient for letter in notices} == {complainant, respondent}
    assert all("Your right to withdraw" in letter.html for letter in notices)
    _consent(informal, complainant, manager, signed=True)
    _consent(informal, respondent, manager, signed=True)
    with pytest.raises(ValidationError) as refused:
        _resolve(informal, manager, agreement_signed_on=timezone.localdate())
    assert refused.value.message_dict["outcome"] == [
        "34 CFR 106.45(b)(9)(i): send the notice of informal resolution (Letters on the case page) before the "
        "parties agree; not yet sent to: complainant, respondent."
    ]
    letter_send_via_portal(letters=notices, actor=manager)
    informal.refresh_from_db()
    resolved = _resolve(informal, manager, agreement_signed_on=timezone.localdate())
    assert InformalResolution.objects.get(pk=resolved.pk).outcome == InformalResolution.Outcome.RESOLVED


def test_the_change_page_shows_the_refusal_beside_the_outcome_and_keeps_what_was_typed(client, case, manager):
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student")
    _title_ix(case, complaint=True)
    informal = informal_resolution_save(
        informal=InformalResolution(case=case, kind="mediation", started_on=timezone.localdate()), actor=manager
    )
    client.force_login(manager)
    page = client.post(
        reverse("admin:cases_informalresolution_change", args=[informal.pk]),
        {
            "kind": "mediation",
            "started_on": timezone.localdate().isoformat(),
            "outcome": "resolved",
            "ended_on": "",
            "agreement_text": "No contact for the semester.",
            "agreement_signed_on": "",
            "consents-TOTAL_FORMS": "0",
            "consents-INITIAL_FORMS": "0",
            "consents-MIN_NUM_FORMS": "0",
            "consents-MAX_NUM_FORMS": "1000",
        },
    )
    assert page.status_code == 200
    body = page.content.decode()
    assert "106.45(b)(9)(ii): informal resolution needs the written, voluntary consent of both parties" in body
    assert "No contact for the semester." in body
    assert InformalResolution.objects.get(pk=informal.pk).outcome == InformalResolution.Outcome.PENDING
