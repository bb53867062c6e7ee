"""The daily digest of overdue cases (which cases, to whom: selectors.deadline_digest_items)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..selectors import deadline_digest_items


def deadline_digest_send(*, today: datetime.date | None = None) -> int:
    """Queue one digest email per recipient (references and dates only). Returns how many."""
    from notifications.models import Notification
    from notifications.services import notification_event

    today = today or timezone.localdate()
    sent = 0
    with transaction.atomic():
        for email, items in sorted(deadline_digest_items(today=today).items()):
            notification_event(
                event=Notification.Event.DEADLINE_DIGEST,
                recipients=[email],
                reference=today.isoformat(),
                admin_path=reverse("admin:cases_case_changelist") + "?overdue=yes",
                object_ref=f"cases.digest:{today.isoformat()}",
                context={"items": items},
            )
            sent += 1
    return sent
