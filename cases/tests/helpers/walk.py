"""Short walks of a case through the services, for the state machine's regression tests."""

from __future__ import annotations

import datetime

from django.utils import timezone

from cases import services
from cases.models import Case, CaseDocument, Evidence, Investigation, Letter, Party

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
    case = services.case_open_from_report(report=report, actor=staff["manager"])
    case.investigator = staff["investigator"]
    services.case_update(case=case, actor=staff["coordinator"], changed=["investigator"])
    return Case.objects.get(pk=case.pk)


def party(case, role) -> Party:
    return Party.objects.get(case=case, role=role)


def moved(case, to, staff, actor="manager") -> Case:
    return services.case_transition(
        case=case, to=to, actor=staff[actor], reason=TEXT, response_basis=TEXT, no_measures_reason=TEXT
    )


def investigation_started(staff, **kwargs) -> Case:
    """To the formal investigation, the investigator attested, one allegation, its notice sent."""
    case = moved(moved(case_opened(staff, **kwargs), "assessment", staff), "investigation", staff)
    services.conflict_attestation_record(case=case, role="investigator", actor=staff["investigator"])
    services.allegation_add(
        case=case, respondent=party(case, "respondent"), complainant=party(case, "complainant"),
        conduct="Unwelcome comments after a lab meeting.", policy_provision="Policy 9.8, Sexual harassment",
        actor=staff["manager"],
    )
    letters = services.letter_prepare(
        case=case, kind="allegations", recipients=[party(case, "complainant"), party(case, "respondent")],
        actor=staff["manager"],
    )
    services.letter_mark_sent(letters=letters, channel=Letter.Channel.POST, actor=staff["manager"])
    return case


def evidence_added(case, staff, *, with_file: bool) -> Evidence:
    document = None
    if with_file:
        document = services.case_document_add(
            case=case, kind=CaseDocument.Kind.EVIDENCE, filename="messages.txt", content_type="text/plain",
            data=b"Text messages between the parties.", actor=staff["investigator"],
        )
    return services.evidence_save(
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
