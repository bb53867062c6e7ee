"""A Hypothesis state machine whose rules are the staff actions the case services offer.

One case per example, opened from a report built with the factories (Title IX or not, a
student or employee complainant and respondent, with or without a signed formal
complaint). Each rule calls one service as an actor of any role (weighted towards the
person who would normally act, so that whole cases get walked), on a date that moves
forward by random steps (time_machine: the server's clock, never a sleep). A refusal
(ValidationError, PermissionDenied, TransitionRefused) is part of the behaviour; anything
else is a failure. After every step the invariants of helpers.invariants are checked.

Each example runs inside its own savepoint, rolled back at teardown: no flush. The PDF
of each letter is replaced by a fixed one (WeasyPrint takes ~0.3 s a letter; the
invariants read the letter's text, which is rendered as usual).
"""

from __future__ import annotations

import datetime
import time
from collections import Counter

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from cases.models import (
    Appeal,
    AppealBasis,
    Case,
    CaseDeadline,
    CaseDocument,
    ConsentRecord,
    Determination,
    Dismissal,
    Evidence,
    EvidenceReview,
    Hearing,
    InformalResolution,
    Investigation,
    InvestigationReport,
    Letter,
    Party,
    SupportiveMeasure,
)
from cases.services.allegations import allegation_add
from cases.services.appeals import appeal_release, appeal_statement_add
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.dismissal import dismissal_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.extensions import deadline_extend
from cases.services.hearing import (
    advisor_record,
    hearing_cancel,
    hearing_mark_held,
    hearing_record_attach,
    hearing_schedule,
)
from cases.services.informal import consent_record_save, consent_withdraw, informal_resolution_save
from cases.services.investigation import evidence_save
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.measures import supportive_measure_save
from cases.services.outcomes import (
    appeal_decide,
    appeal_file,
    determination_record,
    determination_release,
    finding_save,
)
from cases.services.triage import case_open_from_report, case_update
from cases.services.workflow import TransitionRefused, case_formal_complaint_sign, case_transition

from .. import factories
from .invariants import Watch, check_all
from .walk import walked_to

START = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=datetime.UTC)  # a Monday
ACTORS = ("coordinator", "manager", "investigator", "decider", "appeal_decider", "other", "brt")
STATUSES = tuple(Case.Status.values)
STATS: Counter = Counter()  # service: done / refused, printed with IDHR_FSM_STATS=1
REFUSALS = (ValidationError, PermissionDenied, TransitionRefused)
TEXT = "Written by the state-machine test."
NATURAL_HOLDER = {
    "decision_maker": "decider", "appeal_decision_maker": "appeal_decider",
    "investigator": "investigator", "facilitator": "other",
}


def actor(natural: str):
    """Mostly the person who would act, sometimes anyone (shrinks towards the natural one)."""
    return st.one_of(st.just(natural), st.sampled_from(ACTORS))


class CaseMachine(RuleBasedStateMachine):
    staff: dict = {}  # name -> user, set by the test before running

    def __init__(self):
        super().__init__()
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        self.clock = time_machine.travel(START, tick=False)
        self.clock_coordinates = self.clock.start()
        self.watch = Watch()
        self.report = None

    def teardown(self):
        transaction.set_rollback(True)
        self.atomic.__exit__(None, None, None)
        self.clock.stop()

    # --- helpers ------------------------------------------------------------------------------

    def user(self, name):
        return self.staff[name]

    @property
    def case(self) -> Case:
        return Case.objects.get(pk=self.watch.case_id)

    def party(self, role) -> Party | None:
        return Party.objects.filter(case_id=self.watch.case_id, role=role).order_by("pk").first()

    def attempt(self, service, **kwargs):
        try:
            result = service(**kwargs)
        except REFUSALS:
            STATS[f"{service.__name__}: refused"] += 1
            return None
        STATS[f"{service.__name__}: done"] += 1
        return result

    def document(self, kind, actor_name):
        return case_document_add(
            case=self.case, kind=kind, filename=f"{kind}.txt", content_type="text/plain",
            data=TEXT.encode(), actor=self.user("coordinator") if actor_name is None else self.user(actor_name),
        )

    # --- the case ---------------------------------------------------------------------------

    @initialize(
        title_ix=st.booleans(),
        complainant=st.sampled_from(["student", "employee"]),
        respondent=st.sampled_from(["student", "employee"]),
        formal_complaint=st.booleans(),
        start=st.sampled_from(["report", "investigation", "report_sent", "panel"]),
    )
    def report_received(self, title_ix, complainant, respondent, formal_complaint, start):
        """A report to triage, or (to reach the later steps in 40 steps) a case already walked by
        the right people to the investigation, the report sent, or the panel ready for the hearing."""
        if start != "report":
            case = walked_to(start, self.staff, self.clock_coordinates, title_ix=title_ix,
                             complainant=complainant, respondent=respondent)
            self.watch.case_id, self.watch.status = case.pk, case.status
            self.watch.last_transition_id = max(case.transitions.values_list("pk", flat=True), default=0)
            return
        category = "sexual_harassment" if title_ix else "discrimination"
        self.report = factories.ReportFactory(
            kind="complaint" if formal_complaint else "incident", categories=[category],
            reporter_affiliation=complainant,
        )
        factories.ReportPartyFactory(report=self.report, affiliation=respondent)
        if formal_complaint:
            factories.formal_complaint_for(self.report, respondent_type=respondent)

    @precondition(lambda self: self.watch.case_id is None)
    @rule(by=actor("manager"))
    def triage(self, by):
        case = self.attempt(case_open_from_report, report=self.report, actor=self.user(by))
        if case is not None:
            self.watch.case_id = case.pk

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(by=actor("coordinator"))
    def assign_staff(self, by):
        case = self.case
        case.case_manager, case.investigator = self.user("manager"), self.user("investigator")
        self.attempt(case_update, case=case, actor=self.user(by), changed=["case_manager", "investigator"])

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(
        criterion=st.sampled_from(["title_ix_category", "ti_in_program_at_filing", "ti_in_institute_program",
                                   "ti_in_united_states"]),
        value=st.booleans(), by=actor("coordinator"),
    )
    def title_ix_determination(self, criterion, value, by):
        case = self.case
        setattr(case, criterion, value)
        self.attempt(case_update, case=case, actor=self.user(by), changed=[criterion])

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(by=actor("coordinator"))
    def sign_formal_complaint(self, by):
        self.attempt(case_formal_complaint_sign, case=self.case, actor=self.user(by))

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(data=st.data(), by=actor("manager"), with_reason=st.one_of(st.just(True), st.booleans()))
    def transition(self, data, by, with_reason):
        case = self.case
        to = data.draw(st.one_of(st.sampled_from(NEXT.get(case.status, STATUSES)), st.sampled_from(STATUSES)))
        text = TEXT if with_reason else ""
        self.attempt(
            case_transition, case=case, to=to, actor=self.user(by),
            reason=text, response_basis=text, no_measures_reason=text,
        )

    @rule(days=st.integers(min_value=1, max_value=12))
    def time_passes(self, days):
        self.clock_coordinates.shift(datetime.timedelta(days=days))

    # --- roles ------------------------------------------------------------------------------

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(data=st.data(), role=st.sampled_from(list(NATURAL_HOLDER)), by=actor("coordinator"))
    def assign_role(self, data, role, by):
        holder = data.draw(actor(NATURAL_HOLDER[role]))
        self.attempt(case_role_assign, case=self.case, role=role, user=self.user(holder), actor=self.user(by))

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(data=st.data(), role=st.sampled_from(list(NATURAL_HOLDER)))
    def attest(self, data, role):
        by = data.draw(actor(NATURAL_HOLDER[role]))
        self.attempt(conflict_attestation_record, case=self.case, role=role, actor=self.user(by))

    # --- the investigation ------------------------------------------------------------------

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(by=actor("manager"))
    def record_allegation(self, by):
        respondent, complainant = self.party("respondent"), self.party("complainant")
        if respondent is None:
            return
        self.attempt(
            allegation_add, case=self.case, respondent=respondent, complainant=complainant,
            conduct="Unwelcome comments after a lab meeting.", policy_provision="Policy 9.8, Sexual harassment",
            occurred_on=timezone.localdate() - datetime.timedelta(days=30), place="Building 10", actor=self.user(by),
        )

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(by=actor("manager"))
    def prepare_notice_of_allegations(self, by):
        recipients = list(Party.objects.filter(case_id=self.watch.case_id, role__in=["complainant", "respondent"]))
        self.attempt(letter_prepare, case=self.case, kind="allegations", recipients=recipients,
                     actor=self.user(by))

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(data=st.data(), by=actor("manager"), channel=st.sampled_from(Letter.Channel.values), whole_batch=st.booleans())
    def send_letters(self, data, by, channel, whole_batch):
        unsent = list(Letter.objects.filter(case_id=self.watch.case_id, sent_at__isnull=True).order_by("pk"))
        if not unsent:
            return
        first = data.draw(st.sampled_from(unsent))
        letters = [each for each in unsent if each.kind == first.kind and each.regarding == first.regarding]
        if not whole_batch:
            letters = [first]
        self.attempt(letter_mark_sent, letters=letters, channel=channel, actor=self.user(by))

    @precondition(lambda self: Investigation.objects.filter(case_id=self.watch.case_id).exists())
    @rule(by=actor("investigator"), with_file=st.booleans(), directly_related=st.booleans())
    def add_evidence(self, by, with_file, directly_related):
        document = self.attempt(self.document, kind=CaseDocument.Kind.EVIDENCE, actor_name=by) if with_file else None
        evidence = Evidence(
            investigation=Investigation.objects.get(case_id=self.watch.case_id), description="Text messages.",
            document=document, received_on=timezone.localdate(), directly_related=directly_related,
        )
        self.attempt(evidence_save, evidence=evidence, actor=self.user(by))

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(by=actor("investigator"))
    def send_evidence_for_review(self, by):
        self.attempt(evidence_review_send, case=self.case, actor=self.user(by))

    @precondition(lambda self: EvidenceReview.objects.filter(case_id=self.watch.case_id).exists())
    @rule(role=st.sampled_from(["complainant", "respondent"]), no_response=st.booleans(), by=actor("investigator"))
    def record_evidence_response(self, role, no_response, by):
        review = EvidenceReview.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        document = None if no_response else self.attempt(self.document, kind="evidence_response", actor_name=by)
        self.attempt(evidence_response_record, review=review, party=self.party(role), document=document,
                     no_response=no_response, actor=self.user(by))

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(by=actor("investigator"))
    def finalise_report(self, by):
        document = self.attempt(self.document, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, actor_name=by)
        if document is not None:
            self.attempt(investigation_report_finalise, case=self.case, document=document,
                         actor=self.user(by))

    @precondition(lambda self: InvestigationReport.objects.filter(case_id=self.watch.case_id).exists())
    @rule(by=actor("investigator"))
    def send_report(self, by):
        report = InvestigationReport.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        self.attempt(investigation_report_send, report=report, actor=self.user(by))

    # --- the hearing ------------------------------------------------------------------------

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(role=st.sampled_from(["complainant", "respondent"]), by=actor("manager"), by_office=st.booleans())
    def record_advisor(self, role, by, by_office):
        party = self.party(role)
        if party is not None:
            self.attempt(advisor_record, advises=party, name=f"Advisor of the {role}",
                         appointed_by_office=by_office, actor=self.user(by))

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(days_ahead=st.integers(min_value=0, max_value=20), by=actor("manager"))
    def schedule_hearing(self, days_ahead, by):
        at = timezone.now() + datetime.timedelta(days=days_ahead)
        self.attempt(hearing_schedule, case=self.case, scheduled_at=at, place="Building 10, room 105",
                     actor=self.user(by))

    @precondition(lambda self: Hearing.objects.filter(case_id=self.watch.case_id).exists())
    @rule(by=actor("manager"), then=st.sampled_from(["hold", "record", "cancel"]))
    def run_hearing(self, by, then):
        hearing = Hearing.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        if then == "hold":
            self.attempt(hearing_mark_held, hearing=hearing, actor=self.user(by))
        elif then == "record":
            document = self.attempt(self.document, kind=CaseDocument.Kind.HEARING_RECORD, actor_name=by)
            self.attempt(hearing_record_attach, hearing=hearing, document=document, actor=self.user(by))
        else:
            self.attempt(hearing_cancel, hearing=hearing, reason=TEXT, actor=self.user(by))

    # --- the determination ------------------------------------------------------------------

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(outcome=st.sampled_from(Determination.Outcome.values), rationale=st.sampled_from([TEXT, ""]),
          by=actor("decider"))
    def record_determination(self, outcome, rationale, by):
        self.attempt(determination_record, case=self.case, outcome=outcome, rationale=rationale,
                     standard_of_evidence=Determination.Standard.PREPONDERANCE, actor=self.user(by))

    @precondition(lambda self: Determination.objects.filter(case_id=self.watch.case_id).exists())
    @rule(data=st.data(), result=st.sampled_from(["responsible", "not_responsible"]),
          rationale=st.sampled_from([TEXT, ""]), by=actor("decider"))
    def record_finding(self, data, result, rationale, by):
        allegations = list(self.case.allegations.order_by("number"))
        if not allegations:
            return
        self.attempt(finding_save, determination=Determination.objects.get(case_id=self.watch.case_id),
                     allegation=data.draw(st.sampled_from(allegations)), findings_of_fact=TEXT,
                     policy_provision="Policy 9.8", result=result, rationale=rationale, actor=self.user(by))

    @precondition(lambda self: Determination.objects.filter(case_id=self.watch.case_id).exists())
    @rule(by=actor("manager"))
    def release_determination(self, by):
        determination = Determination.objects.get(case_id=self.watch.case_id)
        self.attempt(determination_release, determination=determination, actor=self.user(by))

    # --- appeals and dismissal --------------------------------------------------------------

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(role=st.sampled_from(["complainant", "respondent"]), bases=st.sets(st.integers(0, 2), min_size=1),
          of_dismissal=st.booleans(), in_portal=st.booleans(), by=actor("manager"))
    def appeal(self, role, bases, of_dismissal, in_portal, by):
        party = self.party(role)
        chosen = [b for i, b in enumerate(AppealBasis.objects.filter(active=True).order_by("order", "pk")) if i in bases]
        dismissal = Dismissal.objects.filter(case_id=self.watch.case_id).last() if of_dismissal else None
        if party is None or not chosen or (of_dismissal and dismissal is None):
            return
        who = {"actor": None, "by_party": party} if in_portal else {"actor": self.user(by)}
        appeal = self.attempt(appeal_file, case=self.case, party=party, grounds=TEXT, bases=chosen,
                              dismissal=dismissal, **who)
        if appeal is not None:
            self.watch.chosen_bases[appeal.pk] = {basis.label for basis in chosen}

    @precondition(lambda self: Appeal.objects.filter(case_id=self.watch.case_id).exists())
    @rule(role=st.sampled_from(["complainant", "respondent"]), by=actor("manager"))
    def appeal_statement(self, role, by):
        appeal = Appeal.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        document = self.attempt(self.document, kind=CaseDocument.Kind.OTHER, actor_name=by)
        if document is not None:
            self.attempt(appeal_statement_add, appeal=appeal, party=self.party(role), document=document,
                         actor=self.user(by))

    @precondition(lambda self: Appeal.objects.filter(case_id=self.watch.case_id).exists())
    @rule(data=st.data(), decision=st.sampled_from(["upheld", "modified", "overturned"]), by=actor("appeal_decider"))
    def decide_appeal(self, data, decision, by):
        appeal = data.draw(st.sampled_from(list(Appeal.objects.filter(case_id=self.watch.case_id).order_by("pk"))))
        result = "" if decision == "upheld" else "Allegation 1: not responsible."
        self.attempt(appeal_decide, appeal=appeal, decision=decision, rationale=TEXT,
                     result_after_appeal=result, actor=self.user(by))

    @precondition(lambda self: Appeal.objects.filter(case_id=self.watch.case_id).exists())
    @rule(data=st.data(), by=actor("manager"))
    def release_appeal_decision(self, data, by):
        appeal = data.draw(st.sampled_from(list(Appeal.objects.filter(case_id=self.watch.case_id).order_by("pk"))))
        self.attempt(appeal_release, appeal=appeal, actor=self.user(by))

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(ground=st.sampled_from(Dismissal.Ground.values), continues=st.booleans(), by=actor("coordinator"))
    def dismiss(self, ground, continues, by):
        self.attempt(dismissal_record, case=self.case, ground=ground, reason=TEXT,
                     continue_on_track=continues, actor=self.user(by))

    # --- informal resolution, measures, deadlines -------------------------------------------

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(by=actor("manager"))
    def start_informal_resolution(self, by):
        informal = InformalResolution(case=self.case, kind="mediation", started_on=timezone.localdate())
        self.attempt(informal_resolution_save, informal=informal, actor=self.user(by))

    @precondition(lambda self: InformalResolution.objects.filter(case_id=self.watch.case_id).exists())
    @rule(role=st.sampled_from(["complainant", "respondent"]), in_writing=st.booleans(), voluntary=st.booleans(),
          withdraw=st.booleans(), by=actor("manager"))
    def consent(self, role, in_writing, voluntary, withdraw, by):
        informal = InformalResolution.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        party = self.party(role)
        existing = ConsentRecord.objects.filter(informal_resolution=informal, party=party).first()
        if existing is not None:
            if withdraw:
                self.attempt(consent_withdraw, consent=existing, actor=self.user(by))
            return
        if party is not None:
            consent = ConsentRecord(informal_resolution=informal, party=party, consented_on=timezone.localdate(),
                                    in_writing=in_writing, voluntary=voluntary)
            self.attempt(consent_record_save, consent=consent, actor=self.user(by))

    @precondition(lambda self: InformalResolution.objects.filter(case_id=self.watch.case_id).exists())
    @rule(outcome=st.sampled_from(["resolved", "failed"]), signed=st.booleans(), by=actor("manager"))
    def informal_outcome(self, outcome, signed, by):
        informal = InformalResolution.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        informal.outcome = outcome
        informal.agreement_signed_on = timezone.localdate() if signed else None
        self.attempt(informal_resolution_save, informal=informal, actor=self.user(by))

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(role=st.sampled_from(["complainant", "respondent"]), kind=st.sampled_from(SupportiveMeasure.Kind.values),
          by=actor("manager"))
    def add_measure(self, role, kind, by):
        party = self.party(role)
        if party is not None:
            measure = SupportiveMeasure(case=self.case, party=party, kind=kind, details=TEXT,
                                        requested_on=timezone.localdate())
            self.attempt(supportive_measure_save, measure=measure, actor=self.user(by))

    @precondition(lambda self: CaseDeadline.objects.filter(case_id=self.watch.case_id, state="open").exists())
    @rule(data=st.data(), days=st.integers(1, 10), by=actor("manager"))
    def extend_deadline(self, data, days, by):
        clocks = list(CaseDeadline.objects.filter(case_id=self.watch.case_id, state="open").order_by("pk"))
        clock = data.draw(st.sampled_from(clocks))
        self.attempt(deadline_extend, deadline=clock, new_due_on=clock.due_on + datetime.timedelta(days=days),
                     cause="absence", reason=TEXT, actor=self.user(by))

    @invariant()
    def the_regulation_holds(self):
        started = time.perf_counter()
        check_all(self.watch, STATS)
        STATS["~ invariants (ms)"] += int((time.perf_counter() - started) * 1000)
        STATS["~ steps"] += 1


# Where a case usually goes next (the draw also picks any status, to try the refused moves).
NEXT = {
    "new": ("assessment",),
    "outreach": ("assessment",),
    "assessment": ("investigation", "informal_resolution", "supportive_measures"),
    "supportive_measures": ("investigation", "closed"),
    "informal_resolution": ("closed", "investigation"),
    "investigation": ("determination", "informal_resolution"),
    "determination": ("appeal_window",),
    "appeal_window": ("closed",),
    "closed": ("assessment",),
    "closed_no_action": ("assessment",),
    "closed_information": ("assessment",),
}
