"""Delivering the outbox: one attempt per task run, retries, and the beat sweep.

The beat sweep (`notification_sweep`, every 10 s) re-queues whatever is still
pending after a grace period, so a broker outage, a lost task or a dead worker
delays an email but never loses it.

Delivery guarantees (`notification_deliver`):

- The row is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and the lock is
  held while the SMTP server takes the message; it is marked sent in the same
  transaction. A second run of the task (or a second worker racing on the row)
  either skips the locked row or finds it sent: running its task again never
  sends a row again (the one exception is the crash window below).
- A worker that dies while sending (SIGKILL, OOM, power loss) takes its
  database connection with it: PostgreSQL rolls the claim back, the row is
  pending again and the sweep re-queues it. The one window this cannot close
  is "the SMTP server answered 250, then the worker died before COMMIT": the
  email is then sent a second time. We choose that (at least once) over the
  alternative (commit a "sending" claim first, and treat a crash as "maybe
  sent", i.e. possibly never sent), because a lost Title IX alert is worse
  than a duplicate. A marker kept in Redis once the SMTP server has accepted a
  message narrows the window further: a database lost between the 250 and
  COMMIT (PostgreSQL restarted) no longer causes a second email, only both
  stores failing at that moment would (see SENT_MARKER_SECONDS). Every row
  carries a stable Message-ID, so mail systems that de-duplicate by
  Message-ID show such a duplicate once.
- SMTP errors are retried with exponential back-off and equal jitter
  (NOTIFICATION_RETRY_BACKOFF, …_BACKOFF_MAX); after NOTIFICATION_MAX_ATTEMPTS
  the row is marked failed, and intake staff are alerted (an email holding the
  reference and a link to the outbox, plus the admin's failed count).
  A permanent refusal (5xx) fails the row at once.
"""

import logging
import random
import smtplib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from ..models import Notification
from .events import notification_event
from .outbox import EXTERNAL_EVENTS, Event, Status, _queue_delivery

logger = logging.getLogger(__name__)

# Lets a task that Celery runs at the retry's ETA through despite small clock differences.
DUE_TOLERANCE = timedelta(seconds=5)


@dataclass(frozen=True)
class DeliveryResult:
    """What one delivery attempt did; true when this call sent the email."""

    sent: bool
    retry_at: datetime | None = None  # set when the row waits for another attempt
    failed: bool = False

    def __bool__(self) -> bool:
        return self.sent


def _message_id(notification: Notification) -> str:
    domain = settings.DEFAULT_FROM_EMAIL.rsplit("@", 1)[-1].strip(" >") or "idhr.invalid"
    return f"<idhr-notification-{notification.pk}-{notification.created_at:%Y%m%d%H%M%S}@{domain}>"


def _build_message(notification: Notification) -> EmailMultiAlternatives:
    headers = {"Message-ID": _message_id(notification)}
    if notification.event not in EXTERNAL_EVENTS:
        headers["Auto-Submitted"] = "auto-generated"  # RFC 3834: no auto-replies
    message = EmailMultiAlternatives(
        subject=notification.subject,
        body=notification.body_text,
        to=notification.recipients,
        reply_to=[notification.reply_to] if notification.reply_to else None,
        headers=headers,
        connection=get_connection(fail_silently=False, timeout=settings.EMAIL_TIMEOUT),
    )
    if notification.body_html:
        message.attach_alternative(notification.body_html, "text/html")
    return message


def _is_permanent(error: Exception) -> bool:
    """A 5xx answer will not change on retry (unknown mailbox, refused sender)."""
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [code for code, _message in error.recipients.values()]
        return bool(codes) and all(code >= 500 for code in codes)
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _describe(error: Exception) -> str:
    return f"{type(error).__name__}: {error}"[:2000]


def retry_delay(*, attempts: int) -> float:
    """Seconds before attempt number `attempts + 1`: exponential, capped, jittered.

    "Equal jitter": half of the exponential step is kept, the other half is
    random (the delay lies between step/2 and step), so rows that failed
    together spread out, and none is retried sooner than half its step.
    """
    step = min(
        settings.NOTIFICATION_RETRY_BACKOFF_MAX,
        settings.NOTIFICATION_RETRY_BACKOFF * 2 ** max(attempts - 1, 0),
    )
    return step / 2 + random.uniform(0, step / 2)  # noqa: S311 (jitter, not a secret)


# After the SMTP server accepts a message, a marker named by its Message-ID is kept in the
# cache (Redis) for a week. If the database then loses the transaction that marks the row
# sent (PostgreSQL restarted between the SMTP server's 250 and COMMIT: seen in make bench's
# fault run), the next attempt finds the marker and records the row as sent instead of
# sending it again. Only with Redis unreachable at that very moment as well does the
# at-least-once rule of the module docstring apply.
SENT_MARKER_SECONDS = 7 * 24 * 3600


def _sent_marker_key(notification: Notification) -> str:
    return f"notifications:accepted:{_message_id(notification)}"


def _accepted_before(notification: Notification) -> bool:
    try:
        return bool(cache.get(_sent_marker_key(notification)))
    except Exception:  # the cache is down: decide as before (send)
        logger.warning("notification %s: sent-marker check unavailable", notification.pk)
        return False


def _remember_accepted(notification: Notification) -> None:
    try:
        cache.set(_sent_marker_key(notification), 1, timeout=SENT_MARKER_SECONDS)
    except Exception:
        logger.warning("notification %s: sent marker not stored", notification.pk)


def notification_deliver(*, notification_id: int) -> DeliveryResult:
    """Try to send one pending notification (see the module docstring)."""
    now = timezone.now()
    with transaction.atomic():
        notification = (
            Notification.objects.select_for_update(skip_locked=True)
            .filter(
                pk=notification_id,
                status=Status.PENDING,
                next_attempt_at__lte=now + DUE_TOLERANCE,
            )
            .first()
        )
        if notification is None:  # sent, failed, a draft, not due, or claimed by another worker
            return DeliveryResult(sent=False)
        notification.attempts += 1
        if _accepted_before(notification):
            logger.warning("notification %s was accepted by SMTP before; marked sent, not resent", notification.pk)
        else:
            try:
                _build_message(notification).send()
            except (smtplib.SMTPException, OSError) as error:
                return _record_failed_attempt(notification, error)
            _remember_accepted(notification)
        notification.status = Status.SENT
        notification.sent_at = timezone.now()
        notification.last_error = ""
        notification.save(update_fields=["attempts", "status", "sent_at", "last_error"])
    logger.info("notification %s (%s) sent", notification.pk, notification.event)
    return DeliveryResult(sent=True)


def _record_failed_attempt(notification: Notification, error: Exception) -> DeliveryResult:
    notification.last_error = _describe(error)
    if _is_permanent(error) or notification.attempts >= settings.NOTIFICATION_MAX_ATTEMPTS:
        _mark_failed(notification)
        return DeliveryResult(sent=False, failed=True)
    notification.next_attempt_at = timezone.now() + timedelta(
        seconds=retry_delay(attempts=notification.attempts)
    )
    notification.save(update_fields=["attempts", "last_error", "next_attempt_at"])
    logger.warning(
        "notification %s attempt %s failed (%s); next attempt at %s",
        notification.pk,
        notification.attempts,
        type(error).__name__,
        notification.next_attempt_at,
    )
    return DeliveryResult(sent=False, retry_at=notification.next_attempt_at)


def _mark_failed(notification: Notification) -> None:
    """Give up on a locked pending row and tell intake staff (inside a transaction)."""
    notification.status = Status.FAILED
    notification.failed_at = timezone.now()
    notification.save(update_fields=["attempts", "last_error", "status", "failed_at"])
    logger.error(
        "notification %s (%s) failed after %s attempt(s)",
        notification.pk,
        notification.event,
        notification.attempts,
    )
    if notification.event == Event.NOTIFICATION_FAILED:
        return  # never alert about an alert: the admin's failed count shows it
    try:
        admin_path = reverse("admin:notifications_notification_change", args=[notification.pk])
    except NoReverseMatch:
        admin_path = ""
    notification_event(
        event=Event.NOTIFICATION_FAILED,
        reference=notification.reference or f"#{notification.pk}",
        admin_path=admin_path,
        object_ref=f"notifications.notification:{notification.pk}",
        context={"failed_event_label": Event(notification.event).label, "attempts": notification.attempts},
    )


@dataclass
class SweepResult:
    requeued: list[int] = field(default_factory=list)
    failed: list[int] = field(default_factory=list)


def notification_sweep(*, grace_seconds: float | None = None, limit: int = 500) -> SweepResult:
    """What Celery beat runs every 10 s: fail exhausted rows, re-queue overdue ones.

    A pending row whose next attempt has been due for longer than the grace
    period has lost its task (a worker killed mid-send, a retry that vanished): it is
    queued again. A row whose publish failed (broker down at commit time) was made due
    at once by the outbox (outbox._publish_failed), so the first sweep after the
    broker is back sends it. Queuing twice is
    harmless, since delivery claims the row.
    """
    grace = settings.NOTIFICATION_SWEEP_GRACE if grace_seconds is None else grace_seconds
    result = SweepResult()
    exhausted = Notification.objects.filter(
        status=Status.PENDING, attempts__gte=settings.NOTIFICATION_MAX_ATTEMPTS
    ).values_list("pk", flat=True)[:limit]
    for pk in list(exhausted):
        with transaction.atomic():
            row = (
                Notification.objects.select_for_update(skip_locked=True)
                .filter(pk=pk, status=Status.PENDING)
                .first()
            )
            if row is not None:
                row.last_error = row.last_error or "gave up: too many attempts"
                _mark_failed(row)
                result.failed.append(pk)
    overdue = (
        Notification.objects.filter(
            status=Status.PENDING,
            next_attempt_at__lte=timezone.now() - timedelta(seconds=grace),
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )
    for pk in list(overdue):
        try:
            _queue_delivery(pk)
        except Exception:  # the broker is down again: the next sweep tries
            logger.exception("could not queue notification %s; the next sweep will", pk)
            break
        result.requeued.append(pk)
    if result.requeued or result.failed:
        logger.info("notification sweep: requeued %s, failed %s", result.requeued, result.failed)
    return result
