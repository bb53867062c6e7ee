"""Issue 18: the case's history reads as its record — only real changes, every child
record, actor name and role, old → new, reasons. Expectations are written out literally."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse

from cases.models import (
    Case,
    CaseDocument,
    Evidence,
    Interview,
    Investigation,
    Party,
    SupportiveMeasure,
)
from cases.selectors.history import case_history
from cases.services.assignments import conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.investigation import evidence_save, interview_save
from cases.services.measures import supportive_measure_save
from cases.services.parties import party_save
from cases.services.triage import case_legal_hold_set
from cases.services.workflow import case_transition

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _party(case, manager, **kwargs):
    values = {"role": "witness", "affiliation": "student", "name": "Ada Quill", "email": "ada@example.edu"}
    values.update(kwargs)
    return party_save(party=Party(case=case, **values), actor=manager)


def _rows(case, viewer, record):
    return [row for row in case_history(case=case, viewer=viewer) if row.record == record]


def _changes(row):
    return [(c.field, c.old, c.new) for c in row.changes]


def test_a_role_only_edit_is_one_row_listing_only_the_role_and_keeps_the_ciphertext(case, manager, coordinator):
    party = _party(case, manager)
    party = Party.objects.get(pk=party.pk)  # as an edit form would load it
    party.role = "respondent"
    party.name = "Ada Quill"  # the form resubmits the unchanged values as new strings
    party.email = "ada@example.edu"
    party_save(party=party, actor=manager)

    updates = [row for row in _rows(case, coordinator, "Party") if row.event == "changed"]
    assert len(updates) == 1
    assert _changes(updates[0]) == [("role", "Witness", "Respondent")]

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT name, email, role FROM cases_partyevent WHERE pgh_obj_id = %s ORDER BY pgh_id", [party.pk]
        )
        events = cursor.fetchall()
        cursor.execute("SELECT name, email FROM cases_party WHERE id = %s", [party.pk])
        stored = cursor.fetchone()
    assert [e[2] for e in events] == ["witness", "respondent"]
    assert events[0][0] == events[1][0] == stored[0]
    assert events[0][1] == events[1][1] == stored[1]


def test_saving_an_unchanged_party_writes_no_new_ciphertext(case, manager):
    party = _party(case, manager)
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM cases_party WHERE id = %s", [party.pk])
        before = cursor.fetchone()[0]
    party.save()
    Party.objects.get(pk=party.pk).save()
    with connection.cursor() as cursor:
        cursor.execute("SELECT name FROM cases_party WHERE id = %s", [party.pk])
        assert cursor.fetchone()[0] == before
    assert before != "Ada Quill" and before.startswith("gAAAAA")  # still a Fernet token


def test_a_name_change_shows_old_and_new_to_the_coordinator_and_only_changed_to_the_brt(
    case, manager, coordinator, brt
):
    party = _party(case, manager)
    party.name = "Ada Quillon"
    party_save(party=party, actor=manager)
    update = [row for row in _rows(case, coordinator, "Party") if row.event == "changed"]
    assert _changes(update[0]) == [("name", "Ada Quill", "Ada Quillon")]
    hidden = [row for row in _rows(case, brt, "Party") if row.event == "changed"]
    assert _changes(hidden[0]) == [("name", "", "changed")]


def test_the_history_names_the_actor_and_role(case, manager, coordinator):
    manager.first_name, manager.last_name = "Morgan", "Lee"
    manager.save()
    _party(case, manager)
    added = _rows(case, coordinator, "Party")[0]
    assert (added.event, added.actor, added.actor_role) == ("added", "Morgan Lee", "Case manager")
    assert ("role", "—", "Witness") in _changes(added)


def test_a_transition_appears_with_its_reason(case, manager, coordinator):
    case_transition(case=case, to=Case.Status.OUTREACH, actor=manager)
    case_legal_hold_set(case=case, hold=True, reason="Litigation notice of 12 May", actor=coordinator)
    moves = _rows(case, coordinator, "Status")
    assert [_changes(m) for m in moves] == [[("status", "New", "Outreach")]]
    holds = [r for r in _rows(case, coordinator, "Case") if r.event == "changed" and "legal hold" in
             [c.field for c in r.changes]]
    assert ("reason for the legal hold", "—", "Litigation notice of 12 May") in _changes(holds[0])
    assert ("legal hold", "no", "yes") in _changes(holds[0])


def test_a_supportive_measure_change(case, manager, coordinator):
    party = _party(case, manager)
    measure = supportive_measure_save(
        measure=SupportiveMeasure(
            case=case, party=party, kind="academic_support", details="Extra time", requested_on=datetime.date(2026, 11, 2),
            created_by=manager,
        ),
        actor=manager,
    )
    measure.effective_on = datetime.date(2026, 11, 3)
    supportive_measure_save(measure=measure, actor=manager)
    changed = [r for r in _rows(case, coordinator, "Supportive measure") if r.event == "changed"]
    # The first "changed" is the written notice generated on creation; then the date.
    assert [c[0] for c in _changes(changed[0])] == ["written notice", "notice generated"]
    assert [_changes(r) for r in changed[1:]] == [[("in effect from", "—", "2026-11-03")]]


def test_a_document_and_its_metadata(case, manager, coordinator):
    case_document_add(case=case, kind="evidence", filename="photo.pdf", data=PDF, actor=manager)
    added = _rows(case, coordinator, "Document")
    assert len(added) == 1 and added[0].event == "added"
    assert ("kind", "—", "Evidence") in _changes(added[0])
    assert ("file name", "—", "photo.pdf") in _changes(added[0])


def test_an_interview_and_evidence_change(case, manager, investigator, coordinator):
    investigation = Investigation.objects.create(case=case, investigator=investigator)
    conflict_attestation_record(case=case, role="investigator", actor=investigator)
    interview = Interview.objects.create(
        investigation=investigation, interviewed_on=datetime.date(2026, 11, 4), summary="First account"
    )
    interview = Interview.objects.get(pk=interview.pk)
    interview.interviewed_on = datetime.date(2026, 11, 5)
    interview_save(interview=interview, actor=investigator)
    changed = [r for r in _rows(case, coordinator, "Interview") if r.event == "changed"]
    assert [_changes(r) for r in changed] == [[("date", "2026-11-04", "2026-11-05")]]
    assert changed[0].actor_role == "Investigator"

    evidence = evidence_save(
        evidence=Evidence(investigation=investigation, description="Text messages", received_on=datetime.date(2026, 11, 6)),
        actor=investigator,
    )
    evidence.directly_related = True
    evidence_save(evidence=evidence, actor=investigator)
    changed = [r for r in _rows(case, coordinator, "Evidence") if r.event == "changed"]
    assert [_changes(r) for r in changed] == [[("directly related to the allegations", "no", "yes")]]


def test_the_history_page_shows_the_record(client, case, manager, coordinator):
    party = _party(case, manager)
    party.role = "respondent"
    party_save(party=party, actor=manager)
    client.force_login(coordinator)
    page = client.get(reverse("admin:cases_case_history", args=[case.pk])).content.decode()
    assert "Witness → Respondent" in page
    assert "Ada Quill" in page
    assert CaseDocument.objects.count() == 0
