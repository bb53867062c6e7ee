"""Who may see and change which case, and who hears about it."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from idhr_portal import roles

# The role predicates live in idhr_portal.roles (one vocabulary for every app);
# re-exported here for the callers that read them from cases.selectors.
from idhr_portal.roles import (  # noqa: F401
    user_group_names,
    user_is_brt_only,
    user_is_coordinator,
    user_is_intake_staff,
    user_is_staff_member,
    user_may_see_identities,
)

from ..models import Case, CaseReport
from .assignments import case_assignment_visibility_q


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
    # A decision-maker, appeal decision-maker or facilitator sees the cases they are assigned.
    q |= case_assignment_visibility_q(user)
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


def reporter_message_recipients(object_ref: str) -> list[str]:
    """Recipient resolver for REPORTER_MESSAGE: the assigned staff of the case holding the report.

    `object_ref` is "reports.report:<pk>" (or a reporter message's ref with the report id).
    """
    _label, _sep, pk = (object_ref or "").partition(":")
    if not pk.isdigit():
        return []
    if _label not in ("reports.report", ""):
        try:
            from reports.models import ReporterMessage

            pk = str(
                ReporterMessage.objects.filter(pk=int(pk)).values_list("report_id", flat=True).first() or ""
            )
        except ImportError:
            return []
        if not pk:
            return []
    link = (
        CaseReport.objects.filter(report_id=int(pk))
        .select_related("case__case_manager", "case__investigator")
        .first()
    )
    if link is None:
        return []
    users = [link.case.case_manager, link.case.investigator]
    return sorted({u.email for u in users if u is not None and u.is_active and u.email})
