"""Redis down: the event's transaction commits at once, the row waits, the sweep sends it.

The shared Redis is left alone (other test runs use it): this test starts a
redis-server of its own, points Celery at it and stops it.
"""

import logging
import time

import pytest
from django.db import transaction

from idhr_portal import roles
from idhr_portal.testing.celery import running_worker
from notifications.models import Notification
from notifications.services import notification_event, notification_sweep

from .factories import member
from .support import celery_broker, wait_until

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]


def test_with_redis_down_the_commit_returns_quickly_and_the_sweep_delivers_once_redis_is_back(
    redis_server, mailbox, settings, caplog
):
    member("coord", roles.TITLE_IX_COORDINATOR)
    settings.CELERY_BROKER_URL = redis_server.url
    with celery_broker(redis_server.url):
        redis_server.stop()

        started = time.monotonic()
        with caplog.at_level(logging.WARNING), transaction.atomic():
            notification = notification_event(
                event=Notification.Event.TITLE_IX_REPORT, reference="R-BROKER1", admin_path="/admin/x/"
            )
        elapsed = time.monotonic() - started

        assert elapsed < 3, f"commit took {elapsed:.2f}s with Redis down"
        assert "could not queue notification" in caplog.text  # logged; nothing raised
        notification.refresh_from_db()
        assert notification.status == Notification.Status.PENDING and notification.attempts == 0

        redis_server.start()
        with running_worker():
            swept = notification_sweep(grace_seconds=0)
            assert swept.requeued == [notification.pk]
            assert wait_until(
                lambda: Notification.objects.get(pk=notification.pk).status == "sent", timeout=10
            )
            assert notification_sweep(grace_seconds=0).requeued == []  # nothing left to do
            time.sleep(0.5)

    received = [m for m in mailbox.messages() if "R-BROKER1" in m.subject]
    assert len(received) == 1
    assert received[0].envelope_to == ["coord@idhr.test"]


def test_publishing_with_redis_down_gives_up_within_a_bounded_time(redis_server):
    from notifications.tasks import notification_deliver_task

    with celery_broker(redis_server.url):
        redis_server.stop()
        started = time.monotonic()
        with pytest.raises(Exception):  # noqa: B017 (kombu's OperationalError, whatever its class)
            notification_deliver_task.delay(1)
        assert time.monotonic() - started < 3
