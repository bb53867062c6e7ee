"""Reads for the public intake pages."""

from .models import Report, ReporterMessage


def report_get(*, report_id) -> Report | None:
    return Report.objects.filter(pk=report_id).first()


def reporter_messages(*, report: Report) -> list[ReporterMessage]:
    """The conversation a reporter sees, oldest first (staff authors are not shown)."""
    return list(report.messages.order_by("created_at", "pk"))
