"""Evidence review and the investigation report (34 CFR 106.45(b)(5)(vi)-(vii)).

(vi): the evidence directly related to the allegations is sent to each party and their
advisor, and each has at least 10 days (settings.TITLE_IX_EVIDENCE_RESPONSE_DAYS, never
fewer) to submit a written response, which the investigator considers before the report
is final. (vii): the report is sent to each party and advisor at least 10 days before the
hearing (settings.TITLE_IX_REPORT_BEFORE_HEARING_DAYS): that clock is opened here and
checked by cases.services.hearing.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cases.selectors.hearing import (
    case_parties_and_advisors,
    case_principal_parties,
    evidence_review_deadlines,
    report_finalise_refusal,
)

from ..models import (
    CaseDeadline,
    CaseDocument,
    Evidence,
    EvidenceResponse,
    EvidenceReview,
    InvestigationReport,
    Party,
    TimelineEvent,
)
from .assignments import investigation_ensure_may_proceed
from .audit import audited, ensure_editable, ensure_may_act, timeline_event
from .deadlines import deadline_close, deadline_open
from .letters import letter_prepare
from .once import case_lock

EVIDENCE_BASIS = "34 CFR 106.45(b)(5)(vi)"
REPORT_BASIS = "34 CFR 106.45(b)(5)(vii)"


def _not_in_future(day: datetime.date, field: str) -> None:
    if day > timezone.localdate():
        raise ValidationError({field: _("This date is in the future.")})


def _both_parties(case) -> list[Party]:
    parties = case_principal_parties(case)
    roles = {party.role for party in parties}
    if Party.Role.COMPLAINANT not in roles or Party.Role.RESPONDENT not in roles:
        raise ValidationError(_("Record the complainant and the respondent of the case first."))
    return parties


@audited
def evidence_review_send(
    *, case, actor, sent_on: datetime.date | None = None, inspection_arrangement: str = ""
) -> EvidenceReview:
    """Send the evidence marked directly related to both parties and their advisors for review.

    Prepares an evidence_review letter to each, listing every item sent, and opens each party's
    response clock. 106.45(b)(5)(vi) sends the evidence "in an electronic format or a hard copy":
    an item without a file needs `inspection_arrangement` (how and when the parties inspect it),
    stated in the letter; without it no clock starts, since the parties would have nothing to review.
    """
    ensure_editable(actor, case)
    investigation_ensure_may_proceed(case=case)
    # A sent date later than today only makes the clocks longer; an earlier one is a back-dated record.
    sent_on = sent_on or timezone.localdate()
    parties = _both_parties(case)
    evidence = list(Evidence.objects.filter(investigation__case=case, directly_related=True))
    if not evidence:
        raise ValidationError(
            _("Mark the evidence directly related to the allegations (on the investigation) before sending it.")
        )
    arrangement = (inspection_arrangement or "").strip()
    without_file = [item for item in evidence if item.document_id is None]
    if without_file and not arrangement:
        raise ValidationError(
            {
                "inspection_arrangement": ngettext(
                    "%(n)s item of evidence has no file to send: attach its file on the investigation, or say "
                    "here how and when the parties and advisors may inspect it (a hard copy, or an appointment "
                    "at the office), 34 CFR 106.45(b)(5)(vi).",
                    "%(n)s items of evidence have no file to send: attach their files on the investigation, or "
                    "say here how and when the parties and advisors may inspect them (a hard copy, or an "
                    "appointment at the office), 34 CFR 106.45(b)(5)(vi).",
                    len(without_file),
                )
                % {"n": len(without_file)}
            }
        )
    case_lock(case=case)  # a second window sending the same evidence the same day sends nothing
    if EvidenceReview.objects.filter(case=case, sent_on=sent_on, evidence_count=len(evidence)).exists():
        raise ValidationError(
            _("This evidence was already sent for review on %(date)s: nothing was sent again.")
            % {"date": sent_on.isoformat()}
        )
    review = EvidenceReview.objects.create(
        case=case,
        sent_on=sent_on,
        evidence_count=len(evidence),
        sent_by=actor,
        inspection_arrangement=arrangement if without_file else "",
    )
    review.items.set(evidence)
    regarding = f"cases.evidencereview:{review.pk}"
    days = settings.TITLE_IX_EVIDENCE_RESPONSE_DAYS
    letter_prepare(
        case=case,
        kind="evidence_review",
        recipients=case_parties_and_advisors(case),
        actor=actor,
        extra={
            "review": review,
            "evidence": evidence,
            "inspection_arrangement": review.inspection_arrangement,
            "response_days": days,
            "response_due_on": sent_on + datetime.timedelta(days=days),
        },
        regarding=regarding,
    )
    for party in parties:
        role = party.get_role_display().lower()
        deadline_open(
            case=case,
            kind=CaseDeadline.Kind.EVIDENCE_RESPONSE,
            label=_("Written response to the evidence: %(role)s") % {"role": role},
            basis=EVIDENCE_BASIS,
            start_event=_("Evidence sent for review on %(date)s") % {"date": sent_on.isoformat()},
            starts_on=sent_on,
            length_days=days,
            for_whom=role,
            party=party,
            regarding=regarding,
            actor=actor,
        )
    timeline_event(
        case,
        TimelineEvent.Kind.INVESTIGATION,
        _("%(n)s piece(s) of evidence sent to the parties and advisors for review") % {"n": len(evidence)},
        actor,
    )
    return review


@audited
def evidence_response_record(
    *,
    review: EvidenceReview,
    party: Party,
    actor,
    received_on: datetime.date | None = None,
    document: CaseDocument | None = None,
    no_response: bool = False,
    by_party: Party | None = None,
) -> EvidenceResponse:
    """A party's written response (a case document), or the record that none was received.

    Closes the party's response clock: met when the response came by its due date. With
    `by_party` (actor None) the party, or the advisor they named, submits it in the portal:
    received today, and only until the clock's due date (staff may still record a late one).
    """
    case = review.case
    ensure_may_act(actor, case, by_party)
    if party.case_id != case.pk or party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"party": _("Choose the complainant or the respondent of this case.")})
    if by_party is not None and by_party.pk != party.pk and by_party.advises_id != party.pk:
        raise ValidationError({"party": _("A response is the party's own, or their advisor's for them.")})
    if EvidenceResponse.objects.filter(review=review, party=party).exists():
        raise ValidationError({"party": _("This party's response to this review is already recorded.")})
    deadline = evidence_review_deadlines(review).filter(party=party).first()
    if by_party is not None:
        no_response, received_on = False, timezone.localdate()
        if deadline is None or received_on > deadline.due_on:
            raise ValidationError(
                _("The time to respond to this evidence ended on %(date)s. Please contact the IDHR Office.")
                % {"date": deadline.due_on.isoformat() if deadline else review.sent_on.isoformat()}
            )
    if no_response:
        if document is not None:
            raise ValidationError({"document": _("A response with a document is a response: untick “no response”.")})
        today = timezone.localdate()
        if deadline is not None and today <= deadline.due_on:
            raise ValidationError(
                {"no_response": _("The party may still respond until %(date)s.") % {"date": deadline.due_on}}
            )
        received_on = None
    else:
        if document is None or document.case_id != case.pk:
            raise ValidationError(
                {"document": _("Upload the written response as a document of this case and choose it.")}
            )
        received_on = received_on or timezone.localdate()
        _not_in_future(received_on, "received_on")
        if received_on < review.sent_on:
            raise ValidationError({"received_on": _("This is before the evidence was sent.")})
    response = EvidenceResponse.objects.create(
        review=review,
        party=party,
        received_on=received_on,
        document=document,
        no_response=no_response,
        recorded_by=actor,
        submitted_by=by_party,
    )
    if deadline is not None:
        met = not no_response and received_on <= deadline.due_on
        deadline_close(deadline=deadline, state=CaseDeadline.State.MET if met else CaseDeadline.State.MISSED)
    role = party.get_role_display().lower()
    timeline_event(
        case,
        TimelineEvent.Kind.INVESTIGATION,
        (
            _("No response to the evidence received from the %(role)s")
            if no_response
            else _("Written response to the evidence received from the %(role)s")
            if by_party is None
            else _("Written response to the evidence submitted in the portal by the %(role)s")
        )
        % {"role": role},
        actor,
    )
    return response


@audited
def investigation_report_finalise(
    *, case, document: CaseDocument, actor, finalised_on: datetime.date | None = None
) -> InvestigationReport:
    """The report is final only after the response window closed and each party's response
    (or its absence) is recorded."""
    ensure_editable(actor, case)
    investigation_ensure_may_proceed(case=case)
    finalised_on = finalised_on or timezone.localdate()
    _not_in_future(finalised_on, "finalised_on")
    if document is None or document.case_id != case.pk:
        raise ValidationError({"document": _("Choose the report, uploaded as a document of this case.")})
    if document.kind != CaseDocument.Kind.INVESTIGATOR_REPORT:
        # 106.45(b)(5)(vii): what the parties receive as the investigative report must be it.
        raise ValidationError(
            {
                "document": _(
                    "“%(title)s” is a document of the kind “%(kind)s”, not the investigator's report: upload "
                    "the report as a document of the kind “%(report)s” and choose it (34 CFR 106.45(b)(5)(vii))."
                )
                % {
                    "title": document.filename,
                    "kind": document.get_kind_display(),
                    "report": CaseDocument.Kind.INVESTIGATOR_REPORT.label,
                }
            }
        )
    refusal = report_finalise_refusal(case, finalised_on)
    if refusal:
        raise ValidationError(refusal)
    report = InvestigationReport.objects.create(
        case=case, document=document, finalised_on=finalised_on, finalised_by=actor
    )
    investigation = getattr(case, "investigation", None)
    if investigation is not None and investigation.report_document_id != document.pk:
        investigation.report_document = document
        investigation.save(update_fields=["report_document"])
    timeline_event(case, TimelineEvent.Kind.INVESTIGATION, _("Investigation report finalised"), actor)
    return report


@audited
def investigation_report_send(
    *, report: InvestigationReport, actor, sent_on: datetime.date | None = None
) -> InvestigationReport:
    """Prepare the report's letters to both parties and advisors; start the 10 days before the hearing."""
    case = report.case
    ensure_editable(actor, case)
    if report.sent_on is not None:
        raise ValidationError(_("This report was already sent on %(date)s.") % {"date": report.sent_on})
    sent_on = sent_on or timezone.localdate()
    if sent_on < report.finalised_on:
        raise ValidationError({"sent_on": _("The report is sent after it was finalised.")})
    _both_parties(case)
    regarding = f"cases.investigationreport:{report.pk}"
    letter_prepare(
        case=case,
        kind="investigation_report",
        recipients=case_parties_and_advisors(case),
        actor=actor,
        extra={"report": report},
        regarding=regarding,
    )
    report.sent_on, report.sent_by = sent_on, actor
    report.save(update_fields=["sent_on", "sent_by"])
    if case.is_title_ix:
        deadline_open(
            case=case,
            kind=CaseDeadline.Kind.REPORT_BEFORE_HEARING,
            label=_("Earliest hearing date (report sent %(date)s)") % {"date": sent_on.isoformat()},
            basis=REPORT_BASIS,
            start_event=_("Investigation report sent on %(date)s") % {"date": sent_on.isoformat()},
            starts_on=sent_on,
            length_days=settings.TITLE_IX_REPORT_BEFORE_HEARING_DAYS,
            for_whom=_("the office (no hearing before this date)"),
            extendable=False,
            regarding=regarding,
            actor=actor,
        )
    timeline_event(
        case, TimelineEvent.Kind.INVESTIGATION, _("Investigation report sent to the parties and advisors"), actor
    )
    return report
