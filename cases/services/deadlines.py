"""The daily digest of overdue cases (which cases, to whom: selectors.deadline_digest_items)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

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


# --- The formal process's clocks (CaseDeadline rows) ----------------------------------------


def deadline_due_on(*, starts_on: datetime.date, length_days: int, business_days: bool) -> datetime.date:
    """The due date of a clock: `length_days` calendar or business days after `starts_on`."""
    from ..selectors import add_business_days

    if business_days:
        return add_business_days(starts_on, length_days)
    return starts_on + datetime.timedelta(days=length_days)


def deadline_open(
    *,
    case,
    kind: str,
    label: str,
    basis: str,
    start_event: str,
    starts_on: datetime.date,
    length_days: int,
    for_whom: str,
    business_days: bool = False,
    extendable: bool = True,
    party=None,
    regarding: str = "",
    actor=None,
):
    """Start a clock on the case (call it inside the service that starts it)."""
    from ..models import CaseDeadline, TimelineEvent
    from .audit import timeline_event

    deadline = CaseDeadline.objects.create(
        case=case,
        kind=kind,
        label=label,
        basis=basis,
        start_event=start_event,
        starts_on=starts_on,
        length_days=length_days,
        business_days=business_days,
        due_on=deadline_due_on(starts_on=starts_on, length_days=length_days, business_days=business_days),
        extendable=extendable,
        for_whom=for_whom,
        party=party,
        regarding=regarding,
    )
    timeline_event(
        case,
        TimelineEvent.Kind.DEADLINE,
        _("%(label)s: due %(date)s (%(basis)s)")
        % {"label": label, "date": deadline.due_on.isoformat(), "basis": basis},
        actor,
    )
    return deadline


def deadline_close(*, deadline, state: str, actor=None):
    """Mark a clock met, passed or no longer needed."""
    from ..models import CaseDeadline

    if deadline.state != CaseDeadline.State.OPEN:
        return deadline
    deadline.state = state
    deadline.closed_at = timezone.now()
    deadline.save(update_fields=["state", "closed_at"])
    return deadline
