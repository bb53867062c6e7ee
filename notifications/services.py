"""Outbox services: the only way the other apps send email.

A notification row is written in the caller's transaction; after commit a
Celery task delivers it. Delivery claims the row under a row lock, so a row is
sent at most once however many times its task runs.
"""
import logging

from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)


def _queue_delivery(notification_id: int) -> None:
    from .tasks import notification_deliver_task

    notification_deliver_task.delay(notification_id)


def notification_enqueue(
    *,
    event: str,
    recipients: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    object_ref: str = "",
) -> Notification:
    """Write an outbox row and queue its delivery once the transaction commits.

    A broker outage never fails the caller: `robust=True` logs the error and
    the row stays pending for the beat sweep.
    """
    notification = Notification.objects.create(
        event=event,
        recipients=sorted(set(recipients)),
        subject=subject,
        body_text=body_text,
        body_html=body_html,
        object_ref=object_ref,
    )
    transaction.on_commit(lambda: _queue_delivery(notification.pk), robust=True)
    return notification


def notification_deliver(*, notification_id: int) -> bool:
    """Send one pending notification; return True if this call sent it."""
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(pk=notification_id, status=Notification.Status.PENDING)
            .first()
        )
        if notification is None:  # already sent, failed, or claimed by another worker
            return False
        notification.attempts += 1
        message = EmailMultiAlternatives(
            subject=notification.subject,
            body=notification.body_text,
            to=notification.recipients,
        )
        if notification.body_html:
            message.attach_alternative(notification.body_html, "text/html")
        message.send()
        notification.status = Notification.Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    return True
