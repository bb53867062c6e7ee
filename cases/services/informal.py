"""Informal resolution and the parties' written consent to it.

Whether a case may go to informal resolution is a read: selectors.informal_resolution_refusal.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import ConsentRecord, InformalResolution, Party, TimelineEvent
from .audit import audited, ensure_editable, timeline_event


@audited
def informal_resolution_save(*, informal: InformalResolution, actor) -> InformalResolution:
    case = informal.case
    ensure_editable(actor, case)
    created = informal.pk is None
    old_outcome = None if created else InformalResolution.objects.get(pk=informal.pk).outcome
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
    elif old_outcome != informal.outcome:
        timeline_event(
            case,
            TimelineEvent.Kind.INFORMAL,
            _("Informal resolution outcome: %(outcome)s") % {"outcome": informal.get_outcome_display()},
            actor,
        )
    return informal


@audited
def consent_record_save(*, consent: ConsentRecord, actor) -> ConsentRecord:
    informal = consent.informal_resolution
    ensure_editable(actor, informal.case)
    if consent.party.case_id != informal.case_id:
        raise ValidationError({"party": _("Choose a party of this case.")})
    if consent.party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"party": _("Consent is recorded for the complainant and the respondent.")})
    created = consent.pk is None
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
    return consent
