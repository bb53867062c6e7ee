"""The admin index: figures over the cases a user may see, the intake queue, the timeline."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from ..models import Case, CaseReport, TimelineEvent
from .access import case_visible_queryset, user_is_intake_staff
from .hearing import deadline_alerts
from .intake import intake_overdue_count


def dashboard_counts(*, user) -> dict:
    """Figures for the admin index, each a single query over the visible cases."""
    today = timezone.localdate()
    visible = case_visible_queryset(user)
    open_cases = visible.exclude(status__in=Case.CLOSED_STATUSES)
    status_labels = dict(Case.Status.choices)
    pathway_labels = dict(Case.Pathway.choices)
    # One scan of the open cases for every figure (three separate aggregates each read
    # the whole table: bench/README.md).
    by_status_n: dict[str, int] = {}
    by_pathway_n: dict[str, int] = {}
    totals = {"open": 0, "overdue": 0, "mine": 0}
    grouped = open_cases.values("status", "pathway").annotate(
        n=Count("pk"),
        overdue=Count("pk", filter=Q(due_on__lt=today)),
        mine=Count("pk", filter=Q(case_manager=user) | Q(investigator=user)),
    )
    for row in grouped.order_by():
        by_status_n[row["status"]] = by_status_n.get(row["status"], 0) + row["n"]
        by_pathway_n[row["pathway"]] = by_pathway_n.get(row["pathway"], 0) + row["n"]
        totals["open"] += row["n"]
        totals["overdue"] += row["overdue"]
        totals["mine"] += row["mine"]
    by_status = [
        {"status": status, "label": status_labels.get(status, status), "count": n}
        for status, n in sorted(by_status_n.items())
    ]
    by_pathway = [
        {"pathway": pathway, "label": pathway_labels.get(pathway, pathway), "count": n}
        for pathway, n in sorted(by_pathway_n.items())
    ]
    return {
        "by_status": by_status,
        "by_pathway": by_pathway,
        "open_total": totals["open"],
        "overdue_total": totals["overdue"],
        "mine_total": totals["mine"],
        "intake_queue": intake_queue_count(user=user),
        "intake_overdue": intake_overdue_count(user=user, today=today),
        "my_cases": list(
            open_cases.filter(Q(case_manager=user) | Q(investigator=user))
            .only("pk", "reference", "status", "due_on")
            .order_by("due_on", "reference")[:10]
        ),
        "overdue_cases": list(
            open_cases.filter(due_on__lt=today)
            .only("pk", "reference", "status", "due_on")
            .order_by("due_on")[:10]
        ),
        # The formal process's clocks overdue or due within two days (reference, label, due date).
        "process_deadlines": deadline_alerts(user=user, today=today),
        "today": today,
    }


def intake_queue_count(*, user) -> int | None:
    """Reports not yet triaged into a case (None for users who do not triage)."""
    if not user_is_intake_staff(user):
        return None
    try:
        from reports.models import Report
    except ImportError:
        return None
    if not hasattr(Report, "case_link"):
        return None
    # A report joins at most one case (CaseReport.report is one-to-one), so the queue is
    # "all reports minus triaged ones": two index-only counts instead of an anti-join
    # over every report (bench/README.md).
    return Report.objects.count() - CaseReport.objects.count()


def case_timeline(*, case: Case) -> QuerySet[TimelineEvent]:
    return TimelineEvent.objects.filter(case=case).select_related("actor").order_by("created_at", "pk")
