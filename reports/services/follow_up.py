"""After submission: the messages between reporter and IDHR, and the status the reporter sees."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.services import Event

from ..models import Report, ReporterMessage
from .attachments import _attachments_create
from .message_body import message_body_clean
from .notify import _notify
from .values import StagedFile


def reporter_message_add(
    *, report: Report, body: str, attachments: list[StagedFile] | None = None
) -> ReporterMessage:
    """A reporter's reply or new information, sent through their receipt code."""
    body = message_body_clean(body)
    with transaction.atomic():
        message = ReporterMessage.objects.create(
            report=report, direction=ReporterMessage.Direction.FROM_REPORTER, body=body
        )
        if attachments:
            already = report.attachments.count()
            if already + len(attachments) > settings.REPORTS_MAX_ATTACHMENTS * 2:
                raise ValidationError({"files": _("This report already has as many files as it can hold.")})
            _attachments_create(report=report, staged=attachments, message=message)
        _notify(report, Event.REPORTER_MESSAGE, recipients=None)
    return message


def staff_message_add(*, report: Report, author, body: str) -> ReporterMessage:
    """A message from IDHR staff, shown to the reporter on the follow-up page."""
    body = message_body_clean(body)
    with transaction.atomic():
        message = ReporterMessage.objects.create(
            report=report, direction=ReporterMessage.Direction.FROM_STAFF, body=body, author=author
        )
        if report.wants_follow_up and report.reporter_email and not report.is_anonymous:
            # Only that a message is waiting: never the message itself.
            _notify(report, Event.STAFF_MESSAGE, recipients=[report.reporter_email])
        return message


def report_status_set(*, report: Report, status: str) -> Report:
    """Set the status the reporter sees (received, under review, closed)."""
    if status not in Report.Status.values:
        raise ValidationError({"status": _("Unknown status.")})
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(status=status, updated_at=timezone.now())
        report.status = status
    return report
