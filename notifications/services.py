"""Outbox services: the only way the other apps send email.

A notification row is written in the caller's transaction; after commit a
Celery task delivers it. The beat sweep (`notification_sweep`, every minute)
re-queues whatever is still pending after a grace period, so a broker outage,
a lost task or a dead worker delays an email but never loses it.

Delivery guarantees (`notification_deliver`):

- The row is claimed with ``SELECT … FOR UPDATE SKIP LOCKED`` and the lock is
  held while the SMTP server takes the message; it is marked sent in the same
  transaction. A second run of the task (or a second worker racing on the row)
  either skips the locked row or finds it sent: a row is sent at most once by
  the outbox, however often its task runs.
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
  stores failing at that moment would (see SENT_MARKER_SECONDS). Every row carries a stable Message-ID, so mail systems
  that de-duplicate by Message-ID show such a duplicate once.
- SMTP errors are retried with exponential back-off and full jitter
  (NOTIFICATION_RETRY_BACKOFF, …_BACKOFF_MAX); after NOTIFICATION_MAX_ATTEMPTS
  the row is marked failed, and intake staff are alerted (an email holding the
  reference and a link to the outbox, plus the admin's failed count).
  A permanent refusal (5xx) fails the row at once.
"""

import logging
import random
import smtplib
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from django.conf import settings
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from .models import Notification

logger = logging.getLogger(__name__)

Event = Notification.Event
Status = Notification.Status

# Events whose email a coordinator reviews, may edit, and sends from the admin.
DRAFT_EVENTS = frozenset({Event.REFERRAL_OUTREACH})
# Emails to people outside the office: no "automatic message" header, replies welcome.
EXTERNAL_EVENTS = frozenset({Event.REFERRAL_OUTREACH, Event.REPORTER_ACKNOWLEDGEMENT, Event.STAFF_MESSAGE})
# Lets a task that Celery runs at the retry's ETA through despite small clock differences.
DUE_TOLERANCE = timedelta(seconds=5)


# --- Writing the outbox ---------------------------------------------------------


def _queue_delivery(notification_id: int) -> None:
    from .tasks import notification_deliver_task

    notification_deliver_task.delay(notification_id)


def _queue_after_commit(notification_id: int) -> None:
    # robust=True: a broker outage is logged, never raised into the request; the
    # row stays pending and the beat sweep queues it once Redis is back.
    transaction.on_commit(lambda: _queue_delivery(notification_id), robust=True)


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


# --- Delivering -------------------------------------------------------------------


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
    random, so workers retrying together spread out but never retry at once.
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
    """What Celery beat runs every minute: fail exhausted rows, re-queue overdue ones.

    A pending row whose next attempt has been due for longer than the grace
    period has lost its task (broker down at commit time, a worker killed
    mid-send, a retry that vanished): it is queued again. Queuing twice is
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


# --- Coordinator actions in the admin ---------------------------------------------


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


# --- Events -------------------------------------------------------------------------
# The other apps say *what happened*; this module decides who hears of it and
# renders the email from templates/notifications/email/<event>.{subject.txt,txt,html}.
# Emails carry the kind of event, a reference and a link to the admin: never a
# narrative, a party's name or an attachment.

RecipientResolver = Callable[[str], list[str]]
_resolvers: dict[str, RecipientResolver] = {}
_resolvers_lock = threading.Lock()


def recipient_resolver_register(event: str, fn: RecipientResolver) -> None:
    """Let an app name the recipients of an event: fn(object_ref) -> addresses.

    Asked first when a caller passes no recipients; when it names nobody (or
    fails), the built-in role defaults apply. One resolver per event: registering
    again replaces it, so an AppConfig.ready() that runs twice is harmless.
    """
    Event(event)  # an unknown event is a programming error
    with _resolvers_lock:
        _resolvers[str(event)] = fn


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
    """Recipients an event goes to when the caller and the resolvers name none."""
    from idhr_portal import roles

    if event in (Event.REPORT_SUBMITTED, Event.REPORTER_MESSAGE, Event.NOTIFICATION_FAILED):
        return _group_emails(*roles.INTAKE_STAFF)
    if event in (Event.TITLE_IX_REPORT, Event.COMPLAINT_SUBMITTED):
        extra = [settings.TITLE_IX_ALERT_EMAIL] if settings.TITLE_IX_ALERT_EMAIL else []
        return _group_emails(roles.TITLE_IX_COORDINATOR) + extra
    if event in (Event.REFERRAL_SUBMITTED, Event.REPEAT_RESPONDENT, Event.DEADLINE_DIGEST):
        return _group_emails(roles.TITLE_IX_COORDINATOR)
    # Outreach and acknowledgements go to the address the caller gives, or nowhere.
    return []


def _resolved_recipients(event: str, object_ref: str) -> list[str]:
    resolver = _resolvers.get(str(event)) or _BUILTIN_RESOLVERS.get(str(event))
    if resolver is not None:
        try:
            # A savepoint: a failing resolver must not break the caller's transaction.
            with transaction.atomic():
                found = [address for address in resolver(object_ref) or [] if address]
        except Exception:
            logger.exception("recipient resolver for %s failed; using the defaults", event)
            found = []
        if found:
            return found
    return event_default_recipients(event)


def notification_event(
    *,
    event: str,
    reference: str,
    admin_path: str = "",
    object_ref: str = "",
    recipients: list[str] | None = None,
    context: dict | None = None,
    exclude: Iterable[str] = (),
) -> Notification | None:
    """Record the notification an event causes (None when nobody is to be told).

    `exclude`: addresses already told of the same thing by another event, so that
    nobody gets two emails for one submission.

    `reference` is a case or report reference, `admin_path` the admin URL path
    staff follow (made absolute with SITE_URL), `context` extra template values
    that must never hold report content. Recipients: the caller's list, else a
    registered resolver's (asked with `object_ref`), else the role defaults.

    Referral outreach (Event.REFERRAL_OUTREACH, recipients=[the impacted person's
    address]) is saved as a draft for a coordinator to review, edit and send.
    """
    if event in DRAFT_EVENTS and object_ref:
        # One draft per referral, whether the caller or the referral alert drafted it.
        existing = Notification.objects.filter(event=event, object_ref=object_ref).first()
        if existing is not None:
            return existing
    if event == Event.REFERRAL_SUBMITTED:
        _referral_outreach_draft(reference=reference, admin_path=admin_path, object_ref=object_ref)
    to = recipients if recipients is not None else _resolved_recipients(event, object_ref)
    excluded = {address.casefold() for address in exclude}
    to = [address for address in to if address and address.casefold() not in excluded]
    if not to:
        logger.warning("notification %s for %s has no recipients", event, reference)
        return None
    # People outside the office never get a link into the admin.
    staff_link = admin_path and event not in EXTERNAL_EVENTS
    values = {
        **(context or {}),
        "event": str(event),
        "event_label": Event(event).label,
        "reference": reference,
        "admin_url": f"{settings.SITE_URL}{admin_path}" if staff_link else "",
        "site_url": settings.SITE_URL,
    }
    base = f"notifications/email/{event}"
    subject = " ".join(render_to_string(f"{base}.subject.txt", values).split())
    values["email_subject"] = subject
    return notification_enqueue(
        event=event,
        recipients=to,
        subject=subject,
        body_text=render_to_string(f"{base}.txt", values),
        body_html=render_to_string(f"{base}.html", values),
        object_ref=object_ref,
        reference=reference,
        draft=event in DRAFT_EVENTS,
    )


def _referral_impacted_address(object_ref: str) -> list[str]:
    """Built-in resolver for REFERRAL_OUTREACH: the impacted person's address, if given.

    `object_ref` is "reports.report:<pk>". The referral is read through the app
    registry, so notifications imports nothing from reports; an app may register
    its own resolver for REFERRAL_OUTREACH instead.
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


def _referral_outreach_draft(*, reference: str, admin_path: str, object_ref: str) -> None:
    """A referral also drafts the coordinator's outreach to the impacted person.

    The address comes from the resolver for REFERRAL_OUTREACH (by default, the
    referral's impacted-person email). A caller may instead send the
    REFERRAL_OUTREACH event itself; either way there is one draft per referral.
    """
    if not object_ref:
        return
    notification_event(
        event=Event.REFERRAL_OUTREACH,
        reference=reference,
        admin_path=admin_path,
        object_ref=object_ref,
    )


_BUILTIN_RESOLVERS: dict[str, RecipientResolver] = {
    str(Event.REFERRAL_OUTREACH): _referral_impacted_address,
}
