"""Intake age: how long each report has waited for triage, and which are past the target.

The triage target is the "new" stage's target in CASE_STAGE_TARGET_BUSINESS_DAYS (one
business day unless configured): a report received on a day is due for triage that many
business days later, and overdue from the day after.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from ..models import Affiliation, Party
from .access import user_is_intake_staff
from .deadlines import add_business_days, stage_target_days


def triage_target_days() -> int:
    days = stage_target_days("new")
    return 1 if days is None else days


def triage_due_on(received: datetime.datetime) -> datetime.date:
    return add_business_days(timezone.localdate(received), triage_target_days())


def intake_overdue_before(today: datetime.date | None = None) -> datetime.datetime:
    """Reports received before this moment are past the triage target today.

    add_business_days is non-decreasing in its start date, so the reports overdue are
    exactly those received on or before the last day whose due date is before today.
    """
    today = today or timezone.localdate()
    day = today
    while add_business_days(day, triage_target_days()) >= today:
        day -= datetime.timedelta(days=1)
    first_not_overdue = day + datetime.timedelta(days=1)
    return timezone.make_aware(datetime.datetime.combine(first_not_overdue, datetime.time.min))


def intake_overdue_count(*, user, today: datetime.date | None = None) -> int | None:
    """Reports in the intake queue past the triage target (None for users who do not triage).

    The queue is "every report minus the triaged ones" (two index-only counts, as
    intake_queue_count), and the overdue part is the queue minus its recent reports (those
    received since the cutoff: a few days' worth, read through the created_at index). An
    anti-join of every report with its case link took 130-160 ms at 150,000 reports.
    """
    if not user_is_intake_staff(user):
        return None
    from reports.models import Report

    from ..models import CaseReport

    cutoff = intake_overdue_before(today)
    queue = Report.objects.count() - CaseReport.objects.count()
    recent_in_queue = (
        Report.objects.filter(created_at__gte=cutoff).count()
        - CaseReport.objects.filter(report__created_at__gte=cutoff).count()
    )
    return queue - recent_in_queue


def affiliation_or_unknown(value: str) -> str:
    return value if value in Affiliation.values else Affiliation.UNKNOWN


def report_named_complainant(report) -> dict | None:
    """The person harmed, when the report names them: the complainant of a formal complaint,
    a named reporter who was harmed, or the impacted person of a referral."""
    if report.kind == "referral":
        referral = getattr(report, "referral", None)
        if referral is None:
            return None
        name, email = referral.impacted_name or "", referral.impacted_email or ""
        affiliation = referral.impacted_affiliation
    elif not report.is_anonymous and (report.kind == "complaint" or report.relationship == "harmed"):
        name, email = report.reporter_name or "", report.reporter_email or ""
        affiliation = report.reporter_affiliation
    else:
        return None
    return {
        "role": Party.Role.COMPLAINANT,
        "affiliation": affiliation_or_unknown(affiliation or ""),
        "name": name,
        "email": email,
    }
