"""Reads of the evidence review, the investigation report, the hearing and the clocks.

The refusals here are the regulation's: 34 CFR 106.45(b)(5)(vi) (at least 10 days to
respond to the evidence before the report is final), (b)(5)(vii) (the report at least
10 days before the hearing), (b)(6)(i) (an advisor for each party before the hearing
starts; the recording or transcript kept).
"""

from __future__ import annotations

import datetime

from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import (
    Case,
    CaseDeadline,
    EvidenceResponse,
    EvidenceReview,
    Hearing,
    InvestigationReport,
    Party,
)
from .access import case_visible_queryset
from .delivery import letters_delivered_on, regarding_letters, unsent_recipient_roles
from .refusals import on_case_page, on_page

PRINCIPAL_ROLES = (Party.Role.COMPLAINANT, Party.Role.RESPONDENT)
# Clocks that are a minimum, not something due: "no hearing before this date" (106.45(b)(5)(vii)).
# Once passed they are not overdue; the dashboard and the digest leave them out.
FLOOR_KINDS = (CaseDeadline.Kind.REPORT_BEFORE_HEARING,)
# The dashboard and the digest show open clocks overdue or due within this many days.
DEADLINE_SOON_DAYS = 2


def case_principal_parties(case: Case) -> list[Party]:
    """The complainants and respondents of the case."""
    return list(Party.objects.filter(case=case, role__in=PRINCIPAL_ROLES).order_by("role", "pk"))


def case_parties_and_advisors(case: Case) -> list[Party]:
    """The complainants and respondents and the advisors of each: who gets evidence, report, notices."""
    return list(
        Party.objects.filter(case=case)
        .filter(Q(role__in=PRINCIPAL_ROLES) | Q(role=Party.Role.ADVISOR, advises__isnull=False))
        .order_by("role", "pk")
    )


def parties_without_advisor(case: Case, *, parties: list[Party] | None = None) -> list[Party]:
    """Complainants and respondents with no advisor recorded; from `parties` (every party of the
    case, already read, in role and pk order) without a query when given."""
    if parties is not None:
        advised = {p.advises_id for p in parties if p.role == Party.Role.ADVISOR}
        return [p for p in parties if p.role in PRINCIPAL_ROLES and p.pk not in advised]
    return list(
        Party.objects.filter(case=case, role__in=PRINCIPAL_ROLES)
        .exclude(pk__in=Party.objects.filter(case=case, role=Party.Role.ADVISOR).values("advises_id"))
        .order_by("role", "pk")
    )


def latest_evidence_review(case: Case) -> EvidenceReview | None:
    return EvidenceReview.objects.filter(case=case).order_by("-sent_on", "-pk").first()


def latest_sent_report(case: Case) -> InvestigationReport | None:
    return InvestigationReport.objects.filter(case=case, sent_on__isnull=False).order_by("-sent_on", "-pk").first()


def evidence_review_deadlines(review: EvidenceReview) -> QuerySet[CaseDeadline]:
    return CaseDeadline.objects.filter(
        case_id=review.case_id, kind=CaseDeadline.Kind.EVIDENCE_RESPONSE, regarding=f"cases.evidencereview:{review.pk}"
    )


def report_finalise_refusal(case: Case, on: datetime.date) -> str | None:
    """Why the investigation report may not be finalised on `on` (None when it may).

    106.45(b)(5)(vi): each party has at least 10 days to respond in writing to the evidence,
    and the investigator considers the responses before the report is final.
    """
    review = latest_evidence_review(case)
    if review is None:
        return _("Send the evidence directly related to the allegations to both parties for review first.")
    unsent = unsent_recipient_roles(regarding_letters(f"cases.evidencereview:{review.pk}"))
    if unsent:
        return _(
            "The evidence has not reached the %(who)s yet: mark their letters sent. "
            "Each party's 10 days run from the day they have it."
        ) % {"who": unsent}
    last_due = max(evidence_review_deadlines(review).values_list("due_on", flat=True), default=None)
    if last_due is not None and on <= last_due:
        return _("The parties may respond to the evidence until %(date)s: the report can be finalised after that.") % {
            "date": last_due.isoformat()
        }
    answered = set(EvidenceResponse.objects.filter(review=review).values_list("party_id", flat=True))
    for party in case_principal_parties(case):
        if party.pk not in answered:
            return _(
                "Record the %(role)s's written response to the evidence, or that none was received, "
                "before finalising the report."
            ) % {"role": party.get_role_display().lower()}
    return None


def hearing_date_refusal(case: Case, on: datetime.date) -> str | None:
    """Why a hearing may not be held on `on` (None when it may).

    Title IX track, 106.45(b)(5)(vii): the report went to the parties and advisors at least
    10 days before the hearing.
    """
    if not case.is_title_ix:
        return None
    from django.conf import settings

    report = latest_sent_report(case)
    if report is None:
        return _("Send the investigation report to both parties and their advisors before the hearing.")
    letters = regarding_letters(f"cases.investigationreport:{report.pk}")
    unsent = unsent_recipient_roles(letters)
    if unsent:
        return _(
            "The investigation report has not reached the %(who)s yet: mark their letters sent. "
            "The hearing is at least 10 days after the report reached the parties and advisors."
        ) % {"who": unsent}
    days = settings.TITLE_IX_REPORT_BEFORE_HEARING_DAYS
    sent = max(report.sent_on, letters_delivered_on(letters) or report.sent_on)
    earliest = sent + datetime.timedelta(days=days)
    if on < earliest:
        return _(
            "The investigation report was sent on %(sent)s: the hearing cannot be held before %(earliest)s "
            "(at least %(days)s days after)."
        ) % {"sent": sent.isoformat(), "earliest": earliest.isoformat(), "days": days}
    return None


def hearing_start_refusal(hearing: Hearing) -> str | None:
    """Why the hearing may not start (106.45(b)(6)(i): each party has an advisor)."""
    missing = parties_without_advisor(hearing.case)
    if missing:
        return _(
            "The hearing cannot start until each party has an advisor: record the %(role)s's advisor "
            "(the office appoints one when a party has none)."
        ) % {"role": missing[0].get_role_display().lower()}
    return None


def hearing_record_refusal(case: Case) -> str | None:
    """Title IX track: a determination needs the hearing held and its recording or transcript."""
    if not case.is_title_ix:
        return None
    held = Hearing.objects.filter(case=case, status=Hearing.Status.HELD)
    if not held.exists():
        return on_case_page(
            case, "case-process",
            _("106.45(b)(6)(i): on the Title IX track a determination needs the live hearing held first."),
            _("Open the hearings"),
        )
    if not held.filter(recording_or_transcript__isnull=False).exists():
        return on_page(
            "admin:cases_hearing_change", held.order_by("-pk").first().pk,
            _("106.45(b)(6)(i): attach the hearing's recording or transcript before the determination."),
            _("Attach the recording or transcript"),
        )
    from .appeals import last_remand_released_at

    remanded_at = last_remand_released_at(case)
    if remanded_at is not None:
        again = held.filter(held_at__gt=remanded_at)
        if not again.exists():
            return on_case_page(
                case, "case-process",
                _("106.45(b)(6)(i): the appeal was remanded for a new hearing on %(date)s: hold the new hearing "
                  "before the determination.") % {"date": timezone.localtime(remanded_at).date().isoformat()},
                _("Open the hearings"),
            )
        if not again.filter(recording_or_transcript__isnull=False).exists():
            return on_page(
                "admin:cases_hearing_change", again.order_by("-pk").first().pk,
                _("106.45(b)(6)(i): attach the new hearing's recording or transcript before the determination."),
                _("Attach the recording or transcript"),
            )
    return None


def case_open_deadlines(case: Case, today: datetime.date | None = None) -> list[CaseDeadline]:
    """The case's open clocks, soonest first (one query); each marked `is_floor` and `overdue`."""
    today = today or timezone.localdate()
    clocks = list(
        CaseDeadline.objects.filter(case=case, state=CaseDeadline.State.OPEN)
        .select_related("party")
        .order_by("due_on", "pk")
    )
    for clock in clocks:
        clock.is_floor = clock.kind in FLOOR_KINDS
        clock.overdue = not clock.is_floor and clock.due_on < today
    return clocks


def deadline_alert_q(today: datetime.date) -> Q:
    """Open clocks of open cases, overdue or due within DEADLINE_SOON_DAYS."""
    soon = today + datetime.timedelta(days=DEADLINE_SOON_DAYS)
    return (
        Q(state=CaseDeadline.State.OPEN, due_on__lte=soon)
        & ~Q(kind__in=FLOOR_KINDS)
        & ~Q(case__status__in=Case.CLOSED_STATUSES)
    )


def deadline_alerts(*, user, today: datetime.date | None = None, limit: int = 20) -> list[CaseDeadline]:
    """The dashboard's clocks: reference, label and due date of the cases `user` sees."""
    today = today or timezone.localdate()
    return list(
        CaseDeadline.objects.filter(deadline_alert_q(today), case__in=case_visible_queryset(user))
        .select_related("case")
        .only("pk", "label", "due_on", "case__id", "case__reference")
        .order_by("due_on", "pk")[:limit]
    )
