"""Moving a case through the workflow: one service, `case_transition`, checks the
table and the guards of `cases.workflow` (data, defined once there).
"""

from __future__ import annotations

from dataclasses import dataclass

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors, workflow
from ..models import Case, Investigation, TimelineEvent, TransitionLog
from ..workflow import GUARDS, STATUS_PATHWAY, TRANSITIONS, S  # noqa: F401  (re-exported)
from .audit import audited, timeline_event


class TransitionRefused(Exception):
    """A transition the table or a guard does not allow; the message says why."""


def case_transition_targets(case: Case) -> tuple[str, ...]:
    """The statuses the table allows from the case's current status."""
    return TRANSITIONS.get(case.status, ())


def case_transition_refusal(*, case: Case, to: str, reason: str = "") -> str | None:
    """Why `to` is not possible now, or None. Table first, then the guards."""
    if to not in case_transition_targets(case):
        return _("A case cannot move from “%(from)s” to “%(to)s”.") % {
            "from": S(case.status).label,
            "to": S(to).label if to in S.values else to,
        }
    if case.status in Case.CLOSED_STATUSES and not reason.strip():
        return _("Reopening a closed case needs a reason.")
    return workflow.guard_refusal(case, to)


@dataclass(frozen=True)
class TransitionOption:
    to: str
    label: str
    refusal: str | None
    reopen: bool


def case_transition_options(case: Case) -> list[TransitionOption]:
    """What the case page offers: only the table's transitions from here, each with its guard."""
    reopen = case.status in Case.CLOSED_STATUSES
    options = []
    for to in case_transition_targets(case):
        refusal = workflow.guard_refusal(case, to)
        options.append(TransitionOption(to=to, label=str(S(to).label), refusal=refusal, reopen=reopen))
    return options


def case_transition(*, case: Case, to: str, actor, reason: str = "") -> Case:
    """Move a case to `to`, or raise TransitionRefused saying why.

    Concurrency: the row is locked (SELECT ... FOR UPDATE) and the status the caller
    saw must still be the status in the database; of two simultaneous transitions
    one wins and the other is refused with a clear message.

    Needs the right to edit this case (TransitionRefused without it) and the model
    permission `cases.transition_case` (PermissionDenied without it).
    """
    seen_status = case.status
    with pghistory.context(user=actor.pk), transaction.atomic():
        locked = Case.objects.select_for_update().get(pk=case.pk)
        if locked.status != seen_status:
            raise TransitionRefused(
                _("Someone else changed this case meanwhile: it is now “%(status)s”. Reload and try again.")
                % {"status": S(locked.status).label}
            )
        if not selectors.case_user_may_edit(actor, locked):
            raise TransitionRefused(_("You may not change this case."))
        if not actor.has_perm("cases.transition_case"):
            raise PermissionDenied(_("You may not move cases through the workflow."))
        refusal = case_transition_refusal(case=locked, to=to, reason=reason)
        if refusal:
            raise TransitionRefused(refusal)
        now = timezone.now()
        from_status = locked.status
        locked.status = to
        if to in STATUS_PATHWAY:
            locked.pathway = STATUS_PATHWAY[to]
        locked.stage_entered_at = now
        locked.due_on = selectors.stage_due_on(to, timezone.localdate(now))
        locked.closed_at = now if to in Case.CLOSED_STATUSES else None
        locked.save(
            update_fields=["status", "pathway", "stage_entered_at", "due_on", "closed_at", "updated_at"]
        )
        TransitionLog.objects.create(
            case=locked, from_status=from_status, to_status=to, actor=actor, reason=reason
        )
        summary = _("%(from)s → %(to)s") % {"from": S(from_status).label, "to": S(to).label}
        if reason:
            summary = _("%(summary)s (reason recorded)") % {"summary": summary}
        timeline_event(locked, TimelineEvent.Kind.TRANSITION, summary, actor)
        if to == S.INVESTIGATION:
            Investigation.objects.get_or_create(
                case=locked,
                defaults={"investigator": locked.investigator, "started_on": timezone.localdate(now)},
            )
        reports_status_sync(locked)
    case.refresh_from_db()
    return case


def reports_status_sync(case: Case) -> None:
    """Keep what the reporter sees in step: under review while open, closed when closed."""
    try:
        from reports.models import Report
        from reports.services import report_status_set
    except ImportError:
        return
    status = Report.Status.CLOSED if case.status in Case.CLOSED_STATUSES else Report.Status.UNDER_REVIEW
    for report in Report.objects.filter(case_link__case=case).exclude(status=status):
        report_status_set(report=report, status=status)


@audited
def case_formal_complaint_sign(*, case: Case, actor) -> Case:
    """The Title IX coordinator signs a formal complaint (recorded as signed by the coordinator).

    Needs the coordinator's role and the model permission `cases.sign_formal_complaint`.
    """
    if not selectors.user_is_coordinator(actor) or not actor.has_perm("cases.sign_formal_complaint"):
        raise PermissionDenied(_("Only the Title IX coordinator may sign a formal complaint."))
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.coordinator_signed_complaint_by = actor
    locked.coordinator_signed_complaint_at = timezone.now()
    locked.save(
        update_fields=["coordinator_signed_complaint_by", "coordinator_signed_complaint_at", "updated_at"]
    )
    timeline_event(
        locked, TimelineEvent.Kind.TRANSITION, _("Formal complaint signed by the Title IX coordinator"), actor
    )
    case.coordinator_signed_complaint_by = actor
    case.coordinator_signed_complaint_at = locked.coordinator_signed_complaint_at
    return case
