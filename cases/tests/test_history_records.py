"""Issue 18, item 2: every record of a case appears in its history with the actor's name and
role, old → new values and the reason. One test per record type: the record is changed
through its service by a named person, then the case history is read. Expected values are
written out here (labels, names, dates), never read from the code under test."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from cases.models import (
    AppealBasis,
    Case,
    CaseDeadline,
    CaseRole,
    ConsentRecord,
    Evidence,
    Hearing,
    InformalResolution,
    Interview,
    Investigation,
    Letter,
    Party,
    SupportiveMeasure,
)
from cases.outcome_seeds import outcome_lists_ensure
from cases.selectors.history import case_history
from cases.services.allegations import allegation_add
from cases.services.appeals import appeal_statement_add
from cases.services.assignments import case_role_assign, case_role_unassign, conflict_attestation_record
from cases.services.deadlines import deadline_open
from cases.services.dismissal import dismissal_record
from cases.services.documents import case_document_add, case_note_add
from cases.services.extensions import deadline_extend
from cases.services.hearing import hearing_cancel, relevance_ruling_record
from cases.services.informal import consent_record_save, consent_withdraw, informal_resolution_save
from cases.services.investigation import evidence_save, interview_save, investigation_save
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.measures import supportive_measure_save
from cases.services.outcomes import appeal_decide, appeal_file, determination_record, finding_save, sanction_add
from cases.services.parties import case_process_track_derive, case_process_track_override, party_save
from cases.services.party_changes import party_remove
from cases.services.portal import letter_receipt_opened
from cases.services.triage import case_legal_hold_set
from cases.services.workflow import case_formal_complaint_sign, case_transition

from . import factories

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def outcome_lists(db):
    outcome_lists_ensure()


@pytest.fixture
def people(groups):
    return {
        "morgan": factories.case_manager(username="morgan", first_name="Morgan", last_name="Lee"),
        "casey": factories.coordinator(username="casey", first_name="Casey", last_name="Ortiz"),
        "ines": factories.investigator(username="ines", first_name="Ines", last_name="Park"),
        "dana": factories.investigator(username="dana", first_name="Dana", last_name="Cruz"),
        "avery": factories.investigator(username="avery", first_name="Avery", last_name="Diaz"),
        "brt": factories.brt_member(username="brt", first_name="Bo", last_name="Reyes"),
    }


@pytest.fixture
def case(people):
    return factories.CaseFactory(case_manager=people["morgan"], investigator=people["ines"])


def _rows(case, viewer, record, event=None):
    return [
        row
        for row in case_history(case=case, viewer=viewer)
        if row.record == record and (event is None or row.event == event)
    ]


def _changes(row):
    return [(c.field, c.old, c.new) for c in row.changes]


def _who(row):
    return (row.actor, row.actor_role)


def _principals(case):
    complainant = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT, name="Jordan Lee")
    respondent = factories.PartyFactory(case=case, role=Party.Role.RESPONDENT, name="Alex Morgan")
    return complainant, respondent


def _title_ix(case, people):
    """A signed Title IX formal complaint in investigation, with both parties."""
    complainant, respondent = _principals(case)
    for name in ("title_ix_category", "ti_in_program_at_filing", "ti_in_institute_program", "ti_in_united_states"):
        setattr(case, name, True)
    case.status = Case.Status.INVESTIGATION
    case.save()
    case_formal_complaint_sign(case=case, actor=people["casey"])
    case_process_track_derive(case=case)
    return complainant, respondent


def _panel(case, people, role, user):
    case_role_assign(case=case, role=role, user=user, actor=people["casey"])
    conflict_attestation_record(case=case, role=role, actor=user)


def _doc(case, actor, name="statement.pdf", kind="other"):
    return case_document_add(
        case=case, kind=kind, filename=name, content_type="application/pdf", data=b"%PDF-1.4", actor=actor
    )


def test_party_role_change_and_removal_with_its_reason(case, people):
    party = party_save(
        party=Party(case=case, role="witness", affiliation="student", name="Ada Quill"), actor=people["morgan"]
    )
    party.role = "complainant"
    party_save(party=party, actor=people["morgan"])
    party_remove(party=party, reason="Entered twice: the same person as party 1", actor=people["casey"])

    changed, removed = _rows(case, people["casey"], "Party", "changed"), _rows(case, people["casey"], "Party", "removed")
    assert [(_who(r), _changes(r)) for r in changed] == [
        (("Morgan Lee", "Case manager"), [("role", "Witness", "Complainant")])
    ]
    assert [(_who(r), r.reason) for r in removed] == [
        (("Casey Ortiz", "Title IX coordinator"), "Entered twice: the same person as party 1")
    ]


def test_supportive_measure_ended(case, people):
    party = factories.PartyFactory(case=case, role=Party.Role.COMPLAINANT)
    measure = supportive_measure_save(
        measure=SupportiveMeasure(
            case=case, party=party, kind="housing_transfer", requested_on=datetime.date(2026, 11, 2),
            effective_on=datetime.date(2026, 11, 3), created_by=people["morgan"],
        ),
        actor=people["morgan"],
    )
    measure.ended_on = datetime.date(2026, 11, 20)
    supportive_measure_save(measure=measure, actor=people["morgan"])
    changed = _rows(case, people["casey"], "Supportive measure", "changed")[-1]
    assert _who(changed) == ("Morgan Lee", "Case manager")
    assert _changes(changed) == [("ended", "—", "2026-11-20")]


def test_note_added_shows_its_text_to_the_coordinator_and_only_changed_to_the_brt(case, people):
    case_note_add(case=case, author=people["morgan"], body="Called the complainant back")
    added = _rows(case, people["casey"], "Note", "added")
    assert [_who(r) for r in added] == [("Morgan Lee", "Case manager")]
    assert ("note", "—", "Called the complainant back") in _changes(added[0])
    hidden = _rows(case, people["brt"], "Note", "added")
    assert ("note", "", "changed") in _changes(hidden[0])


def test_informal_resolution_outcome(case, people):
    _principals(case)
    informal = informal_resolution_save(
        informal=InformalResolution(case=case, kind="mediation", started_on=datetime.date(2026, 11, 2)),
        actor=people["morgan"],
    )
    informal.outcome = "failed"
    informal.ended_on = datetime.date(2026, 11, 25)
    informal_resolution_save(informal=informal, actor=people["morgan"])
    changed = _rows(case, people["casey"], "Informal resolution", "changed")
    assert [(_who(r), _changes(r)) for r in changed] == [
        (("Morgan Lee", "Case manager"), [("outcome", "In progress", "Failed"), ("ended", "—", "2026-11-25")])
    ]


def test_consent_withdrawn(case, people):
    complainant, _respondent = _principals(case)
    informal = informal_resolution_save(
        informal=InformalResolution(case=case, kind="mediation", started_on=datetime.date(2026, 11, 2)),
        actor=people["morgan"],
    )
    consent = consent_record_save(
        consent=ConsentRecord(
            informal_resolution=informal, party=complainant, consented_on=datetime.date(2026, 11, 3),
            in_writing=True, voluntary=True,
        ),
        actor=people["morgan"],
    )
    consent_withdraw(consent=consent, withdrawn_on=datetime.date(2026, 11, 9), actor=people["casey"])
    added = _rows(case, people["casey"], "Consent record", "added")
    assert ("consented on", "—", "2026-11-03") in _changes(added[0])
    assert ("given in writing", "—", "yes") in _changes(added[0])
    changed = _rows(case, people["casey"], "Consent record", "changed")
    assert [(_who(r), _changes(r)) for r in changed] == [
        (("Casey Ortiz", "Title IX coordinator"), [("withdrawn on", "—", "2026-11-09")])
    ]


def test_investigation_started(case, people):
    investigation = Investigation.objects.create(case=case, investigator=people["ines"])
    investigation.started_on = datetime.date(2026, 11, 4)
    investigation_save(investigation=investigation, actor=people["ines"])
    changed = _rows(case, people["casey"], "Investigation", "changed")
    assert [(_who(r), _changes(r)) for r in changed] == [(("Ines Park", "Investigator"), [("started", "—", "2026-11-04")])]
    added = _rows(case, people["casey"], "Investigation", "added")
    assert ("investigator", "—", "Ines Park") in _changes(added[0])


def test_interview_date_moved(case, people):
    investigation = Investigation.objects.create(case=case, investigator=people["ines"])
    interview = Interview.objects.create(
        investigation=investigation, interviewed_on=datetime.date(2026, 11, 4), summary="First account"
    )
    interview.interviewed_on = datetime.date(2026, 11, 5)
    interview_save(interview=interview, actor=people["ines"])
    changed = _rows(case, people["casey"], "Interview", "changed")
    assert [(_who(r), _changes(r)) for r in changed] == [
        (("Ines Park", "Investigator"), [("date", "2026-11-04", "2026-11-05")])
    ]


def test_evidence_marked_directly_related(case, people):
    investigation = Investigation.objects.create(case=case, investigator=people["ines"])
    case.investigator = people["ines"]
    case.save(update_fields=["investigator"])
    conflict_attestation_record(case=case, role="investigator", actor=people["ines"])
    evidence = evidence_save(
        evidence=Evidence(investigation=investigation, description="Text messages", received_on=datetime.date(2026, 11, 6)),
        actor=people["ines"],
    )
    evidence.directly_related = True
    evidence_save(evidence=evidence, actor=people["ines"])
    changed = _rows(case, people["casey"], "Evidence", "changed")
    assert [(_who(r), _changes(r)) for r in changed] == [
        (("Ines Park", "Investigator"), [("directly related to the allegations", "no", "yes")])
    ]


def test_document_metadata_only(case, people):
    _doc(case, people["morgan"], name="photo.pdf", kind="evidence")
    added = _rows(case, people["casey"], "Document", "added")
    assert [_who(r) for r in added] == [("Morgan Lee", "Case manager")]
    assert ("kind", "—", "Evidence") in _changes(added[0])
    assert ("file name", "—", "photo.pdf") in _changes(added[0])
    assert "stored as" not in [c.field for c in added[0].changes]


def test_allegation_added(case, people):
    _complainant, respondent = _title_ix(case, people)
    allegation_add(
        case=case, respondent=respondent, conduct="Unwelcome touching", policy_provision="Sexual harassment (9.5.1.4)",
        occurred_on=datetime.date(2026, 10, 30), actor=people["morgan"],
    )
    added = _rows(case, people["casey"], "Allegation", "added")
    assert [_who(r) for r in added] == [("Morgan Lee", "Case manager")]
    assert {
        ("number", "—", "1"),
        ("alleged conduct", "—", "Unwelcome touching"),
        ("policy provision", "—", "Sexual harassment (9.5.1.4)"),
        ("date of the incident", "—", "2026-10-30"),
        ("added by", "—", "Morgan Lee"),
    } <= set(_changes(added[0]))


def test_dismissal_with_its_reason(case, people):
    _title_ix(case, people)
    dismissal_record(
        case=case, ground="withdrawn", reason="Written withdrawal of 2026-11-20", continue_on_track=False,
        no_measures_reason="The complainant declined every measure offered (written).",
        dismissed_on=datetime.date(2026, 11, 23), actor=people["casey"],
    )
    added = _rows(case, people["casey"], "Dismissal", "added")
    assert [(_who(r), r.reason) for r in added] == [
        (("Casey Ortiz", "Title IX coordinator"), "Written withdrawal of 2026-11-20")
    ]
    assert (
        "ground", "—", "Discretionary: the complainant withdrew the formal complaint or allegations in writing"
    ) in _changes(added[0])
    assert ("dismissed", "—", "2026-11-23") in _changes(added[0])
    moves = _rows(case, people["casey"], "Status")
    assert [(_changes(m), m.reason) for m in moves][-1] == (
        [("status", "Formal investigation", "Closed")],
        "Dismissed: Discretionary: the complainant withdrew the formal complaint or allegations in writing. "
        "Written withdrawal of 2026-11-20",
    )


def _at_determination(case, people):
    complainant, respondent = _title_ix(case, people)
    allegation_add(
        case=case, respondent=respondent, complainant=complainant, conduct="Conduct 1",
        policy_provision="Sexual harassment (9.5.1.4)", actor=people["morgan"],
    )
    _panel(case, people, CaseRole.DECISION_MAKER, people["dana"])
    _doc(case, people["ines"], name="report.pdf", kind="investigator_report")
    recording = _doc(case, people["morgan"], name="hearing.pdf", kind="hearing_record")
    Hearing.objects.create(
        case=case, scheduled_at=timezone.now(), place="Room 1", notice_on=timezone.localdate(),
        status=Hearing.Status.HELD, held_at=timezone.now(), recording_or_transcript=recording,
        scheduled_by=people["casey"],
    )
    Case.objects.filter(pk=case.pk).update(status=Case.Status.DETERMINATION)
    case.refresh_from_db()
    determination = determination_record(
        case=case, outcome="responsible", standard_of_evidence="preponderance", rationale="Overall rationale",
        actor=people["dana"],
    )
    return determination, respondent


def test_determination_and_its_finding_changed(case, people):
    determination, _respondent = _at_determination(case, people)
    allegation = case.allegations.get()
    for result in ("responsible", "not_responsible"):
        finding_save(
            determination=determination, allegation=allegation, findings_of_fact="Facts",
            policy_provision="Sexual harassment (9.5.1.4)", result=result, rationale="Because", actor=people["dana"],
        )
    added = _rows(case, people["casey"], "Determination", "added")
    assert [_who(r) for r in added] == [("Dana Cruz", "Investigator")]
    assert ("outcome", "—", "Responsible") in _changes(added[0])
    assert ("standard of evidence", "—", "Preponderance of the evidence") in _changes(added[0])
    changed = _rows(case, people["casey"], "Finding", "changed")
    assert [(_who(r), _changes(r)) for r in changed] == [
        (("Dana Cruz", "Investigator"), [("result", "Responsible", "Not responsible")])
    ]


def test_sanction_added(case, people):
    determination, respondent = _at_determination(case, people)
    sanction_add(
        determination=determination, party=respondent, kind="probation", details="Two semesters",
        effective_on=datetime.date(2027, 1, 15), actor=people["dana"],
    )
    added = _rows(case, people["casey"], "Sanction", "added")
    assert [_who(r) for r in added] == [("Dana Cruz", "Investigator")]
    assert {("sanction", "—", "Probation"), ("details", "—", "Two semesters"), ("effective", "—", "2027-01-15")} <= set(
        _changes(added[0])
    )
    assert ("respondent", "—", f"Party #{respondent.pk}") in _changes(added[0])


def test_appeal_statement_and_decision(case, people):
    complainant, respondent = _title_ix(case, people)
    _panel(case, people, CaseRole.APPEAL_DECISION_MAKER, people["avery"])
    dismissal = dismissal_record(
        case=case, ground="withdrawn", reason="Withdrawn in writing", continue_on_track=False,
        no_measures_reason="The complainant declined every measure offered (written).",
        dismissed_on=datetime.date(2026, 11, 2), actor=people["casey"],
    )
    basis = AppealBasis.objects.get(regulation="106.45(b)(8)(i)(A)")
    appeal = appeal_file(
        case=case, party=complainant, basis=basis, dismissal=dismissal, filed_on=datetime.date(2026, 11, 3),
        grounds="The withdrawal was not mine", actor=people["morgan"],
    )
    for party in (complainant, respondent):
        appeal_statement_add(
            appeal=appeal, party=party, document=_doc(case, people["morgan"]), submitted_on=datetime.date(2026, 11, 5),
            actor=people["morgan"],
        )
    appeal_decide(appeal=appeal, decision="overturned", rationale="The signature is not hers.",
                           result_after_appeal="The dismissal is set aside.", actor=people["avery"])

    filed = _rows(case, people["casey"], "Appeal", "added")
    assert [_who(r) for r in filed] == [("Morgan Lee", "Case manager")]
    assert {("filed", "—", "2026-11-03"), ("grounds", "—", "The withdrawal was not mine")} <= set(_changes(filed[0]))
    statements = _rows(case, people["casey"], "Written statement on an appeal", "added")
    assert [(_who(r), ("submitted", "—", "2026-11-05") in _changes(r)) for r in statements] == [
        (("Morgan Lee", "Case manager"), True),
        (("Morgan Lee", "Case manager"), True),
    ]
    decided = _rows(case, people["casey"], "Appeal", "changed")
    assert _who(decided[0]) == ("Avery Diaz", "Investigator")
    assert {
        ("decision", "Pending", "Overturned"),
        ("rationale", "—", "The signature is not hers."),
        ("decided by", "—", "Avery Diaz"),
    } <= set(_changes(decided[0]))


def test_hearing_cancelled_with_its_reason(case, people):
    hearing = Hearing.objects.create(
        case=case, scheduled_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 10)), place="Room 4-231",
        notice_on=datetime.date(2026, 11, 20), scheduled_by=people["morgan"],
    )
    hearing_cancel(hearing=hearing, reason="The decision-maker is ill", actor=people["morgan"])
    changed = _rows(case, people["casey"], "Hearing", "changed")
    assert [(_who(r), _changes(r), r.reason) for r in changed] == [
        (("Morgan Lee", "Case manager"), [("status", "Scheduled", "Cancelled")], "The decision-maker is ill")
    ]


def test_relevance_ruling_with_its_reason(case, people):
    _complainant, respondent = _principals(case)
    _panel(case, people, CaseRole.DECISION_MAKER, people["dana"])
    hearing = Hearing.objects.create(
        case=case, scheduled_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 10)), place="Room 4-231",
        notice_on=datetime.date(2026, 11, 20), scheduled_by=people["morgan"],
    )
    relevance_ruling_record(
        hearing=hearing, question_summary="Prior relationships", asked_for=respondent, ruling="not_relevant",
        reason="Prior sexual behavior: no exception applies", actor=people["dana"],
    )
    added = _rows(case, people["casey"], "Relevance ruling", "added")
    assert [(_who(r), r.reason) for r in added] == [
        (("Dana Cruz", "Investigator"), "Prior sexual behavior: no exception applies")
    ]
    assert ("ruling", "—", "Not relevant: excluded") in _changes(added[0])
    hidden = _rows(case, people["brt"], "Relevance ruling", "added")
    assert hidden[0].reason == "(hidden)"


def test_panel_member_unassigned_with_its_reason(case, people):
    _panel(case, people, CaseRole.DECISION_MAKER, people["dana"])
    assignment = case.role_assignments.get(role=CaseRole.DECISION_MAKER)
    case_role_unassign(assignment=assignment, reason="Conflict of interest disclosed", actor=people["casey"])
    added = _rows(case, people["casey"], "Role assignment", "added")
    assert ("assignee", "—", "Dana Cruz") in _changes(added[-1])
    assert _who(added[-1]) == ("Casey Ortiz", "Title IX coordinator")
    ended = _rows(case, people["casey"], "Role assignment", "changed")
    assert [(_who(r), r.reason) for r in ended] == [(("Casey Ortiz", "Title IX coordinator"), "Conflict of interest disclosed")]
    assert ("reason the assignment ended", "—", "Conflict of interest disclosed") in _changes(ended[0])


def test_letter_sent_and_opened_in_the_portal(case, people):
    _complainant, respondent = _principals(case)
    [letter] = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=people["morgan"])
    sent_at = timezone.make_aware(datetime.datetime(2026, 11, 4, 9, 30))
    letter_mark_sent(letters=[letter], channel="post", sent_at=sent_at, actor=people["morgan"])
    letter_receipt_opened(letter=Letter.objects.get(pk=letter.pk))

    sent = _rows(case, people["casey"], "Letter", "changed")
    assert [(_who(r), _changes(r)) for r in sent] == [
        (
            ("Morgan Lee", "Case manager"),
            [("sent", "—", "2026-11-04 09:30"), ("sent by", "—", "Post"), ("sent by (staff)", "—", "Morgan Lee")],
        )
    ]
    [prepared] = _rows(case, people["casey"], "Letter", "added")
    assert ("letter", "", "changed") in _changes(prepared)  # the letter itself is on its own page, not here
    assert not any("<" in c.new for c in prepared.changes)
    receipts = _rows(case, people["casey"], "Letter receipt")
    assert [(r.event, _who(r)) for r in receipts] == [
        ("added", ("Respondent", "party portal")),
        ("changed", ("Respondent", "party portal")),
    ]
    assert [c.field for c in receipts[1].changes] == ["first opened"]


def test_deadline_extended_with_its_cause_and_reason(case, people):
    _principals(case)
    deadline = deadline_open(
        case=case, kind=CaseDeadline.Kind.EVIDENCE_RESPONSE,
        label="Response to the evidence", basis="34 CFR 106.45(b)(5)(vi)", start_event="Evidence sent",
        starts_on=datetime.date(2026, 11, 2), length_days=10, for_whom="Respondent", actor=people["morgan"],
    )
    deadline_extend(
        deadline=deadline, new_due_on=datetime.date(2026, 11, 19), cause="absence",
        reason="The respondent's advisor is abroad until 16 November.", actor=people["morgan"],
    )
    moved = _rows(case, people["casey"], "Deadline", "changed")
    assert [(_who(r), _changes(r)) for r in moved] == [(("Morgan Lee", "Case manager"), [("due", "2026-11-12", "2026-11-19")])]
    granted = _rows(case, people["casey"], "Extension", "added")
    assert [(_who(r), r.reason) for r in granted] == [
        (
            ("Morgan Lee", "Case manager"),
            "Absence of a party, a party's advisor or a witness: The respondent's advisor is abroad until 16 November.",
        )
    ]
    assert {("was due", "—", "2026-11-12"), ("now due", "—", "2026-11-19")} <= set(_changes(granted[0]))


def test_legal_hold_track_override_and_reopening_carry_their_reasons(case, people):
    case_legal_hold_set(case=case, hold=True, reason="Litigation notice of 12 May", actor=people["casey"])
    case_process_track_override(
        case=case, track="employee_pp98", reason="The respondent is a staff member", actor=people["casey"]
    )
    reasons = [(r.reason, _who(r)) for r in _rows(case, people["casey"], "Case", "changed")]
    assert reasons == [
        ("Litigation notice of 12 May", ("Casey Ortiz", "Title IX coordinator")),
        ("The respondent is a staff member", ("Casey Ortiz", "Title IX coordinator")),
    ]
    Case.objects.filter(pk=case.pk).update(status=Case.Status.CLOSED)
    case.refresh_from_db()
    case_transition(case=case, to=Case.Status.ASSESSMENT, reason="New evidence came in", actor=people["casey"])
    moves = _rows(case, people["casey"], "Status")
    assert [(_changes(m), m.reason, _who(m)) for m in moves] == [
        ([("status", "Closed", "Assessment")], "New evidence came in", ("Casey Ortiz", "Title IX coordinator"))
    ]


def test_the_history_page_shows_actor_values_and_reason(client, case, people):
    hearing = Hearing.objects.create(
        case=case, scheduled_at=timezone.make_aware(datetime.datetime(2026, 12, 3, 10)), place="Room 4-231",
        notice_on=datetime.date(2026, 11, 20), scheduled_by=people["morgan"],
    )
    hearing_cancel(hearing=hearing, reason="The decision-maker is ill", actor=people["morgan"])
    client.force_login(people["casey"])
    page = client.get(reverse("admin:cases_case_history", args=[case.pk])).content.decode()
    assert "Scheduled → Cancelled" in page
    assert "Morgan Lee <span class=\"history-role\">(Case manager)</span>" in page
    assert "The decision-maker is ill" in page


def test_the_office_wide_history_list_names_the_actor(client, case, people):
    case_note_add(case=case, author=people["morgan"], body="Called back")
    client.force_login(people["casey"])
    page = client.get(reverse("admin:cases_casehistoryevent_changelist")).content.decode()
    assert "<td class=\"field-who\">Morgan Lee</td>" in page
