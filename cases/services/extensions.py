"""Extending a clock for good cause, with written notice of the delay to both parties
(34 CFR 106.45(b)(1)(v)). Apart from cases.services.deadlines, which cases.services.letters
uses to start clocks on delivery: this one prepares a letter."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from cases.selectors.hearing import case_parties_and_advisors

from ..models import CaseDeadline, DeadlineExtension, Determination, Dismissal, Party, TimelineEvent
from .audit import audited, ensure_editable, timeline_event
from .letters import letter_prepare


@audited
def deadline_extend(*, deadline, new_due_on: datetime.date, cause: str, reason: str, actor):
    """Extend a clock for good cause, with the reason; the delay notice goes to both parties.

    34 CFR 106.45(b)(1)(v): a temporary delay or limited extension only for good cause, with
    written notice to the complainant and the respondent of the delay and the reason for it.
    """
    case = deadline.case
    ensure_editable(actor, case)
    current = CaseDeadline.objects.select_for_update().get(pk=deadline.pk)
    if not current.extendable:
        raise ValidationError(_("This deadline is a minimum set by the regulation: it cannot be extended."))
    if current.state != CaseDeadline.State.OPEN:
        raise ValidationError(_("Only an open deadline can be extended."))
    if cause not in DeadlineExtension.Cause.values:
        raise ValidationError({"cause": _("Choose the good cause.")})
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Give the reason for the extension: it goes to both parties.")})
    if new_due_on is None or new_due_on <= current.due_on:
        raise ValidationError(
            {"new_due_on": _("The new date must be later than %(date)s.") % {"date": current.due_on.isoformat()}}
        )
    recipients = case_parties_and_advisors(case)
    if not {Party.Role.COMPLAINANT, Party.Role.RESPONDENT} <= {p.role for p in recipients}:
        raise ValidationError(_("Record the complainant and the respondent: the delay notice goes to both."))
    extension = DeadlineExtension.objects.create(
        deadline=current,
        previous_due_on=current.due_on,
        new_due_on=new_due_on,
        cause=cause,
        reason=reason.strip(),
        granted_by=actor,
    )
    current.due_on = new_due_on
    current.save(update_fields=["due_on"])
    deadline.due_on = new_due_on
    if current.kind == "appeal_filing":
        _appeal_deadline_follows(current, new_due_on)
    letter_prepare(
        case=case,
        kind="delay",
        recipients=recipients,
        actor=actor,
        extra={"extension": extension, "deadline": current},
        regarding=f"cases.deadlineextension:{extension.pk}",
    )
    timeline_event(
        case,
        TimelineEvent.Kind.DEADLINE,
        _("%(label)s extended from %(old)s to %(new)s (%(cause)s); delay notice prepared for both parties")
        % {
            "label": current.label,
            "old": extension.previous_due_on.isoformat(),
            "new": new_due_on.isoformat(),
            "cause": extension.get_cause_display(),
        },
        actor,
    )
    return extension


def _appeal_deadline_follows(deadline: CaseDeadline, new_due_on: datetime.date) -> None:
    """An appeal window extended for good cause: the determination's (or the dismissal's) own
    appeal deadline moves with its clock, so filing, finality and the letters all read the
    extended date (found by the state-machine test: a letter called the determination final
    while the extended window was open)."""
    label, _sep, pk = (deadline.regarding or "").partition(":")
    model = {"cases.determination": Determination, "cases.dismissal": Dismissal}.get(label)
    if model is not None and pk.isdigit():
        model.objects.filter(pk=int(pk)).update(appeal_deadline=new_due_on)

