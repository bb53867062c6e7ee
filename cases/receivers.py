"""Signal receivers and hooks of the cases app, connected in CasesConfig.ready().

A receiver never swallows an error: it logs it and either re-raises or hands the
work to a Celery task that retries it.
"""

import functools
import logging

from django.db import transaction
from django.db.models.signals import post_save

logger = logging.getLogger(__name__)


def connect() -> None:
    from cases.selectors.access import reporter_message_recipients
    from notifications.models import Notification
    from notifications.services import recipient_resolver_register
    from reports.signals import report_submitted

    # A reporter's message goes to the staff assigned to the case holding the report.
    recipient_resolver_register(Notification.Event.REPORTER_MESSAGE, reporter_message_recipients)
    # A new report naming a respondent already in a case is flagged to the coordinator.
    report_submitted.connect(report_submitted_check_repeat_respondents, dispatch_uid="cases-repeat-respondent")
    # Every saved identity gets its blind indexes (cases.models.IdentityToken).
    connect_identity_tokens()


def report_submitted_check_repeat_respondents(sender, report, **kwargs):
    """Alert the coordinator at once when a new report names a known respondent.

    The check runs in a savepoint of its own, so a failure never loses the report
    (reports.signals): it is logged and the check is queued as a task that retries
    until it succeeds, once the report is committed.
    """
    from cases.services.parties import report_repeat_respondent_check

    try:
        with transaction.atomic():
            report_repeat_respondent_check(report=report)
    except Exception:
        logger.exception("repeat-respondent check failed for report %s; queued for retry", report.pk)
        from .tasks import check_report_for_repeat_respondents

        transaction.on_commit(functools.partial(check_report_for_repeat_respondents.delay, report.pk), robust=True)


# Which saves change whose identity, and the fields that hold it.
_IDENTITY_FIELDS = {"name", "email", "reporter_name", "reporter_email", "impacted_name", "impacted_email"}


def connect_identity_tokens() -> None:
    from reports.models import Referral, Report, ReportParty

    from .models import Party

    for model in (Party, ReportParty, Report, Referral):
        post_save.connect(identity_saved, sender=model, dispatch_uid=f"cases-identity-{model.__name__}")


def identity_saved(sender, instance, created=False, update_fields=None, raw=False, **kwargs):
    """Index the person in the same transaction as the save (a failure fails the save:
    a person who cannot be found is worse than a refused save, and nothing here calls
    outside the database)."""
    if raw or (update_fields is not None and not (set(update_fields) & _IDENTITY_FIELDS)):
        return
    from cases.services.people import (
        identity_tokens_sync_impacted,
        identity_tokens_sync_party,
        identity_tokens_sync_report_party,
        identity_tokens_sync_reporter,
    )

    sync = {
        "Party": lambda: identity_tokens_sync_party(party=instance),
        "ReportParty": lambda: identity_tokens_sync_report_party(report_party=instance),
        "Report": lambda: identity_tokens_sync_reporter(report=instance),
        "Referral": lambda: identity_tokens_sync_impacted(referral=instance),
    }[sender.__name__]
    sync()
