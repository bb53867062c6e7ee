"""The audit chain's scope and its installation (issue 18; DESIGN.md "History"): which tables
are chained, rows written while a trigger was missing are sealed when it is installed, the
verification counts every link, and the daily report says how many it checked.

Expected values are written out: the chained tables are the append-only logs named in the
design (transitions, timeline, access log, disclosure log) and pghistory's event tables;
a link is SHA-256(previous hash + content hash), the first one after "0" * 64.
"""

import datetime
import hashlib

import pytest
from django.db import connection

from cases.audit_chain import audit_chain_install, audit_verify, audit_verify_and_alert, audited_tables
from cases.models import AccessLog, AuditSeal, Case, Party, TimelineEvent
from cases.services.audit import access_log_record
from cases.services.parties import party_save
from cases.services.workflow import case_transition

pytestmark = pytest.mark.django_db


def _activity(case, manager):
    case_transition(case=case, to=Case.Status.OUTREACH, actor=manager)
    party_save(party=Party(case=case, role="witness", affiliation="student", name="Ada Quill"), actor=manager)
    access_log_record(user=manager, action=AccessLog.Action.VIEW, obj=case)


def _triggers(name):
    with connection.cursor() as cursor:
        cursor.execute("SELECT tgrelid::regclass::text FROM pg_trigger WHERE tgname = %s", [name])
        return {row[0].strip('"') for row in cursor.fetchall()}


def test_the_chained_tables_are_the_append_only_logs_and_the_history_events_only():
    tables = {table: (pk, encrypted) for table, pk, encrypted in audited_tables()}
    for log in ("cases_transitionlog", "cases_timelineevent", "cases_accesslog", "cases_disclosure"):
        assert tables[log][0] == "id"
    assert "cases_partyevent" in tables and "cases_caseevent" in tables  # pghistory's events
    # The working tables change by design: they are tracked by their history, not chained.
    for working in ("cases_case", "cases_party", "reports_report", "auth_user", "cases_auditseal"):
        assert working not in tables
    # Encrypted columns (Fernet tokens, rewritten on key rotation) are left out of the hash.
    assert tables["cases_partyevent"][1] != ()
    assert tables["cases_transitionlog"][1] == ()


def test_installing_creates_the_triggers_and_seals_rows_written_without_them(case, manager):
    _activity(case, manager)
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE cases_timelineevent DISABLE TRIGGER idhr_audit_seal")
    unsealed = TimelineEvent.objects.create(case=case, kind=TimelineEvent.Kind.NOTE, summary="Written unsealed")
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE cases_timelineevent ENABLE TRIGGER idhr_audit_seal")
    assert not AuditSeal.objects.filter(chain="cases_timelineevent", row_pk=str(unsealed.pk)).exists()
    head_before = AuditSeal.objects.filter(chain="cases_timelineevent").order_by("-pk").first().hash

    installed = audit_chain_install()

    sealed = _triggers("idhr_audit_seal")
    refusing = _triggers("idhr_audit_refuse")
    for table in ("cases_transitionlog", "cases_timelineevent", "cases_accesslog", "cases_disclosure", "cases_partyevent"):
        assert table in sealed and table in refusing
    assert "cases_auditseal" in refusing and "cases_auditseal" not in sealed
    assert installed == len(sealed)
    seal = AuditSeal.objects.get(chain="cases_timelineevent", row_pk=str(unsealed.pk))
    assert seal.prev_hash == head_before and not seal.purged
    assert seal.hash == hashlib.sha256((head_before + seal.content_hash).encode()).hexdigest()
    assert audit_verify().ok
    assert audit_chain_install() == installed  # idempotent: nothing sealed twice
    assert AuditSeal.objects.filter(chain="cases_timelineevent", row_pk=str(unsealed.pk)).count() == 1


def test_the_verification_counts_every_link_and_the_daily_report_says_so(case, manager, coordinator):
    from notifications.models import Notification

    _activity(case, manager)
    links = AuditSeal.objects.count()
    assert links > 0
    assert audit_verify().links == links
    result = audit_verify_and_alert(today=datetime.date(2026, 11, 25))
    assert result.ok and result.links == links
    report = Notification.objects.get(event="audit.chain")
    assert report.reference == "2026-11-25"
    assert report.object_ref == "cases.audit:2026-11-25"
    assert f"found every chain intact ({links} links)" in report.body_text
