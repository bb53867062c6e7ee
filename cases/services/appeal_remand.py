"""A remand for a new hearing (34 CFR 106.45(b)(8)): the appeal decision-maker sends the matter
back. Given to both parties (cases.services.appeals.appeal_release), it sets the determination
aside (no longer released: neither final nor appealable), closes the appeal window's clock, and
returns the case to the hearing stage (formal investigation) through `case_transition`. A new
hearing must then be held before a determination is recorded again
(cases.selectors.hearing.hearing_record_refusal); the new determination is released and
appealed afresh (cases.selectors.appeals.appeals_of_current_determination).
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Appeal, CaseDeadline, Determination, TimelineEvent
from ..selectors.appeals import appeals_of_current_determination
from ..workflow import S
from .audit import timeline_event
from .deadlines import deadline_close


def appeal_remand_refusal(*, appeal: Appeal) -> str | None:
    """Why this remand cannot be given to the parties now (None when it can)."""
    if appeal.dismissal_id:
        return _("A remand for a new hearing decides an appeal of the determination, not of a dismissal.")
    others = (
        appeals_of_current_determination(appeal.case)
        .exclude(pk=appeal.pk)
        .filter(released_at__isnull=True)
        .select_related("filed_by")
        .first()
    )
    if others is not None:
        return _(
            "Give the decision on the %(role)s's appeal to the parties first: a remand sets the determination "
            "aside for both parties (34 CFR 106.45(b)(8))."
        ) % {"role": others.filed_by.get_role_display().lower()}
    if appeal.case.status != S.APPEAL_WINDOW:
        return _("A remand returns a case at the appeal stage to the hearing stage; this case is “%(status)s”.") % {
            "status": appeal.case.get_status_display()
        }
    return None


def appeal_remand_apply(*, appeal: Appeal, actor) -> None:
    """Inside appeal_release, after the letters: the determination set aside, the case back to the hearing stage."""
    from .workflow import TransitionRefused, case_transition

    case = appeal.case
    Determination.objects.filter(case=case).update(released_at=None, released_by=None)
    for clock in CaseDeadline.objects.filter(
        case=case, kind=CaseDeadline.Kind.APPEAL_FILING, state=CaseDeadline.State.OPEN
    ):
        deadline_close(deadline=clock, state=CaseDeadline.State.CANCELLED, actor=actor)
    timeline_event(
        case,
        TimelineEvent.Kind.APPEAL,
        _("Determination set aside: the appeal was remanded for a new hearing"),
        actor,
    )
    try:
        case_transition(
            case=case,
            to=S.INVESTIGATION,
            actor=actor,
            reason=_("Appeal remanded for a new hearing (34 CFR 106.45(b)(8)): the determination is set aside."),
        )
    except TransitionRefused as refused:
        raise ValidationError(str(refused)) from refused
