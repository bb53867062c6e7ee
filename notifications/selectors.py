"""Reads for notifications: what the admin shows about delivery, and who is to be told."""

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


def notification_for_object(*, event: str, object_ref: str) -> Notification | None:
    """The notification of this event already written for this object, if any."""
    return Notification.objects.filter(event=event, object_ref=object_ref).first()


def user_emails_in_groups(*group_names: str) -> list[str]:
    """The addresses of the active users in any of these groups."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return list(
        User.objects.filter(groups__name__in=group_names, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def referral_impacted_addresses(*, object_ref: str) -> list[str]:
    """The impacted person's address of the referral `object_ref` names ("reports.report:<pk>").

    The referral is read through the app registry, so notifications imports
    nothing from reports; an app may register its own resolver for
    REFERRAL_OUTREACH instead.
    """
    from django.apps import apps

    label, _sep, pk = (object_ref or "").partition(":")
    if label != "reports.report" or not pk.isdigit():
        return []
    try:
        Referral = apps.get_model("reports", "Referral")
    except LookupError:
        return []
    address = Referral.objects.filter(report_id=int(pk)).values_list("impacted_email", flat=True).first()
    return [address] if address else []
