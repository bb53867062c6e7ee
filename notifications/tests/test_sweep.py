"""The beat sweep: re-queue what lost its task, fail what ran out of attempts."""

from datetime import timedelta

import pytest
from django.utils import timezone

from idhr_portal import roles
from notifications.models import Notification
from notifications.services import notification_sweep
from notifications.tasks import notification_sweep_task

from .factories import NotificationFactory, member

pytestmark = pytest.mark.django_db

Status = Notification.Status


def _ago(seconds):
    return timezone.now() - timedelta(seconds=seconds)


def test_the_sweep_requeues_only_pending_rows_overdue_by_more_than_the_grace_period(settings):
    settings.NOTIFICATION_SWEEP_GRACE = 120
    lost = NotificationFactory(next_attempt_at=_ago(300))
    just_written = NotificationFactory(next_attempt_at=_ago(10))
    waiting_for_retry = NotificationFactory(next_attempt_at=timezone.now() + timedelta(minutes=5), attempts=2)
    NotificationFactory(status=Status.DRAFT, next_attempt_at=_ago(3000))
    NotificationFactory(status=Status.SENT, sent_at=timezone.now(), next_attempt_at=_ago(3000))
    NotificationFactory(status=Status.FAILED, next_attempt_at=_ago(3000))

    result = notification_sweep()

    assert result.requeued == [lost.pk]
    assert result.failed == []
    assert just_written.pk not in result.requeued and waiting_for_retry.pk not in result.requeued


def test_the_sweep_fails_rows_out_of_attempts_and_alerts_intake_staff(settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    member("coord", roles.TITLE_IX_COORDINATOR)
    exhausted = NotificationFactory(attempts=3, reference="R-SWEEP1", next_attempt_at=_ago(600))

    result = notification_sweep()

    exhausted.refresh_from_db()
    assert result.failed == [exhausted.pk]
    assert exhausted.status == Status.FAILED and exhausted.failed_at is not None
    alert = Notification.objects.get(event=Notification.Event.NOTIFICATION_FAILED)
    assert alert.recipients == ["coord@idhr.test"] and "R-SWEEP1" in alert.subject


def test_the_beat_task_runs_the_sweep(settings):
    settings.NOTIFICATION_SWEEP_GRACE = 0
    NotificationFactory(next_attempt_at=_ago(5))
    assert notification_sweep_task.apply().get() == {"requeued": 1, "failed": 0}
