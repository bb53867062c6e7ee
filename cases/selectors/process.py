"""Reads the workflow's guards need: the signed formal complaint, the informal resolution."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Case, ConsentRecord, InformalResolution, Party
from .refusals import Refusal, on_case_page, on_page


def latest_informal_resolution(case: Case) -> InformalResolution | None:
    return InformalResolution.objects.filter(case=case).order_by("-created_at", "-pk").first()


def case_has_signed_formal_complaint(case: Case) -> bool:
    """A formal complaint signed by the complainant, or one signed by the coordinator."""
    if case.coordinator_signed_complaint_at:
        return True
    try:
        from reports.models import FormalComplaint
    except ImportError:
        return False
    return FormalComplaint.objects.filter(report__case_link__case=case).exists()


def informal_resolution_refusal(case: Case) -> str | None:
    """Why this case may not go to informal resolution now (None when it may)."""
    parties = list(Party.objects.filter(case=case, role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]))
    complainants = [p for p in parties if p.role == Party.Role.COMPLAINANT]
    respondents = [p for p in parties if p.role == Party.Role.RESPONDENT]
    if not complainants or not respondents:
        return on_case_page(
            case, "parties-group",
            _("106.45(b)(9): informal resolution needs a complainant and a respondent recorded on the case."),
            _("Record the parties"),
        )
    if (
        case.is_title_ix
        and any(p.affiliation == "student" for p in complainants)
        and any(p.affiliation == "employee" for p in respondents)
    ):
        return Refusal(_(
            "106.45(b)(9)(iii): informal resolution is not available in a Title IX case where a student "
            "complainant alleges conduct by an employee."
        ))
    informal = latest_informal_resolution(case)
    if informal is None or informal.outcome != InformalResolution.Outcome.PENDING:
        return on_case_page(
            case, "informal-form",
            _("106.45(b)(9): record the informal resolution (its type) before moving the case to it."),
            _("Record an informal resolution"),
        )
    consented = set(
        ConsentRecord.objects.filter(
            informal_resolution=informal, in_writing=True, voluntary=True, withdrawn_on__isnull=True
        ).values_list("party_id", flat=True)
    )
    missing = [p for p in complainants + respondents if p.pk not in consented]
    if missing:
        text = _(
            "106.45(b)(9)(ii): informal resolution needs written, voluntary consent recorded for every "
            "complainant and respondent; missing: %(parties)s."
        ) % {"parties": ", ".join(str(p.get_role_display()).lower() for p in missing)}
        return on_page("admin:cases_informalresolution_change", informal.pk, text, _("Record the consents"))
    return None
