"""Who may do what on a case, from 34 CFR 106.45 (2020 text, enforced since January 2025).

(b)(7)(i): "The decision-maker(s), who cannot be the same person(s) as the Title IX
Coordinator or the investigator(s), must issue a written determination regarding
responsibility." (b)(8)(iii)(C): the appeal decision-maker is "not the same person as the
decision-maker(s) that reached the determination regarding responsibility or dismissal,
the investigator(s), or the Title IX Coordinator". (b)(1)(iii): the coordinator,
investigator, decision-maker and facilitator have no conflict of interest or bias.
The refusals below are written out, not read from the code.
"""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from cases.models import (
    AssigneeObjection,
    Case,
    CaseAssignment,
    CaseDocument,
    ConflictAttestation,
    Determination,
    Party,
)
from cases.services.assignments import (
    assignee_objection_file,
    assignee_objection_resolve,
    case_role_assign,
    conflict_attestation_record,
)
from cases.services.evidence_review import evidence_review_send
from cases.services.investigation import evidence_save, interview_save
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.outcomes import appeal_decide, determination_record
from cases.services.triage import case_update

from . import factories

pytestmark = pytest.mark.django_db
S = Case.Status

DM = "decision_maker"
APPEAL_DM = "appeal_decision_maker"
FACILITATOR = "facilitator"


def _messages(error: ValidationError) -> list[str]:
    return error.messages


@pytest.fixture
def decider(groups):
    return factories.investigator(username="decider")


@pytest.fixture
def appeal_decider(groups):
    return factories.investigator(username="appeals")


@pytest.fixture
def at_determination(case, investigator):
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    CaseDocument.objects.create(
        case=case,
        kind=CaseDocument.Kind.INVESTIGATOR_REPORT,
        filename="report.pdf",
        content_type="application/pdf",
        size=1,
        stored_name="cases/x.bin",
        uploaded_by=investigator,
    )
    Case.objects.filter(pk=case.pk).update(status=S.DETERMINATION)
    case.refresh_from_db()
    return case


def _assign(case, role, user, coordinator, *, attest=True):
    case_role_assign(case=case, role=role, user=user, actor=coordinator)
    if attest:
        conflict_attestation_record(case=case, role=role, actor=user)


def _record(case, actor):
    return determination_record(
        case=case,
        outcome=Determination.Outcome.NOT_RESPONSIBLE,
        standard_of_evidence=Determination.Standard.PREPONDERANCE,
        rationale="Findings of fact …",
        actor=actor,
    )


# --- (b)(7)(i): the determination is the decision-maker's -------------------------


def test_a_determination_is_refused_to_the_investigator(at_determination, investigator, decider, coordinator):
    _assign(at_determination, DM, decider, coordinator)
    with pytest.raises(ValidationError) as refused:
        _record(at_determination, investigator)
    assert _messages(refused.value) == [
        "The investigator may not record the determination: only a decision-maker of the case does."
    ]
    assert not Determination.objects.filter(case=at_determination).exists()


def test_a_determination_is_refused_to_the_coordinator(at_determination, decider, coordinator):
    _assign(at_determination, DM, decider, coordinator)
    with pytest.raises(ValidationError) as refused:
        _record(at_determination, coordinator)
    assert _messages(refused.value) == [
        "The Title IX coordinator may not record the determination: only a decision-maker of the case does."
    ]


def test_a_determination_is_recorded_by_the_decision_maker(at_determination, decider, coordinator):
    _assign(at_determination, DM, decider, coordinator)
    determination = _record(at_determination, decider)
    assert determination.decided_by == decider
    assert determination.outcome == "not_responsible"


def test_every_member_of_a_panel_of_decision_makers_may_record_it(at_determination, decider, coordinator):
    second = factories.case_manager(username="panel2")
    _assign(at_determination, DM, decider, coordinator)
    _assign(at_determination, DM, second, coordinator)
    assert _record(at_determination, second).decided_by == second


def test_acting_without_a_conflict_of_interest_attestation_is_refused(at_determination, decider, coordinator):
    _assign(at_determination, DM, decider, coordinator, attest=False)
    with pytest.raises(ValidationError) as refused:
        _record(at_determination, decider)
    assert _messages(refused.value) == [
        "Record your conflict-of-interest attestation as decision-maker of this case before acting in that role."
    ]
    conflict_attestation_record(case=at_determination, role=DM, actor=decider)
    attestation = ConflictAttestation.objects.get(case=at_determination, user=decider)
    assert attestation.role == DM
    assert "no conflict of interest or bias" in attestation.statement
    assert attestation.attested_at is not None
    assert _record(at_determination, decider).decided_by == decider


def test_only_the_assignee_attests_for_the_role(case, decider, investigator, coordinator):
    _assign(case, DM, decider, coordinator, attest=False)
    with pytest.raises(ValidationError) as refused:
        conflict_attestation_record(case=case, role=DM, actor=investigator)
    assert _messages(refused.value) == ["Only the decision-maker of the case attests for that role."]


# --- who may be assigned -----------------------------------------------------------


def test_the_coordinator_cannot_be_assigned_as_decision_maker(case, coordinator):
    with pytest.raises(ValidationError) as refused:
        case_role_assign(case=case, role=DM, user=coordinator, actor=coordinator)
    assert refused.value.message_dict == {"user": ["The decision-maker cannot be the Title IX coordinator."]}
    assert not CaseAssignment.objects.exists()


def test_the_investigator_cannot_be_assigned_as_decision_maker(case, investigator, coordinator):
    with pytest.raises(ValidationError) as refused:
        case_role_assign(case=case, role=DM, user=investigator, actor=coordinator)
    assert refused.value.message_dict == {"user": ["The decision-maker cannot be the investigator of the case."]}


def test_the_decision_maker_cannot_become_the_investigator(case, decider, coordinator):
    _assign(case, DM, decider, coordinator)
    case.investigator = decider
    with pytest.raises(ValidationError) as refused:
        case_update(case=case, actor=coordinator, changed=["investigator"])
    assert refused.value.message_dict == {"investigator": ["The investigator cannot be a decision-maker of the case."]}
    case.refresh_from_db()
    assert case.investigator != decider


def test_the_appeal_decision_maker_cannot_be_the_investigator(case, investigator, coordinator):
    with pytest.raises(ValidationError) as refused:
        case_role_assign(case=case, role=APPEAL_DM, user=investigator, actor=coordinator)
    assert refused.value.message_dict == {
        "user": ["The appeal decision-maker cannot be the investigator of the case."]
    }


def test_the_appeal_decision_maker_cannot_be_the_coordinator_or_a_decision_maker(case, decider, coordinator):
    with pytest.raises(ValidationError) as refused:
        case_role_assign(case=case, role=APPEAL_DM, user=coordinator, actor=coordinator)
    assert refused.value.message_dict == {"user": ["The appeal decision-maker cannot be the Title IX coordinator."]}
    _assign(case, DM, decider, coordinator)
    with pytest.raises(ValidationError) as refused:
        case_role_assign(case=case, role=APPEAL_DM, user=decider, actor=coordinator)
    assert refused.value.message_dict == {
        "user": ["The appeal decision-maker cannot be a decision-maker of the case."]
    }


def test_the_facilitator_cannot_be_the_investigator_or_a_decision_maker(case, investigator, decider, coordinator):
    with pytest.raises(ValidationError) as refused:
        case_role_assign(case=case, role=FACILITATOR, user=investigator, actor=coordinator)
    assert refused.value.message_dict == {
        "user": ["The informal-resolution facilitator cannot be the investigator of the case."]
    }
    _assign(case, DM, decider, coordinator)
    with pytest.raises(ValidationError) as refused:
        case_role_assign(case=case, role=FACILITATOR, user=decider, actor=coordinator)
    assert refused.value.message_dict == {
        "user": ["The informal-resolution facilitator cannot be a decision-maker of the case."]
    }


# --- (b)(8)(iii)(C): the appeal is decided by the appeal decision-maker --------------


def test_an_appeal_decision_is_refused_to_the_decision_maker(case, decider, appeal_decider, coordinator):
    _assign(case, DM, decider, coordinator)
    _assign(case, APPEAL_DM, appeal_decider, coordinator)
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    appeal = case.appeals.create(filed_by=complainant, filed_on=timezone.localdate(), grounds="Procedural irregularity")
    with pytest.raises(ValidationError) as refused:
        appeal_decide(appeal=appeal, decision="overturned", rationale="Bias shown.", actor=decider)
    assert _messages(refused.value) == [
        "A decision-maker of the case may not decide the appeal: only the appeal decision-maker does."
    ]
    appeal.refresh_from_db()
    assert appeal.decision == "pending"
    appeal_decide(appeal=appeal, decision="upheld", rationale="No irregularity.", actor=appeal_decider)
    appeal.refresh_from_db()
    assert appeal.decision == "upheld"


# --- a party's objection to an assignee --------------------------------------------


def test_an_upheld_objection_replaces_the_assignee(case, decider, coordinator, manager):
    _assign(case, DM, decider, coordinator)
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    objection = assignee_objection_file(
        case=case, party=respondent, role=DM, assignee=decider, grounds="Supervised the complainant", actor=manager
    )
    replacement = factories.case_manager(username="replacement")
    assignee_objection_resolve(
        objection=objection, upheld=True, reason="Working relationship", replacement=replacement, actor=coordinator
    )
    objection.refresh_from_db()
    assert objection.resolution == "upheld"
    assert objection.replacement == replacement
    current = set(CaseAssignment.objects.filter(case=case, role=DM, ended_at__isnull=True).values_list("user__username", flat=True))
    assert current == {"replacement"}
    ended = CaseAssignment.objects.get(case=case, role=DM, user=decider)
    assert ended.end_reason == "Objection upheld"


def test_an_upheld_objection_to_the_investigator_replaces_the_investigator(case, investigator, coordinator, manager):
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    objection = assignee_objection_file(
        case=case, party=complainant, role="investigator", assignee=investigator, grounds="Bias", actor=manager
    )
    replacement = factories.investigator(username="invest2")
    assignee_objection_resolve(objection=objection, upheld=True, replacement=replacement, actor=coordinator)
    case.refresh_from_db()
    assert case.investigator == replacement


def test_a_rejected_objection_records_its_reason(case, decider, coordinator, manager):
    _assign(case, DM, decider, coordinator)
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    objection = assignee_objection_file(
        case=case, party=respondent, role=DM, assignee=decider, grounds="Same department", actor=manager
    )
    with pytest.raises(ValidationError) as refused:
        assignee_objection_resolve(objection=objection, upheld=False, actor=coordinator)
    assert refused.value.message_dict == {"resolution_reason": ["A rejected objection records the reason."]}
    assignee_objection_resolve(
        objection=objection, upheld=False, reason="No contact between them", actor=coordinator
    )
    objection = AssigneeObjection.objects.get(pk=objection.pk)
    assert (objection.resolution, objection.resolution_reason) == ("rejected", "No contact between them")
    assert set(CaseAssignment.objects.filter(case=case, role=DM, ended_at__isnull=True).values_list("user", flat=True)) == {decider.pk}


def test_an_assigned_decision_maker_sees_the_case(case, decider, coordinator):
    from cases.selectors.access import case_visible_queryset

    assert not case_visible_queryset(decider).filter(pk=case.pk).exists()
    _assign(case, DM, decider, coordinator)
    assert case_visible_queryset(decider).filter(pk=case.pk).exists()


# --- (b)(1)(iii): the investigator attests before investigating --------------------------


def test_investigation_steps_wait_for_the_investigators_own_attestation(case, manager, investigator):
    """No interview, evidence, evidence review or report until the case's investigator has
    recorded their conflict-of-interest attestation; a case manager cannot go around it, and
    nobody else can attest for the investigator."""
    import datetime

    from cases.models import Evidence, Interview, Investigation

    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    letters = letter_prepare(case=case, kind="allegations", recipients=[complainant, respondent], actor=manager)
    letter_mark_sent(letters=letters, channel="in_person", actor=manager)
    investigation = Investigation.objects.create(case=case, investigator=investigator)
    waiting = (
        "The investigator has not recorded their conflict-of-interest attestation for this case: "
        "investigation steps wait until they do."
    )

    def interview():
        return Interview(investigation=investigation, party=complainant, interviewed_on=datetime.date(2026, 11, 2))

    def evidence():
        return Evidence(investigation=investigation, description="Messages", received_on=datetime.date(2026, 11, 2))

    for actor in (manager, investigator):
        with pytest.raises(ValidationError) as refused:
            interview_save(interview=interview(), actor=actor)
        assert _messages(refused.value) == [waiting]
        with pytest.raises(ValidationError) as refused:
            evidence_save(evidence=evidence(), actor=actor)
        assert _messages(refused.value) == [waiting]
        with pytest.raises(ValidationError) as refused:
            evidence_review_send(case=case, actor=actor)
        assert _messages(refused.value) == [waiting]
    with pytest.raises(ValidationError):  # the manager cannot attest in the investigator's place
        conflict_attestation_record(case=case, role="investigator", actor=manager)
    assert not Interview.objects.exists() and not Evidence.objects.exists()

    conflict_attestation_record(case=case, role="investigator", actor=investigator)
    assert interview_save(interview=interview(), actor=manager).pk is not None
    assert evidence_save(evidence=evidence(), actor=investigator).pk is not None


def test_investigation_steps_need_an_investigator(case, manager):
    from cases.models import Investigation

    case.investigator = None
    case.save(update_fields=["investigator"])
    Investigation.objects.create(case=case)
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    factories.PartyFactory(case=case, role=Party.Role.RESPONDENT)
    with pytest.raises(ValidationError) as refused:
        evidence_review_send(case=case, actor=manager)
    assert _messages(refused.value) == ["Assign the investigator of the case before recording investigation steps."]
