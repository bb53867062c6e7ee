"""The bench's Title IX case at the hearing stage (`C-BENCH-HEARING`, issue 14).

20 principal parties (10 complainants, 10 respondents) each with an advisor, 10 allegations,
the letters of the formal process (notice of allegations to each party; evidence review,
investigation report and hearing notice to each party and advisor: 140 letters), 30 pieces of
evidence, the evidence review with 20 responses, 21 clocks, the report sent, a hearing held
yesterday with 3 panel members (attested) and 40 relevance rulings.

Inserted with bulk_create, not through the services: a letter's PDF takes about 0.5 s to
render, so the letter rows carry their HTML and no PDF document (the case page lists letters,
it never renders their PDF). The case row and its first parties are copied from the big case.
"""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

HEARING_CASE_REFERENCE = "C-BENCH-HEARING"
PRINCIPALS = 20
EVIDENCE, RULINGS = 30, 40


def hearing_case_ensure(*, big_reference: str, staff: dict) -> bool:
    """Create the hearing case once (False when it exists)."""
    from cases.models import (
        Allegation,
        Case,
        CaseAssignment,
        CaseDeadline,
        CaseRole,
        ConflictAttestation,
        Evidence,
        EvidenceResponse,
        EvidenceReview,
        Hearing,
        Investigation,
        InvestigationReport,
        Letter,
        Party,
        RelevanceRuling,
    )
    from cases.services.documents import case_document_add
    from cases.services.letters import letter_template_current

    if Case.objects.filter(reference=HEARING_CASE_REFERENCE).exists():
        return False
    User = get_user_model()
    coordinator = User.objects.get(pk=staff["coordinator"])
    investigator = User.objects.get(pk=staff["investigators"][0])
    panel = [User.objects.get(pk=pk) for pk in staff["managers"][:3]]
    today = timezone.localdate()
    now = timezone.now()

    def days_ago(n):
        return today - datetime.timedelta(days=n)

    with transaction.atomic():
        big = Case.objects.get(reference=big_reference)
        source_parties = list(big.parties.order_by("pk")[:PRINCIPALS])
        case = Case.objects.get(pk=big.pk)
        case.pk = None
        case.reference = HEARING_CASE_REFERENCE
        case.status = Case.Status.INVESTIGATION
        case.pathway = Case.Pathway.FORMAL_INVESTIGATION
        case.closed_at = None
        case.title_ix_category = case.ti_in_program_at_filing = True
        case.ti_in_institute_program = case.ti_in_united_states = True
        case.investigator = investigator
        case.save()
        principals = []
        for index, source in enumerate(source_parties):
            source.pk = None
            source.case = case
            source.role = Party.Role.COMPLAINANT if index % 2 == 0 else Party.Role.RESPONDENT
            principals.append(source)
        principals = Party.objects.bulk_create(principals)
        advisors = Party.objects.bulk_create(
            [
                Party(case=case, role=Party.Role.ADVISOR, name=f"Advisor {i + 1}", advises=party)
                for i, party in enumerate(principals)
            ]
        )
        complainants = [p for p in principals if p.role == Party.Role.COMPLAINANT]
        respondents = [p for p in principals if p.role == Party.Role.RESPONDENT]
        investigation, _created = Investigation.objects.get_or_create(case=case)
        Investigation.objects.filter(pk=investigation.pk).update(
            investigator=investigator, started_on=days_ago(70), notice_of_allegations_on=days_ago(65)
        )
        Allegation.objects.bulk_create(
            [
                Allegation(
                    case=case, number=i + 1, respondent=r, complainant=c, added_by=investigator,
                    conduct="Unwelcome sexual conduct (bench).", policy_provision="MIT Policies 9.8",
                    occurred_on=days_ago(90),
                )
                for i, (c, r) in enumerate(zip(complainants, respondents, strict=True))
            ]
        )
        letters = []
        for kind, recipients, sent in (
            ("allegations", principals, days_ago(65)),
            ("evidence_review", principals + advisors, days_ago(40)),
            ("investigation_report", principals + advisors, days_ago(20)),
            ("hearing", principals + advisors, days_ago(19)),
        ):
            template = letter_template_current(kind)
            sent_at = timezone.make_aware(datetime.datetime.combine(sent, datetime.time(9, 0)))
            letters += [
                Letter(
                    case=case, kind=kind, template=template, recipient=recipient, html="<p>Bench letter.</p>",
                    prepared_by=investigator, sent_at=sent_at, sent_channel=Letter.Channel.PORTAL,
                    sent_by=investigator,
                )
                for recipient in recipients
            ]
        Letter.objects.bulk_create(letters)
        Evidence.objects.bulk_create(
            [
                Evidence(investigation=investigation, description=f"Evidence item {i + 1} (bench).",
                         received_on=days_ago(50), directly_related=i % 3 != 2)
                for i in range(EVIDENCE)
            ]
        )
        review = EvidenceReview.objects.create(case=case, sent_on=days_ago(40), evidence_count=20, sent_by=investigator)
        EvidenceResponse.objects.bulk_create(
            [
                EvidenceResponse(review=review, party=p, received_on=days_ago(32), no_response=False,
                                 recorded_by=investigator)
                for p in principals
            ]
        )
        regarding = f"cases.evidencereview:{review.pk}"
        CaseDeadline.objects.bulk_create(
            [
                CaseDeadline(
                    case=case, kind=CaseDeadline.Kind.EVIDENCE_RESPONSE, label="Written response to the evidence",
                    basis="34 CFR 106.45(b)(5)(vi)", start_event="Evidence sent", starts_on=days_ago(40),
                    length_days=10, due_on=days_ago(30), for_whom=p.get_role_display(), party=p,
                    regarding=regarding, state=CaseDeadline.State.MET, closed_at=now,
                )
                for p in principals
            ]
            + [
                CaseDeadline(
                    case=case, kind=CaseDeadline.Kind.REPORT_BEFORE_HEARING, label="Report before the hearing",
                    basis="34 CFR 106.45(b)(5)(vii)", start_event="Report sent", starts_on=days_ago(20),
                    length_days=10, due_on=days_ago(10), for_whom="Parties and advisors",
                    state=CaseDeadline.State.MET, closed_at=now,
                )
            ]
        )
        document = case_document_add(
            case=case, kind="investigator_report", filename="report.txt", data=b"Bench report.", actor=investigator
        )
        InvestigationReport.objects.create(
            case=case, document=document, finalised_on=days_ago(25), finalised_by=investigator,
            sent_on=days_ago(20), sent_by=investigator,
        )
        held_at = now - datetime.timedelta(days=1)
        hearing = Hearing.objects.create(
            case=case, scheduled_at=held_at, place="Building 10, room 105", separate_rooms=True,
            notice_on=days_ago(19), status=Hearing.Status.HELD, held_at=held_at, scheduled_by=coordinator,
        )
        for member in panel:
            CaseAssignment.objects.create(case=case, role=CaseRole.DECISION_MAKER, user=member, assigned_by=coordinator)
            ConflictAttestation.objects.create(
                case=case, user=member, role=CaseRole.DECISION_MAKER, statement="No conflict of interest (bench)."
            )
        RelevanceRuling.objects.bulk_create(
            [
                RelevanceRuling(
                    hearing=hearing, question_summary=f"Cross-examination question {i + 1} (bench).",
                    asked_for=principals[i % PRINCIPALS], ruling="relevant" if i % 4 else "not_relevant",
                    reason="" if i % 4 else "Prior sexual behavior (bench).", ruled_by=panel[i % 3],
                )
                for i in range(RULINGS)
            ]
        )
    return True
