"""The formal investigation: its details, interviews and evidence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Evidence, Interview, Investigation, Letter, LetterKind, Party, TimelineEvent
from .assignments import investigation_ensure_may_proceed
from .audit import audited, ensure_editable, timeline_event


@audited
def investigation_save(*, investigation: Investigation, actor) -> Investigation:
    ensure_editable(actor, investigation.case)
    if investigation.report_document_id and investigation.report_document.case_id != investigation.case_id:
        raise ValidationError({"report_document": _("Choose a document of this case.")})
    investigation.save()
    timeline_event(investigation.case, TimelineEvent.Kind.INVESTIGATION, _("Investigation details updated"), actor)
    return investigation


def parties_without_notice_of_allegations(case) -> list[Party]:
    """Known complainants and respondents who have not been sent the notice of allegations."""
    sent_to = set(
        Letter.objects.filter(case=case, kind=LetterKind.ALLEGATIONS, sent_at__isnull=False).values_list(
            "recipient_id", flat=True
        )
    )
    return [
        party
        for party in case.parties.filter(role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]).order_by("pk")
        if party.pk not in sent_to
    ]


def investigation_notice_date_sync(*, case) -> None:
    """The investigation's "notice of allegations sent": the day the last known party was sent it.

    Called when a notice is sent and when the investigation opens (the notices usually go out
    before the case moves to investigation); a date staff typed is kept.
    """
    if parties_without_notice_of_allegations(case):
        return
    last = (
        Letter.objects.filter(case=case, kind=LetterKind.ALLEGATIONS, sent_at__isnull=False)
        .order_by("-sent_at")
        .values_list("sent_at", flat=True)
        .first()
    )
    if last is None:
        return
    Investigation.objects.filter(case=case, notice_of_allegations_on__isnull=True).update(
        notice_of_allegations_on=timezone.localtime(last).date()
    )


@audited
def interview_save(*, interview: Interview, actor) -> Interview:
    """Record an interview of the formal investigation.

    34 CFR 106.45(b)(2)(i): the notice of allegations goes to every known party "with
    sufficient time to prepare a response before any initial interview": no interview
    is recorded before it was sent to each known complainant and respondent.
    """
    ensure_editable(actor, interview.investigation.case)
    created = interview.pk is None
    if created:
        missing = parties_without_notice_of_allegations(interview.investigation.case)
        if missing:
            raise ValidationError(
                _(
                    "No interview before the notice of allegations was sent to every known party: "
                    "not yet sent to the %(roles)s."
                )
                % {"roles": ", ".join(sorted({party.get_role_display().lower() for party in missing}))}
            )
        investigation_ensure_may_proceed(case=interview.investigation.case)
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
    if created:
        investigation_ensure_may_proceed(case=evidence.investigation.case)
    evidence.save()
    if created:
        timeline_event(
            evidence.investigation.case,
            TimelineEvent.Kind.INVESTIGATION,
            _("Evidence recorded (%(date)s)") % {"date": evidence.received_on},
            actor,
        )
    return evidence
