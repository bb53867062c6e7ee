"""Informal resolution on the Title IX track (34 CFR 106.45(b)(9)).

"[A] recipient may not offer informal resolution unless a formal complaint is filed" and,
"at any time prior to agreeing to a resolution, any party has the right to withdraw from
the informal resolution process and resume the grievance process with respect to the
formal complaint." Issue 14, item 9: the case resumes the formal process where it left off.
"""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import Case, ConsentRecord, InformalResolution, Investigation, Party, TransitionLog
from cases.services.informal import consent_record_save, consent_withdraw, informal_resolution_save
from cases.services.workflow import TransitionRefused, case_formal_complaint_sign, case_transition

from . import factories

pytestmark = pytest.mark.django_db
S = Case.Status
NEEDS_COMPLAINT = (
    "106.45(b)(9): on the Title IX track an informal resolution needs a formal complaint filed first: "
    "link the complainant's signed formal complaint, or have the Title IX coordinator sign one."
)
TEXTS = {"reason": "Both parties asked to try mediation.", "response_basis": "Prompt outreach; measures offered"}


def _title_ix(case, *, complaint: bool):
    case.title_ix_category = case.ti_in_program_at_filing = case.ti_in_institute_program = True
    case.ti_in_united_states = True
    if complaint:
        case.coordinator_signed_complaint_at = timezone.now()
    case.save()
    assert case.is_title_ix
    return case


def _parties(case):
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation="student")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation="student")
    return complainant, respondent


def _at(case, status):
    Case.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    return case


def _informal_with_consents(case, actor):
    informal = informal_resolution_save(
        informal=InformalResolution(case=case, kind=InformalResolution.Kind.MEDIATION, started_on=timezone.localdate()),
        actor=actor,
    )
    consents = {}
    for party in case.parties.filter(role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]):
        consents[party.role] = consent_record_save(
            consent=ConsentRecord(
                informal_resolution=informal,
                party=party,
                consented_on=timezone.localdate(),
                in_writing=True,
                voluntary=True,
            ),
            actor=actor,
        )
    return informal, consents


def test_a_title_ix_case_without_a_formal_complaint_cannot_start_an_informal_resolution(case, manager):
    _title_ix(case, complaint=False)
    _parties(case)
    _at(case, S.ASSESSMENT)
    with pytest.raises(ValidationError) as refused:
        informal_resolution_save(
            informal=InformalResolution(case=case, kind=InformalResolution.Kind.MEDIATION), actor=manager
        )
    assert refused.value.messages == [NEEDS_COMPLAINT]
    assert not InformalResolution.objects.filter(case=case).exists()


def test_the_move_to_informal_resolution_is_refused_until_a_formal_complaint_is_filed(case, manager, coordinator):
    _parties(case)
    _at(case, S.ASSESSMENT)
    _informal_with_consents(case, manager)  # recorded before the case was found to be Title IX
    _title_ix(case, complaint=False)
    with pytest.raises(TransitionRefused) as refused:
        case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, **TEXTS)
    assert str(refused.value) == NEEDS_COMPLAINT
    case_formal_complaint_sign(case=case, actor=coordinator)
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, **TEXTS)
    assert case.status == S.INFORMAL_RESOLUTION


def test_outside_title_ix_no_formal_complaint_is_needed(case, manager):
    _parties(case)
    _at(case, S.ASSESSMENT)
    _informal_with_consents(case, manager)
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, **TEXTS)
    assert case.status == S.INFORMAL_RESOLUTION


def test_withdrawal_during_an_informal_resolution_started_in_the_investigation_returns_to_it(case, manager):
    _title_ix(case, complaint=True)
    _parties(case)
    _at(case, S.ASSESSMENT)
    case_transition(case=case, to=S.INVESTIGATION, actor=manager, **TEXTS)
    investigation = Investigation.objects.get(case=case)
    Investigation.objects.filter(pk=investigation.pk).update(started_on=datetime.date(2026, 10, 5))
    informal, consents = _informal_with_consents(case, manager)
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, reason="Parties asked to mediate")
    informal.refresh_from_db()
    assert informal.left_off_status == S.INVESTIGATION

    consent_withdraw(consent=consents["respondent"], actor=manager, withdrawn_on=datetime.date(2026, 11, 2))

    case.refresh_from_db()
    informal.refresh_from_db()
    assert case.status == S.INVESTIGATION
    assert informal.outcome == InformalResolution.Outcome.WITHDRAWN
    assert informal.ended_on == datetime.date(2026, 11, 2)
    # The same investigation goes on: where the formal process left off.
    assert list(Investigation.objects.filter(case=case).values_list("pk", "started_on")) == [
        (investigation.pk, datetime.date(2026, 10, 5))
    ]
    last = TransitionLog.objects.filter(case=case).last()
    assert (last.from_status, last.to_status) == (S.INFORMAL_RESOLUTION, S.INVESTIGATION)
    assert last.reason == (
        "The respondent withdrew consent to the informal resolution before the agreement was signed: "
        "the formal process resumes (Formal investigation)."
    )


def test_a_title_ix_informal_resolution_started_before_the_investigation_resumes_at_it(case, manager):
    _title_ix(case, complaint=True)
    _parties(case)
    _at(case, S.ASSESSMENT)
    informal, consents = _informal_with_consents(case, manager)
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, **TEXTS)
    informal.refresh_from_db()
    assert informal.left_off_status == S.ASSESSMENT

    consent_withdraw(consent=consents["complainant"], actor=manager)

    case.refresh_from_db()
    assert case.status == S.INVESTIGATION
    assert Investigation.objects.filter(case=case).exists()


def test_no_withdrawal_once_the_agreement_is_signed(case, manager):
    _title_ix(case, complaint=True)
    _parties(case)
    _at(case, S.ASSESSMENT)
    informal, consents = _informal_with_consents(case, manager)
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, **TEXTS)
    informal.refresh_from_db()
    informal.agreement_signed_on = datetime.date(2026, 11, 20)
    informal_resolution_save(informal=informal, actor=manager)

    with pytest.raises(ValidationError) as refused:
        consent_withdraw(consent=consents["respondent"], actor=manager)
    assert refused.value.message_dict == {
        "withdrawn_on": [
            "The agreement was signed on 2026-11-20: consent can only be withdrawn before it is signed."
        ]
    }
    case.refresh_from_db()
    assert case.status == S.INFORMAL_RESOLUTION
    assert ConsentRecord.objects.get(pk=consents["respondent"].pk).withdrawn_on is None


def test_withdrawal_recorded_in_the_admin_inline_resumes_the_formal_process_too(case, manager):
    _title_ix(case, complaint=True)
    _parties(case)
    _at(case, S.ASSESSMENT)
    case_transition(case=case, to=S.INVESTIGATION, actor=manager, **TEXTS)
    informal, consents = _informal_with_consents(case, manager)
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, reason="Parties asked to mediate")
    consent = ConsentRecord.objects.get(pk=consents["complainant"].pk)
    consent.withdrawn_on = timezone.localdate()
    consent_record_save(consent=consent, actor=manager)  # what the inline's save calls
    case.refresh_from_db()
    assert case.status == S.INVESTIGATION


def test_outside_title_ix_a_withdrawal_leaves_the_next_step_to_staff(case, manager):
    _parties(case)
    factories.SupportiveMeasureFactory(case=case, created_by=manager)
    _at(case, S.SUPPORTIVE_MEASURES)
    informal, consents = _informal_with_consents(case, manager)
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager)
    consent_withdraw(consent=consents["respondent"], actor=manager)
    case.refresh_from_db()
    informal.refresh_from_db()
    assert case.status == S.INFORMAL_RESOLUTION
    assert informal.outcome == InformalResolution.Outcome.WITHDRAWN
    assert informal.left_off_status == S.SUPPORTIVE_MEASURES


def test_the_case_page_says_where_the_formal_process_left_off(client, case, manager):
    _title_ix(case, complaint=True)
    _parties(case)
    _at(case, S.ASSESSMENT)
    case_transition(case=case, to=S.INVESTIGATION, actor=manager, **TEXTS)
    _informal_with_consents(case, manager)
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, reason="Parties asked to mediate")
    client.force_login(manager)
    page = client.get(f"/admin/cases/case/{case.pk}/change/").content.decode()
    assert "formal process left off at “Formal investigation”" in page
