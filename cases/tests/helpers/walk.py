"""Short walks of a case through the services, for the state machine's regression tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cases.models import Case, CaseDocument, Evidence, Investigation, Letter, Party
from cases.services.allegations import allegation_add
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.hearing import advisor_record, hearing_mark_held, hearing_record_attach, hearing_schedule
from cases.services.investigation import evidence_save
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.outcomes import determination_record, determination_release, finding_save
from cases.services.triage import case_open_from_report, case_update
from cases.services.workflow import case_transition

from .. import factories

TEXT = "Written by a regression test of the state machine."


def staff_of_a_case() -> dict:
    """The coordinator, the case's manager and investigator, a decision-maker and an appeal decision-maker."""
    return {
        "coordinator": factories.coordinator(username="walk-coordinator"),
        "manager": factories.case_manager(username="walk-manager"),
        "investigator": factories.investigator(username="walk-investigator"),
        "decider": factories.case_manager(username="walk-decider"),
        "appeal_decider": factories.case_manager(username="walk-appeal-decider"),
    }


def case_opened(staff, *, title_ix=True, complainant="student", respondent="student", formal_complaint=True) -> Case:
    """A report (with the complainant's signed formal complaint) triaged by the case manager, staff assigned."""
    report = factories.ReportFactory(
        kind="complaint" if formal_complaint else "incident",
        categories=["sexual_harassment" if title_ix else "discrimination"],
        reporter_affiliation=complainant,
    )
    factories.ReportPartyFactory(report=report, affiliation=respondent)
    if formal_complaint:
        factories.formal_complaint_for(report, respondent_type=respondent)
    case = case_open_from_report(report=report, actor=staff["manager"])
    case.investigator = staff["investigator"]
    case_update(case=case, actor=staff["coordinator"], changed=["investigator"])
    return Case.objects.get(pk=case.pk)


def party(case, role) -> Party:
    return Party.objects.get(case=case, role=role)


def moved(case, to, staff, actor="manager") -> Case:
    return case_transition(
        case=case, to=to, actor=staff[actor], reason=TEXT, response_basis=TEXT, no_measures_reason=TEXT
    )


def investigation_started(staff, **kwargs) -> Case:
    """To the formal investigation, the investigator attested, one allegation, its notice sent."""
    case = moved(moved(case_opened(staff, **kwargs), "assessment", staff), "investigation", staff)
    conflict_attestation_record(case=case, role="investigator", actor=staff["investigator"])
    allegation_add(
        case=case, respondent=party(case, "respondent"), complainant=party(case, "complainant"),
        conduct="Unwelcome comments after a lab meeting.", policy_provision="Policy 9.8, Sexual harassment",
        actor=staff["manager"],
    )
    letters = letter_prepare(
        case=case, kind="allegations", recipients=[party(case, "complainant"), party(case, "respondent")],
        actor=staff["manager"],
    )
    letter_mark_sent(letters=letters, channel=Letter.Channel.POST, actor=staff["manager"])
    return case


def evidence_added(case, staff, *, with_file: bool) -> Evidence:
    document = None
    if with_file:
        document = case_document_add(
            case=case, kind=CaseDocument.Kind.EVIDENCE, filename="messages.txt", content_type="text/plain",
            data=b"Text messages between the parties.", actor=staff["investigator"],
        )
    return evidence_save(
        evidence=Evidence(
            investigation=Investigation.objects.get(case=case), description="Text messages.", document=document,
            received_on=timezone.localdate(), directly_related=True,
        ),
        actor=staff["investigator"],
    )


def unsent_letters(case, kind) -> list[Letter]:
    return list(Letter.objects.filter(case=case, kind=kind, sent_at__isnull=True).order_by("pk"))


def days_later(traveller, days: int) -> None:
    traveller.shift(datetime.timedelta(days=days))


def report_sent(case, staff, traveller) -> Case:
    """Evidence with a file sent for review, the 10 days passed with no response, the report
    finalised and sent to both parties (letters sent)."""
    from cases.models import EvidenceReview

    evidence_added(case, staff, with_file=True)
    evidence_review_send(case=case, actor=staff["investigator"])
    letter_mark_sent(letters=unsent_letters(case, "evidence_review"), channel="post",
                              actor=staff["investigator"])
    days_later(traveller, 11)
    review = EvidenceReview.objects.get(case=case)
    for role in ("complainant", "respondent"):
        evidence_response_record(review=review, party=party(case, role), no_response=True,
                                          actor=staff["investigator"])
    document = case_document_add(
        case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, filename="report.txt", content_type="text/plain",
        data=b"Investigation report.", actor=staff["investigator"],
    )
    report = investigation_report_finalise(case=case, document=document, actor=staff["investigator"])
    investigation_report_send(report=report, actor=staff["investigator"])
    letter_mark_sent(letters=unsent_letters(case, "investigation_report"), channel="post",
                              actor=staff["investigator"])
    return case


def panel_ready(case, staff) -> Case:
    """Both parties advised, the decision-maker and the appeal decision-maker assigned and attested."""
    for role in ("complainant", "respondent"):
        advisor_record(advises=party(case, role), name=f"Advisor of the {role}", actor=staff["manager"])
    for role, who in (("decision_maker", "decider"), ("appeal_decision_maker", "appeal_decider")):
        case_role_assign(case=case, role=role, user=staff[who], actor=staff["coordinator"])
        conflict_attestation_record(case=case, role=role, actor=staff[who])
    return case


def hearing_held(case, staff, traveller) -> Case:
    """Title IX track: the hearing scheduled on the tenth day after the report letters (its notice
    sent), that day come, held with both advisors, its recording attached. Others: nothing to do."""
    from cases.models import Hearing

    if not case.is_title_ix:
        return case
    hearing = hearing_schedule(case=case, scheduled_at=timezone.now() + datetime.timedelta(days=10),
                                        place="Building 10, room 105", actor=staff["manager"])
    letter_mark_sent(letters=unsent_letters(case, "hearing"), channel="post", actor=staff["manager"])
    days_later(traveller, 10)
    hearing = hearing_mark_held(hearing=Hearing.objects.get(pk=hearing.pk), actor=staff["manager"])
    record = case_document_add(
        case=case, kind=CaseDocument.Kind.HEARING_RECORD, filename="hearing.txt", content_type="text/plain",
        data=b"Transcript of the hearing.", actor=staff["manager"],
    )
    hearing_record_attach(hearing=hearing, document=record, actor=staff["manager"])
    return case


def determination_recorded_and_released(case, staff) -> Case:
    """The decision-maker's determination (not responsible, a finding on every allegation), released
    to both parties by the case manager, the outcome letters sent: the appeal window is open."""
    from cases.models import Allegation, Determination

    determination = determination_record(
        case=case, outcome="not_responsible", standard_of_evidence="preponderance", rationale=TEXT,
        actor=staff["decider"],
    )
    for allegation in Allegation.objects.filter(case=case):
        finding_save(determination=determination, allegation=allegation, findings_of_fact=TEXT,
                              policy_provision="Policy 9.8", result="not_responsible", rationale=TEXT,
                              actor=staff["decider"])
    determination_release(determination=Determination.objects.get(case=case), actor=staff["manager"])
    letter_mark_sent(letters=unsent_letters(case, "outcome"), channel="post", actor=staff["manager"])
    return case


# The stages a walk can stop at, each after the one before it.
STAGES = ("investigation", "report_sent", "panel", "heard", "released")


def walked_to(stage: str, staff, traveller, **kwargs) -> Case:
    """A case opened and taken through the services by the right people to `stage`: investigation
    (allegations noticed), report_sent (evidence reviewed, report sent), panel (advisors, the
    decision-maker and the appeal decision-maker attested), heard (at the determination stage: the
    Title IX hearing held and recorded), released (the determination released, the appeal window open)."""
    reached = STAGES.index(stage)
    case = investigation_started(staff, **kwargs)
    if reached >= STAGES.index("report_sent"):
        report_sent(case, staff, traveller)
    if reached >= STAGES.index("panel"):
        panel_ready(case, staff)
    if reached >= STAGES.index("heard"):
        case = moved(hearing_held(Case.objects.get(pk=case.pk), staff, traveller), "determination", staff)
    if reached >= STAGES.index("released"):
        determination_recorded_and_released(case, staff)
    return Case.objects.get(pk=case.pk)


def determination_released(staff, traveller) -> Case:
    """A non-Title-IX case (no hearing) to its determination, released to both parties (letters sent),
    with the appeal decision-maker assigned and attested."""
    case = investigation_started(staff, title_ix=False)
    case_document_add(case=case, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, filename="report.txt",
                               content_type="text/plain", data=b"Report.", actor=staff["investigator"])
    case = moved(case, "determination", staff)
    for role, who in (("decision_maker", "decider"), ("appeal_decision_maker", "appeal_decider")):
        case_role_assign(case=case, role=role, user=staff[who], actor=staff["coordinator"])
        conflict_attestation_record(case=case, role=role, actor=staff[who])
    determination_recorded_and_released(case, staff)
    return Case.objects.get(pk=case.pk)
