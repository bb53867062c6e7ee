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

        # A new report naming a respondent already in a case is flagged to the coordinator.
        from reports.signals import report_submitted

        report_submitted.connect(_check_new_report_for_repeat_respondents, dispatch_uid="cases-repeat-respondent")


def _check_new_report_for_repeat_respondents(sender, report, **kwargs):
    import logging

    from django.db import transaction

    from .services import report_repeat_respondent_check

    try:
        with transaction.atomic():  # a savepoint: a failure here never loses the report
            report_repeat_respondent_check(report=report)
    except Exception:
        logging.getLogger(__name__).exception("repeat-respondent check failed for a new report")
