"""The emails a report causes: an outbox row in the submission's transaction,
carrying the reference and the admin link, never the report's content."""

import logging

from django.template import TemplateDoesNotExist
from django.urls import NoReverseMatch, reverse

from notifications.services import Event, notification_event

from ..models import Report

logger = logging.getLogger(__name__)


def _admin_path(report: Report) -> str:
    try:
        return reverse("admin:reports_report_change", args=[report.pk])
    except NoReverseMatch:  # the cases app registers the Report admin
        return ""


def _notify(report: Report, event: str, *, recipients: list[str] | None = None, exclude=()) -> list[str]:
    """Record an outbox row in the current transaction: reference and admin link only.

    Returns the addresses it went to.
    """
    try:
        notification = notification_event(
            event=event,
            reference=report.reference,
            admin_path=_admin_path(report),
            object_ref=f"reports.report:{report.pk}",
            recipients=recipients,
            context={"kind": report.get_kind_display()},
            exclude=exclude,
        )
    except TemplateDoesNotExist:
        # A missing email template must never lose a report: the row is simply not written.
        logger.error("notification template missing for %s (%s)", event, report.reference)
        return []
    return list(notification.recipients) if notification else []


def _notify_new_report(report: Report, alert: str | None = None) -> None:
    """Tell intake staff of a new report; `alert` (Title IX, complaint, referral) goes
    to its own recipients first, and nobody gets both emails for one submission."""
    alerted = _notify(report, alert) if alert else []
    _notify(report, Event.REPORT_SUBMITTED, exclude=alerted)
