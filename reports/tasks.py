from celery import shared_task

from . import services


@shared_task(name="reports.staging_purge")
def staging_purge_task() -> int:
    """Delete staged uploads of drafts nobody finished (beat, every 15 minutes)."""
    return services.staging_purge()
