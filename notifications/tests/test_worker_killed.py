"""A worker SIGKILLed while SMTP holds its message: a new worker sends the email once.

A real `celery worker` subprocess sends to an SMTP server in this test that holds
its reply to DATA, so the task is in flight (row locked, message transmitted, no
250 yet) when the worker is killed. PostgreSQL rolls the claim back with the dead
connection; the server never answered, so it keeps nothing; the beat sweep queues
the row again and a second worker delivers it.
"""

import time

import pytest
from django.db import transaction

from notifications.models import Notification
from notifications.services import notification_enqueue, notification_sweep

from .support import WorkerProcess, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def _claimable(pk) -> bool:
    with transaction.atomic():
        return (
            Notification.objects.select_for_update(skip_locked=True).filter(pk=pk, status="pending").exists()
        )


def test_a_worker_killed_mid_send_is_replaced_and_the_email_is_delivered_exactly_once(smtp_server, tmp_path):
    smtp_server.hold()
    first = WorkerProcess(email_port=smtp_server.port, log=tmp_path / "worker1.log").start()
    second = WorkerProcess(email_port=smtp_server.port, log=tmp_path / "worker2.log")
    try:
        with transaction.atomic():
            notification = notification_enqueue(
                event=Notification.Event.TITLE_IX_REPORT,
                recipients=["coordinator@idhr.test"],
                subject="Survives a killed worker",
                body_text="Plain part",
            )
        assert smtp_server.data_seen.wait(30), (tmp_path / "worker1.log").read_text()
        assert not _claimable(notification.pk)  # the first worker holds the row

        first.kill()

        assert wait_until(lambda: _claimable(notification.pk), timeout=10)
        notification.refresh_from_db()
        assert notification.status == Notification.Status.PENDING and notification.attempts == 0
        smtp_server.release()
        assert smtp_server.delivered == []

        second.start()
        assert notification_sweep(grace_seconds=0).requeued == [notification.pk]
        assert wait_until(
            lambda: Notification.objects.get(pk=notification.pk).status == "sent", timeout=30
        ), (tmp_path / "worker2.log").read_text()
        time.sleep(1.0)
        assert smtp_server.subjects() == ["Survives a killed worker"]
        notification.refresh_from_db()
        assert notification.attempts == 1
    finally:
        first.stop()
        second.stop()
