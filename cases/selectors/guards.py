"""The workflow's guards: pure reads, each saying why a move is refused now (or None).

`cases.workflow.GUARDS` names the guards of each target status (data only); this module
holds the functions those names stand for, and `guard_refusal` runs them in order.
`cases.services.workflow.case_transition` is the one service that checks them.
"""

from __future__ import annotations

from collections.abc import Callable

from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Appeal, Case, CaseDocument, Determination, Dismissal, InformalResolution, SupportiveMeasure
from ..workflow import GUARDS, S
from .hearing import hearing_record_refusal
from .process import case_has_signed_formal_complaint, informal_resolution_refusal, latest_informal_resolution


def guard_formal_complaint(case: Case) -> str | None:
    if not case_has_signed_formal_complaint(case):
        return _(
            "A formal investigation needs a signed formal complaint: link the complainant's formal "
            "complaint to this case, or have the Title IX coordinator sign one (recorded as such)."
        )
    return None


def guard_informal_after_failure(case: Case) -> str | None:
    if case.status != S.INFORMAL_RESOLUTION:
        return None
    informal = latest_informal_resolution(case)
    if informal is None or informal.outcome not in (
        InformalResolution.Outcome.FAILED,
        InformalResolution.Outcome.WITHDRAWN,
    ):
        return _("Only a failed or withdrawn informal resolution can move to a formal investigation.")
    return None


def guard_informal(case: Case) -> str | None:
    return informal_resolution_refusal(case)


def guard_title_ix_informal_complaint(case: Case) -> str | None:
    """106.45(b)(9): on the Title IX track, informal resolution only once a formal complaint is filed."""
    if case.is_title_ix and not case_has_signed_formal_complaint(case):
        return _(
            "On the Title IX track an informal resolution needs a formal complaint filed first "
            "(34 CFR 106.45(b)(9)): link the complainant's signed formal complaint, or have the "
            "Title IX coordinator sign one."
        )
    return None


def guard_investigator_report(case: Case) -> str | None:
    if not CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT).exists():
        return _("A determination needs the investigator's report: upload it as a document of that kind.")
    return None


def guard_determination_recorded(case: Case) -> str | None:
    if not Determination.objects.filter(case=case).exists():
        return _("Record the determination (outcome, standard of evidence) before opening the appeal window.")
    return None


def guard_measures_recorded(case: Case) -> str | None:
    if not SupportiveMeasure.objects.filter(case=case).exists():
        return _("Record at least one supportive measure before choosing the supportive-measures pathway.")
    return None


def guard_close(case: Case) -> str | None:
    if case.status == S.INFORMAL_RESOLUTION:
        informal = latest_informal_resolution(case)
        if informal is None or informal.outcome == InformalResolution.Outcome.PENDING:
            return _("Record the outcome of the informal resolution before closing the case.")
    if case.status == S.APPEAL_WINDOW:
        if Appeal.objects.filter(case=case, decision=Appeal.Decision.PENDING).exists():
            return _("An appeal is pending: record its decision before closing the case.")
        determination = Determination.objects.filter(case=case).first()
        if (
            determination
            and determination.appeal_deadline >= timezone.localdate()
            and not Appeal.objects.filter(case=case).exists()
        ):
            return _("The appeal window is open until %(date)s.") % {"date": determination.appeal_deadline}
    return None


def guard_dismissed(case: Case) -> str | None:
    """A formal investigation (or a determination not yet released) closes only by a dismissal
    recorded in this stage that does not continue on another track (106.45(b)(3))."""
    if case.status not in (S.INVESTIGATION, S.DETERMINATION):
        return None
    if Dismissal.objects.filter(case=case, continues_track="", created_at__gte=case.stage_entered_at).exists():
        return None
    return _("A formal investigation closes only by a dismissal of the formal complaint: record the dismissal.")


def guard_hearing_record(case: Case) -> str | None:
    """Title IX track (34 CFR 106.45(b)(6)(i)): the live hearing held, its recording or transcript kept."""
    return hearing_record_refusal(case)


# The functions the names in cases.workflow.GUARDS stand for.
GUARD_FUNCTIONS: dict[str, Callable[[Case], str | None]] = {
    "formal_complaint": guard_formal_complaint,
    "informal_after_failure": guard_informal_after_failure,
    "title_ix_informal_complaint": guard_title_ix_informal_complaint,
    "informal": guard_informal,
    "investigator_report": guard_investigator_report,
    "hearing_record": guard_hearing_record,
    "determination_recorded": guard_determination_recorded,
    "measures_recorded": guard_measures_recorded,
    "close": guard_close,
    "dismissed": guard_dismissed,
}


def guard_refusal(case: Case, to: str) -> str | None:
    """The first guard of `to` that refuses the move now (None when all allow it)."""
    for name in GUARDS.get(to, ()):
        message = GUARD_FUNCTIONS[name](case)
        if message:
            return message
    return None
