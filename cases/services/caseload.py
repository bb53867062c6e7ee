"""Balancing the caseload: the coordinator assigns a case manager to many cases at once."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from cases.selectors.access import user_group_names, user_is_coordinator
from idhr_portal import roles

from ..models import Case, TimelineEvent
from .audit import audited, timeline_event


@audited
def cases_bulk_assign(*, cases, case_manager, actor) -> int:
    """Make `case_manager` the case manager of every open case given; returns how many changed.

    Assignment decides who sees a case: the coordinator's call (as on the case form).
    Closed cases are left as they are.
    """
    if not user_is_coordinator(actor):
        raise PermissionDenied(_("Only the Title IX coordinator assigns cases or shares them."))
    if roles.CASE_MANAGER not in user_group_names(case_manager) or not case_manager.is_active:
        raise ValidationError({"case_manager": _("Choose an active case manager.")})
    changed = 0
    ids = [c.pk for c in cases]
    for case in (
        Case.objects.select_for_update()
        .filter(pk__in=ids)
        .exclude(status__in=Case.CLOSED_STATUSES)
        .exclude(case_manager=case_manager)
        .order_by("pk")
    ):
        case.case_manager = case_manager
        case.save(update_fields=["case_manager", "updated_at"])
        timeline_event(case, TimelineEvent.Kind.ASSIGNMENT, _("Assigned staff changed"), actor)
        changed += 1
    return changed
