"""Demo data for the formal process's hearing (used by cases.demo): a Title IX case reaches its
determination only after the evidence review, the report and a live hearing held and recorded
(34 CFR 106.45(b)(5)(vi)-(vii), (b)(6)(i)), so the demo walks those steps, dated in the past.
"""

import datetime

from django.utils import timezone

from cases.services.assignments import conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.hearing import (
    advisor_record,
    hearing_mark_held,
    hearing_record_attach,
    hearing_schedule,
    relevance_ruling_record,
)
from cases.services.investigation import evidence_save
from cases.services.letters import letter_mark_sent

from .models import CaseRole, ConflictAttestation, Evidence, Investigation, Letter, Party


def _document(case, actor, kind, name, text):
    return case_document_add(
        case=case, kind=kind, filename=name, content_type="text/plain", data=text.encode(), actor=actor
    )


def demo_investigator_attests(case) -> None:
    """The case's investigator records their conflict-of-interest attestation (once)."""
    if not ConflictAttestation.objects.filter(case=case, user=case.investigator, role=CaseRole.INVESTIGATOR).exists():
        conflict_attestation_record(case=case, role=CaseRole.INVESTIGATOR, actor=case.investigator)


def demo_letters_sent(*, case, kind: str, day: datetime.date, actor) -> None:
    """Mark the case's prepared letters of `kind` sent by post at 09:00 on `day`."""
    letters = list(Letter.objects.filter(case=case, kind=kind, sent_at__isnull=True))
    at = timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 0)))
    letter_mark_sent(letters=letters, channel=Letter.Channel.POST, actor=actor, sent_at=at)


def demo_hearing_held(*, case, manager, investigator, decider) -> None:
    """Evidence sent 40 days ago, answered, report final 25 and sent 20 days ago, hearing 8 days ago."""
    today = timezone.localdate()
    days_ago = lambda n: today - datetime.timedelta(days=n)  # noqa: E731
    investigation, _created = Investigation.objects.get_or_create(case=case, defaults={"investigator": investigator})
    demo_investigator_attests(case)
    evidence_save(
        evidence=Evidence(
            investigation=investigation,
            description="Text messages between the parties (demo).",
            document=case_document_add(
                case=case, kind="evidence", filename="text-messages.txt",
                data=b"Text messages between the parties (demo).", actor=investigator,
            ),
            received_on=days_ago(45),
            directly_related=True,
        ),
        actor=investigator,
    )
    review = evidence_review_send(case=case, actor=investigator, sent_on=days_ago(40))
    demo_letters_sent(case=case, kind="evidence_review", day=days_ago(40), actor=manager)
    parties = list(case.parties.filter(role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]))
    for party in parties:
        if party.role == Party.Role.COMPLAINANT:
            evidence_response_record(
                review=review,
                party=party,
                received_on=days_ago(33),
                document=_document(case, investigator, "evidence_response", "response.txt", "Response (demo)."),
                actor=investigator,
            )
        else:
            evidence_response_record(review=review, party=party, no_response=True, actor=investigator)
    report = investigation_report_finalise(
        case=case,
        document=_document(case, investigator, "investigator_report", "report.txt", "Investigation report (demo)."),
        actor=investigator,
        finalised_on=days_ago(25),
    )
    investigation_report_send(report=report, actor=investigator, sent_on=days_ago(20))
    demo_letters_sent(case=case, kind="investigation_report", day=days_ago(20), actor=manager)
    for party in parties:
        advisor_record(
            advises=party,
            name="Advisor appointed by the office" if party.role == Party.Role.RESPONDENT else "Advisor of choice",
            appointed_by_office=party.role == Party.Role.RESPONDENT,
            actor=manager,
        )
    held_at = timezone.make_aware(datetime.datetime.combine(days_ago(8), datetime.time(10, 0)))
    hearing = hearing_schedule(
        case=case,
        scheduled_at=held_at,
        place="Building 10, room 105",
        separate_rooms=True,
        actor=manager,
        notice_on=days_ago(19),
    )
    hearing_mark_held(hearing=hearing, held_at=held_at, actor=manager)
    respondent = next((p for p in parties if p.role == Party.Role.RESPONDENT), parties[0])
    relevance_ruling_record(
        hearing=hearing,
        question_summary="A question about the complainant's prior relationships (demo).",
        asked_for=respondent,
        ruling="not_relevant",
        reason="Prior sexual behavior: neither exception of 106.45(b)(6)(i) applies.",
        actor=decider,
    )
    hearing_record_attach(
        hearing=hearing,
        document=_document(case, manager, "hearing_record", "transcript.txt", "Hearing transcript (demo)."),
        actor=manager,
    )
