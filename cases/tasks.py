"""Celery tasks of the cases app: thin wrappers around services."""

from celery import shared_task


@shared_task(name="cases.send_deadline_digest")
def send_deadline_digest() -> int:
    """Daily: one email per assignee (and each coordinator) listing overdue cases."""
    from .services import deadline_digest_send

    return deadline_digest_send()
