"""The daily digest of overdue cases (which cases, to whom: selectors.deadline_digest_items)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.deadlines import deadline_digest_items

from .audit import timeline_event


def deadline_digest_send(*, today: datetime.date | None = None) -> int:
    """Queue one digest email per recipient (references and dates only). Returns how many."""
    from cases.selectors.access import staff_with_group
    from idhr_portal import roles
    from notifications.models import Notification
    from notifications.services import notification_event

    from ..audit_chain import audit_heads

    today = today or timezone.localdate()
    sent = 0
    # Issue 18: the coordinators' digest carries the audit chains' head hashes (a copy
    # outside the database).
    coordinators = set(staff_with_group(roles.TITLE_IX_COORDINATOR).values_list("email", flat=True))
    heads = sorted(audit_heads().items())
    with transaction.atomic():
        for email, items in sorted(deadline_digest_items(today=today).items()):
            notification_event(
                event=Notification.Event.DEADLINE_DIGEST,
                recipients=[email],
                reference=today.isoformat(),
                admin_path=reverse("admin:cases_case_changelist") + "?overdue=yes",
                object_ref=f"cases.digest:{today.isoformat()}",
                context={"items": items, "audit_heads": heads if email in coordinators else []},
            )
            sent += 1
    return sent


# --- The formal process's clocks (CaseDeadline rows) ----------------------------------------


def deadline_due_on(*, starts_on: datetime.date, length_days: int, business_days: bool) -> datetime.date:
    """The due date of a clock: `length_days` calendar or business days after `starts_on`."""
    from cases.selectors.deadlines import add_business_days

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





# The clocks that give a party time once they have the material: they start when the letters
# carrying it were sent, not when they were prepared.
_DELIVERY_KINDS = ("evidence_response", "report_before_hearing", "appeal_statement")


def deadlines_start_on_delivery(*, letters, actor=None) -> list:
    """Move the start of each open clock about these letters' step to the day the last of its
    letters reached the party (and their advisors); never earlier than it was. Returns the
    clocks moved."""
    from ..models import CaseDeadline, DeadlineExtension, TimelineEvent
    from ..selectors.delivery import letters_delivered_on, letters_for_party, regarding_letters

    moved = []
    for regarding in sorted({letter.regarding for letter in letters if letter.regarding}):
        clocks = list(
            CaseDeadline.objects.select_for_update().filter(
                regarding=regarding, kind__in=_DELIVERY_KINDS, state=CaseDeadline.State.OPEN
            )
        )
        if not clocks:
            continue
        step_letters = regarding_letters(regarding)
        for clock in clocks:
            delivered = letters_delivered_on(letters_for_party(step_letters, clock.party_id))
            if delivered is None or delivered <= clock.starts_on:
                continue
            due = deadline_due_on(starts_on=delivered, length_days=clock.length_days, business_days=clock.business_days)
            if DeadlineExtension.objects.filter(deadline=clock).exists():
                due = max(due, clock.due_on)
            clock.starts_on, clock.due_on = delivered, due
            clock.start_event = (
                _("Letters sent on %(date)s (%(first)s)") % {"date": delivered.isoformat(), "first": clock.start_event}
            )[:200]
            clock.save(update_fields=["starts_on", "due_on", "start_event"])
            timeline_event(
                clock.case,
                TimelineEvent.Kind.DEADLINE,
                _("%(label)s: runs from the letters sent on %(sent)s, due %(date)s")
                % {"label": clock.label, "sent": delivered.isoformat(), "date": due.isoformat()},
                actor,
            )
            moved.append(clock)
    return moved
