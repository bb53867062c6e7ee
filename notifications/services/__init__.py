"""Outbox services: the only way the other apps send email.

A notification row is written in the caller's transaction; after commit a
Celery task delivers it, and the beat sweep re-queues whatever was lost, so an
outage delays an email but never loses it.

- events.py: `notification_event`, what the other apps call when something happens
- recipients.py: who hears of an event (resolvers, role defaults)
- outbox.py: writing a row, and the coordinator's actions (resend, edit and send a draft)
- delivery.py: sending a row at least once, retries, failures, the sweep (its
  docstring states the delivery guarantees)
"""

from .delivery import (
    DUE_TOLERANCE,
    SENT_MARKER_SECONDS,
    DeliveryResult,
    SweepResult,
    notification_deliver,
    notification_sweep,
    retry_delay,
)
from .events import notification_event
from .outbox import (
    DRAFT_EVENTS,
    EXTERNAL_EVENTS,
    Event,
    Status,
    notification_draft_send,
    notification_draft_update,
    notification_enqueue,
    notification_resend,
)
from .recipients import RecipientResolver, event_default_recipients, recipient_resolver_register

__all__ = [
    "DRAFT_EVENTS",
    "DUE_TOLERANCE",
    "EXTERNAL_EVENTS",
    "SENT_MARKER_SECONDS",
    "DeliveryResult",
    "Event",
    "RecipientResolver",
    "Status",
    "SweepResult",
    "event_default_recipients",
    "notification_deliver",
    "notification_draft_send",
    "notification_draft_update",
    "notification_enqueue",
    "notification_event",
    "notification_resend",
    "notification_sweep",
    "recipient_resolver_register",
    "retry_delay",
]
