"""The written determination's procedural steps (34 CFR 106.45(b)(7)(ii)(B)) are the steps the
regulation names, dated by when they happened (not by when an entry was made), without the
office's bookkeeping; and the overall rationale typed on the determination form reaches the
letter (issue 24 item 4). The records below are dated from October to December 2026; every
entry is made on 2026-12-07, the day the determination is released."""

import datetime
import html
import re

import pytest
import time_machine

from cases.models import Case as CaseModel
from cases.models import (
    CaseDocument,
    Determination,
    Evidence,
    EvidenceReview,
    Finding,
    Hearing,
    Interview,
    Investigation,
    InvestigationReport,
    Letter,
    TimelineEvent,
)
from cases.selectors.procedural_steps import determination_procedural_steps
from cases.services.letters import letter_prepare

from .test_portal import make_case
from .test_portal_review import at

pytestmark = pytest.mark.django_db

EXPECTED_STEPS = [
    "October 1, 2026: Formal complaint signed by the Title IX coordinator",
    "October 5, 2026: Written notice of the allegations sent to the complainant and the respondent",
    "October 20, 2026: Interview of the complainant",
    "October 22, 2026: Interview of a witness",
    "November 2, 2026: Evidence gathered: Text messages between the parties",
    "November 7, 2026: Evidence directly related to the allegations sent to both parties and their advisors "
    "for review",
    "November 20, 2026: Investigation report sent to both parties and their advisors",
    "November 24, 2026: Written notice of the hearing sent to both parties",
    "December 1, 2026: Live hearing held at 14:00, Room W31-301",
]


def _case_through_the_hearing():
    manager, case, complainant, respondent = make_case(tag="s")
    with time_machine.travel(at("2026-12-07 09:00"), tick=False):
        CaseModel.objects.filter(pk=case.pk).update(
            coordinator_signed_complaint_at=at("2026-10-01 10:00"), coordinator_signed_complaint_by=manager
        )
        case.refresh_from_db()
        notices = letter_prepare(case=case, kind="allegations", recipients=[complainant, respondent],
                                          actor=manager)
        Letter.objects.filter(pk__in=[n.pk for n in notices]).update(sent_at=at("2026-10-05 09:00"),
                                                                       sent_channel="email")
        investigation = Investigation.objects.create(case=case, started_on=datetime.date(2026, 10, 2))
        Interview.objects.create(investigation=investigation, party=complainant,
                                 interviewed_on=datetime.date(2026, 10, 20))
        Interview.objects.create(investigation=investigation, party=None, interviewed_on=datetime.date(2026, 10, 22))
        Evidence.objects.create(investigation=investigation, description="Text messages between the parties",
                                received_on=datetime.date(2026, 11, 2), directly_related=True)
        Evidence.objects.create(investigation=investigation, description="PRIVATE-NOTE not related",
                                received_on=datetime.date(2026, 11, 3), directly_related=False)
        EvidenceReview.objects.create(case=case, sent_on=datetime.date(2026, 11, 7), evidence_count=1,
                                      sent_by=manager)
        report = CaseDocument.objects.create(
            case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, filename="report.pdf",
            content_type="application/pdf", size=1, stored_name="cases/x.bin", uploaded_by=manager,
        )
        InvestigationReport.objects.create(case=case, document=report, finalised_on=datetime.date(2026, 11, 19),
                                           finalised_by=manager, sent_on=datetime.date(2026, 11, 20), sent_by=manager)
        Hearing.objects.create(case=case, scheduled_at=at("2026-12-01 14:00"), place="Room W31-301",
                               notice_on=datetime.date(2026, 11, 24), status=Hearing.Status.HELD,
                               held_at=at("2026-12-01 14:00"), scheduled_by=manager)
        TimelineEvent.objects.create(case=case, kind="assignment", summary="Assigned staff changed", actor=manager)
        determination = Determination.objects.create(
            case=case, outcome="responsible", decided_on=datetime.date(2026, 12, 3),
            appeal_deadline=datetime.date(2026, 12, 10), decided_by=manager,
            rationale="OVERALL-RATIONALE the messages outweigh the denial",
        )
        Finding.objects.create(determination=determination, allegation=case.allegations.get(),
                               findings_of_fact="FACTS", policy_provision="II(7)(E)(2)", result="responsible",
                               rationale="PER-ALLEGATION-RATIONALE")
    return manager, case, complainant, respondent, determination


def test_the_steps_are_those_the_regulation_names_dated_when_they_happened():
    _manager, _case, _c, _r, determination = _case_through_the_hearing()
    assert determination_procedural_steps(determination=determination) == EXPECTED_STEPS


def test_the_outcome_letter_lists_the_steps_and_carries_the_overall_rationale():
    manager, case, complainant, respondent, determination = _case_through_the_hearing()
    with time_machine.travel(at("2026-12-07 10:00"), tick=False):
        letters = letter_prepare(case=case, kind="outcome", recipients=[complainant, respondent],
                                          actor=manager, extra={"determination": determination}, batch=True)
    text = " ".join(html.unescape(re.sub(r"<[^>]+>", " ", letters[0].html)).split())
    steps = text[text.index("Procedural steps from the formal complaint"):text.index("Findings and conclusions")]
    for step in EXPECTED_STEPS:
        assert step in steps, step
    for noise in ("Assigned staff changed", "December 7, 2026", "PRIVATE-NOTE"):
        assert noise not in steps
    assert "Rationale for the determination OVERALL-RATIONALE the messages outweigh the denial" in text
    assert "PER-ALLEGATION-RATIONALE" in text
