"""Celery tasks of the cases app: thin wrappers around services."""

from celery import shared_task


@shared_task(name="cases.send_deadline_digest")
def send_deadline_digest() -> int:
    """Daily: one email per assignee (and each coordinator) listing overdue cases."""
    from cases.services.deadlines import deadline_digest_send

    return deadline_digest_send()


@shared_task(name="cases.purge_expired")
def purge_expired() -> int:
    """Monthly: purge cases and reports past their retention period (cases.retention)."""
    from .models import PurgeLog
    from .retention import retention_purge

    result = retention_purge(trigger=PurgeLog.Trigger.SCHEDULE)
    return result.cases + result.reports


@shared_task(
    name="cases.check_report_for_repeat_respondents",
    autoretry_for=(Exception,),
    retry_backoff=True,
    max_retries=8,
)
def check_report_for_repeat_respondents(report_pk: int) -> int:
    """Retry of a repeat-respondent check that failed when the report was submitted."""
    from cases.services.parties import report_repeat_respondent_check
    from reports.models import Report

    report = Report.objects.filter(pk=report_pk).first()
    if report is None:  # purged meanwhile: nothing to check
        return 0
    return len(report_repeat_respondent_check(report=report))


@shared_task(name="cases.audit_verify")
def audit_verify_daily() -> bool:
    """Daily: walk the audit hash chains; the coordinators get the heads, or an alert on a break."""
    from .audit_chain import audit_verify_and_alert

    return audit_verify_and_alert().ok


@shared_task(name="cases.statistics_refresh")
def statistics_refresh() -> str:
    """Nightly: recount the statistics page's summary (cases.statistics.summary)."""
    from .statistics.summary import statistics_summary_refresh

    return statistics_summary_refresh().isoformat()
@shared_task(name="cases.portal_unopened_letters")
def portal_unopened_letters() -> int:
    """Daily, before the digest: a follow-up deadline for each portal letter nobody opened."""
    from .services.portal_party import letters_unopened_follow_up
    return letters_unopened_follow_up()


@shared_task(name="cases.form_submissions_purge")
def form_submissions_purge() -> int:
    """Daily: forget the one-time form tokens of posts more than a day old (cases.once)."""
    from .once import form_submissions_purge as purge

    return purge()


@shared_task(name="cases.determinations_finalise")
def determinations_finalise() -> int:
    """Daily: a determination whose appeal window ended (with no appeal pending) is final; the case
    stops showing an open appeal window (cases.services.finality)."""
    from .services.finality import determinations_finalise_due

    return determinations_finalise_due()


@shared_task(name="cases.case_file_export_build")
def case_file_export_build_task(export_id: int) -> bool:
    """The complete case file of one export request (cases.services.case_file_export)."""
    from .services.case_file_export import case_file_export_build

    return case_file_export_build(export_id=export_id)


@shared_task(name="cases.case_file_exports_sweep")
def case_file_exports_sweep() -> dict:
    """Every 5 minutes: case files deleted a day after their request; lost tasks published again."""
    from .services.case_file_export import case_file_export_sweep

    return case_file_export_sweep()
