"""What a party signed in to the portal may see of the evidence review, the investigation
report and appeals (34 CFR 106.45(b)(5)(vi)-(vii), (b)(8)).

The rule is the letters': a party reaches an evidence review, a report or an appeal only once
a letter about it, addressed to them, was published (sent). An advisor acts for the party
they advise (their windows, their response). Nothing else of the other party is shown: not
their response to the evidence, nor their statements on an appeal they did not file; the
appellant's own written statement is shown to the other party, who answers it. Any other id
answers None (404).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils import timezone

from ..models import (
    Appeal,
    AppealBasis,
    AppealStatement,
    CaseDeadline,
    CaseDocument,
    Determination,
    Evidence,
    EvidenceResponse,
    EvidenceReview,
    InvestigationReport,
    Letter,
    Party,
)


def _principal(party: Party) -> Party:
    if party.role == Party.Role.ADVISOR and party.advises_id:
        return party.advises
    return party


def _regarding_sent(party: Party, model: str) -> list[int]:
    """Pks of `model` rows a letter published to `party` is about."""
    prefix = f"cases.{model}:"
    refs = Letter.objects.filter(
        recipient=party, case_id=party.case_id, sent_at__isnull=False, regarding__startswith=prefix
    ).values_list("regarding", flat=True)
    return sorted({int(ref[len(prefix):]) for ref in refs if ref[len(prefix):].isdigit()})


@dataclass
class ReviewView:
    review: EvidenceReview
    deadline: CaseDeadline | None
    response: EvidenceResponse | None
    evidence: list = field(default_factory=list)

    @property
    def is_open(self) -> bool:
        return self.deadline is not None and timezone.localdate() <= self.deadline.due_on


def _review_items(review: EvidenceReview, case_id: int) -> list[Evidence]:
    """Every item the review sent (with a file or to inspect as its letter says); a review sent
    before the items were recorded on it: the related evidence with a file."""
    items = list(review.items.order_by("received_on", "pk"))
    if items or review.inspection_arrangement:
        return items
    return list(
        Evidence.objects.filter(investigation__case_id=case_id, directly_related=True, document__isnull=False).order_by(
            "received_on", "pk"
        )
    )


def portal_evidence_reviews(*, party: Party) -> list[ReviewView]:
    principal = _principal(party)
    reviews = EvidenceReview.objects.filter(case_id=party.case_id, pk__in=_regarding_sent(party, "evidencereview"))
    views = []
    for review in reviews.order_by("-sent_on", "-pk"):
        regarding = f"cases.evidencereview:{review.pk}"
        deadline = CaseDeadline.objects.filter(
            case_id=party.case_id, kind=CaseDeadline.Kind.EVIDENCE_RESPONSE, regarding=regarding, party=principal
        ).first()
        response = EvidenceResponse.objects.filter(review=review, party=principal).select_related("document").first()
        view = ReviewView(review=review, deadline=deadline, response=response)
        if view.is_open:
            view.evidence = _review_items(review, party.case_id)
        views.append(view)
    return views


def portal_evidence_review_get(*, party: Party, review_id: int) -> ReviewView | None:
    return next((view for view in portal_evidence_reviews(party=party) if view.review.pk == review_id), None)


def portal_reports(*, party: Party):
    return InvestigationReport.objects.filter(
        case_id=party.case_id, sent_on__isnull=False, pk__in=_regarding_sent(party, "investigationreport")
    ).order_by("-sent_on", "-pk")


def portal_shared_document(*, party: Party, document_id: int) -> tuple[CaseDocument, str, str] | None:
    """(document, what, regarding) when `document_id` is evidence of an open review shared with
    the party, or a report sent to them; else None."""
    for report in portal_reports(party=party):
        if report.document_id == document_id:
            return report.document, "report", f"cases.investigationreport:{report.pk}"
    for view in portal_evidence_reviews(party=party):
        for item in view.evidence:
            if item.document_id is not None and item.document_id == document_id:
                return item.document, "evidence", f"cases.evidencereview:{view.review.pk}"
    for view in portal_appeals(party=party):
        for statement in view.appellant_statements:
            if statement.document_id == document_id:
                return statement.document, "appeal_statement", f"cases.appeal:{view.appeal.pk}"
    return None


# --- Appeals ----------------------------------------------------------------------------------


def portal_appeal_bases():
    return AppealBasis.objects.filter(active=True).order_by("order", "pk")


def portal_appealable(*, party: Party) -> Determination | None:
    """The released determination the party may appeal today (the window open), or None."""
    from ..workflow import S

    principal = _principal(party)
    if principal.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        return None
    determination = portal_determination(party=party)
    if determination is None or party.case.status != S.APPEAL_WINDOW:
        return None
    if determination.appeal_deadline and timezone.localdate() > determination.appeal_deadline:
        return None
    if Appeal.objects.filter(case_id=party.case_id, filed_by=principal, dismissal__isnull=True).exists():
        return None
    return determination


def portal_determination(*, party: Party) -> Determination | None:
    """The determination, once its letter to the party (or whom they advise) was published."""
    determination = Determination.objects.filter(case_id=party.case_id, released_at__isnull=False).first()
    if determination is None or not Letter.objects.filter(
        recipient=_principal(party), sent_at__isnull=False, regarding=f"cases.determination:{determination.pk}"
    ).exists():
        return None
    return determination


@dataclass
class AppealView:
    appeal: Appeal
    mine: bool
    window: CaseDeadline | None
    statements: list = field(default_factory=list)
    # The other party's appeal: the appellant's written statements, readable by this party ((b)(8)(iii)(D)).
    appellant_statements: list = field(default_factory=list)

    @property
    def may_submit(self) -> bool:
        return (
            self.window is not None
            and timezone.localdate() <= self.window.due_on
            and self.appeal.decision == Appeal.Decision.PENDING
        )


def portal_appeals(*, party: Party) -> list[AppealView]:
    """Appeals the party filed, or was sent notice of; with their own statements, and for the other
    party's appeal the appellant's statements."""
    principal = _principal(party)
    notified = _regarding_sent(party, "appeal")
    appeals = Appeal.objects.filter(case_id=party.case_id).order_by("-filed_on", "-pk").prefetch_related("bases")
    views = []
    for appeal in appeals:
        mine = appeal.filed_by_id == principal.pk
        if not mine and appeal.pk not in notified:
            continue
        window = CaseDeadline.objects.filter(
            case_id=party.case_id,
            kind=CaseDeadline.Kind.APPEAL_STATEMENT,
            regarding=f"cases.appeal:{appeal.pk}",
            party=principal,
        ).first()
        statements = list(
            AppealStatement.objects.filter(appeal=appeal, party=principal).order_by("submitted_on", "pk")
        )
        appellant = [] if mine else list(
            AppealStatement.objects.filter(appeal=appeal, party_id=appeal.filed_by_id)
            .select_related("document")
            .order_by("submitted_on", "pk")
        )
        views.append(AppealView(appeal=appeal, mine=mine, window=window, statements=statements,
                                appellant_statements=appellant))
    return views


def portal_appeal_get(*, party: Party, appeal_id: int) -> AppealView | None:
    return next((view for view in portal_appeals(party=party) if view.appeal.pk == appeal_id), None)
