"""Celery tasks of the cases app: thin wrappers around services."""

from celery import shared_task


@shared_task(name="cases.send_deadline_digest")
def send_deadline_digest() -> int:
    """Daily: one email per assignee (and each coordinator) listing overdue cases."""
    from .services import deadline_digest_send

    return deadline_digest_send()


@shared_task(name="cases.purge_expired")
def purge_expired() -> int:
    """Monthly: purge cases and reports past their retention period (cases.retention)."""
    from .models import PurgeLog
    from .retention import retention_purge

    result = retention_purge(trigger=PurgeLog.Trigger.SCHEDULE)
    return result.cases + result.reports
