from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "cases"
    verbose_name = _("Cases")

    def ready(self):
        # A reporter's message goes to the staff assigned to the case holding the report.
        from notifications.models import Notification
        from notifications.services import recipient_resolver_register

        from .services import reporter_message_recipients

        recipient_resolver_register(Notification.Event.REPORTER_MESSAGE, reporter_message_recipients)
