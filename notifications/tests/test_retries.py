"""SMTP errors: retried with back-off by the real worker, then failed with an alert."""

import pytest
from django.db import transaction

from idhr_portal import roles
from notifications.models import Notification
from notifications.services import notification_deliver, notification_enqueue, retry_delay

from .factories import member
from .support import free_port, wait_until

pytestmark = pytest.mark.django_db

Event = Notification.Event


@pytest.fixture
def fast_retries(settings):
    settings.NOTIFICATION_MAX_ATTEMPTS = 3
    settings.NOTIFICATION_RETRY_BACKOFF = 0.2
    settings.NOTIFICATION_RETRY_BACKOFF_MAX = 0.4


def _enqueue(subject, reference="R-RETRY1"):
    with transaction.atomic():
        return notification_enqueue(
            event=Event.TITLE_IX_REPORT,
            recipients=["coordinator@idhr.test"],
            subject=subject,
            body_text="Plain part",
            reference=reference,
        )


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_a_refusing_smtp_server_is_retried_until_it_accepts(celery_worker, smtp_server, fast_retries):
    smtp_server.refuse(2, "451 4.3.0 Mailbox busy, try again")
    notification = _enqueue("Accepted on the third attempt")

    assert wait_until(lambda: Notification.objects.get(pk=notification.pk).status == "sent", timeout=10)
    notification.refresh_from_db()
    assert notification.attempts == 3
    assert notification.last_error == ""
    assert smtp_server.subjects() == ["Accepted on the third attempt"]


@pytest.mark.integration
@pytest.mark.django_db(transaction=True)
def test_with_smtp_down_a_notification_fails_after_n_attempts_and_intake_staff_are_alerted(
    celery_worker, settings, fast_retries
):
    member("coord", roles.TITLE_IX_COORDINATOR)
    member("casemgr", roles.CASE_MANAGER)
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", free_port()  # nothing listens there
    notification = _enqueue("Never delivered", reference="R-DOWN01")

    assert wait_until(lambda: Notification.objects.get(pk=notification.pk).status == "failed", timeout=15)
    notification.refresh_from_db()
    assert notification.attempts == 3
    assert "Connection refused" in notification.last_error
    assert notification.failed_at is not None and notification.sent_at is None
    alert = Notification.objects.get(event=Event.NOTIFICATION_FAILED)
    assert sorted(alert.recipients) == ["casemgr@idhr.test", "coord@idhr.test"]
    assert "R-DOWN01" in alert.subject
    assert f"/admin/notifications/notification/{notification.pk}/change/" in alert.body_text
    assert "Connection refused" not in alert.body_text  # no details beyond the reference
    # The alert cannot be delivered either; it fails without alerting about itself.
    assert wait_until(lambda: Notification.objects.get(pk=alert.pk).status == "failed", timeout=15)
    assert Notification.objects.count() == 2


def test_a_permanent_refusal_fails_at_once(smtp_server, fast_retries):
    smtp_server.refuse(1, "550 5.1.1 No such mailbox")
    notification = _enqueue("Unknown mailbox")

    result = notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert result.failed and not result.sent
    assert notification.status == Notification.Status.FAILED and notification.attempts == 1
    assert "550" in notification.last_error


def test_a_failed_attempt_schedules_the_next_one_and_an_early_run_does_nothing(smtp_server, settings):
    settings.NOTIFICATION_RETRY_BACKOFF = 60
    smtp_server.refuse(1)
    notification = _enqueue("Later")

    first = notification_deliver(notification_id=notification.pk)
    early = notification_deliver(notification_id=notification.pk)

    notification.refresh_from_db()
    assert first.retry_at is not None and early.retry_at is None and not early.sent
    assert notification.status == Notification.Status.PENDING and notification.attempts == 1
    assert 30 <= (notification.next_attempt_at - notification.created_at).total_seconds() <= 61
    assert smtp_server.subjects() == []


def test_the_back_off_doubles_is_jittered_and_is_capped(settings):
    settings.NOTIFICATION_RETRY_BACKOFF = 30
    settings.NOTIFICATION_RETRY_BACKOFF_MAX = 900
    for attempts, step in [(1, 30), (2, 60), (3, 120), (5, 480), (6, 900), (12, 900)]:
        delays = {retry_delay(attempts=attempts) for _ in range(20)}
        assert all(step / 2 <= d <= step for d in delays), (attempts, delays)
        assert len(delays) > 1  # jitter
