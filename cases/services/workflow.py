"""Moving a case through the workflow: one service, `case_transition`, checks the
table of `cases.workflow` (data, defined once there) and its guards
(`cases.selectors.guards`). Every change of a case's status goes through it, dismissals
included (cases.services.dismissal): one TransitionLog row per move, in one transaction.

Moves that matter take a written reason (issue 14, item 12): closing (into any closed
status), reopening (out of one) and moving into or out of the formal investigation. The
reason is kept in TransitionLog.reason, linked to the move's timeline row: the case page
shows it under that row to staff who may see the case's content, and the case history
lists it. The timeline summary itself only says "(reason recorded)", because the Bias
Response Team reads the summaries of shared cases and a typed reason may name people.

The records 34 CFR 106.45(b)(10)(ii) asks of every response are required here too:
leaving assessment (the pathway decision: the office's response) records the basis for
concluding the response was not deliberately indifferent (Case.response_basis); closing
a case on which no supportive measure was ever recorded records why that was not clearly
unreasonable (Case.no_measures_reason). Both apply to every case, Title IX or not: the
office keeps one practice, and a case's Title IX status may still change.
"""

from __future__ import annotations

from dataclasses import dataclass

import pghistory
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import case_user_may_edit, user_is_coordinator
from cases.selectors.deadlines import stage_due_on
from cases.selectors.process import latest_informal_resolution

from ..models import Case, InformalResolution, Investigation, SupportiveMeasure, TimelineEvent, TransitionLog
from ..selectors.guards import guard_refusal
from ..workflow import GUARDS, STATUS_PATHWAY, TRANSITIONS, S  # noqa: F401  (re-exported)
from .audit import audited, timeline_event
from .investigation import investigation_notice_date_sync


class TransitionRefused(Exception):
    """A transition the table or a guard does not allow; the message says why."""


def case_transition_targets(case: Case) -> tuple[str, ...]:
    """The statuses the table allows from the case's current status."""
    return TRANSITIONS.get(case.status, ())


# A move into or out of one of these statuses needs a written reason and, on the case
# page, a confirmation step: closing, reopening, starting or leaving the formal investigation.
REASON_STATUSES: tuple[str, ...] = (*Case.CLOSED_STATUSES, S.INVESTIGATION)


def case_transition_needs_reason(*, from_status: str, to: str) -> bool:
    return from_status in REASON_STATUSES or to in REASON_STATUSES


def case_transition_needs_response_basis(*, from_status: str, to: str) -> bool:
    """Leaving assessment is the office's response: it records why it was not deliberately indifferent."""
    return from_status == S.ASSESSMENT


def case_transition_needs_no_measures_reason(*, case: Case, to: str) -> bool:
    """Closing a case on which no supportive measure was ever recorded (106.45(b)(10)(ii))."""
    return to in Case.CLOSED_STATUSES and not SupportiveMeasure.objects.filter(case=case).exists()


def _missing_text_refusal(*, case: Case, to: str, reason: str, response_basis: str, no_measures_reason: str):
    if case_transition_needs_reason(from_status=case.status, to=to) and not reason.strip():
        if case.status in Case.CLOSED_STATUSES:
            return _("Reopening a closed case needs a reason.")
        if to in Case.CLOSED_STATUSES:
            return _("Closing a case needs a reason.")
        if to == S.INVESTIGATION:
            return _("Starting a formal investigation needs a reason.")
        return _("Leaving a formal investigation needs a reason.")
    if case_transition_needs_response_basis(from_status=case.status, to=to) and not response_basis.strip():
        return _(
            "Record the basis for concluding that the office’s response was not deliberately "
            "indifferent (34 CFR 106.45(b)(10)(ii))."
        )
    if case_transition_needs_no_measures_reason(case=case, to=to) and not no_measures_reason.strip():
        return _(
            "No supportive measure was recorded on this case: record why that was not clearly "
            "unreasonable in light of the known circumstances (34 CFR 106.45(b)(10)(ii))."
        )
    return None


def case_transition_refusal(
    *, case: Case, to: str, reason: str = "", response_basis: str = "", no_measures_reason: str = ""
) -> str | None:
    """Why `to` is not possible now, or None. Table first, then the guards, then the texts it needs."""
    if to not in case_transition_targets(case):
        return _("A case cannot move from “%(from)s” to “%(to)s”.") % {
            "from": S(case.status).label,
            "to": S(to).label if to in S.values else to,
        }
    return guard_refusal(case, to) or _missing_text_refusal(
        case=case, to=to, reason=reason, response_basis=response_basis, no_measures_reason=no_measures_reason
    )


@dataclass(frozen=True)
class TransitionOption:
    to: str
    label: str
    refusal: str | None
    reopen: bool
    needs_reason: bool = False
    needs_response_basis: bool = False
    needs_no_measures_reason: bool = False


def case_transition_options(case: Case) -> list[TransitionOption]:
    """What the case page offers: only the table's transitions from here, each with its guard."""
    reopen = case.status in Case.CLOSED_STATUSES
    no_measures = not SupportiveMeasure.objects.filter(case=case).exists()
    options = []
    for to in case_transition_targets(case):
        refusal = guard_refusal(case, to)
        options.append(
            TransitionOption(
                to=to,
                label=str(S(to).label),
                refusal=refusal,
                reopen=reopen,
                needs_reason=case_transition_needs_reason(from_status=case.status, to=to),
                needs_response_basis=case_transition_needs_response_basis(from_status=case.status, to=to),
                needs_no_measures_reason=no_measures and to in Case.CLOSED_STATUSES,
            )
        )
    return options


def case_transition(
    *,
    case: Case,
    to: str,
    actor,
    reason: str = "",
    response_basis: str = "",
    no_measures_reason: str = "",
) -> Case:
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
        if not case_user_may_edit(actor, locked):
            raise TransitionRefused(_("You may not change this case."))
        if not actor.has_perm("cases.transition_case"):
            raise PermissionDenied(_("You may not move cases through the workflow."))
        refusal = case_transition_refusal(
            case=locked,
            to=to,
            reason=reason,
            response_basis=response_basis,
            no_measures_reason=no_measures_reason,
        )
        if refusal:
            raise TransitionRefused(refusal)
        now = timezone.now()
        from_status = locked.status
        fields = ["status", "pathway", "stage_entered_at", "due_on", "closed_at", "updated_at"]
        # Only the texts this move asks for are kept (an earlier one stays in the history).
        if case_transition_needs_response_basis(from_status=from_status, to=to):
            locked.response_basis, locked.response_basis_at = response_basis.strip(), now
            fields += ["response_basis", "response_basis_at"]
        if case_transition_needs_no_measures_reason(case=locked, to=to):
            locked.no_measures_reason, locked.no_measures_reason_at = no_measures_reason.strip(), now
            fields += ["no_measures_reason", "no_measures_reason_at"]
        locked.status = to
        if to in STATUS_PATHWAY:
            locked.pathway = STATUS_PATHWAY[to]
        locked.stage_entered_at = now
        locked.due_on = stage_due_on(to, timezone.localdate(now))
        locked.closed_at = now if to in Case.CLOSED_STATUSES else None
        locked.save(update_fields=fields)
        summary = _("%(from)s → %(to)s") % {"from": S(from_status).label, "to": S(to).label}
        if reason.strip():
            summary = _("%(summary)s (reason recorded)") % {"summary": summary}
        if "response_basis" in fields:
            summary = _("%(summary)s; basis of the response recorded") % {"summary": summary}
        if "no_measures_reason" in fields:
            summary = _("%(summary)s; why no supportive measures recorded") % {"summary": summary}
        event = timeline_event(locked, TimelineEvent.Kind.TRANSITION, summary, actor)
        TransitionLog.objects.create(
            case=locked,
            from_status=from_status,
            to_status=to,
            actor=actor,
            reason=reason.strip(),
            timeline_event=event,
        )
        if to == S.INFORMAL_RESOLUTION:
            # Where the formal process left off: a withdrawal of consent resumes it there.
            informal = latest_informal_resolution(locked)
            if informal is not None and informal.outcome == InformalResolution.Outcome.PENDING:
                InformalResolution.objects.filter(pk=informal.pk).update(left_off_status=from_status)
        if to == S.INVESTIGATION:
            Investigation.objects.get_or_create(
                case=locked,
                defaults={"investigator": locked.investigator, "started_on": timezone.localdate(now)},
            )
            investigation_notice_date_sync(case=locked)  # the notices usually went out before
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
    if not user_is_coordinator(actor) or not actor.has_perm("cases.sign_formal_complaint"):
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
