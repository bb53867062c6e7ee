"""Deadlines: business days, each stage's due date, overdue cases and the daily digest."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db.models import Q, QuerySet
from django.utils import timezone

from idhr_portal import roles

from ..models import Case, CaseDeadline
from .access import staff_with_group


def _holidays() -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(d) for d in getattr(settings, "CASE_HOLIDAYS", []) if d)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` business days after `start` (weekends and CASE_HOLIDAYS skipped)."""
    holidays = _holidays()
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def stage_target_days(status: str) -> int | None:
    return getattr(settings, "CASE_STAGE_TARGET_BUSINESS_DAYS", {}).get(status)


def stage_due_on(status: str, entered: datetime.date) -> datetime.date | None:
    days = stage_target_days(status)
    if days is None or status in Case.CLOSED_STATUSES:
        return None
    return add_business_days(entered, days)


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(due_on__lt=today) & ~Q(status__in=Case.CLOSED_STATUSES)


def overdue_cases(*, today: datetime.date | None = None) -> QuerySet[Case]:
    return (
        Case.objects.filter(overdue_q(today))
        .select_related("case_manager", "investigator")
        .order_by("due_on")
    )


def deadline_digest_items(*, today: datetime.date | None = None) -> dict[str, list[dict]]:
    """Overdue cases per recipient email: each assignee gets theirs, coordinators get all."""
    today = today or timezone.localdate()
    items_by_email: dict[str, list[dict]] = {}
    coordinators = list(
        staff_with_group(roles.TITLE_IX_COORDINATOR)
        .exclude(email="")
        .values_list("email", flat=True)
    )
    for case in overdue_cases(today=today):
        item = {
            "reference": case.reference,
            "stage": str(Case.Status(case.status).label),
            "due": case.due_on.isoformat(),
        }
        emails = set(coordinators)
        for user in (case.case_manager, case.investigator):
            if user is not None and user.is_active and user.email:
                emails.add(user.email)
        for email in emails:
            items_by_email.setdefault(email, []).append(item)
    # The formal process's clocks (CaseDeadline) overdue or due within two days: the case's
    # reference, the clock's label and its due date only (no names, no content).
    from .hearing import deadline_alert_q

    clocks = (
        CaseDeadline.objects.filter(deadline_alert_q(today))
        .select_related("case__case_manager", "case__investigator")
        .order_by("due_on", "pk")
    )
    for clock in clocks:
        item = {"reference": clock.case.reference, "stage": clock.label, "due": clock.due_on.isoformat()}
        emails = set(coordinators)
        for user in (clock.case.case_manager, clock.case.investigator):
            if user is not None and user.is_active and user.email:
                emails.add(user.email)
        for email in emails:
            items_by_email.setdefault(email, []).append(item)
    return items_by_email
