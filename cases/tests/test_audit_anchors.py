"""Issue 30, item 7: the chains' heads anchored outside the database, and checked.

An attacker with the owner's credentials alters an audit row and recomputes every
later link: `audit_verify` alone passes; with the anchor file written before, it names
the anchor the chain no longer matches. The daily task does the same check and alerts.
"""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from cases.audit_anchors import anchors_append
from cases.audit_chain import CONTENT_SQL, audit_verify, chain_hash
from cases.models import AuditSeal, TimelineEvent

pytestmark = pytest.mark.django_db


def _events(case, count):
    for number in range(count):
        TimelineEvent.objects.create(case=case, kind=TimelineEvent.Kind.OPENED, summary=f"Event {number}")


def _rewrite_and_recompute(row: TimelineEvent, summary: str) -> None:
    """What whoever holds the owner's credentials can do: triggers off, the row changed,
    its content hash and every later link of its chain recomputed, triggers on."""
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("ALTER TABLE cases_timelineevent DISABLE TRIGGER USER")
        cursor.execute("ALTER TABLE cases_auditseal DISABLE TRIGGER USER")
        cursor.execute("UPDATE cases_timelineevent SET summary = %s WHERE id = %s", [summary, row.pk])
        cursor.execute(f"SELECT {CONTENT_SQL} FROM cases_timelineevent t WHERE id = %s", [[], row.pk])  # noqa: S608
        content = cursor.fetchone()[0]
        seals = list(AuditSeal.objects.filter(chain="cases_timelineevent").order_by("pk"))
        prev = "0" * 64
        for seal in seals:
            if seal.row_pk == str(row.pk):
                seal.content_hash = content
            link = chain_hash(prev, seal.content_hash)
            cursor.execute(
                "UPDATE cases_auditseal SET content_hash = %s, prev_hash = %s, hash = %s WHERE id = %s",
                [seal.content_hash, prev, link, seal.pk],
            )
            prev = link
        cursor.execute("ALTER TABLE cases_timelineevent ENABLE TRIGGER USER")
        cursor.execute("ALTER TABLE cases_auditseal ENABLE TRIGGER USER")


def test_a_recomputed_chain_passes_audit_verify_but_not_the_anchors(case, settings, tmp_path):
    settings.AUDIT_ANCHOR_FILE = tmp_path / "anchors" / "audit-anchors.jsonl"
    _events(case, 3)
    assert anchors_append() > 0
    anchors = [json.loads(line) for line in settings.AUDIT_ANCHOR_FILE.read_text().splitlines()]
    line = next(n for n, a in enumerate(anchors, start=1) if a["chain"] == "cases_timelineevent")
    head = anchors[line - 1]
    _events(case, 2)  # the chain goes on after the anchor: still matches
    call_command("audit_verify", "--anchors", str(settings.AUDIT_ANCHOR_FILE))

    first = TimelineEvent.objects.filter(case=case).order_by("pk").first()
    _rewrite_and_recompute(first, "Nothing happened")
    assert audit_verify().ok  # the recomputed chain is consistent in itself
    with pytest.raises(CommandError) as broken:
        call_command("audit_verify", "--anchors", str(settings.AUDIT_ANCHOR_FILE))
    assert str(broken.value) == (
        f"Audit chain no longer matches anchor {line} (written {head['at']}): cases_timelineevent "
        f"seal {head['seal_id']} at position {head['position']} has another hash than the one anchored"
    )


def test_the_daily_task_checks_the_anchors_and_alerts_the_coordinators(case, coordinator, settings, tmp_path):
    from cases.tasks import audit_verify_daily
    from notifications.models import Notification

    settings.AUDIT_ANCHOR_FILE = tmp_path / "audit-anchors.jsonl"
    _events(case, 3)
    assert audit_verify_daily() is True  # verified, and today's heads anchored
    written = settings.AUDIT_ANCHOR_FILE.read_text().splitlines()
    assert any(json.loads(a)["chain"] == "cases_timelineevent" for a in written)

    _rewrite_and_recompute(TimelineEvent.objects.filter(case=case).order_by("pk").first(), "Nothing")
    assert audit_verify_daily() is False
    alert = Notification.objects.filter(event="audit.chain").order_by("pk").last()
    assert alert.recipients == [coordinator.email]
    assert alert.subject.startswith("ALERT: the audit trail was altered")
    assert "cases_timelineevent seal" in alert.body_text and "has another hash than the one anchored" in alert.body_text
    # Nothing anchored on a broken day: the file is as it was.
    assert settings.AUDIT_ANCHOR_FILE.read_text().splitlines() == written
