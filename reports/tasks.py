from celery import shared_task

from . import services
from .intake import drafts


@shared_task(name="reports.staging_purge")
def staging_purge_task() -> int:
    """Delete staged uploads of drafts nobody finished (beat, every 15 minutes)."""
    return services.staging_purge()


@shared_task(name="reports.sessions_purge")
def sessions_purge_task() -> None:
    """Delete expired sessions, with the drafts and follow-up links they hold (beat, every 15 minutes)."""
    drafts.expired_sessions_purge()
