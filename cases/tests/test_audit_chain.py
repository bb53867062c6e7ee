"""Issue 18, item 4: the audit rows are hash chains the database keeps, append-only."""

import hashlib

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, connection, transaction

from cases.audit_chain import audit_verify, purge_path
from cases.models import AccessLog, AuditSeal, Case, Party, TimelineEvent
from cases.services.audit import access_log_record
from cases.services.deadlines import deadline_digest_send
from cases.services.parties import party_save
from cases.services.workflow import case_transition

pytestmark = pytest.mark.django_db


def _last_seal(chain: str) -> str:
    """The newest seal's hash of one chain, read from the seal table itself (not audit_heads())."""
    return AuditSeal.objects.filter(chain=chain).order_by("-pk").values_list("hash", flat=True)[0]


def _activity(case, manager):
    case_transition(case=case, to=Case.Status.OUTREACH, actor=manager)
    party_save(
        party=Party(case=case, role="witness", affiliation="student", name="Ada Quill"), actor=manager
    )
    access_log_record(user=manager, action=AccessLog.Action.VIEW, obj=case)


def test_every_audit_row_is_sealed_in_a_chain_that_verifies(case, manager):
    _activity(case, manager)
    result = audit_verify()
    assert result.ok, result.first_break
    for table in ("cases_timelineevent", "cases_transitionlog", "cases_accesslog", "cases_partyevent"):
        assert table in result.heads
    chains = set(AuditSeal.objects.values_list("chain", flat=True))
    assert result.heads == {chain: _last_seal(chain) for chain in chains}
    # The link is SHA-256(previous hash + SHA-256 of the row's canonical content).
    seals = list(AuditSeal.objects.filter(chain="cases_timelineevent").order_by("pk"))
    assert seals[0].prev_hash == "0" * 64
    for before, after in zip(seals, seals[1:], strict=False):
        assert after.prev_hash == before.hash
        assert after.hash == hashlib.sha256((before.hash + after.content_hash).encode()).hexdigest()


def test_editing_one_timeline_row_in_sql_is_named_by_audit_verify(case, manager):
    _activity(case, manager)
    row = TimelineEvent.objects.filter(case=case).order_by("pk").first()
    with connection.cursor() as cursor:
        # A tamperer with the rights to switch the trigger off.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before ALTER TABLE
        cursor.execute("ALTER TABLE cases_timelineevent DISABLE TRIGGER idhr_audit_refuse")
        cursor.execute("UPDATE cases_timelineevent SET summary = 'Nothing happened' WHERE id = %s", [row.pk])
        cursor.execute("ALTER TABLE cases_timelineevent ENABLE TRIGGER idhr_audit_refuse")
    result = audit_verify()
    assert not result.ok
    assert (result.first_break.chain, result.first_break.row_pk) == ("cases_timelineevent", str(row.pk))
    assert result.first_break.problem == "the row was altered"
    with pytest.raises(CommandError, match=f"cases_timelineevent row {row.pk} "):
        call_command("audit_verify")


def test_a_row_deleted_behind_the_triggers_back_is_named(case, manager):
    _activity(case, manager)
    row = AccessLog.objects.order_by("pk").last()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE cases_accesslog DISABLE TRIGGER idhr_audit_refuse")
        cursor.execute("DELETE FROM cases_accesslog WHERE id = %s", [row.pk])
        cursor.execute("ALTER TABLE cases_accesslog ENABLE TRIGGER idhr_audit_refuse")
    result = audit_verify()
    assert (result.first_break.chain, result.first_break.row_pk) == ("cases_accesslog", str(row.pk))
    assert result.first_break.problem == "the row was deleted"


@pytest.mark.parametrize(
    "sql",
    [
        "UPDATE cases_timelineevent SET summary = 'x'",
        "DELETE FROM cases_timelineevent",
        "UPDATE cases_accesslog SET action = 'view'",
        "DELETE FROM cases_accesslog",
        "UPDATE cases_transitionlog SET reason = 'x'",
        "DELETE FROM cases_partyevent",
        "UPDATE cases_auditseal SET hash = 'x'",
        "DELETE FROM cases_auditseal",
    ],
)
def test_the_database_refuses_update_and_delete_of_audit_rows(case, manager, sql):
    _activity(case, manager)
    with pytest.raises(DatabaseError, match="audit rows are append-only"), transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql)


def test_the_orm_cannot_edit_a_timeline_row_either(case, manager):
    _activity(case, manager)
    event = TimelineEvent.objects.filter(case=case).first()
    event.summary = "Rewritten"
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        event.save()


def test_the_purge_path_may_delete_and_leaves_the_chain_verifiable(case, manager):
    _activity(case, manager)
    gone = TimelineEvent.objects.filter(case=case).order_by("pk").first()
    with transaction.atomic(), purge_path():
        TimelineEvent.objects.filter(pk=gone.pk).delete()
    assert AuditSeal.objects.get(chain="cases_timelineevent", row_pk=str(gone.pk)).purged
    assert audit_verify().ok
    # Off the path again: refused.
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        TimelineEvent.objects.filter(case=case).delete()


def test_audit_verify_command_reports_the_heads(case, manager, capsys):
    _activity(case, manager)
    call_command("audit_verify")
    out = capsys.readouterr().out
    assert out.startswith("Audit chains intact: ")
    assert f"cases_timelineevent {_last_seal('cases_timelineevent')}" in out


def test_the_daily_task_sends_the_heads_and_alerts_on_a_break(case, manager, coordinator):
    from cases.tasks import audit_verify_daily
    from idhr_portal.celery import app
    from notifications.models import Notification

    assert audit_verify_daily.name == "cases.audit_verify" and "cases.audit_verify" in app.tasks
    _activity(case, manager)
    assert audit_verify_daily() is True
    report = Notification.objects.get(event="audit.chain")
    assert report.recipients == [coordinator.email]
    assert report.subject.startswith("Audit trail verified")
    assert f"cases_timelineevent: {_last_seal('cases_timelineevent')}" in report.body_text

    row = TimelineEvent.objects.filter(case=case).order_by("pk").last()
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before ALTER TABLE
        cursor.execute("ALTER TABLE cases_timelineevent DISABLE TRIGGER idhr_audit_refuse")
        cursor.execute("UPDATE cases_timelineevent SET summary = 'Nothing' WHERE id = %s", [row.pk])
        cursor.execute("ALTER TABLE cases_timelineevent ENABLE TRIGGER idhr_audit_refuse")
    assert audit_verify_daily() is False
    alert = Notification.objects.filter(event="audit.chain").order_by("pk").last()
    assert alert.subject.startswith("ALERT: the audit trail was altered")
    assert f"cases_timelineevent row {row.pk} " in alert.body_text


def test_the_coordinators_digest_carries_the_head_hashes(case, manager, coordinator):
    import datetime

    from django.utils import timezone

    from notifications.models import Notification

    today = timezone.localdate()
    Case.objects.filter(pk=case.pk).update(status="assessment", due_on=today - datetime.timedelta(days=2))
    deadline_digest_send(today=today)
    mine = {tuple(n.recipients): n.body_text for n in Notification.objects.filter(event="deadlines.digest")}
    assert f"cases_caseevent: {_last_seal('cases_caseevent')}" in mine[(coordinator.email,)]
    assert "head hashes" not in mine[(manager.email,)]


def test_key_rotation_may_rewrite_key_dependent_columns_only(case, manager):
    _activity(case, manager)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT set_config('idhr.key_rotation', 'on', true)")
            cursor.execute("UPDATE cases_partyevent SET name = name || '', name_index = 'rotated'")
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("UPDATE cases_partyevent SET role = 'respondent'")
    assert audit_verify().ok
