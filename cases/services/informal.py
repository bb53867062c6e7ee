"""Informal resolution and the parties' written consent to it.

Whether a case may go to informal resolution is a read: informal_resolution_refusal.

On the Title IX track (34 CFR 106.45(b)(9)) an informal resolution is offered only once a
formal complaint is filed (the complainant's signed complaint, or one the Title IX
coordinator signed), and any party may withdraw before the agreement is signed: the
informal resolution then ends as withdrawn and the case resumes the formal process where
it left off (`InformalResolution.left_off_status`, recorded when the case moved to
informal resolution). On a Title IX case the formal process is the investigation: a case
that left off before it (assessment, supportive measures) resumes at the investigation's
start, since a filed formal complaint must be investigated. A non-Title-IX case that left
off elsewhere stays in informal resolution, marked withdrawn, for staff to move on.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.hearing import case_parties_and_advisors
from cases.selectors.process import (
    case_has_signed_formal_complaint,
    informal_resolution_resolve_refusals,
)

from ..models import Case, ConsentRecord, InformalResolution, LetterKind, Party, TimelineEvent
from ..selectors.guards import guard_title_ix_informal_complaint
from .audit import audited, ensure_editable, timeline_event
from .letters import letter_prepare


@audited
def informal_resolution_save(*, informal: InformalResolution, actor) -> InformalResolution:
    case = informal.case
    ensure_editable(actor, case)
    created = informal.pk is None
    old = None if created else InformalResolution.objects.get(pk=informal.pk)
    old_outcome = old.outcome if old else None
    if created:
        refusal = guard_title_ix_informal_complaint(case)
        if refusal:
            raise ValidationError(refusal)
    if informal.outcome == InformalResolution.Outcome.RESOLVED and old_outcome != informal.outcome:
        refusals = informal_resolution_resolve_refusals(informal)
        if refusals:
            raise ValidationError({"outcome": refusals})
    if informal.outcome != InformalResolution.Outcome.PENDING and not informal.ended_on:
        informal.ended_on = timezone.localdate()
    informal.save()
    if created:
        timeline_event(
            case,
            TimelineEvent.Kind.INFORMAL,
            _("Informal resolution recorded: %(kind)s") % {"kind": informal.get_kind_display()},
            actor,
        )
        _notice_prepare(informal=informal, actor=actor)
    elif old_outcome != informal.outcome:
        timeline_event(
            case,
            TimelineEvent.Kind.INFORMAL,
            _("Informal resolution outcome: %(outcome)s") % {"outcome": informal.get_outcome_display()},
            actor,
        )
    if old is not None and informal.agreement_signed_on and not old.agreement_signed_on:
        timeline_event(case, TimelineEvent.Kind.INFORMAL, _("Informal resolution agreement signed"), actor)
    return informal


def _notice_prepare(*, informal: InformalResolution, actor) -> None:
    """106.45(b)(9)(i): the written notice of the informal resolution to each party (and their
    advisor), prepared for staff to review and send (Letters on the case page, or the portal)."""
    recipients = case_parties_and_advisors(informal.case)
    if not any(p.role in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT) for p in recipients):
        return  # no party known yet: staff prepare the notice from the case page later
    letter_prepare(
        case=informal.case,
        kind=LetterKind.INFORMAL_RESOLUTION,
        recipients=recipients,
        actor=actor,
        extra={"informal_resolution": informal},
        regarding=f"cases.informalresolution:{informal.pk}",
    )


@audited
def consent_record_save(*, consent: ConsentRecord, actor) -> ConsentRecord:
    informal = consent.informal_resolution
    ensure_editable(actor, informal.case)
    if consent.party.case_id != informal.case_id:
        raise ValidationError({"party": _("Choose a party of this case.")})
    if consent.party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"party": _("Consent is recorded for the complainant and the respondent.")})
    created = consent.pk is None
    was_withdrawn = False if created else ConsentRecord.objects.get(pk=consent.pk).withdrawn_on is not None
    withdrawing = consent.withdrawn_on is not None and not was_withdrawn
    if withdrawing and informal.agreement_signed_on:
        raise ValidationError(
            {
                "withdrawn_on": _(
                    "The agreement was signed on %(date)s: consent can only be withdrawn before it is signed."
                )
                % {"date": informal.agreement_signed_on}
            }
        )
    if created:
        consent.recorded_by = actor
    consent.save()
    timeline_event(
        informal.case,
        TimelineEvent.Kind.INFORMAL,
        (
            _("Consent of the %(role)s withdrawn")
            if consent.withdrawn_on
            else _("Written consent of the %(role)s recorded")
        )
        % {"role": consent.party.get_role_display().lower()},
        actor,
    )
    if withdrawing:
        _informal_resolution_withdrawn(informal=informal, consent=consent, actor=actor)
    return consent


@audited
def consent_withdraw(*, consent: ConsentRecord, actor, withdrawn_on=None) -> ConsentRecord:
    """A party withdraws consent before the agreement is signed; the formal process resumes."""
    if consent.withdrawn_on is not None:
        raise ValidationError(_("This consent was already withdrawn on %(date)s.") % {"date": consent.withdrawn_on})
    consent.withdrawn_on = withdrawn_on or timezone.localdate()
    return consent_record_save(consent=consent, actor=actor)


def informal_resolution_resume_status(*, case: Case, informal: InformalResolution) -> str | None:
    """Where the formal process resumes after a withdrawal (None: staff decide)."""
    if informal.left_off_status == Case.Status.INVESTIGATION:
        return Case.Status.INVESTIGATION
    if case.is_title_ix and case_has_signed_formal_complaint(case):
        return Case.Status.INVESTIGATION
    return None


def _informal_resolution_withdrawn(*, informal: InformalResolution, consent: ConsentRecord, actor) -> None:
    from .workflow import TransitionRefused, case_transition

    informal = InformalResolution.objects.select_for_update().get(pk=informal.pk)
    if informal.outcome == InformalResolution.Outcome.PENDING:
        informal.outcome = InformalResolution.Outcome.WITHDRAWN
        informal.ended_on = consent.withdrawn_on
        informal.save(update_fields=["outcome", "ended_on"])
        timeline_event(
            informal.case,
            TimelineEvent.Kind.INFORMAL,
            _("Informal resolution outcome: %(outcome)s") % {"outcome": informal.get_outcome_display()},
            actor,
        )
    case = Case.objects.get(pk=informal.case_id)
    if case.status != Case.Status.INFORMAL_RESOLUTION:
        return
    resume = informal_resolution_resume_status(case=case, informal=informal)
    if resume is None:
        return
    reason = _(
        "The %(role)s withdrew consent to the informal resolution before the agreement was signed: "
        "the formal process resumes (%(status)s)."
    ) % {"role": consent.party.get_role_display().lower(), "status": Case.Status(resume).label}
    try:
        case_transition(case=case, to=resume, actor=actor, reason=reason)
    except TransitionRefused as refused:
        raise ValidationError(
            _("Consent withdrawn, but the case could not resume the formal process: %(why)s") % {"why": refused}
        ) from refused
