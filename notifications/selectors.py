"""Reads of the outbox: what the admin shows intake staff about delivery."""

from datetime import timedelta

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from .models import Notification


def notification_failed_count() -> int:
    """Notifications that gave up (served by notification_failed_idx)."""
    return Notification.objects.filter(status=Notification.Status.FAILED).count()


def notification_stuck() -> QuerySet[Notification]:
    """Pending notifications due for longer than the sweep's grace period (and then some).

    The sweep re-queues these every minute; if the count stays above zero, the
    worker, Redis or the SMTP server needs a look.
    """
    cutoff = timezone.now() - timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE * 2 + 60)
    return Notification.objects.filter(status=Notification.Status.PENDING, next_attempt_at__lt=cutoff)


def notification_draft_count() -> int:
    return Notification.objects.filter(status=Notification.Status.DRAFT).count()
