"""The transition table and its guards: every allowed and every refused move."""

import datetime
import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone

from cases.models import (
    AppealBasis,
    Case,
    CaseDeadline,
    CaseDocument,
    ConsentRecord,
    Determination,
    Dismissal,
    InformalResolution,
    Party,
    TimelineEvent,
    TransitionLog,
)
from cases.outcome_seeds import outcome_lists_ensure
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.outcomes import appeal_decide, appeal_file, determination_record, sanction_add
from cases.services.triage import case_report_add
from cases.services.workflow import TransitionRefused, case_formal_complaint_sign, case_transition

from . import factories

pytestmark = pytest.mark.django_db
S = Case.Status

# The office's process, written out from ../shared/DESIGN.md ("Staff side") and the
# seeds' pathways (no action, information only, supportive measures, informal
# resolution, formal investigation), NOT read from cases.services.TRANSITIONS: a
# wrong edge in the table must fail here. Every cell is a decision:
# Y = the move is allowed (its guards aside), . = refused whatever the case holds.
#
# - intake: a new case is reached out to, or assessed straight away;
# - assessment chooses the pathway: close with no action, close with information
#   only, supportive measures, informal resolution or a formal investigation;
# - supportive measures only may still go on to informal resolution or a formal
#   investigation, or close;
# - informal resolution ends (closed) or, failed or withdrawn, goes to investigation;
# - an investigation may go to informal resolution (34 CFR 106.45(b)(9): any time before
#   a determination), and back to investigation when a party withdraws;
# - the formal process runs investigation -> determination -> appeal window ->
#   closed, with no step skipped (no determination without an investigation, no
#   closing before the appeal window) except by a dismissal of the formal complaint
#   (106.45(b)(3)), which closes the investigation or the unreleased determination;
#   an appeal remanded for a new hearing (106.45(b)(8)) returns the case from the
#   appeal window to the hearing stage (investigation);
# - a closed case (any of the three closed statuses) reopens only to assessment.
MOVES = """
from -> to           new  outr asse c_no c_in supp info inve dete appe clos
new                  .    Y    Y    .    .    .    .    .    .    .    .
outreach             .    .    Y    .    .    .    .    .    .    .    .
assessment           .    .    .    Y    Y    Y    Y    Y    .    .    .
closed_no_action     .    .    Y    .    .    .    .    .    .    .    .
closed_information   .    .    Y    .    .    .    .    .    .    .    .
supportive_measures  .    .    .    .    .    .    Y    Y    .    .    Y
informal_resolution  .    .    .    .    .    .    .    Y    .    .    Y
investigation        .    .    .    .    .    .    Y    .    Y    .    Y
determination        .    .    .    .    .    .    .    .    .    Y    Y
appeal_window        .    .    .    .    .    .    .    Y    .    .    Y
closed               .    .    Y    .    .    .    .    .    .    .    .
"""
# The columns, in the same order as the rows.
STATUSES = [
    "new",
    "outreach",
    "assessment",
    "closed_no_action",
    "closed_information",
    "supportive_measures",
    "informal_resolution",
    "investigation",
    "determination",
    "appeal_window",
    "closed",
]
CLOSED = {"closed_no_action", "closed_information", "closed"}
# The pathway a case is on once it enters a status; "closed" keeps the one it had.
PATHWAY_ON_ENTRY = {
    "new": "undecided",
    "outreach": "undecided",
    "assessment": "undecided",
    "closed_no_action": "no_action",
    "closed_information": "information_only",
    "supportive_measures": "supportive_measures",
    "informal_resolution": "informal_resolution",
    "investigation": "formal_investigation",
    "determination": "formal_investigation",
    "appeal_window": "formal_investigation",
    "closed": "informal_resolution",  # only as set-up: a case closed after informal resolution
}


def _moves() -> dict[tuple[str, str], bool]:
    rows = [line.split() for line in MOVES.strip().splitlines()[1:]]
    assert [row[0] for row in rows] == STATUSES
    table = {}
    for row in rows:
        assert len(row) == 1 + len(STATUSES), row
        for to, cell in zip(STATUSES, row[1:], strict=True):
            assert cell in ("Y", "."), cell
            table[(row[0], to)] = cell == "Y"
    return table


TABLE = _moves()

# What a move must be given (issue 14, item 12, and 34 CFR 106.45(b)(10)(ii)), written out:
# closing, reopening and moving into or out of the formal investigation take a reason;
# leaving assessment (the response) records why it was not deliberately indifferent.
NEEDS_REASON = CLOSED | {"investigation"}
TEXTS = {
    "reason": "Documented reason",
    "response_basis": "Prompt outreach; measures offered",
    "no_measures_reason": "The complainant declined measures",
}
ALLOWED = sorted(move for move, allowed in TABLE.items() if allowed)
REFUSED = sorted(move for move, allowed in TABLE.items() if not allowed)


def test_the_table_above_names_every_status_the_model_has():
    """A status added to the model must be decided in MOVES before anything else passes."""
    assert sorted(S.values) == sorted(STATUSES)
    assert len(ALLOWED) == 23 and len(REFUSED) == 11 * 11 - 23


def _parties(case, *, complainant="student", respondent="student"):
    c = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, affiliation=complainant)
    r = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, affiliation=respondent)
    return c, r


def _informal(
    case,
    actor,
    *,
    outcome=InformalResolution.Outcome.PENDING,
    consent_for=("complainant", "respondent"),
    in_writing=True,
):
    informal = InformalResolution.objects.create(
        case=case, kind=InformalResolution.Kind.MEDIATION, outcome=outcome
    )
    for party in case.parties.filter(role__in=consent_for):
        ConsentRecord.objects.create(
            informal_resolution=informal,
            party=party,
            consented_on=timezone.localdate(),
            in_writing=in_writing,
            voluntary=True,
            recorded_by=actor,
        )
    return informal


def _investigator_report(case, actor):
    return CaseDocument.objects.create(
        case=case,
        kind=CaseDocument.Kind.INVESTIGATOR_REPORT,
        filename="report.pdf",
        content_type="application/pdf",
        size=1,
        stored_name="cases/x.bin",
        uploaded_by=actor,
    )


def _determination(case, actor, *, outcome=Determination.Outcome.RESPONSIBLE, deadline_days=-1):
    today = timezone.localdate()
    return Determination.objects.create(
        case=case,
        outcome=outcome,
        decided_on=today,
        decided_by=actor,
        appeal_deadline=today + datetime.timedelta(days=deadline_days),
    )


def _at(case, status, **fields):
    Case.objects.filter(pk=case.pk).update(status=status, **fields)
    case.refresh_from_db()
    return case


def _prepared(case, actor, from_status, to):
    """A case that meets every guard of the move from `from_status` to `to`."""
    _parties(case)
    case.coordinator_signed_complaint_at = timezone.now()
    case.save()
    factories.SupportiveMeasureFactory(case=case, party=case.parties.first(), created_by=actor)
    _investigator_report(case, actor)
    _determination(case, actor)
    if to == S.INFORMAL_RESOLUTION:
        _informal(case, actor)
    if from_status == S.INFORMAL_RESOLUTION:
        _informal(case, actor, outcome=InformalResolution.Outcome.FAILED)
    if to == S.CLOSED and from_status in (S.INVESTIGATION, S.DETERMINATION):
        Dismissal.objects.create(
            case=case, ground=Dismissal.Ground.WITHDRAWN, reason="Withdrawn in writing",
            dismissed_on=timezone.localdate(), dismissed_by=actor,
        )
    if from_status == S.APPEAL_WINDOW and to == S.INVESTIGATION:  # a remand given to both parties
        case.appeals.create(filed_by=case.parties.filter(role="complainant").first(), filed_on=timezone.localdate(),
                            decision="remanded", rationale="A new hearing", released_at=timezone.now())
    return _at(case, from_status, pathway=PATHWAY_ON_ENTRY[from_status])


@pytest.mark.parametrize("from_status,to", ALLOWED)
def test_every_allowed_transition_moves_the_case_and_logs_it(case, manager, from_status, to):
    case = _prepared(case, manager, from_status, to)
    reason = "New information from the complainant" if {from_status, to} & NEEDS_REASON else ""
    response_basis = "Prompt outreach; measures offered" if from_status == "assessment" else ""
    case_transition(case=case, to=to, actor=manager, reason=reason, response_basis=response_basis)
    case.refresh_from_db()
    assert case.status == to
    expected_pathway = PATHWAY_ON_ENTRY[from_status] if to == "closed" else PATHWAY_ON_ENTRY[to]
    assert case.pathway == expected_pathway
    assert (case.closed_at is not None) == (to in CLOSED)
    log = TransitionLog.objects.get(case=case)
    assert (log.from_status, log.to_status, log.actor, log.reason) == (from_status, to, manager, reason)
    assert TimelineEvent.objects.filter(case=case, kind=TimelineEvent.Kind.TRANSITION).exists()


@pytest.mark.parametrize("from_status,to", REFUSED)
def test_every_transition_outside_the_table_is_refused(case, manager, from_status, to):
    case = _prepared(case, manager, from_status, to)
    with pytest.raises(TransitionRefused, match="cannot move"):
        case_transition(case=case, to=to, actor=manager, reason="a reason")
    case.refresh_from_db()
    assert case.status == from_status
    assert not TransitionLog.objects.filter(case=case).exists()


def test_transition_sets_pathway_and_business_day_deadline(case, manager):
    case_transition(case=case, to=S.OUTREACH, actor=manager)
    case.refresh_from_db()
    assert case.pathway == Case.Pathway.UNDECIDED
    today = timezone.localdate()
    assert case.due_on > today
    business_days = sum(
        1
        for n in range(1, (case.due_on - today).days + 1)
        if (today + datetime.timedelta(days=n)).weekday() < 5
    )
    assert business_days == 2
    case_transition(case=case, to=S.ASSESSMENT, actor=manager)
    case_transition(case=case, to=S.CLOSED_INFORMATION, actor=manager, **TEXTS)
    case.refresh_from_db()
    assert case.pathway == Case.Pathway.INFORMATION_ONLY
    assert case.due_on is None and case.closed_at is not None


def test_business_days_skip_weekends_and_holidays(settings):
    from cases.selectors.deadlines import add_business_days

    friday = datetime.date(2025, 6, 6)
    assert add_business_days(friday, 1) == datetime.date(2025, 6, 9)
    settings.CASE_HOLIDAYS = ["2025-06-09"]
    assert add_business_days(friday, 1) == datetime.date(2025, 6, 10)
    assert add_business_days(friday, 10) == datetime.date(2025, 6, 23)


@pytest.mark.parametrize("closed", ["closed_no_action", "closed_information", "closed"])
def test_a_closed_case_reopens_only_with_a_reason(case, manager, closed):
    _at(case, closed)
    for blank in ("", "  "):
        with pytest.raises(TransitionRefused, match="needs a reason"):
            case_transition(case=case, to="assessment", actor=manager, reason=blank)
    case.refresh_from_db()
    assert case.status == closed
    case_transition(case=case, to="assessment", actor=manager, reason="Respondent named in a new report")
    case.refresh_from_db()
    assert case.status == "assessment" and case.closed_at is None
    log = TransitionLog.objects.get(case=case)
    assert (log.from_status, log.to_status, log.reason) == (closed, "assessment", "Respondent named in a new report")


def test_formal_investigation_needs_a_signed_formal_complaint(case, manager, coordinator):
    _at(case, S.ASSESSMENT)
    with pytest.raises(TransitionRefused, match="signed formal complaint"):
        case_transition(case=case, to=S.INVESTIGATION, actor=manager)
    with pytest.raises(PermissionDenied):
        case_formal_complaint_sign(case=case, actor=manager)
    case_formal_complaint_sign(case=case, actor=coordinator)
    case.refresh_from_db()
    assert case.coordinator_signed_complaint_by == coordinator
    case_transition(case=case, to=S.INVESTIGATION, actor=manager, **TEXTS)
    assert case.status == S.INVESTIGATION
    assert case.investigation.investigator == case.investigator


def test_a_linked_formal_complaint_signed_by_the_complainant_allows_investigation(case, manager):
    report = factories.ReportFactory(kind="complaint")
    factories.formal_complaint_for(report)
    case_report_add(case=case, report=report, actor=manager)
    _at(case, S.ASSESSMENT)
    case_transition(case=case, to=S.INVESTIGATION, actor=manager, **TEXTS)
    assert case.status == S.INVESTIGATION
    case.refresh_from_db()
    assert (case.ti_in_program_at_filing, case.ti_in_institute_program, case.ti_in_united_states) == (
        True,
    ) * 3
    assert case.is_title_ix


def test_informal_resolution_needs_written_consent_of_both_parties(case, manager):
    _parties(case)
    _at(case, S.ASSESSMENT)
    with pytest.raises(TransitionRefused, match=r"106\.45\(b\)\(9\): record the informal resolution"):
        case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager)
    informal = _informal(case, manager, consent_for=("complainant",))
    with pytest.raises(TransitionRefused, match="missing: respondent"):
        case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager)
    respondent = case.parties.get(role=Party.Role.RESPONDENT)
    consent = ConsentRecord.objects.create(
        informal_resolution=informal,
        party=respondent,
        in_writing=False,
        voluntary=True,
        consented_on=timezone.localdate(),
        recorded_by=manager,
    )
    with pytest.raises(TransitionRefused, match="written, voluntary consent"):
        case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager)
    consent.in_writing = True
    consent.save()
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, **TEXTS)
    assert case.status == S.INFORMAL_RESOLUTION and case.pathway == Case.Pathway.INFORMAL_RESOLUTION


def test_informal_resolution_needs_a_complainant_and_a_respondent(case, manager):
    factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    _at(case, S.ASSESSMENT)
    with pytest.raises(TransitionRefused, match="needs a complainant and a respondent"):
        case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager)


def test_informal_resolution_is_refused_for_student_against_employee_in_title_ix(case, manager):
    _parties(case, complainant="student", respondent="employee")
    case.title_ix_category = case.ti_in_program_at_filing = case.ti_in_institute_program = True
    case.ti_in_united_states = True
    case.coordinator_signed_complaint_at = timezone.now()  # a formal complaint (106.45(b)(9))
    case.save()
    assert case.is_title_ix
    _informal(case, manager)
    _at(case, S.ASSESSMENT)
    with pytest.raises(TransitionRefused, match="student complainant alleges conduct by an employee"):
        case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager)
    # The same parties outside Title IX may resolve informally.
    case.ti_in_united_states = False
    case.save()
    case_transition(case=case, to=S.INFORMAL_RESOLUTION, actor=manager, **TEXTS)
    assert case.status == S.INFORMAL_RESOLUTION


def test_only_a_failed_or_withdrawn_informal_resolution_moves_to_investigation(case, manager, coordinator):
    _parties(case)
    case_formal_complaint_sign(case=case, actor=coordinator)
    informal = _informal(case, manager)
    _at(case, S.INFORMAL_RESOLUTION)
    with pytest.raises(TransitionRefused, match="failed or withdrawn"):
        case_transition(case=case, to=S.INVESTIGATION, actor=manager)
    with pytest.raises(TransitionRefused, match="outcome of the informal resolution"):
        case_transition(case=case, to=S.CLOSED, actor=manager)
    informal.outcome = InformalResolution.Outcome.WITHDRAWN
    informal.save()
    case_transition(case=case, to=S.INVESTIGATION, actor=manager, **TEXTS)
    assert case.status == S.INVESTIGATION


def test_determination_needs_the_investigators_report(case, investigator):
    _at(case, S.INVESTIGATION)
    with pytest.raises(TransitionRefused, match="investigator's report"):
        case_transition(case=case, to=S.DETERMINATION, actor=investigator)
    case_document_add(
        case=case,
        kind=CaseDocument.Kind.INVESTIGATOR_REPORT,
        filename="final.pdf",
        content_type="application/pdf",
        data=b"%PDF-1.4 report",
        actor=investigator,
    )
    case_transition(case=case, to=S.DETERMINATION, actor=investigator, **TEXTS)
    assert case.status == S.DETERMINATION


def test_appeal_window_needs_a_recorded_determination_and_gets_a_deadline(case, investigator, coordinator):
    _, respondent = _parties(case)
    # The determination is the decision-maker's, the appeal the appeal decision-maker's
    # (34 CFR 106.45(b)(7)(i), (b)(8)(iii)(C)); each attests before acting.
    decider = factories.investigator(username="decider")
    appeal_decider = factories.investigator(username="appeals")
    for role, user in (("decision_maker", decider), ("appeal_decision_maker", appeal_decider)):
        case_role_assign(case=case, role=role, user=user, actor=coordinator)
        conflict_attestation_record(case=case, role=role, actor=user)
    _investigator_report(case, investigator)
    _at(case, S.DETERMINATION)
    with pytest.raises(TransitionRefused, match=r"106\.45\(b\)\(7\): record the determination"):
        case_transition(case=case, to=S.APPEAL_WINDOW, actor=investigator)
    determination = determination_record(
        case=case,
        outcome=Determination.Outcome.RESPONSIBLE,
        standard_of_evidence=Determination.Standard.PREPONDERANCE,
        rationale="The messages corroborate the complainant's account.",
        actor=decider,
    )
    assert determination.appeal_deadline > determination.decided_on
    case_transition(case=case, to=S.APPEAL_WINDOW, actor=investigator)
    with pytest.raises(TransitionRefused, match="appeal window is open until"):
        case_transition(case=case, to=S.CLOSED, actor=investigator)
    # Appealed once released to both parties (test_outcomes.py releases it through the service).
    Determination.objects.filter(pk=determination.pk).update(released_at=timezone.now())
    outcome_lists_ensure()
    basis = AppealBasis.objects.get(regulation="106.45(b)(8)(i)(B)")
    appeal = appeal_file(
        case=case, party=respondent, basis=basis, grounds="New evidence", actor=investigator
    )
    with pytest.raises(TransitionRefused, match="appeal is pending"):
        case_transition(case=case, to=S.CLOSED, actor=investigator)
    # Both parties' windows for a written statement are over.
    CaseDeadline.objects.filter(case=case, kind="appeal_statement").update(state="met")
    appeal_decide(appeal=appeal, decision="upheld", rationale="No new evidence.", actor=appeal_decider)
    case_transition(case=case, to=S.CLOSED, actor=investigator, **TEXTS)
    assert case.status == S.CLOSED


def test_sanctions_only_after_a_responsible_determination(case, investigator, coordinator):
    _, respondent = _parties(case)
    decider = factories.investigator(username="decider")
    case_role_assign(case=case, role="decision_maker", user=decider, actor=coordinator)
    conflict_attestation_record(case=case, role="decision_maker", actor=decider)
    outcome_lists_ensure()
    determination = _determination(case, decider, outcome=Determination.Outcome.NOT_RESPONSIBLE)
    with pytest.raises(ValidationError, match="responsible"):
        sanction_add(determination=determination, party=respondent, kind="warning", actor=decider)
    determination.outcome = Determination.Outcome.RESPONSIBLE
    determination.save()
    sanction = sanction_add(determination=determination, party=respondent, kind="probation", actor=decider)
    assert sanction.get_kind_display() == "Probation"


def test_supportive_measures_pathway_needs_a_measure(case, manager):
    _at(case, S.ASSESSMENT)
    with pytest.raises(TransitionRefused, match="supportive measure"):
        case_transition(case=case, to=S.SUPPORTIVE_MEASURES, actor=manager)


def test_staff_not_assigned_to_the_case_cannot_move_it(case, other_manager, brt, coordinator):
    for outsider in (other_manager, brt):
        with pytest.raises(TransitionRefused, match="may not change"):
            case_transition(case=case, to=S.OUTREACH, actor=outsider)
    case_transition(case=case, to=S.OUTREACH, actor=coordinator)
    assert case.status == S.OUTREACH


def test_a_stale_page_is_refused_when_the_case_moved_meanwhile(case, manager):
    stale = Case.objects.get(pk=case.pk)
    case_transition(case=case, to=S.ASSESSMENT, actor=manager)
    with pytest.raises(TransitionRefused, match="Someone else changed this case"):
        case_transition(case=stale, to=S.OUTREACH, actor=manager)


def test_reporter_status_follows_the_case(case, manager):
    report = factories.ReportFactory()
    case_report_add(case=case, report=report, actor=manager)
    report.refresh_from_db()
    assert report.status == "under_review"
    case_transition(case=case, to=S.ASSESSMENT, actor=manager)
    case_transition(case=case, to=S.CLOSED_NO_ACTION, actor=manager, **TEXTS)
    report.refresh_from_db()
    assert report.status == "closed"
    case_transition(case=case, to=S.ASSESSMENT, actor=manager, reason="Reporter sent new information")
    report.refresh_from_db()
    assert report.status == "under_review"


@pytest.mark.django_db(transaction=True)
def test_two_simultaneous_transitions_one_wins_the_other_is_refused(groups):
    manager = factories.case_manager(username="racer")
    case = factories.CaseFactory(case_manager=manager, status=S.ASSESSMENT)
    barrier = threading.Barrier(2)
    results = {}

    def attempt(target):
        copy = Case.objects.get(pk=case.pk)  # both threads saw "assessment"
        barrier.wait()
        try:
            case_transition(case=copy, to=target, actor=manager, **TEXTS)
            results[target] = "ok"
        except TransitionRefused as refused:
            results[target] = str(refused)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=attempt, args=(t,)) for t in (S.CLOSED_NO_ACTION, S.CLOSED_INFORMATION)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=20)
    assert sorted(v == "ok" for v in results.values()) == [False, True], results
    loser = next(v for v in results.values() if v != "ok")
    assert "Someone else changed this case" in loser
    case.refresh_from_db()
    assert TransitionLog.objects.filter(case=case).count() == 1
    assert case.status == TransitionLog.objects.get(case=case).to_status
