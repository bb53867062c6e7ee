from django.apps import AppConfig
from django.core import checks
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Notifications")

    def ready(self):
        checks.register(check_retry_fits_visibility_timeout, checks.Tags.compatibility)


def check_retry_fits_visibility_timeout(app_configs=None, **kwargs):
    """A retry waiting for its ETA must not outlive Redis's visibility timeout.

    Otherwise Redis hands the unacknowledged task to a second worker while the
    first still holds it (harmless for delivery, which claims the row, but a
    sign the settings disagree).
    """
    from django.conf import settings

    visibility = settings.CELERY_BROKER_TRANSPORT_OPTIONS.get("visibility_timeout", 3600)
    longest_retry = settings.NOTIFICATION_RETRY_BACKOFF_MAX
    if visibility <= longest_retry + settings.NOTIFICATION_SWEEP_GRACE:
        return [
            checks.Error(
                "CELERY_VISIBILITY_TIMEOUT must be longer than NOTIFICATION_RETRY_BACKOFF_MAX "
                "plus NOTIFICATION_SWEEP_GRACE.",
                hint=f"visibility_timeout={visibility}s, longest retry={longest_retry}s.",
                id="notifications.E001",
            )
        ]
    return []
