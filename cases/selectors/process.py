"""Reads the workflow's guards need: the signed formal complaint, the informal resolution."""

from __future__ import annotations

from django.utils.translation import gettext as _

from ..models import Case, ConsentRecord, InformalResolution, Letter, LetterKind, Party
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


def _employee_respondent_student_complainant(case: Case, parties: list[Party]) -> bool:
    """106.45(b)(9)(iii): a Title IX case where a student complainant alleges conduct by an employee."""
    return (
        case.is_title_ix
        and any(p.role == Party.Role.COMPLAINANT and p.affiliation == "student" for p in parties)
        and any(p.role == Party.Role.RESPONDENT and p.affiliation == "employee" for p in parties)
    )


def _roles(parties) -> str:
    return ", ".join(str(p.get_role_display()).lower() for p in parties)


def informal_resolution_resolve_refusals(informal: InformalResolution) -> list[str]:
    """Why this informal resolution may not be recorded as resolved by agreement (empty when it may).

    34 CFR 106.45(b)(9): only on a formal complaint (the Title IX track), never for allegations
    that an employee sexually harassed a student ((iii)), after written notice to the parties
    ((i)), with the voluntary, written consent of both ((ii)): each consent recorded in writing,
    stated as voluntary, not withdrawn and with its signed form; and the agreement signed.
    """
    case = informal.case
    parties = list(Party.objects.filter(case=case, role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]))
    refusals = []
    if not any(p.role == Party.Role.COMPLAINANT for p in parties) or not any(
        p.role == Party.Role.RESPONDENT for p in parties
    ):
        refusals.append(_("Informal resolution needs a complainant and a respondent recorded on the case."))
    if _employee_respondent_student_complainant(case, parties):
        refusals.append(
            _(
                "34 CFR 106.45(b)(9)(iii): informal resolution is not available in a Title IX case where a "
                "student complainant alleges conduct by an employee."
            )
        )
    if case.is_title_ix and not case_has_signed_formal_complaint(case):
        refusals.append(
            _(
                "34 CFR 106.45(b)(9): informal resolution needs a signed formal complaint: link the "
                "complainant's signed formal complaint, or have the Title IX coordinator sign one."
            )
        )
    consents = ConsentRecord.objects.filter(
        informal_resolution=informal, in_writing=True, voluntary=True, withdrawn_on__isnull=True, document__isnull=False
    )
    signed = set(consents.values_list("party_id", flat=True))
    missing = [p for p in parties if p.pk not in signed]
    if missing:
        refusals.append(
            _(
                "34 CFR 106.45(b)(9)(ii): informal resolution needs the written, voluntary consent of both "
                "parties, each with its signed form attached; missing: %(parties)s."
            )
            % {"parties": _roles(missing)}
        )
    noticed = set(
        Letter.objects.filter(
            case=case, kind=LetterKind.INFORMAL_RESOLUTION, sent_at__isnull=False, recipient__in=parties
        ).values_list("recipient_id", flat=True)
    )
    unnoticed = [p for p in parties if p.pk not in noticed]
    if unnoticed:
        refusals.append(
            _(
                "34 CFR 106.45(b)(9)(i): send the notice of informal resolution (Letters on the case page) "
                "before the parties agree; not yet sent to: %(parties)s."
            )
            % {"parties": _roles(unnoticed)}
        )
    if not informal.agreement_signed_on:
        refusals.append(_("Give the date the parties signed the agreement."))
    return refusals


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
    if _employee_respondent_student_complainant(case, parties):
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
