"""Signal receivers and hooks of the cases app, connected in CasesConfig.ready().

A receiver never swallows an error: it logs it and either re-raises or hands the
work to a Celery task that retries it.
"""

import functools
import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def connect() -> None:
    from notifications.models import Notification
    from notifications.services import recipient_resolver_register
    from reports.signals import report_submitted

    from .selectors import reporter_message_recipients

    # A reporter's message goes to the staff assigned to the case holding the report.
    recipient_resolver_register(Notification.Event.REPORTER_MESSAGE, reporter_message_recipients)
    # A new report naming a respondent already in a case is flagged to the coordinator.
    report_submitted.connect(report_submitted_check_repeat_respondents, dispatch_uid="cases-repeat-respondent")


def report_submitted_check_repeat_respondents(sender, report, **kwargs):
    """Alert the coordinator at once when a new report names a known respondent.

    The check runs in a savepoint of its own, so a failure never loses the report
    (reports.signals): it is logged and the check is queued as a task that retries
    until it succeeds, once the report is committed.
    """
    from .services import report_repeat_respondent_check

    try:
        with transaction.atomic():
            report_repeat_respondent_check(report=report)
    except Exception:
        logger.exception("repeat-respondent check failed for report %s; queued for retry", report.pk)
        from .tasks import check_report_for_repeat_respondents

        transaction.on_commit(functools.partial(check_report_for_repeat_respondents.delay, report.pk), robust=True)
