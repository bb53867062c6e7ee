"""What to do next: a staff member's own work, and the coordinator's caseload per person.

Every figure is one grouped query over the cases the person works on (indexes
case_manager_status, case_investigator_status, case_open_due), so the pages cost the
same number of queries whatever the number of cases.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db.models import Count, Exists, OuterRef, Q, Subquery
from django.utils import timezone

from idhr_portal import roles

from ..models import Appeal, AppealStatement, Case, CaseReport, Letter
from .access import user_is_intake_staff
from .intake import intake_overdue_before

LIST_LIMIT = 50


def _mine_q(user) -> Q:
    return Q(case_manager=user) | Q(investigator=user)


def my_work(*, user, today: datetime.date | None = None) -> dict:
    """The "My work" page: open cases by stage, due this week and overdue, reporters'
    messages waiting for an answer, letters published in the portal and not opened yet, appeals
    and written statements waiting for the appeal's decision, and (for intake staff) reports
    past the triage target."""
    from reports.models import Report, ReporterMessage

    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=7)
    open_mine = Case.objects.filter(_mine_q(user)).exclude(status__in=Case.CLOSED_STATUSES)
    labels = dict(Case.Status.choices)
    by_stage = [
        {"status": row["status"], "label": labels.get(row["status"], row["status"]), "count": row["n"]}
        for row in open_mine.values("status").annotate(n=Count("pk")).order_by("status")
    ]
    fields = ("id", "reference", "status", "due_on")
    overdue = list(open_mine.filter(due_on__lt=today).only(*fields).order_by("due_on", "pk")[:LIST_LIMIT])
    due_soon = list(
        open_mine.filter(due_on__gte=today, due_on__lte=week_end).only(*fields).order_by("due_on", "pk")[:LIST_LIMIT]
    )
    # A reporter's message is waiting when it is newer than IDHR's last message on that report.
    last_staff = (
        ReporterMessage.objects.filter(report=OuterRef("report_id"), direction="from_staff")
        .order_by("-created_at")
        .values("created_at")[:1]
    )
    waiting = ReporterMessage.objects.filter(report=OuterRef("report_id"), direction="from_reporter").filter(
        Q(created_at__gt=Subquery(last_staff)) | ~Exists(
            ReporterMessage.objects.filter(report=OuterRef("report_id"), direction="from_staff")
        )
    )
    unanswered = list(
        CaseReport.objects.filter(case__in=open_mine.values("pk"))
        .filter(Exists(waiting))
        .select_related("case", "report")
        .only("case__id", "case__reference", "report__id", "report__reference")
        .order_by("case__reference")[:LIST_LIMIT]
    )
    # Letters published to a party in the portal that nobody opened yet (LetterReceipt: no
    # row, or no first opening), oldest first: the sent date is when it was published.
    unopened = list(
        Letter.objects.filter(
            case__in=open_mine.values("pk"),
            sent_channel=Letter.Channel.PORTAL,
            sent_at__isnull=False,
            receipt__first_opened_at__isnull=True,
        )
        .select_related("case", "recipient")
        .only("id", "kind", "sent_at", "case__id", "case__reference", "recipient__id", "recipient__role")
        .order_by("sent_at", "pk")[:LIST_LIMIT]
    )
    # Appeals the parties filed, and their written statements, while the appeal awaits its decision.
    appeals = list(
        Appeal.objects.filter(case__in=open_mine.values("pk"), decision=Appeal.Decision.PENDING)
        .select_related("case", "filed_by")
        .only("id", "filed_on", "dismissal_id", "case__id", "case__reference", "filed_by__id", "filed_by__role")
        .order_by("filed_on", "pk")[:LIST_LIMIT]
    )
    statements = list(
        AppealStatement.objects.filter(
            appeal__case__in=open_mine.values("pk"), appeal__decision=Appeal.Decision.PENDING
        )
        .select_related("appeal__case", "party")
        .only("id", "submitted_on", "appeal__id", "appeal__case__id", "appeal__case__reference",
              "party__id", "party__role")
        .order_by("submitted_on", "pk")[:LIST_LIMIT]
    )
    intake = None
    if user_is_intake_staff(user):
        intake = list(
            Report.objects.filter(in_case=False, created_at__lt=intake_overdue_before(today))  # report_queue_idx
            .only("id", "reference", "created_at")
            .order_by("created_at", "pk")[:LIST_LIMIT]
        )
    return {
        "today": today,
        "by_stage": by_stage,
        "open_total": sum(row["count"] for row in by_stage),
        "overdue": overdue,
        "due_soon": due_soon,
        "unanswered": unanswered,
        "letters_unopened": unopened,
        "appeals_pending": appeals,
        "appeal_statements": statements,
        "intake_overdue": intake,
    }


def caseload(*, today: datetime.date | None = None) -> list[dict]:
    """Per case manager and investigator: open cases, due within a week, overdue (coordinator)."""
    today = today or timezone.localdate()
    week_end = today + datetime.timedelta(days=7)
    staff = list(
        get_user_model()
        .objects.filter(is_active=True, groups__name__in=[roles.CASE_MANAGER, roles.INVESTIGATOR])
        .distinct()
        .order_by("last_name", "first_name", "username")
    )
    open_cases = Case.objects.exclude(status__in=Case.CLOSED_STATUSES)
    figures = {
        "n": Count("pk"),
        "due_week": Count("pk", filter=Q(due_on__gte=today, due_on__lte=week_end)),
        "overdue": Count("pk", filter=Q(due_on__lt=today)),
    }
    rows = {u.pk: {"user": u, "manager": {}, "investigator": {}} for u in staff}
    for column, key in (("case_manager", "manager"), ("investigator", "investigator")):
        grouped = open_cases.filter(**{f"{column}__in": [u.pk for u in staff]}).values(column).annotate(**figures)
        for row in grouped.order_by():
            rows[row[column]][key] = {k: row[k] for k in figures}
    out = []
    for row in rows.values():
        total = {k: row["manager"].get(k, 0) + row["investigator"].get(k, 0) for k in figures}
        out.append({**row, "total": total})
    unassigned = open_cases.filter(case_manager__isnull=True).aggregate(**figures)
    out.append({"user": None, "manager": unassigned, "investigator": {}, "total": unassigned})
    return out
