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
from .appeals import remand_refusal
from .hearing import hearing_record_refusal
from .process import case_has_signed_formal_complaint, informal_resolution_refusal, latest_informal_resolution
from .refusals import Refusal, on_case_page, on_page


def guard_formal_complaint(case: Case) -> str | None:
    if not case_has_signed_formal_complaint(case):
        return on_case_page(
            case, "formal-complaint",
            _("106.30(a), 106.44(b)(1): a formal investigation needs a signed formal complaint: link the "
              "complainant's formal complaint to this case, or have the Title IX coordinator sign one "
              "(recorded as such)."),
            _("Sign or link the formal complaint"),
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
        text = _("106.45(b)(9): only a failed or withdrawn informal resolution can move to a formal investigation.")
        if informal is None:
            return Refusal(text)
        return on_page(
            "admin:cases_informalresolution_change", informal.pk, text, _("Record the informal resolution's outcome")
        )
    return None


def guard_informal(case: Case) -> str | None:
    return informal_resolution_refusal(case)


def guard_title_ix_informal_complaint(case: Case) -> str | None:
    """106.45(b)(9): on the Title IX track, informal resolution only once a formal complaint is filed."""
    if case.is_title_ix and not case_has_signed_formal_complaint(case):
        return on_case_page(
            case, "formal-complaint",
            _("106.45(b)(9): on the Title IX track an informal resolution needs a formal complaint filed "
              "first: link the complainant's signed formal complaint, or have the Title IX coordinator sign one."),
            _("Sign or link the formal complaint"),
        )
    return None


def guard_investigator_report(case: Case) -> str | None:
    if not CaseDocument.objects.filter(case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT).exists():
        return on_case_page(
            case, "documents-group",
            _("106.45(b)(5)(vii): a determination needs the investigator's report: upload it as a document "
              "of that kind."),
            _("Upload the investigator's report"),
        )
    return None


def guard_determination_recorded(case: Case) -> str | None:
    if not Determination.objects.filter(case=case).exists():
        return on_case_page(
            case, "determination-form",
            _("106.45(b)(7): record the determination (outcome, standard of evidence) before opening the "
              "appeal window."),
            _("Record the determination"),
        )
    return None


def guard_measures_recorded(case: Case) -> str | None:
    if not SupportiveMeasure.objects.filter(case=case).exists():
        return on_case_page(
            case, "measures-group",
            _("106.30(a), 106.44(a): the supportive-measures pathway needs at least one supportive measure "
              "recorded first."),
            _("Record a supportive measure"),
        )
    return None


def guard_close(case: Case) -> str | None:
    if case.status == S.INFORMAL_RESOLUTION:
        informal = latest_informal_resolution(case)
        if informal is None or informal.outcome == InformalResolution.Outcome.PENDING:
            text = _("106.45(b)(10)(i)(C): record the outcome of the informal resolution before closing the case.")
            if informal is None:
                return Refusal(text)
            return on_page(
                "admin:cases_informalresolution_change", informal.pk, text,
                _("Record the informal resolution's outcome"),
            )
    if case.status == S.APPEAL_WINDOW:
        pending = Appeal.objects.filter(case=case, decision=Appeal.Decision.PENDING).order_by("pk").first()
        if pending is not None:
            return on_case_page(
                case, "appeals-group",
                _("106.45(b)(8)(iii)(E): an appeal is pending: record its decision before closing the case."),
                _("Open the appeal"),
            )
        determination = Determination.objects.filter(case=case).first()
        if (
            determination
            and determination.appeal_deadline >= timezone.localdate()
            and not Appeal.objects.filter(case=case).exists()
        ):
            text = _("106.45(b)(7)(iii): the appeal window is open until %(date)s.")
            return Refusal(text % {"date": determination.appeal_deadline})
    return None


def guard_dismissed(case: Case) -> str | None:
    """A formal investigation (or a determination not yet released) closes only by a dismissal
    recorded in this stage that does not continue on another track (106.45(b)(3))."""
    if case.status not in (S.INVESTIGATION, S.DETERMINATION):
        return None
    if Dismissal.objects.filter(case=case, continues_track="", created_at__gte=case.stage_entered_at).exists():
        return None
    return on_case_page(
        case, "dismissal-form",
        _("106.45(b)(3): a formal investigation closes only by a dismissal of the formal complaint: record "
          "the dismissal."),
        _("Record the dismissal"),
    )


def guard_hearing_record(case: Case) -> str | None:
    """Title IX track (34 CFR 106.45(b)(6)(i)): the live hearing held, its recording or transcript kept."""
    return hearing_record_refusal(case)


def guard_remanded(case: Case) -> str | None:
    """106.45(b)(8): from the appeal stage back to the hearing stage only on a remand given to both parties."""
    refusal = remand_refusal(case)
    if refusal is None:
        return None
    return on_case_page(case, "appeal-decision-form", refusal.removeprefix("34 CFR "), _("Decide the appeal"))


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
    "remanded": guard_remanded,
}


def guard_refusal(case: Case, to: str) -> str | None:
    """The first guard of `to` that refuses the move now (None when all allow it)."""
    for name in GUARDS.get(to, ()):
        message = GUARD_FUNCTIONS[name](case)
        if message:
            return message
    return None
