"""A Hypothesis state machine whose rules are the staff actions of the case services.

One case per example: a report to triage (Title IX or not, a student or employee complainant
and respondent, with or without a signed formal complaint), or a case already walked by the
right people to a later stage (helpers.walk: the investigation, the report sent, the panel
ready, the hearing held, the determination released), so that 40 steps reach hearings,
determinations and appeals. Each rule calls one service as an actor of any role (mostly the
person who would act: `actor`), with the data that person would give (mostly), on a date
that moves forward by random steps (time_machine: the server's clock, never a sleep); the
rules of the later stages are in helpers.machine_rules. A refusal (ValidationError,
PermissionDenied, TransitionRefused) is part of the behaviour; anything else is a failure.
After every step the invariants of helpers.invariants are checked (those the step could
have broken: see there).

Speed: each walked start is built once per test run (outside the examples, in the test's
transaction) and each example runs in a savepoint rolled back at teardown, so the examples
start from the same case without a flush; the rules' preconditions read one query per step
(`facts`); the PDF of each letter is replaced by a fixed one (WeasyPrint takes ~0.3 s a
letter; the invariants read the letter's text, which is rendered as usual).
"""

from __future__ import annotations

import datetime
import os
import sys
import time
from collections import Counter

import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from cases.models import (
    Case,
    CaseAssignment,
    CaseDeadline,
    CaseDocument,
    ConflictAttestation,
    Evidence,
    EvidenceResponse,
    EvidenceReview,
    Investigation,
    InvestigationReport,
    Letter,
    Party,
)
from cases.services.allegations import allegation_add
from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_add
from cases.services.evidence_review import (
    evidence_response_record,
    evidence_review_send,
    investigation_report_finalise,
    investigation_report_send,
)
from cases.services.investigation import evidence_save
from cases.services.letters import letter_mark_sent, letter_prepare
from cases.services.triage import case_open_from_report, case_update
from cases.services.workflow import TransitionRefused, case_formal_complaint_sign, case_transition

from .. import factories
from .invariants import Watch, check_all, check_new_audit_links
from .machine_rules import STATS, LaterRules, actor, limited, mostly
from .machine_walk import Advance
from .sql import CASE_COLUMNS, FACTS, FACTS_SQL, prepared
from .walk import STAGES, walked_to

START = datetime.datetime(2026, 2, 2, 9, 0, tzinfo=datetime.UTC)  # a Monday
AUDIT_EVERY = 5  # steps between two checks of the audit links (and at the end of each example)
STATUSES = tuple(Case.Status.values)
REASONS = os.environ.get("IDHR_FSM_STATS") == "reasons"  # and why each was refused
REFUSALS = (ValidationError, PermissionDenied, TransitionRefused)
TEXT = "Written by the state-machine test."
OPEN = ("new", "outreach", "assessment", "supportive_measures", "informal_resolution", "investigation",
        "determination", "appeal_window")
EARLY = ("new", "outreach", "assessment", "supportive_measures", "informal_resolution", "investigation")
NATURAL_HOLDER = {
    "decision_maker": "decider", "appeal_decision_maker": "appeal_decider",
    "investigator": "investigator", "facilitator": "other",
}
# Rules the office repeats without moving the case on (another measure, advisor, role...) do so at
# most this many times an example, and any rule refused five times rests: the 40 steps go to the
# case's next stages.
REFUSALS_AN_EXAMPLE = 5
LIMITS = {"advance": 3, "add_measure": 2, "record_advisor": 3, "assign_role": 4, "attest": 4, "extend_deadline": 1,
          "start_informal_resolution": 2, "consent": 4, "informal_outcome": 2, "add_evidence": 3,
          "title_ix_determination": 2, "record_allegation": 2, "send_letters": 6}


# Where a case usually goes next (the draw also picks any status, to try the refused moves).
NEXT = {
    "new": ("assessment",),
    "outreach": ("assessment",),
    "assessment": ("investigation", "investigation", "informal_resolution", "supportive_measures"),
    "supportive_measures": ("investigation", "closed"),
    "informal_resolution": ("closed", "investigation"),
    "investigation": ("determination",),
    "determination": ("appeal_window",),
    "appeal_window": ("closed",),
    "closed": ("assessment",),
    "closed_no_action": ("assessment",),
    "closed_information": ("assessment",),
}


class CaseMachine(Advance, LaterRules, RuleBasedStateMachine):
    staff: dict = {}  # name -> user, set by the test before running
    walks: dict = {}  # (stage, title_ix, complainant, respondent) -> (case pk, the time the walk ended)

    def __init__(self):
        super().__init__()
        self.atomic = None
        self.clock = time_machine.travel(START, tick=False)
        self.clock_coordinates = self.clock.start()
        self.watch = Watch()
        self.report = None
        self._facts = None
        self.steps = 0
        self.dismiss_after = 0
        self.done: Counter = Counter()  # rule -> services it got done in this example
        self.refused: Counter = Counter()  # rule -> services refused it in this example

    def teardown(self):
        try:
            if self.atomic is not None:
                check_all(self.watch, STATS)  # the audit links written since the last check
        finally:
            if self.atomic is not None:
                transaction.set_rollback(True)
                self.atomic.__exit__(None, None, None)
            self.clock.stop()

    # --- helpers ------------------------------------------------------------------------------

    def user(self, name):
        return self.staff[name]

    @property
    def case(self) -> Case:
        return Case.objects.get(pk=self.watch.case_id)

    @property
    def facts(self) -> dict:
        """The case's status and what it has (an investigation, a hearing...), read once a step."""
        if self._facts is None:
            if self.watch.case_id is None:
                self._facts = {"status": None}
            else:
                row = prepared("idhr_fsm_facts", FACTS_SQL, [self.watch.case_id])[0]
                self._facts = dict(zip((*CASE_COLUMNS, *FACTS), row, strict=True))
        return self._facts

    def at(self, *statuses) -> bool:
        return self.facts["status"] in statuses

    def party(self, role) -> Party | None:
        return Party.objects.filter(case_id=self.watch.case_id, role=role).order_by("pk").first()

    def attempt(self, service, **kwargs):
        """Call the service; count it done or refused under the rule that called it."""
        name = f"{sys._getframe(1).f_code.co_name} → {service.__name__}"
        started = time.perf_counter()
        try:
            result = service(**kwargs)
        except REFUSALS as refusal:
            STATS[f"{name}: refused"] += 1
            self.refused[sys._getframe(1).f_code.co_name] += 1
            if REASONS:
                STATS[f"{name}: refused: {' '.join(str(refusal).split())[:110]}"] += 1
            return None
        finally:
            STATS[f"~ {name} (ms)"] += int((time.perf_counter() - started) * 1000)
        STATS[f"{name}: done"] += 1
        self.done[sys._getframe(1).f_code.co_name] += 1
        return result

    def fresh(self, rule_name: str) -> bool:
        """Whether the rule has done less than its share in this example (LIMITS), and was refused
        less than REFUSALS_AN_EXAMPLE times (the refusal was tried: the steps go to other rules)."""
        return self.done[rule_name] < LIMITS.get(rule_name, 1000) and self.refused[rule_name] < REFUSALS_AN_EXAMPLE

    def document(self, kind, actor_name):
        return case_document_add(
            case=self.case, kind=kind, filename=f"{kind}.txt", content_type="text/plain",
            data=TEXT.encode(), actor=self.user("coordinator") if actor_name is None else self.user(actor_name),
        )

    def shift(self, days: int) -> None:
        self.clock_coordinates.shift(datetime.timedelta(days=days))

    # --- the case ---------------------------------------------------------------------------

    @initialize(
        title_ix=st.booleans(),
        people=st.sampled_from([("student", "student"), ("student", "employee"), ("employee", "student"),
                                ("employee", "employee")]),
        formal_complaint=st.booleans(),
        start=st.sampled_from(("report", *STAGES)),
        dismiss_after=st.integers(0, 40),
    )
    def report_received(self, title_ix, people, formal_complaint, start, dismiss_after):
        """A report to triage, or a case already walked by the right people to a stage (built once a
        run: the examples start from the same case, each in a savepoint rolled back after it)."""
        complainant, respondent = people
        STATS[f"start: {start}"] += 1
        self.dismiss_after = dismiss_after  # a dismissal ends the formal process: not always at once
        if start != "report":
            complainant = "student"  # the walks: a student's complaint against a student or an employee
            key = (start, title_ix, complainant, respondent)
            if key not in self.walks:
                started = time.perf_counter()
                self.clock_coordinates.move_to(START)
                with transaction.atomic():
                    case = walked_to(start, self.staff, self.clock_coordinates, title_ix=title_ix,
                                     complainant=complainant, respondent=respondent)
                self.walks[key] = (case.pk, timezone.now())
                STATS["~ walks built (ms)"] += int((time.perf_counter() - started) * 1000)
            case_id, ready_at = self.walks[key]
            self.clock_coordinates.move_to(ready_at)
            self.begin()
            self.watch.case_id = case_id
            return
        self.begin()
        category = "sexual_harassment" if title_ix else "discrimination"
        self.report = factories.ReportFactory(
            kind="complaint" if formal_complaint else "incident", categories=[category],
            reporter_affiliation=complainant,
        )
        factories.ReportPartyFactory(report=self.report, affiliation=respondent)
        if formal_complaint:
            factories.formal_complaint_for(self.report, respondent_type=respondent)

    def begin(self):
        """The example's savepoint, and the audit links checked from here on."""
        self.atomic = transaction.atomic()
        self.atomic.__enter__()
        check_new_audit_links(self.watch)

    @precondition(lambda self: self.watch.case_id is None and self.report is not None)
    @rule(by=actor("manager"))
    def triage(self, by):
        case = self.attempt(case_open_from_report, report=self.report, actor=self.user(by))
        if case is not None:
            self.watch.case_id = case.pk

    @limited
    @precondition(lambda self: self.at(*OPEN) and not (self.facts["investigator_id"] and self.facts["case_manager_id"]))
    @rule(by=actor("coordinator"))
    def assign_staff(self, by):
        case = self.case
        case.case_manager, case.investigator = self.user("manager"), self.user("investigator")
        self.attempt(case_update, case=case, actor=self.user(by), changed=["case_manager", "investigator"])

    @limited
    @precondition(lambda self: self.at(*EARLY))
    @rule(
        criterion=st.sampled_from(["title_ix_category", "ti_in_program_at_filing", "ti_in_institute_program",
                                   "ti_in_united_states"]),
        value=st.booleans(), by=actor("coordinator"),
    )
    def title_ix_determination(self, criterion, value, by):
        case = self.case
        setattr(case, criterion, value)
        self.attempt(case_update, case=case, actor=self.user(by), changed=[criterion])

    @limited
    @precondition(lambda self: self.at("new", "outreach", "assessment", "supportive_measures")
                  and not (self.facts["complaint"] or self.facts["signed"]))
    @rule(by=actor("coordinator"))
    def sign_formal_complaint(self, by):
        self.attempt(case_formal_complaint_sign, case=self.case, actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None)
    @rule(data=st.data(), by=actor("manager"), with_reason=st.one_of(st.just(True), st.booleans()))
    def transition(self, data, by, with_reason, to=None):
        case = self.case
        to = to or data.draw(st.one_of(st.sampled_from(NEXT.get(case.status, STATUSES)), st.sampled_from(STATUSES)))
        text = TEXT if with_reason else ""
        self.attempt(
            case_transition, case=case, to=to, actor=self.user(by),
            reason=text, response_basis=text, no_measures_reason=text,
        )

    @precondition(lambda self: self.watch.case_id is not None)
    @rule(days=st.integers(min_value=1, max_value=12))
    def time_passes(self, days):
        self.shift(days)

    # --- roles ------------------------------------------------------------------------------

    @limited
    @precondition(lambda self: self.at(*OPEN))
    @rule(data=st.data(), role=st.sampled_from(list(NATURAL_HOLDER)), by=actor("coordinator"))
    def assign_role(self, data, role, by):
        holder = data.draw(actor(NATURAL_HOLDER[role]))
        self.attempt(case_role_assign, case=self.case, role=role, user=self.user(holder), actor=self.user(by))

    @limited
    @precondition(lambda self: self.at(*OPEN) and self.facts["unattested"])
    @rule(data=st.data())
    def attest(self, data):
        """Mostly a role someone holds and has not attested for yet, by its natural holder."""
        case = self.case
        held = set(CaseAssignment.objects.filter(case=case, ended_at__isnull=True).values_list("role", "user_id"))
        held |= {("investigator", case.investigator_id)} if case.investigator_id else set()
        held -= set(ConflictAttestation.objects.filter(case=case).values_list("role", "user_id"))
        waiting = sorted((role, user) for role, user in held if role in NATURAL_HOLDER)
        role, user = data.draw(mostly(st.sampled_from(waiting), st.sampled_from([(r, None) for r in NATURAL_HOLDER]))
                               if waiting else st.sampled_from([(r, None) for r in NATURAL_HOLDER]))
        names = {person.pk: name for name, person in self.staff.items()}
        by = data.draw(actor(names.get(user, NATURAL_HOLDER[role])))
        self.attempt(conflict_attestation_record, case=case, role=role, actor=self.user(by))

    # --- the investigation ------------------------------------------------------------------

    @limited
    @precondition(lambda self: self.at("assessment", "investigation", "determination"))
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

    @limited
    @precondition(lambda self: self.at("assessment", "investigation") and not self.facts["notice"])
    @rule(by=actor("manager"))
    def prepare_notice_of_allegations(self, by):
        recipients = list(Party.objects.filter(case_id=self.watch.case_id, role__in=["complainant", "respondent"]))
        self.attempt(letter_prepare, case=self.case, kind="allegations", recipients=recipients,
                     actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["unsent"])
    @rule(data=st.data(), by=actor("manager"), channel=st.sampled_from(Letter.Channel.values),
          whole_batch=st.one_of(st.just(True), st.booleans()))
    def send_letters(self, data, by, channel, whole_batch):
        unsent = list(Letter.objects.filter(case_id=self.watch.case_id, sent_at__isnull=True).order_by("pk"))
        first = data.draw(st.sampled_from(unsent))
        letters = [each for each in unsent if each.kind == first.kind and each.regarding == first.regarding]
        if not whole_batch:
            letters = [first]
        self.attempt(letter_mark_sent, letters=letters, channel=channel, actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["investigation"])
    @rule(by=actor("investigator"), with_file=st.one_of(st.just(True), st.booleans()),
          directly_related=st.one_of(st.just(True), st.booleans()))
    def add_evidence(self, by, with_file, directly_related):
        document = self.attempt(self.document, kind=CaseDocument.Kind.EVIDENCE, actor_name=by) if with_file else None
        evidence = Evidence(
            investigation=Investigation.objects.get(case_id=self.watch.case_id), description="Text messages.",
            document=document, received_on=timezone.localdate(), directly_related=directly_related,
        )
        self.attempt(evidence_save, evidence=evidence, actor=self.user(by))

    @limited
    @precondition(lambda self: self.at("investigation") and self.facts["investigation"] and not self.facts["review"])
    @rule(by=actor("investigator"))
    def send_evidence_for_review(self, by):
        self.attempt(evidence_review_send, case=self.case, actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["review"] and not self.facts["report"])
    @rule(data=st.data(), no_response=st.booleans(), by=actor("investigator"))
    def record_evidence_response(self, data, no_response, by):
        """The response of a party not answered yet (mostly), after their letter was sent."""
        review = EvidenceReview.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        waiting = [p for p in Party.objects.filter(case_id=self.watch.case_id, role__in=["complainant", "respondent"])
                   .exclude(pk__in=EvidenceResponse.objects.filter(review=review).values("party_id")).order_by("pk")] or [self.party("complainant")]
        party = data.draw(st.sampled_from(waiting))
        document = None if no_response else self.attempt(self.document, kind="evidence_response", actor_name=by)
        self.attempt(evidence_response_record, review=review, party=party, document=document,
                     no_response=no_response, actor=self.user(by))

    @limited
    @precondition(lambda self: self.at("investigation") and self.facts["review"] and not self.facts["report"])
    @rule(by=actor("investigator"), wait=st.one_of(st.just(True), st.booleans()))
    def finalise_report(self, by, wait):
        """With `wait`, first the days until the parties' time to respond to the evidence is over."""
        if wait:
            last = CaseDeadline.objects.filter(case_id=self.watch.case_id, kind="evidence_response").order_by(
                "-due_on").values_list("due_on", flat=True).first()
            if last is not None and last >= timezone.localdate():
                self.shift((last - timezone.localdate()).days + 1)
        document = self.attempt(self.document, kind=CaseDocument.Kind.INVESTIGATOR_REPORT, actor_name=by)
        if document is not None:
            self.attempt(investigation_report_finalise, case=self.case, document=document,
                         actor=self.user(by))

    @limited
    @precondition(lambda self: self.watch.case_id is not None and self.facts["report_unsent"])
    @rule(by=actor("investigator"))
    def send_report(self, by):
        report = InvestigationReport.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        self.attempt(investigation_report_send, report=report, actor=self.user(by))

    @invariant()
    def the_regulation_holds(self):
        if self.atomic is None:  # before the example's case exists
            return
        self._facts = None
        self.steps += 1
        started = time.perf_counter()
        check_all(self.watch, STATS, audit=self.steps % AUDIT_EVERY == 0)
        STATS["~ invariants (ms)"] += int((time.perf_counter() - started) * 1000)
        STATS["~ steps"] += 1
