"""Reads for the case admin: who may see what, deadlines, the dashboard, matches."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from idhr_portal import roles

from .models import Case, Party, TimelineEvent

logger = logging.getLogger(__name__)


# --- Roles and object-level access ---------------------------------------------
# The role predicates live in idhr_portal.roles (one vocabulary for every app);
# re-exported here for the callers that read them from cases.selectors.
from idhr_portal.roles import (  # noqa: E402,F401
    user_group_names,
    user_is_brt_only,
    user_is_coordinator,
    user_is_intake_staff,
    user_is_staff_member,
    user_may_see_identities,
)


def case_visibility_q(user) -> Q | None:
    """The filter of the cases a user may see; None means every case."""
    if not user_is_staff_member(user):
        return Q(pk__in=[])
    if user_is_coordinator(user):
        return None
    groups = user_group_names(user)
    q = Q(pk__in=[])
    if roles.CASE_MANAGER in groups or roles.INVESTIGATOR in groups:
        q |= Q(case_manager=user) | Q(investigator=user)
    # Shared cases only for a team member with no case role: someone who is also a case
    # manager or investigator sees identities, so they see their assigned cases only.
    if user_is_brt_only(user):
        q |= Q(shared_with_brt=True)
    return q


def case_visible_queryset(user, queryset: QuerySet | None = None) -> QuerySet[Case]:
    queryset = Case.objects.all() if queryset is None else queryset
    q = case_visibility_q(user)
    return queryset if q is None else queryset.filter(q)


def case_user_may_edit(user, case: Case) -> bool:
    """Coordinator, or the case manager / investigator assigned to the case."""
    if user_is_coordinator(user):
        return True
    if user_is_brt_only(user) or not user_is_staff_member(user):
        return False
    return user.pk in (case.case_manager_id, case.investigator_id)


def staff_with_group(group_name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.filter(groups__name=group_name, is_active=True).order_by("username")


# --- Deadlines ---------------------------------------------------------------------


def _holidays() -> frozenset[datetime.date]:
    return frozenset(datetime.date.fromisoformat(d) for d in getattr(settings, "CASE_HOLIDAYS", []) if d)


def add_business_days(start: datetime.date, days: int) -> datetime.date:
    """The date `days` business days after `start` (weekends and CASE_HOLIDAYS skipped)."""
    holidays = _holidays()
    current = start
    remaining = days
    while remaining > 0:
        current += datetime.timedelta(days=1)
        if current.weekday() < 5 and current not in holidays:
            remaining -= 1
    return current


def stage_target_days(status: str) -> int | None:
    return getattr(settings, "CASE_STAGE_TARGET_BUSINESS_DAYS", {}).get(status)


def stage_due_on(status: str, entered: datetime.date) -> datetime.date | None:
    days = stage_target_days(status)
    if days is None or status in Case.CLOSED_STATUSES:
        return None
    return add_business_days(entered, days)


def overdue_q(today: datetime.date | None = None) -> Q:
    today = today or timezone.localdate()
    return Q(due_on__lt=today) & ~Q(status__in=Case.CLOSED_STATUSES)


def overdue_cases(*, today: datetime.date | None = None) -> QuerySet[Case]:
    return (
        Case.objects.filter(overdue_q(today))
        .select_related("case_manager", "investigator")
        .order_by("due_on")
    )


# --- Repeat respondent ---------------------------------------------------------------


def respondent_match_q(*, name_indexes, email_indexes) -> Q:
    name_indexes = [i for i in name_indexes if i]
    email_indexes = [i for i in email_indexes if i]
    q = Q(pk__in=[])
    if name_indexes:
        q |= Q(name_index__in=name_indexes)
    if email_indexes:
        q |= Q(email_index__in=email_indexes)
    return Q(role=Party.Role.RESPONDENT) & q


def repeat_respondent_case_ids(case: Case) -> list[int]:
    """Ids of other cases with a respondent whose blind index matches one of this case's."""
    respondents = list(
        Party.objects.filter(case=case, role=Party.Role.RESPONDENT).values_list("name_index", "email_index")
    )
    if not respondents:
        return []
    q = respondent_match_q(
        name_indexes=[n for n, _ in respondents], email_indexes=[e for _, e in respondents]
    )
    return list(
        Party.objects.filter(q)
        .exclude(case=case)
        .values_list("case_id", flat=True)
        .distinct()
        .order_by("case_id")
    )


def repeat_respondent_cases_for(*, case: Case, user) -> tuple[list[Case], int]:
    """(the matching cases the user may see, how many matches there are in all)."""
    ids = repeat_respondent_case_ids(case)
    if not ids:
        return [], 0
    visible = list(case_visible_queryset(user, Case.objects.filter(pk__in=ids)).order_by("reference"))
    return visible, len(ids)


def repeat_respondent_exists_subquery():
    """Annotation: does this case share a respondent index with another case?"""
    others = Party.objects.filter(role=Party.Role.RESPONDENT).exclude(case=OuterRef("case"))
    same_name = others.filter(name_index=OuterRef("name_index")).exclude(name_index="")
    same_email = others.filter(email_index=OuterRef("email_index")).exclude(email_index="")
    respondents = Party.objects.filter(case=OuterRef("pk"), role=Party.Role.RESPONDENT).filter(
        Exists(same_name) | Exists(same_email)
    )
    return Exists(respondents)


def repeat_respondent_flags(case_ids) -> set[int]:
    """Which of these cases share a respondent index with another case, in one query.

    For the page of a list (the 50 cases shown). As a per-row annotation on the whole
    list, PostgreSQL hashes the subquery over every respondent of every case, so the
    list got slower with every case in the table (bench/README.md).
    """
    ids = list(case_ids)
    if not ids:
        return set()
    others = Party.objects.filter(role=Party.Role.RESPONDENT).exclude(case=OuterRef("case"))
    same_name = others.filter(name_index=OuterRef("name_index")).exclude(name_index="")
    same_email = others.filter(email_index=OuterRef("email_index")).exclude(email_index="")
    return set(
        Party.objects.filter(case_id__in=ids, role=Party.Role.RESPONDENT)
        .filter(Exists(same_name) | Exists(same_email))
        .order_by()
        .values_list("case_id", flat=True)
        .distinct()
    )


# --- Resources for written notices -------------------------------------------------------

# Which directory categories a measure's written notice lists.
NOTICE_CATEGORIES = ("reporting", "advocacy", "health", "advice", "peer", "work")


def resources_for_party(*, affiliation: str, limit: int = 12) -> list:
    """Resources from the directory relevant to a party, or [] when there is no directory.

    Students get the student resources, employees the employee ones, everyone else
    the resources for everyone. Uses the resources app's own selector so its
    audience rules stay in one place.
    """
    try:
        from resources.models import Audience
        from resources.selectors import ResourceFilters, resource_list
    except ImportError:  # the directory is not installed: the notice says to ask IDHR
        return []
    audience = {
        "student": Audience.STUDENTS,
        "employee": Audience.EMPLOYEES,
    }.get(affiliation, Audience.EVERYONE)
    try:
        queryset = resource_list(filters=ResourceFilters(audience=audience))
        return [r for r in queryset if r.category in NOTICE_CATEGORIES][:limit]
    except Exception:
        logger.exception("resource directory unavailable for a supportive-measure notice")
        return []


# --- Dashboard ----------------------------------------------------------------------------


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
    from .models import CaseReport

    return Report.objects.count() - CaseReport.objects.count()


def case_timeline(*, case: Case) -> QuerySet[TimelineEvent]:
    return TimelineEvent.objects.filter(case=case).select_related("actor").order_by("created_at", "pk")
