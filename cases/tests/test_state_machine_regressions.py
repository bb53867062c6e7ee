"""What the state machine (test_state_machine.py) found, kept as plain tests: each is the
smallest walk that broke one of the regulation's invariants (helpers/invariants.py).

Each failed on the code before issue 24's fixes (item 1, the bullets of item 4) and passes
now; the last one is a defect the machine found beyond the issue's list (an appeal window
extended for good cause, then a letter calling the determination final).
"""

import contextlib
import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError

from cases.models import (
    Appeal,
    AppealBasis,
    CaseDeadline,
    ConsentRecord,
    Determination,
    InformalResolution,
    Letter,
    TransitionLog,
)
from cases.services.appeals import appeal_release
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.dismissal import dismissal_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import evidence_review_send
from cases.services.extensions import deadline_extend
from cases.services.informal import consent_record_save, informal_resolution_save
from cases.services.outcomes import appeal_decide, appeal_file, determination_record
from cases.services.triage import case_update
from cases.services.workflow import TransitionRefused

from .helpers.invariants import ALLOWED_MOVES, IS_FINAL, letter_text
from .helpers.walk import (
    TEXT,
    case_opened,
    determination_released,
    evidence_added,
    investigation_started,
    moved,
    party,
    staff_of_a_case,
)

pytestmark = pytest.mark.django_db

ISSUE = "issue 24 item 4, "


@pytest.fixture
def staff(groups, monkeypatch):
    monkeypatch.setattr("cases.services.letters.html_to_pdf", lambda html, title="": b"%PDF-1.4 regression\n")
    return staff_of_a_case()


@pytest.fixture
def clock():
    with time_machine.travel(datetime.datetime(2026, 2, 2, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


def refused(service, **kwargs) -> bool:
    try:
        service(**kwargs)
    except ValidationError:
        return True
    return False


def test_an_informal_resolution_is_not_resolved_without_the_written_consent_of_both_parties(staff, clock):
    case = case_opened(staff, title_ix=False)
    informal = informal_resolution_save(
        informal=InformalResolution(case=case, kind="mediation", started_on=datetime.date(2026, 2, 2)),
        actor=staff["manager"],
    )
    consent_record_save(
        consent=ConsentRecord(informal_resolution=informal, party=party(case, "complainant"),
                              consented_on=datetime.date(2026, 2, 2), in_writing=True, voluntary=True),
        actor=staff["manager"],
    )
    informal.outcome, informal.agreement_signed_on = "resolved", datetime.date(2026, 2, 2)
    with contextlib.suppress(ValidationError):
        informal_resolution_save(informal=informal, actor=staff["manager"])

    assert not InformalResolution.objects.filter(case=case, outcome="resolved").exists()


def test_a_title_ix_informal_resolution_of_an_employee_harassing_a_student_is_never_resolved(staff, clock):
    case = case_opened(staff, title_ix=True, complainant="student", respondent="employee")
    informal = informal_resolution_save(
        informal=InformalResolution(case=case, kind="mediation", started_on=datetime.date(2026, 2, 2)),
        actor=staff["manager"],
    )
    for role in ("complainant", "respondent"):
        consent_record_save(
            consent=ConsentRecord(informal_resolution=informal, party=party(case, role),
                                  consented_on=datetime.date(2026, 2, 2), in_writing=True, voluntary=True),
            actor=staff["manager"],
        )
    informal.outcome, informal.agreement_signed_on = "resolved", datetime.date(2026, 2, 2)
    with contextlib.suppress(ValidationError):
        informal_resolution_save(informal=informal, actor=staff["manager"])

    assert case.is_title_ix
    assert not InformalResolution.objects.filter(case=case, outcome="resolved").exists()


def test_no_evidence_review_clock_runs_when_no_evidence_item_has_a_file(staff, clock):
    case = investigation_started(staff)
    evidence_added(case, staff, with_file=False)

    with contextlib.suppress(ValidationError):
        evidence_review_send(case=case, actor=staff["investigator"])

    assert not CaseDeadline.objects.filter(case=case, kind="evidence_response", state="open").exists()


def test_a_dismissal_that_closes_the_case_makes_only_a_move_the_table_allows(staff, clock):
    case = investigation_started(staff)
    case.ti_in_united_states = False
    case_update(case=case, actor=staff["coordinator"], changed=["ti_in_united_states"])

    dismissal_record(case=case, ground="not_in_united_states", reason=TEXT, continue_on_track=False,
                              no_measures_reason=TEXT, actor=staff["coordinator"])

    closing = list(TransitionLog.objects.filter(case=case, to_status="closed").values_list("from_status", "to_status"))
    assert closing == [("investigation", "closed")]
    moves = set(TransitionLog.objects.filter(case=case).values_list("from_status", "to_status"))
    assert moves <= ALLOWED_MOVES, moves - ALLOWED_MOVES


def test_the_allowed_moves_close_a_formal_process_only_from_the_investigation_or_the_determination():
    """106.45(b)(3): a dismissal closes the formal process before the determination is released;
    after the release the case closes from the appeal window (the determination is appealed)."""
    into_closed = {source for source, target in ALLOWED_MOVES if target == "closed"}
    assert into_closed == {"supportive_measures", "informal_resolution", "investigation", "determination",
                           "appeal_window"}


def test_an_investigation_is_not_closed_without_a_dismissal(staff, clock):
    case = investigation_started(staff)

    assert refused_move(case, "closed", staff)
    assert case.status == "investigation"
    assert not TransitionLog.objects.filter(case=case, to_status="closed").exists()


def refused_move(case, to, staff) -> bool:
    try:
        moved(case, to, staff, actor="coordinator")
    except (ValidationError, TransitionRefused):
        case.refresh_from_db()
        return True
    return False


def test_a_determination_is_not_recorded_with_an_empty_rationale(staff, clock):
    case = case_opened(staff, title_ix=False)
    # (The non-Title-IX track: no hearing needed; the determination needs the investigator's report.)
    case = moved(moved(case, "assessment", staff), "investigation", staff)
    case_document_add(case=case, kind="investigator_report", filename="report.txt",
                               content_type="text/plain", data=b"Report.", actor=staff["investigator"])
    case = moved(case, "determination", staff)
    case_role_assign(case=case, role="decision_maker", user=staff["decider"], actor=staff["coordinator"])
    conflict_attestation_record(case=case, role="decision_maker", actor=staff["decider"])

    with contextlib.suppress(ValidationError):
        determination_record(case=case, outcome="responsible", standard_of_evidence="preponderance",
                                      rationale="", actor=staff["decider"])

    assert all(d.rationale.strip() for d in Determination.objects.filter(case=case))


def two_bases():
    return list(AppealBasis.objects.filter(active=True).order_by("order", "pk")[1:3])


def test_every_basis_a_party_chose_is_in_every_letter_about_the_appeal(staff, clock):
    case = determination_released(staff, clock)
    chosen = two_bases()
    appeal = appeal_file(case=case, party=party(case, "respondent"), grounds=TEXT, bases=chosen,
                                  actor=staff["manager"])
    clock.shift(datetime.timedelta(days=8))  # the statement windows are over
    appeal_decide(appeal=appeal, decision="upheld", rationale=TEXT, actor=staff["appeal_decider"])
    appeal_release(appeal=appeal, actor=staff["manager"])

    assert {basis.label for basis in appeal.bases.all()} == {basis.label for basis in chosen}
    letters = list(Letter.objects.filter(case=case, regarding=f"cases.appeal:{appeal.pk}"))
    assert {letter.kind for letter in letters} == {"appeal_filed", "appeal_outcome"}
    for letter in letters:
        for basis in chosen:
            assert basis.label in letter_text(letter), (letter.kind, basis.label)


def test_no_appeal_outcome_letter_calls_the_determination_final_while_the_other_appeal_is_pending(staff, clock):
    case = determination_released(staff, clock)
    first = appeal_file(case=case, party=party(case, "respondent"), grounds=TEXT, bases=two_bases()[:1],
                                 actor=staff["manager"])
    clock.shift(datetime.timedelta(days=2))
    appeal_file(case=case, party=party(case, "complainant"), grounds=TEXT, bases=two_bases()[:1],
                         actor=staff["manager"])
    clock.shift(datetime.timedelta(days=6))  # the first appeal's statement windows are over, not the second's
    appeal_decide(appeal=first, decision="upheld", rationale=TEXT, actor=staff["appeal_decider"])
    appeal_release(appeal=first, actor=staff["manager"])

    assert Appeal.objects.filter(case=case, decision="pending").count() == 1
    for letter in Letter.objects.filter(case=case, kind="appeal_outcome"):
        assert not IS_FINAL.search(letter_text(letter)), letter_text(letter)


def test_no_appeal_outcome_letter_calls_the_determination_final_while_an_extended_appeal_window_is_open(staff, clock):
    """Found by the state machine: the appeal window extended (106.45(b)(1)(v)), the respondent's
    appeal decided and released before the extended window closes."""
    case = determination_released(staff, clock)
    appeal = appeal_file(case=case, party=party(case, "respondent"), grounds=TEXT, bases=two_bases()[:1],
                                  actor=staff["manager"])
    window = CaseDeadline.objects.get(case=case, kind="appeal_filing", state="open")
    deadline_extend(deadline=window, new_due_on=window.due_on + datetime.timedelta(days=14),
                             cause="absence", reason=TEXT, actor=staff["manager"])
    clock.shift(datetime.timedelta(days=8))  # the statement windows are over, the extended window is not
    appeal_decide(appeal=appeal, decision="upheld", rationale=TEXT, actor=staff["appeal_decider"])
    appeal_release(appeal=appeal, actor=staff["manager"])

    assert CaseDeadline.objects.get(pk=window.pk).due_on >= datetime.date(2026, 2, 10)
    for letter in Letter.objects.filter(case=case, kind="appeal_outcome"):
        assert not IS_FINAL.search(letter_text(letter)), letter_text(letter)
