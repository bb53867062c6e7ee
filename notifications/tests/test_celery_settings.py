"""The Celery and outbox settings the delivery guarantees rest on."""

from celery.schedules import crontab
from django.core import checks

from idhr_portal.celery import app
from notifications.apps import check_retry_fits_visibility_timeout


def test_tasks_are_acknowledged_late_requeued_on_worker_loss_and_prefetched_one_at_a_time():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert app.conf.task_publish_retry is False


def test_the_visibility_timeout_outlasts_the_longest_retry(settings):
    visibility = app.conf.broker_transport_options["visibility_timeout"]
    assert visibility > settings.NOTIFICATION_RETRY_BACKOFF_MAX + settings.NOTIFICATION_SWEEP_GRACE
    assert check_retry_fits_visibility_timeout() == []


def test_a_visibility_timeout_shorter_than_a_retry_is_a_system_check_error(settings):
    settings.CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 600}
    settings.NOTIFICATION_RETRY_BACKOFF_MAX = 900
    errors = check_retry_fits_visibility_timeout()
    assert [e.id for e in errors] == ["notifications.E001"]
    assert all(isinstance(e, checks.Error) for e in errors)


def test_beat_sweeps_the_outbox_every_ten_seconds_and_sends_the_digest_at_seven():
    schedule = app.conf.beat_schedule
    sweep = [e for e in schedule.values() if e["task"] == "notifications.sweep"]
    # Every 10 s: alerts leave within 20 s of Redis coming back after an outage (issue 13).
    assert len(sweep) == 1 and sweep[0]["schedule"] == 10.0
    digest = [e for e in schedule.values() if e["task"] == "cases.send_deadline_digest"]
    assert len(digest) == 1 and digest[0]["schedule"] == crontab(hour=7, minute=0)


def test_the_sweep_task_is_registered_under_the_name_beat_uses():
    assert "notifications.sweep" in app.tasks and "notifications.deliver" in app.tasks
