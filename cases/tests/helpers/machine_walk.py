"""The state machine's `advance` rule: the next step the office would take on the case, by the
person who would take it, with the data they would give.

Hypothesis turns off a random part of the rules in each example (swarm testing): a case whose
next step needs five rules in turn would rarely get there. `advance` calls the same rule
methods as the other rules (so the same services, counted under their names), choosing the
one the case needs next: an evidence item with its file, the review sent and its letters,
the parties' responses after their ten days, the report finalised and sent, advisors, the
panel assigned and attested, the hearing scheduled on a day the regulation allows, held on
its day and recorded, the determination with a finding on each allegation, its release, an
appeal, its decision after the statement windows, the decision released, the case closed.
The other rules still interleave anything else, by anyone, at any time.
"""

from __future__ import annotations

from hypothesis import strategies as st
from hypothesis.stateful import precondition, rule

from cases.models import CaseAssignment, ConflictAttestation, Evidence, EvidenceResponse, Party

from .machine_rules import STATS, TEXT

OPEN_FORMAL = ("investigation", "determination", "appeal_window")


class Advance:
    """Mixed into CaseMachine, with LaterRules (whose rule methods it calls)."""

    @precondition(lambda self: self.at(*OPEN_FORMAL) and self.fresh("advance"))
    @rule(data=st.data())
    def advance(self, data):
        step = self.next_step()
        STATS[f"advance: {step}"] += 1
        self.done["advance"] += step == "nothing"  # a case with nothing to do rests the rule (LIMITS)
        refused = sum(self.refused.values())
        self.take(step, data)
        self.refused["advance"] += sum(self.refused.values()) > refused  # refused five times, it rests too

    def take(self, step: str, data) -> None:  # noqa: C901, PLR0912 - one branch a step
        if step == "evidence":
            self.add_evidence(by="investigator", with_file=True, directly_related=True)
        elif step == "review":
            self.send_evidence_for_review(by="investigator")
        elif step == "letters":
            self.send_letters(data=data, by="manager", channel="post", whole_batch=True)
        elif step == "response":
            self.shift(self.days_until_evidence_responses_due())
            self.record_evidence_response(data=data, no_response=True, by="investigator")
        elif step == "report":
            self.finalise_report(by="investigator", wait=True)
        elif step == "send report":
            self.send_report(by="investigator")
        elif step == "advisor":
            self.record_advisor(role=self.unadvised(), by="manager", by_office=True)
        elif step in ("decision_maker", "appeal_decision_maker"):
            holder = "decider" if step == "decision_maker" else "appeal_decider"
            self.attempt(self.assign_and_attest, role=step, holder=holder)
        elif step == "hearing":
            self.schedule_hearing(days_ahead=None, later=0, by="manager")
        elif step == "hold":
            self.run_hearing(by="manager", other=None, wait=True)
        elif step == "determination stage":
            self.transition(data=data, by="manager", with_reason=True, to="determination")
        elif step == "determination":
            self.record_determination(data=data, outcome="as found", rationale=TEXT, findings=True,
                                      by="decider")
        elif step == "release":
            self.release_determination(by="manager")
        elif step == "appeal":
            self.appeal(role=data.draw(st.sampled_from(["complainant", "respondent"])), bases={0, 1},
                        in_portal=False, of_dismissal=False, by="manager")
        elif step == "decide":
            self.decide_appeal(data=data, decision="upheld", wait=True, by="appeal_decider")
        elif step == "release appeal":
            self.release_appeal_decision(data=data, by="manager")
        elif step == "close":
            self.transition(data=data, by="manager", with_reason=True, to="closed")

    def next_step(self) -> str:  # noqa: PLR0911, C901 - the office's order of the steps
        facts, case_id = self.facts, self.watch.case_id
        if facts["unsent"]:
            return "letters"
        if facts["status"] == "investigation":
            if not facts["report"]:
                if not Evidence.objects.filter(investigation__case_id=case_id, directly_related=True,
                                               document__isnull=False).exists():
                    return "evidence"
                if not facts["review"]:
                    return "review"
                if self.waiting_for_response():
                    return "response"
                return "report"
            if facts["report_unsent"]:
                return "send report"
            if not facts["is_title_ix"]:
                return "determination stage"
            if self.unadvised():
                return "advisor"
            if not facts["decider"] or self.unattested("decision_maker"):
                return "decision_maker"
            if not facts["hearing"] and not self.hearing_recorded():
                return "hearing"
            if facts["hearing"]:
                return "hold"
            return "determination stage"
        if facts["status"] == "determination":
            if self.unattested("decision_maker") or not facts["decider"]:
                return "decision_maker"
            return "release" if facts["determination"] and self.findings_complete() else "determination"
        if facts["status"] == "appeal_window":
            if facts["decided"]:
                return "release appeal"
            pending = self.pending_appeal()
            if pending and self.unattested("appeal_decision_maker"):
                return "appeal_decision_maker"
            if pending:
                return "decide"
            if not facts["appeal"]:
                return "appeal"
            return "close"
        return "nothing"

    # --- what the case has -----------------------------------------------------------------

    def waiting_for_response(self) -> bool:
        from cases.models import EvidenceReview

        review = EvidenceReview.objects.filter(case_id=self.watch.case_id).order_by("-pk").first()
        answered = EvidenceResponse.objects.filter(review=review).values("party_id")
        return Party.objects.filter(case_id=self.watch.case_id, role__in=["complainant", "respondent"]).exclude(
            pk__in=answered).exists()

    def days_until_evidence_responses_due(self) -> int:
        from django.utils import timezone

        from cases.models import CaseDeadline

        due = CaseDeadline.objects.filter(case_id=self.watch.case_id, kind="evidence_response").order_by(
            "-due_on").values_list("due_on", flat=True).first()
        return max(0, (due - timezone.localdate()).days + 1) if due else 0

    def unadvised(self) -> str | None:
        advised = Party.objects.filter(case_id=self.watch.case_id, role="advisor").values("advises_id")
        party = Party.objects.filter(case_id=self.watch.case_id, role__in=["complainant", "respondent"]).exclude(
            pk__in=advised).order_by("role").first()
        return party.role if party else None

    def unattested(self, role: str) -> bool:
        held = CaseAssignment.objects.filter(case_id=self.watch.case_id, role=role, ended_at__isnull=True)
        attested = ConflictAttestation.objects.filter(case_id=self.watch.case_id, role=role).values("user_id")
        return not held.exists() or held.exclude(user_id__in=attested).exists()

    def assign_and_attest(self, *, role: str, holder: str):
        from cases.services.assignments import case_role_assign, conflict_attestation_record

        if not CaseAssignment.objects.filter(case_id=self.watch.case_id, role=role, ended_at__isnull=True).exists():
            case_role_assign(case=self.case, role=role, user=self.user(holder), actor=self.user("coordinator"))
        for user_id in CaseAssignment.objects.filter(case_id=self.watch.case_id, role=role, ended_at__isnull=True
                                                     ).values_list("user_id", flat=True):
            if not ConflictAttestation.objects.filter(case_id=self.watch.case_id, role=role, user_id=user_id).exists():
                conflict_attestation_record(case=self.case, role=role,
                                                     actor=next(u for u in self.staff.values() if u.pk == user_id))

    def hearing_recorded(self) -> bool:
        from cases.models import Hearing

        return Hearing.objects.filter(case_id=self.watch.case_id, status="held",
                                      recording_or_transcript__isnull=False).exists()

    def findings_complete(self) -> bool:
        from cases.models import Allegation, Finding

        found = Finding.objects.filter(determination__case_id=self.watch.case_id).values("allegation_id")
        return not Allegation.objects.filter(case_id=self.watch.case_id).exclude(pk__in=found).exists()

    def pending_appeal(self) -> bool:
        from cases.models import Appeal

        return Appeal.objects.filter(case_id=self.watch.case_id, decision="pending").exists()

