"""A notification goes through Redis to a real Celery worker and the real SMTP server."""

import time

import pytest
from django.db import transaction

from notifications.models import Notification
from notifications.services import notification_enqueue

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _wait_for_status(pk, status, timeout=15):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        notification = Notification.objects.get(pk=pk)
        if notification.status == status:
            return notification
        time.sleep(0.1)
    return Notification.objects.get(pk=pk)


def test_enqueued_notification_is_delivered_by_the_worker_and_received_by_smtp(celery_worker, mailbox):
    with transaction.atomic():
        notification = notification_enqueue(
            event="test.roundtrip",
            recipients=["coordinator@idhr.test"],
            subject="Round trip check",
            body_text="Plain part",
            body_html="<p>HTML part</p>",
        )

    delivered = _wait_for_status(notification.pk, Notification.Status.SENT)
    assert delivered.status == Notification.Status.SENT
    assert delivered.attempts == 1
    assert delivered.sent_at is not None
    received = mailbox.wait_for(lambda m: m.subject == "Round trip check")
    assert len(received) == 1
    assert received[0].envelope_to == ["coordinator@idhr.test"]
    assert received[0].text.strip() == "Plain part"
    assert "<p>HTML part</p>" in received[0].html


def test_nothing_is_queued_when_the_transaction_rolls_back(celery_worker, mailbox):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            notification_enqueue(
                event="test.rollback", recipients=["x@idhr.test"], subject="Never sent", body_text="x"
            )
            raise RuntimeError("the event failed")

    assert Notification.objects.count() == 0
    time.sleep(1)
    assert mailbox.wait_for(lambda m: m.subject == "Never sent", timeout=1) == []


def test_a_resent_failed_notification_is_delivered(celery_worker, mailbox):
    from django.contrib.auth.models import User
    from django.utils import timezone

    from notifications.services import notification_resend

    failed = Notification.objects.create(
        event=Notification.Event.REPORT_SUBMITTED,
        recipients=["coordinator@idhr.test"],
        subject="Resent after a failure",
        body_text="x",
        status=Notification.Status.FAILED,
        attempts=6,
        failed_at=timezone.now(),
    )
    coordinator = User.objects.create_user("coord", "coord@idhr.test")

    assert notification_resend(notification=failed, actor=coordinator)

    assert _wait_for_status(failed.pk, Notification.Status.SENT).attempts == 1
    assert len(mailbox.wait_for(lambda m: m.subject == "Resent after a failure")) == 1


def test_a_sent_outreach_draft_reaches_the_impacted_person_with_replies_to_the_coordinator(
    celery_worker, mailbox
):
    from django.contrib.auth.models import User

    from notifications.services import notification_draft_send, notification_event

    with transaction.atomic():
        draft = notification_event(
            event=Notification.Event.REFERRAL_OUTREACH,
            reference="R-OUT001",
            object_ref="reports.report:3",
            recipients=["impacted@mit.test"],
        )
    time.sleep(0.5)
    assert Notification.objects.get(pk=draft.pk).status == Notification.Status.DRAFT  # not sent by itself
    coordinator = User.objects.create_user("coord", "coord@idhr.test")

    assert notification_draft_send(notification=draft, actor=coordinator)

    received = mailbox.wait_for(lambda m: "impacted@mit.test" in m.envelope_to)
    assert len(received) == 1
    assert received[0].message["Reply-To"] == "coord@idhr.test"
    assert received[0].message["Auto-Submitted"] is None
    assert "learn more about the resources and reporting options" in " ".join(received[0].text.split())
