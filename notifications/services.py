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


# --- Events -----------------------------------------------------------------
# The other apps say *what happened*; this module decides who hears of it and
# renders the email from templates/notifications/email/<event>.{subject,txt,html}.
# Emails carry the kind of event, a reference and a link to the admin: never a
# narrative, a party's name or an attachment.

Event = Notification.Event


def _group_emails(*group_names: str) -> list[str]:
    from django.contrib.auth import get_user_model

    User = get_user_model()
    return list(
        User.objects.filter(groups__name__in=group_names, is_active=True)
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )


def event_default_recipients(event: str) -> list[str]:
    """Recipients an event goes to when the caller names none."""
    from django.conf import settings

    from idhr_portal import roles

    if event == Event.REPORT_SUBMITTED:
        return _group_emails(*roles.INTAKE_STAFF)
    if event in (Event.TITLE_IX_REPORT, Event.COMPLAINT_SUBMITTED):
        extra = [settings.TITLE_IX_ALERT_EMAIL] if settings.TITLE_IX_ALERT_EMAIL else []
        return _group_emails(roles.TITLE_IX_COORDINATOR) + extra
    if event in (Event.REFERRAL_SUBMITTED, Event.REPEAT_RESPONDENT):
        return _group_emails(roles.TITLE_IX_COORDINATOR)
    return []


def notification_event(
    *,
    event: str,
    reference: str,
    admin_path: str = "",
    object_ref: str = "",
    recipients: list[str] | None = None,
    context: dict | None = None,
) -> Notification | None:
    """Record the notification an event causes (None when nobody is to be told).

    `reference` is a case or report reference, `admin_path` the admin URL path
    staff follow (made absolute with SITE_URL), `context` extra template values
    that must never hold report content.
    """
    from django.conf import settings
    from django.template.loader import render_to_string

    to = recipients if recipients is not None else event_default_recipients(event)
    to = [address for address in to if address]
    if not to:
        logger.warning("notification %s for %s has no recipients", event, reference)
        return None
    values = {
        "event": event,
        "event_label": Event(event).label,
        "reference": reference,
        "admin_url": f"{settings.SITE_URL}{admin_path}" if admin_path else "",
        "site_url": settings.SITE_URL,
        **(context or {}),
    }
    base = f"notifications/email/{event}"
    return notification_enqueue(
        event=event,
        recipients=to,
        subject=render_to_string(f"{base}.subject.txt", values).strip(),
        body_text=render_to_string(f"{base}.txt", values),
        body_html=render_to_string(f"{base}.html", values),
        object_ref=object_ref,
    )
