"""Celery tasks: thin wrappers that take ids and call the services.

Acks are late (settings: CELERY_TASK_ACKS_LATE, …_REJECT_ON_WORKER_LOST,
prefetch 1), so a task whose worker dies is delivered again; delivery is
idempotent, so running twice costs nothing. Retries use the back-off the
service computed (it is also recorded on the row, for the sweep and the admin).
"""

from celery import shared_task
from django.utils import timezone

from .services import notification_deliver, notification_sweep


@shared_task(bind=True, name="notifications.deliver", max_retries=None)
def notification_deliver_task(self, notification_id: int) -> bool:
    result = notification_deliver(notification_id=notification_id)
    if result.retry_at is not None:
        countdown = max((result.retry_at - timezone.now()).total_seconds(), 0)
        # The row records the attempt count and gives up by itself
        # (NOTIFICATION_MAX_ATTEMPTS): Celery's own retry limit is off.
        raise self.retry(countdown=countdown)
    return result.sent


@shared_task(name="notifications.sweep")
def notification_sweep_task(grace_seconds: float | None = None) -> dict:
    """Beat's sweep (settings' grace); the worker queues one with grace 0 each time it has
    reconnected to the broker (idhr_portal.celery.SweepOnConnect)."""
    result = notification_sweep(grace_seconds=grace_seconds)
    return {"requeued": len(result.requeued), "failed": len(result.failed)}
