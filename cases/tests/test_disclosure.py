"""Issue 18, item 5: the disclosure log (FERPA 34 CFR 99.32). Each way part of a case's
record leaves the office writes exactly one row saying what, to whom, why and by whom;
the rows are append-only and sealed in the audit hash chain; the case page lists them.
"""

import datetime
import json
import time

import pytest
from django.db import DatabaseError, connection, transaction
from django.urls import reverse

from cases.audit_chain import audit_verify
from cases.models import Allegation, Disclosure, Party
from cases.portal.session import PARTY_KEY
from cases.services.disclosure import disclosure_record
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.portal import letter_send_via_portal
from cases.services.portal_account import portal_session_generation
from cases.services.triage import case_update
from idhr_portal.crypto import encrypt_str

from . import factories

pytestmark = pytest.mark.django_db

COMPLAINANT = "Ottoline Brackenridge"
RESPONDENT = "Percival Quenby"


@pytest.fixture
def parties(case, manager):
    complainant = factories.PartyFactory(
        case=case, role=Party.Role.COMPLAINANT, name=COMPLAINANT, email="ottoline@example.org"
    )
    respondent = factories.PartyFactory(
        case=case, role=Party.Role.RESPONDENT, name=RESPONDENT, email="percival@example.org"
    )
    Allegation.objects.create(
        case=case,
        number=1,
        respondent=respondent,
        complainant=complainant,
        conduct="Left threatening notes on the quince-coloured bicycle",
        policy_provision="Mind and Hand Book II(7)(E)(2)",
        occurred_on=datetime.date(2026, 10, 3),
        added_by=manager,
    )
    return complainant, respondent


def _rows(case):
    return list(Disclosure.objects.filter(case=case).order_by("pk"))


def test_a_letter_marked_sent_is_one_disclosure_to_its_recipient(case, manager, parties):
    complainant, _respondent = parties
    (letter,) = letter_prepare(case=case, kind="allegations", recipients=[complainant], actor=manager)
    assert _rows(case) == []  # prepared is not delivered
    letter_mark_sent(letters=[letter], channel="in_person", actor=manager)
    (row,) = _rows(case)
    assert row.kind == "letter"
    assert row.description == "Notice of allegations, sent (in person)"
    assert row.recipient_label == "Complainant"
    assert row.recipient_name == "Ottoline Brackenridge"
    assert row.basis == "party_notice"
    assert row.actor == manager
    assert (row.letter_id, row.document_id) == (letter.pk, letter.document_id)


def test_letters_published_in_the_portal_are_one_disclosure_each(case, manager, parties):
    complainant, respondent = parties
    letters = letter_prepare(
        case=case, kind="allegations", recipients=[complainant, respondent], actor=manager
    )
    letter_send_via_portal(letters=letters, actor=manager)
    rows = _rows(case)
    assert [(r.kind, r.description, r.recipient_label, r.recipient_name, r.basis) for r in rows] == [
        ("letter", "Notice of allegations, sent (party portal)", "Complainant", COMPLAINANT, "party_notice"),
        ("letter", "Notice of allegations, sent (party portal)", "Respondent", RESPONDENT, "party_notice"),
    ]


def test_every_portal_download_is_a_disclosure_taken_by_the_party(client, case, manager, parties):
    _complainant, respondent = parties
    (letter,) = letter_prepare(case=case, kind="allegations", recipients=[respondent], actor=manager)
    letter_send_via_portal(letters=[letter], actor=manager)
    before = len(_rows(case))
    session = client.session
    generation = portal_session_generation(party_id=respondent.pk)
    session[PARTY_KEY] = encrypt_str(json.dumps({"party": respondent.pk, "gen": generation, "seen": time.time()}))
    session.save()
    assert client.get(f"/portal/letters/{letter.pk}/").status_code == 200  # reading is not a download
    assert len(_rows(case)) == before
    for _ in range(2):
        response = client.get(f"/portal/letters/{letter.pk}/pdf/")
        assert response.status_code == 200
        b"".join(response.streaming_content)
    downloads = [r for r in _rows(case) if r.kind == "portal_download"]
    assert len(_rows(case)) == before + 2 and len(downloads) == 2
    row = downloads[0]
    assert row.description == "Notice of allegations (PDF)"
    assert (row.recipient_label, row.recipient_name) == ("Respondent", "Percival Quenby")
    assert row.basis == "party_own_copy"
    assert row.actor is None and row.letter_id == letter.pk


def test_an_export_with_identities_is_one_disclosure_per_case_with_the_reason(client, coordinator, case, parties):
    other = factories.CaseFactory()
    client.force_login(coordinator)
    url = reverse("admin:cases_case_export")
    # Without identities: no disclosure.
    assert client.post(url, {"cases": f"{case.pk},{other.pk}"}).status_code == 200
    assert not Disclosure.objects.exists()
    # With identities but no reason: asked for it, nothing exported.
    refused = client.post(url, {"cases": f"{case.pk},{other.pk}", "include_identities": "on"})
    assert refused["Content-Type"].startswith("text/html")
    assert "Give the reason: a file that names people is a disclosure." in refused.content.decode()
    assert not Disclosure.objects.exists()
    response = client.post(
        url,
        {
            "cases": f"{case.pk},{other.pk}",
            "include_identities": "on",
            "reason": "Records request from the Office for Civil Rights, complaint 01-26-4411",
            "recipient": "Office for Civil Rights, Boston",
        },
    )
    assert response["Content-Type"].startswith("text/csv")
    for exported in (case, other):
        (row,) = _rows(exported)
        assert row.kind == "export"
        assert row.description == "Case export (CSV) with party names and email addresses"
        assert row.recipient_label == "Office for Civil Rights, Boston"
        assert row.basis == "coordinator"
        assert row.reason == "Records request from the Office for Civil Rights, complaint 01-26-4411"
        assert row.actor == coordinator


def test_sharing_a_case_with_the_bias_response_team_is_one_disclosure(coordinator, case):
    case.shared_with_brt = True
    case_update(case=case, actor=coordinator, changed=["shared_with_brt"])
    (row,) = _rows(case)
    assert row.kind == "brt_share"
    assert row.description == (
        "The case's status, pathway, categories, process track, timeline and parties' roles "
        "(no names, contact details or documents)"
    )
    assert (row.recipient_label, row.recipient_name) == ("Bias Response Team", "")
    assert row.basis == "brt_review" and row.actor == coordinator
    case.shared_with_brt = False  # unsharing discloses nothing
    case_update(case=case, actor=coordinator, changed=["shared_with_brt"])
    assert len(_rows(case)) == 1


def test_disclosures_are_sealed_in_the_chain_and_cannot_be_changed_or_deleted(coordinator, case):
    case.shared_with_brt = True
    case_update(case=case, actor=coordinator, changed=["shared_with_brt"])
    (row,) = _rows(case)
    result = audit_verify()
    assert result.ok and "cases_disclosure" in result.heads
    for sql in (
        "UPDATE cases_disclosure SET recipient_label = 'Nobody' WHERE id = %s",
        "DELETE FROM cases_disclosure WHERE id = %s",
    ):
        with pytest.raises(DatabaseError, match="audit rows are append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute(sql, [row.pk])
    row.refresh_from_db()
    assert row.recipient_label == "Bias Response Team"


def _disclose(case, n):
    for i in range(n):
        disclosure_record(
            case=case,
            kind="export",
            description=f"Disclosure number {i + 1:02d}",
            recipient_label="Office for Civil Rights",
            basis="coordinator",
            reason="Records request",
        )


def test_the_case_page_lists_disclosures_newest_first_twenty_a_page(client, coordinator, case):
    _disclose(case, 23)
    client.force_login(coordinator)
    url = reverse("admin:cases_case_change", args=[case.pk])
    first = client.get(url).content.decode()
    assert 'id="disclosures"' in first
    assert first.index("Disclosure number 23") < first.index("Disclosure number 22")
    assert "Disclosure number 04" in first and "Disclosure number 03" not in first
    assert "Page 1 of 2" in first
    second = client.get(url + "?disclosures=2").content.decode()
    assert "Disclosure number 03" in second and "Disclosure number 01" in second
    assert "Disclosure number 04" not in second


def test_the_bias_response_team_does_not_see_the_disclosure_log(client, brt, case):
    case.shared_with_brt = True
    case.save()
    _disclose(case, 1)
    client.force_login(brt)
    page = client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert "Disclosure number 01" not in page.content.decode()
    assert 'id="disclosures"' not in page.content.decode()


def test_the_retention_purge_removes_an_expired_cases_disclosures_and_the_chain_still_verifies(coordinator, case):
    from django.utils import timezone

    from cases import retention
    from cases.models import AuditSeal, Case

    _disclose(case, 2)
    Case.objects.filter(pk=case.pk).update(
        status="closed", closed_at=timezone.now() - datetime.timedelta(days=8 * 366)
    )
    retention.retention_purge()
    assert not Case.objects.filter(pk=case.pk).exists()
    assert not Disclosure.objects.filter(case_id=case.pk).exists()
    assert AuditSeal.objects.filter(chain="cases_disclosure", purged=True).count() == 2
    assert audit_verify().ok
