"""The formal investigation: its details, interviews and evidence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..models import Evidence, Interview, Investigation, TimelineEvent
from .audit import audited, ensure_editable, timeline_event


@audited
def investigation_save(*, investigation: Investigation, actor) -> Investigation:
    ensure_editable(actor, investigation.case)
    if investigation.report_document_id and investigation.report_document.case_id != investigation.case_id:
        raise ValidationError({"report_document": _("Choose a document of this case.")})
    investigation.save()
    timeline_event(investigation.case, TimelineEvent.Kind.INVESTIGATION, _("Investigation details updated"), actor)
    return investigation


@audited
def interview_save(*, interview: Interview, actor) -> Interview:
    ensure_editable(actor, interview.investigation.case)
    created = interview.pk is None
    interview.save()
    if created:
        timeline_event(
            interview.investigation.case,
            TimelineEvent.Kind.INVESTIGATION,
            _("Interview recorded (%(date)s)") % {"date": interview.interviewed_on},
            actor,
        )
    return interview


@audited
def evidence_save(*, evidence: Evidence, actor) -> Evidence:
    ensure_editable(actor, evidence.investigation.case)
    created = evidence.pk is None
    evidence.save()
    if created:
        timeline_event(
            evidence.investigation.case,
            TimelineEvent.Kind.INVESTIGATION,
            _("Evidence recorded (%(date)s)") % {"date": evidence.received_on},
            actor,
        )
    return evidence
