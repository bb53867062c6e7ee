"""Writing the outbox, and the coordinator's actions on its rows in the admin.

A notification row is written in the caller's transaction; after commit a
Celery task delivers it (delivery.py). A draft is only written: a coordinator
reviews it, may edit it, and sends it from the admin.
"""

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import Notification

logger = logging.getLogger(__name__)

Event = Notification.Event
Status = Notification.Status

# Events whose email a coordinator reviews, may edit, and sends from the admin.
DRAFT_EVENTS = frozenset({Event.REFERRAL_OUTREACH})
# Emails to people outside the office: no "automatic message" header, replies welcome.
EXTERNAL_EVENTS = frozenset({Event.REFERRAL_OUTREACH, Event.REPORTER_ACKNOWLEDGEMENT, Event.STAFF_MESSAGE})


def _queue_delivery(notification_id: int) -> None:
    from ..tasks import notification_deliver_task

    notification_deliver_task.delay(notification_id)


def _publish_failed(notification_id: int) -> None:
    """The broker refused the task: make the row due for the very next sweep (every 10 s),
    without the grace period that rows whose task was queued get."""
    grace = timedelta(seconds=settings.NOTIFICATION_SWEEP_GRACE + 1)
    Notification.objects.filter(pk=notification_id, status=Status.PENDING).update(
        next_attempt_at=timezone.now() - grace
    )


def _queue_after_commit(notification_id: int) -> None:
    # A broker outage is logged, never raised into the request; the row stays pending
    # and is due at once, so the first sweep after Redis is back sends it.
    def publish():
        try:
            _queue_delivery(notification_id)
        except Exception:
            logger.warning("could not queue notification %s; the next sweep will", notification_id, exc_info=True)
            _publish_failed(notification_id)

    transaction.on_commit(publish, robust=True)


def _clean_addresses(addresses) -> list[str]:
    return sorted({address.strip() for address in addresses if address and address.strip()})


def notification_enqueue(
    *,
    event: str,
    recipients: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    object_ref: str = "",
    reference: str = "",
    draft: bool = False,
) -> Notification:
    """Write an outbox row and queue its delivery once the transaction commits.

    A draft is only written: a coordinator reviews it and sends it from the
    admin (`notification_draft_send`).
    """
    with transaction.atomic():
        notification = Notification.objects.create(
            event=event,
            recipients=_clean_addresses(recipients),
            subject=subject,
            body_text=body_text,
            body_html=body_html,
            object_ref=object_ref,
            reference=reference,
            status=Status.DRAFT if draft else Status.PENDING,
        )
        if not draft:
            _queue_after_commit(notification.pk)
    return notification


def notification_resend(*, notification: Notification, actor) -> bool:
    """Put a failed notification back in the outbox with fresh attempts; queue it."""
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, status=Status.FAILED).update(
            status=Status.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            failed_at=None,
            released_by=actor,
        )
        if updated:
            _queue_after_commit(notification.pk)
    return bool(updated)


def notification_draft_update(
    *, notification: Notification, subject: str, body_text: str, recipients: list[str]
) -> Notification:
    """Save a coordinator's edits to a draft; the HTML part follows the edited text."""
    with transaction.atomic():
        locked = Notification.objects.select_for_update().get(pk=notification.pk)
        if locked.status != Status.DRAFT:
            raise ValueError("only a draft can be edited")
        locked.subject = " ".join(subject.split())  # one line: a header never holds a line break
        locked.body_text = body_text
        locked.body_html = render_to_string(
            "notifications/email/_draft.html", {"subject": locked.subject, "body_text": body_text}
        )
        locked.recipients = _clean_addresses(recipients)
        locked.save(update_fields=["subject", "body_text", "body_html", "recipients"])
    return locked


def notification_draft_send(*, notification: Notification, actor) -> bool:
    """A coordinator approves a draft: it becomes pending and is queued.

    Replies go to the coordinator who sent it (when their account has an address).
    """
    with transaction.atomic():
        updated = Notification.objects.filter(pk=notification.pk, status=Status.DRAFT).update(
            status=Status.PENDING,
            next_attempt_at=timezone.now(),
            released_by=actor,
            reply_to=getattr(actor, "email", "") or "",
        )
        if updated:
            _queue_after_commit(notification.pk)
    return bool(updated)
