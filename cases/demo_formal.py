"""Demo Title IX cases at each stage of the formal process (used by cases.demo, `make run`).

One case per stage, each built only through the services, idempotent like the rest of the
demo (a fixed reference C-DEMO-TIX<letter>, created only when missing). Dates follow the
regulation's clocks (34 CFR 106.45): past dates where a service takes one, and the stages
whose service uses today (a determination released, an appeal filed) are arranged so that
they are valid today:

A  notice of allegations sent to both parties 3 days ago ((b)(2)(i));
B  evidence sent 4 days ago: the 10-day response window is running ((b)(5)(vi));
C  investigation report sent 3 days ago: no hearing before 7 days from now ((b)(5)(vii));
D  hearing in 14 days, notice sent today, advisors recorded, the panel attested ((b)(6)(i));
E  determination released today to both parties: the appeal window is open ((b)(7)(iv));
F  the complainant appealed today: the 7-day statements window is running ((b)(8)(iii));
G  dismissed 2 days ago on jurisdiction (not in the United States, (b)(3)(i)) and continued
   on the non-Title-IX student track.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from cases.services.allegations import allegation_add
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.dismissal import dismissal_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.hearing import advisor_record, hearing_schedule
from cases.services.investigation import evidence_save
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.outcomes import (
    appeal_file,
    determination_record,
    determination_release,
    finding_save,
    sanction_add,
    sanction_options_for,
)
from cases.services.triage import case_update
from cases.services.workflow import case_transition

from .demo_hearing import demo_hearing_held, demo_investigator_attests
from .models import (
    Allegation,
    AppealBasis,
    Case,
    CaseRole,
    Determination,
    Dismissal,
    Evidence,
    Finding,
    Investigation,
    Letter,
    Party,
)

S = Case.Status
# reference suffix -> (categories, stage)
FORMAL = [
    ("A", ["sexual_harassment"], "allegations"),
    ("B", ["sexual_misconduct"], "evidence_review"),
    ("C", ["sexual_harassment"], "report_sent"),
    ("D", ["stalking"], "hearing_scheduled"),
    ("E", ["sexual_harassment"], "released"),
    ("F", ["intimate_partner_violence"], "appeal"),
    ("G", ["sexual_harassment"], "dismissed"),
]
REFERENCE = "C-DEMO-TIX{}"  # no hyphen: "Respondent of R-DEMOTIXA" must not match "...TIXB"


def _days_ago(n: int) -> datetime.date:
    return timezone.localdate() - datetime.timedelta(days=n)


def _at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


def demo_formal_cases_create(staff, build_to_investigation) -> int:
    """Create the missing formal-process demo cases; `build_to_investigation(reference, categories)`
    opens a case from a signed formal complaint and takes it to the investigation (cases.demo)."""
    created = 0
    for suffix, categories, stage in FORMAL:
        reference = REFERENCE.format(suffix)
        if Case.objects.filter(reference=reference).exists():
            continue
        with transaction.atomic():
            build_to_investigation(reference, categories)
            case = Case.objects.get(reference=reference)
            demo_investigator_attests(case)
            STAGES[stage](case, staff)
        created += 1
    return created


def _parties(case):
    parties = {p.role: p for p in case.parties.filter(role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT])}
    return parties[Party.Role.COMPLAINANT], parties[Party.Role.RESPONDENT]


def _send(letters, actor, day: datetime.date):
    letter_mark_sent(letters=list(letters), channel=Letter.Channel.PORTAL, actor=actor, sent_at=_at(day, 9))


def _allegations_noticed(case, staff, *, sent_days_ago: int):
    manager = staff["manager"]
    complainant, respondent = _parties(case)
    allegation_add(
        case=case,
        respondent=respondent,
        complainant=complainant,
        conduct="Unwelcome sexual comments and touching after a lab meeting (demo).",
        policy_provision="MIT Policies 9.8, Sexual harassment",
        occurred_on=_days_ago(sent_days_ago + 30),
        place="Building 10 (demo)",
        actor=manager,
    )
    letters = letter_prepare(
        case=case, kind=Letter.Kind.ALLEGATIONS, recipients=[complainant, respondent], actor=manager
    )
    _send(letters, manager, _days_ago(sent_days_ago))


def _evidence_sent(case, staff, *, sent_days_ago: int):
    investigator = staff["investigator"]
    investigation = Investigation.objects.get(case=case)
    evidence_save(
        evidence=Evidence(
            investigation=investigation,
            description="Text messages between the parties (demo).",
            document=case_document_add(
                case=case, kind="evidence", filename="text-messages.txt",
                data=b"Text messages between the parties (demo).", actor=investigator,
            ),
            received_on=_days_ago(sent_days_ago + 5),
            directly_related=True,
        ),
        actor=investigator,
    )
    review = evidence_review_send(case=case, actor=investigator, sent_on=_days_ago(sent_days_ago))
    _send(Letter.objects.filter(case=case, kind=Letter.Kind.EVIDENCE_REVIEW, sent_at__isnull=True),
          investigator, _days_ago(sent_days_ago))
    return review


def _document(case, actor, kind, name, text):
    return case_document_add(
        case=case, kind=kind, filename=name, content_type="text/plain", data=text.encode(), actor=actor
    )


def _report_sent(case, staff, *, sent_days_ago: int):
    """Evidence sent 20 days before the report, answered by the complainant, report final and sent."""
    investigator = staff["investigator"]
    review = _evidence_sent(case, staff, sent_days_ago=sent_days_ago + 20)
    complainant, respondent = _parties(case)
    evidence_response_record(
        review=review,
        party=complainant,
        received_on=_days_ago(sent_days_ago + 13),
        document=_document(case, investigator, "evidence_response", "response.txt", "Response (demo)."),
        actor=investigator,
    )
    evidence_response_record(review=review, party=respondent, no_response=True, actor=investigator)
    report = investigation_report_finalise(
        case=case,
        document=_document(case, investigator, "investigator_report", "report.txt", "Investigation report (demo)."),
        actor=investigator,
        finalised_on=_days_ago(sent_days_ago + 3),
    )
    investigation_report_send(report=report, actor=investigator, sent_on=_days_ago(sent_days_ago))
    _send(Letter.objects.filter(case=case, kind=Letter.Kind.INVESTIGATION_REPORT, sent_at__isnull=True),
          investigator, _days_ago(sent_days_ago))


def _panel(case, staff):
    decider = staff["decisionmaker"]
    case_role_assign(case=case, role=CaseRole.DECISION_MAKER, user=decider, actor=staff["coordinator"])
    conflict_attestation_record(case=case, role=CaseRole.DECISION_MAKER, actor=decider)
    return decider


def stage_allegations(case, staff):
    _allegations_noticed(case, staff, sent_days_ago=3)


def stage_evidence_review(case, staff):
    _allegations_noticed(case, staff, sent_days_ago=30)
    _evidence_sent(case, staff, sent_days_ago=4)


def stage_report_sent(case, staff):
    _allegations_noticed(case, staff, sent_days_ago=45)
    _report_sent(case, staff, sent_days_ago=3)


def stage_hearing_scheduled(case, staff):
    manager = staff["manager"]
    _allegations_noticed(case, staff, sent_days_ago=60)
    _report_sent(case, staff, sent_days_ago=20)
    for party in _parties(case):
        advisor_record(
            advises=party,
            name="Advisor appointed by the office" if party.role == Party.Role.RESPONDENT else "Advisor of choice",
            appointed_by_office=party.role == Party.Role.RESPONDENT,
            actor=manager,
        )
    _panel(case, staff)
    hearing_schedule(
        case=case,
        scheduled_at=_at(timezone.localdate() + datetime.timedelta(days=14)),
        place="Building 10, room 105",
        separate_rooms=True,
        actor=manager,
    )
    _send(Letter.objects.filter(case=case, kind=Letter.Kind.HEARING, sent_at__isnull=True), manager,
          timezone.localdate())


def stage_released(case, staff, *, responsible=True):
    manager, investigator = staff["manager"], staff["investigator"]
    _allegations_noticed(case, staff, sent_days_ago=60)
    _document(case, investigator, "investigator_report", "final-report.txt", "Investigator's final report (demo).")
    decider = _panel(case, staff)
    demo_hearing_held(case=case, manager=manager, investigator=investigator, decider=decider)
    notices = ((Letter.Kind.EVIDENCE_REVIEW, 40), (Letter.Kind.INVESTIGATION_REPORT, 20), (Letter.Kind.HEARING, 19))
    for kind, days in notices:  # the dates cases/demo_hearing.py sent them on
        _send(Letter.objects.filter(case=case, kind=kind, sent_at__isnull=True), manager, _days_ago(days))
    case_transition(
        case=case, to=S.DETERMINATION, actor=investigator, reason="Investigation complete; report sent; hearing held."
    )
    outcome = Determination.Outcome.RESPONSIBLE if responsible else Determination.Outcome.NOT_RESPONSIBLE
    determination = determination_record(
        case=case,
        outcome=outcome,
        standard_of_evidence=Determination.Standard.PREPONDERANCE,
        rationale="The panel weighed the parties' statements and the messages (demo).",
        actor=decider,
    )
    for allegation in Allegation.objects.filter(case=case):
        finding_save(
            determination=determination,
            allegation=allegation,
            findings_of_fact="The messages and a witness corroborate the complainant's account (demo)."
            if responsible else "The evidence does not show the conduct more likely than not (demo).",
            policy_provision=allegation.policy_provision,
            result=Finding.Result.RESPONSIBLE if responsible else Finding.Result.NOT_RESPONSIBLE,
            rationale="Preponderance of the evidence (demo).",
            actor=decider,
        )
    if responsible:
        respondent = _parties(case)[1]
        sanction_add(
            determination=determination,
            party=respondent,
            kind=sanction_options_for(case=case, party=respondent).first().code,
            actor=decider,
        )
    determination_release(determination=determination, actor=manager)
    _send(Letter.objects.filter(case=case, kind=Letter.Kind.OUTCOME, sent_at__isnull=True), manager,
          timezone.localdate())
    return determination


def stage_appeal(case, staff):
    stage_released(case, staff, responsible=False)
    appeal_file(
        case=case,
        party=_parties(case)[0],
        grounds="New evidence that was not reasonably available at the time of the determination (demo).",
        basis=AppealBasis.objects.filter(active=True).order_by("order", "pk").first(),
        actor=staff["manager"],
    )


def stage_dismissed(case, staff):
    coordinator = staff["coordinator"]
    _allegations_noticed(case, staff, sent_days_ago=20)
    case.ti_in_united_states = False
    case_update(case=case, actor=coordinator, changed=["ti_in_united_states"])
    dismissal = dismissal_record(
        case=case,
        ground=Dismissal.Ground.NOT_IN_UNITED_STATES,
        reason="The conduct occurred during a summer trip abroad, not against a person in the United States (demo).",
        continue_on_track=True,
        dismissed_on=_days_ago(2),
        actor=coordinator,
    )
    _send(Letter.objects.filter(case=case, kind=Letter.Kind.DISMISSAL, sent_at__isnull=True), coordinator,
          dismissal.dismissed_on)


STAGES = {
    "allegations": stage_allegations,
    "evidence_review": stage_evidence_review,
    "report_sent": stage_report_sent,
    "hearing_scheduled": stage_hearing_scheduled,
    "released": stage_released,
    "appeal": stage_appeal,
    "dismissed": stage_dismissed,
}
