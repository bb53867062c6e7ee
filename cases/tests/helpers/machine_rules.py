"""The state machine's rules of the later stages (helpers.case_machine holds the machine): the
hearing, the determination, appeals, dismissal, informal resolution, measures and deadlines.

Each rule draws its actor with `actor` (mostly the person who would act) and mostly the data
that person would give (a hearing on a date the regulation allows, the outcome the findings
support, a decision after the statement windows), so that cases get walked to the end; the
other draws try the refusals.
"""

from __future__ import annotations

import datetime
from collections import Counter

from django.conf import settings
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from cases.models import (
    Appeal,
    AppealBasis,
    CaseDeadline,
    CaseDocument,
    ConsentRecord,
    Determination,
    Dismissal,
    Hearing,
    InformalResolution,
    Letter,
    SupportiveMeasure,
)
from cases.services.appeals import appeal_release, appeal_statement_add
from cases.services.dismissal import dismissal_record
from cases.services.extensions import deadline_extend
from cases.services.hearing import (
    advisor_record,
    hearing_cancel,
    hearing_mark_held,
    hearing_record_attach,
    hearing_schedule,
)
from cases.services.informal import consent_record_save, consent_withdraw, informal_resolution_save
from cases.services.measures import supportive_measure_save
from cases.services.outcomes import (
    appeal_decide,
    appeal_file,
    determination_record,
    determination_release,
    finding_save,
)

from .invariants import REPORT_BEFORE_HEARING_DAYS

STATS: Counter = Counter()  # rule → service: done / refused, printed with IDHR_FSM_STATS=1
ACTORS = ("coordinator", "manager", "investigator", "decider", "appeal_decider", "other", "brt")
TEXT = "Written by the state-machine test."
PRINCIPAL = st.sampled_from(["complainant", "respondent"])
OPEN = ("new", "outreach", "assessment", "supportive_measures", "informal_resolution", "investigation",
        "determination", "appeal_window")
DISMISSING = ("investigation", "determination", "assessment", "supportive_measures", "informal_resolution")


def actor(natural: str, others=ACTORS):
    """Three times in four the person who would act, else one of `others` (anyone, or those the
    regulation keeps from the act: they try it more often) (shrinks towards the natural one)."""
    return st.one_of(st.just(natural), st.just(natural), st.just(natural), st.sampled_from(others))


# (b)(7)(i): the determination is never the coordinator's or the investigator's; (b)(8)(iii)(C): the
# appeal decision-maker is not the decision-maker, the investigator or the coordinator.
NOT_THE_DECIDER = ("coordinator", "investigator", "appeal_decider", "manager")
NOT_THE_APPEAL_DECIDER = ("coordinator", "investigator", "decider", "manager")


def limited(rule_function):
    """A rule the office may repeat without moving the case on: at most its share (case_machine.LIMITS) in an example."""
    name = rule_function.__name__
    return precondition(lambda self: self.fresh(name))(rule_function)


def mostly(value, other):
    """The value a person would give (a strategy, or a value), sometimes another (shrinks towards the first)."""
    usual = value if isinstance(value, st.SearchStrategy) else st.just(value)
    return st.one_of(usual, usual, other)


class LaterRules:
    """Mixed into CaseMachine (which gives attempt, case, facts, party, shift, document, user)."""

    # --- the hearing ------------------------------------------------------------------------

    @limited
    @precondition(lambda self: self.at("investigation", "determination"))
    @rule(role=PRINCIPAL, by=actor("manager"), by_office=st.booleans())
    def record_advisor(self, role, by, by_office):
        party = self.party(role)
        if party is not None:
            self.attempt(advisor_record, advises=party, name=f"Advisor of the {role}",
                         appointed_by_office=by_office, actor=self.user(by))

    @limited
    @precondition(lambda self: self.at("investigation") and self.facts["is_title_ix"] and self.facts["report"]
                  and self.facts["decider"])
    @rule(days_ahead=mostly(None, st.integers(min_value=0, max_value=20)), later=st.integers(0, 3),
          by=actor("manager"))
    def schedule_hearing(self, days_ahead, later, by):
        """Mostly on the first day the regulation allows (the notice's days, and the tenth day after
        the report letters were sent) or a few days later; else any day of the next three weeks."""
        today = timezone.localdate()
        if days_ahead is None:
            earliest = today + datetime.timedelta(days=settings.PROCESS_MEETING_NOTICE_DAYS)
            sent = Letter.objects.filter(case_id=self.watch.case_id, kind="investigation_report",
                                         sent_at__isnull=False).order_by("-sent_at").values_list("sent_at", flat=True)
            if sent:
                report_day = timezone.localtime(sent[0]).date()
                earliest = max(earliest, report_day + datetime.timedelta(days=REPORT_BEFORE_HEARING_DAYS))
            days_ahead = (earliest - today).days + later
        at = timezone.now() + datetime.timedelta(days=days_ahead)
        self.attempt(hearing_schedule, case=self.case, scheduled_at=at, place="Building 10, room 105",
                     actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["hearing"])
    @rule(by=actor("manager"), other=st.one_of(st.none(), st.none(), st.none(), st.sampled_from(["hold", "record",
          "cancel"])), wait=mostly(True, st.booleans()))
    def run_hearing(self, by, other, wait):
        """The next step of the last hearing (hold it on its day, with `wait` the days until then;
        attach its record), or `other` step, to try the refusals."""
        hearing = Hearing.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        then = other or ("hold" if hearing.status == "scheduled" else "record")
        if then == "hold":
            if wait and hearing.scheduled_at > timezone.now():
                self.shift((timezone.localtime(hearing.scheduled_at).date() - timezone.localdate()).days)
            self.attempt(hearing_mark_held, hearing=hearing, actor=self.user(by))
        elif then == "record":
            document = self.attempt(self.document, kind=CaseDocument.Kind.HEARING_RECORD, actor_name=by)
            self.attempt(hearing_record_attach, hearing=hearing, document=document, actor=self.user(by))
        else:
            self.attempt(hearing_cancel, hearing=hearing, reason=TEXT, actor=self.user(by))

    # --- the determination ------------------------------------------------------------------

    @limited
    @precondition(lambda self: self.at("determination"))
    @rule(data=st.data(), outcome=mostly("as found", st.sampled_from(Determination.Outcome.values)),
          rationale=mostly(TEXT, st.just("")), findings=mostly(True, st.booleans()), by=actor("decider", NOT_THE_DECIDER))
    def record_determination(self, data, outcome, rationale, findings, by):  # noqa: PLR0913
        """The decision-maker's form: the determination and (with `findings`) a finding on each
        allegation, results drawn; mostly the outcome those findings support (responsible if one is)."""
        allegations = list(self.case.allegations.order_by("number")) if findings else []
        results = [data.draw(st.sampled_from(["not_responsible", "responsible"])) for _each in allegations]
        if outcome == "as found":
            outcome = "responsible" if "responsible" in results else "not_responsible"
        determination = self.attempt(determination_record, case=self.case, outcome=outcome,
                                     rationale=rationale, standard_of_evidence=Determination.Standard.PREPONDERANCE,
                                     actor=self.user(by))
        determination = determination or self.determination()
        if determination is None:
            return
        for allegation, result in zip(allegations, results, strict=True):
            self.attempt(finding_save, determination=determination,
                         allegation=allegation, findings_of_fact=TEXT, policy_provision="Policy 9.8", result=result,
                         rationale=data.draw(mostly(TEXT, st.just(""))), actor=self.user(by))

    def determination(self) -> Determination | None:
        return Determination.objects.filter(case_id=self.watch.case_id).first()

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["determination"])
    @rule(by=actor("manager"))
    def release_determination(self, by):
        determination = Determination.objects.get(case_id=self.watch.case_id)
        self.attempt(determination_release, determination=determination, actor=self.user(by))

    # --- appeals and dismissal --------------------------------------------------------------

    @limited
    @precondition(lambda self: self.watch.case_id is not None and (self.facts["released"]
                                                                   or self.facts["dismissal"]))
    @rule(role=PRINCIPAL, bases=st.sets(st.integers(0, 2), min_size=1), in_portal=st.booleans(),
          of_dismissal=st.booleans(), by=actor("manager"))
    def appeal(self, role, bases, in_portal, of_dismissal, by):
        party = self.party(role)
        chosen = [b for i, b in enumerate(AppealBasis.objects.filter(active=True).order_by("order", "pk")) if i in bases]
        dismissal = None
        if of_dismissal or not self.facts["released"]:
            dismissal = Dismissal.objects.filter(case_id=self.watch.case_id).order_by("pk").last()
        who = {"actor": None, "by_party": party} if in_portal else {"actor": self.user(by)}
        appeal = self.attempt(appeal_file, case=self.case, party=party, grounds=TEXT, bases=chosen,
                              dismissal=dismissal, **who)
        if appeal is not None:
            self.watch.chosen_bases[appeal.pk] = {basis.label for basis in chosen}

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["appeal"])
    @rule(role=PRINCIPAL, by=actor("manager"))
    def appeal_statement(self, role, by):
        appeal = Appeal.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        document = self.attempt(self.document, kind=CaseDocument.Kind.OTHER, actor_name=by)
        if document is not None:
            self.attempt(appeal_statement_add, appeal=appeal, party=self.party(role), document=document,
                         actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["appeal"])
    @rule(data=st.data(), decision=st.sampled_from(["upheld", "modified", "overturned"]),
          wait=mostly(True, st.booleans()), by=actor("appeal_decider", NOT_THE_APPEAL_DECIDER))
    def decide_appeal(self, data, decision, wait, by):
        """Mostly a pending appeal, with `wait` after the parties' windows for statements closed."""
        appeals = list(Appeal.objects.filter(case_id=self.watch.case_id).order_by("pk"))
        pending = [each for each in appeals if each.decision == "pending"]
        appeal = data.draw(st.sampled_from(pending or appeals))
        if wait:
            last = CaseDeadline.objects.filter(case_id=self.watch.case_id, kind="appeal_statement", state="open",
                                               regarding=f"cases.appeal:{appeal.pk}").order_by("-due_on").first()
            if last is not None and last.due_on >= timezone.localdate():
                self.shift((last.due_on - timezone.localdate()).days + 1)
        result = "" if decision == "upheld" else "Allegation 1: not responsible."
        self.attempt(appeal_decide, appeal=appeal, decision=decision, rationale=TEXT,
                     result_after_appeal=result, actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["decided"])
    @rule(data=st.data(), by=actor("manager"))
    def release_appeal_decision(self, data, by):
        appeals = list(Appeal.objects.filter(case_id=self.watch.case_id).order_by("pk"))
        decided = [each for each in appeals if each.decision != "pending" and each.released_at is None]
        appeal = data.draw(st.sampled_from(decided or appeals))
        self.attempt(appeal_release, appeal=appeal, actor=self.user(by))

    @limited
    @precondition(lambda self: self.at(*DISMISSING) and self.steps >= self.dismiss_after)
    @rule(ground=st.sampled_from(Dismissal.Ground.values), continues=st.booleans(), by=actor("coordinator"))
    def dismiss(self, ground, continues, by):
        self.attempt(dismissal_record, case=self.case, ground=ground, reason=TEXT,
                     continue_on_track=continues, actor=self.user(by))

    # --- informal resolution, measures, deadlines -------------------------------------------

    @limited
    @precondition(lambda self: self.at("assessment", "investigation", "supportive_measures", "informal_resolution"))
    @rule(by=actor("manager"))
    def start_informal_resolution(self, by):
        informal = InformalResolution(case=self.case, kind="mediation", started_on=timezone.localdate())
        self.attempt(informal_resolution_save, informal=informal, actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["informal"])
    @rule(role=PRINCIPAL, in_writing=mostly(True, st.booleans()), voluntary=mostly(True, st.booleans()),
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

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["informal"])
    @rule(outcome=st.sampled_from(["resolved", "failed"]), signed=mostly(True, st.booleans()), by=actor("manager"))
    def informal_outcome(self, outcome, signed, by):
        informal = InformalResolution.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        informal.outcome = outcome
        informal.agreement_signed_on = timezone.localdate() if signed else None
        self.attempt(informal_resolution_save, informal=informal, actor=self.user(by))

    @limited
    @precondition(lambda self: self.at(*OPEN))
    @rule(role=PRINCIPAL, kind=st.sampled_from(SupportiveMeasure.Kind.values), by=actor("manager"))
    def add_measure(self, role, kind, by):
        party = self.party(role)
        if party is not None:
            measure = SupportiveMeasure(case=self.case, party=party, kind=kind, details=TEXT,
                                        requested_on=timezone.localdate())
            self.attempt(supportive_measure_save, measure=measure, actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["extendable"])
    @rule(data=st.data(), days=st.integers(1, 10), by=actor("manager"))
    def extend_deadline(self, data, days, by):
        clocks = list(CaseDeadline.objects.filter(case_id=self.watch.case_id, state="open").order_by("pk"))
        extendable = [clock for clock in clocks if clock.extendable]  # mostly; the others are refused
        clocks = data.draw(mostly(extendable, st.just(clocks)))
        clock = data.draw(st.sampled_from(clocks))
        self.attempt(deadline_extend, deadline=clock, new_due_on=clock.due_on + datetime.timedelta(days=days),
                     cause="absence", reason=TEXT, actor=self.user(by))
