"""What a letter template may use (listed beside the editor) and the made-up case its preview renders."""

from __future__ import annotations

import datetime
import types

from django.utils import timezone
from django.utils.translation import gettext_lazy

from cases.models import Allegation, Case, LetterKind, Party

# What a template may use, shown beside the editor. Every letter has the first five;
# the rest come with the letter's own subject (passed by the part of the process that
# prepares it) and are empty otherwise, so a template tests them with {% if %}.
CONTEXT_VARIABLES = [
    ("case.reference", gettext_lazy("the case reference (C-…)")),
    ("case.process_track", gettext_lazy("“student_cod” or “employee_pp98”")),
    ("recipient.name, recipient.get_role_display", gettext_lazy("who the letter is for")),
    ("allegations", gettext_lazy("each with number, conduct, policy_provision, occurred_on, "
                                 "occurred_on_note, place, respondent, complainant, supplemental")),
    ("parties", gettext_lazy("the complainants and respondents")),
    ("today", gettext_lazy("the date the letter is prepared")),
]
KIND_VARIABLES = {
    LetterKind.MEETING: [("meeting", gettext_lazy("get_kind_display, starts_at, place, participants, purpose, "
                                                  "short_notice_waived"))],
    LetterKind.HEARING: [("hearing", gettext_lazy("scheduled_at, place, video_link"))],
    LetterKind.DELAY: [
        ("extension", gettext_lazy("reason, get_cause_display, previous_due_on, new_due_on")),
        ("deadline", gettext_lazy("label, due_on")),
    ],
    LetterKind.EVIDENCE_REVIEW: [("review, deadline", gettext_lazy("deadline.due_on: the response's due date"))],
    LetterKind.INVESTIGATION_REPORT: [("hearing", gettext_lazy("scheduled_at"))],
    LetterKind.SUPPORTIVE_MEASURE: [("measure", gettext_lazy("get_kind_display, details, party, requested_on, "
                                                             "effective_on, ended_on"))],
    LetterKind.INFORMAL_RESOLUTION: [("informal_resolution", gettext_lazy("get_kind_display"))],
    LetterKind.DISMISSAL: [("dismissal", gettext_lazy("get_ground_display, reason, continues_on_track, "
                                                      "appeal_deadline"))],
    LetterKind.OUTCOME: [("determination", gettext_lazy(
        "outcome, rationale (the overall rationale), findings (allegation, findings_of_fact, policy_provision, "
        "result, rationale), sanctions, remedies_provided, appeal_deadline")),
                        ("procedural_steps", gettext_lazy("the steps from the formal complaint to the determination, "
                                                          "each “date: what happened”"))],
    LetterKind.APPEAL_FILED: [("appeal", gettext_lazy("filed_by, filed_on, basis_labels (every basis chosen), "
                                                      "get_basis_display")),
                              ("deadline", gettext_lazy("due_on: the written statement's due date")),
                              ("statement_days", gettext_lazy("days for the statement from the notice's delivery"))],
    LetterKind.APPEAL_OUTCOME: [("appeal", gettext_lazy("filed_by, filed_on, of_label, basis_labels, "
                                                        "get_decision_display, rationale, result_after_appeal, "
                                                        "changes_result, decided_on")),
                                ("finality, final_now", gettext_lazy("finality.final_on, finality.because: whether "
                                                                     "the determination is final now, and why")),
                                ("remanded", gettext_lazy("the appeal was remanded for a new hearing"))],
}


def letter_sample_context(kind: str) -> dict:
    """A made-up case for the preview (nothing is saved)."""
    today = timezone.localdate()
    case = Case(reference="C-SAMPLE", process_track="student_cod")
    complainant = Party(role=Party.Role.COMPLAINANT, name="Jordan Lee (sample)", affiliation="student")
    respondent = Party(role=Party.Role.RESPONDENT, name="Alex Morgan (sample)", affiliation="student")
    allegation = Allegation(
        number=1,
        respondent=respondent,
        complainant=complainant,
        conduct="Sample: touched the complainant without consent at a party",
        policy_provision="Mind and Hand Book II(7)(E)(2)",
        occurred_on=today - datetime.timedelta(days=40),
        place="Sample: Building 32",
    )
    soon = timezone.make_aware(datetime.datetime.combine(today + datetime.timedelta(days=7), datetime.time(10, 0)))
    sample = types.SimpleNamespace
    return {
        "case": case,
        "recipient": respondent,
        "allegations": [allegation],
        "parties": [complainant, respondent],
        "today": today,
        "meeting": sample(get_kind_display="Interview", starts_at=soon, place="W31-223",
                          participants="The investigator; the respondent's advisor",
                          purpose="Initial interview", short_notice_waived=False),
        "hearing": sample(scheduled_at=soon, place="W31-301", video_link=""),
        "extension": sample(reason="Sample reason", get_cause_display="Concurrent law enforcement activity",
                            previous_due_on=today, new_due_on=today + datetime.timedelta(days=10)),
        "deadline": sample(label="Written response to the evidence", due_on=today + datetime.timedelta(days=10)),
        "measure": sample(get_kind_display="No-contact order", details="Sample: mutual no-contact order",
                          party=complainant, requested_on=today, effective_on=today, ended_on=None),
        "dismissal": sample(get_ground_display="Sample ground", reason="Sample reason", continues_on_track=True,
                            appeal_deadline=today + datetime.timedelta(days=5)),
        "determination": sample(
            findings=[sample(allegation=allegation, findings_of_fact="Sample findings", policy_provision="II(7)(E)(2)",
                             get_result_display="Not responsible", rationale="Sample rationale")],
            rationale="Sample overall rationale", sanctions=[], remedies_provided=False,
            appeal_deadline=today + datetime.timedelta(days=5)),
        "procedural_steps": ["Formal complaint received", "Written notice of the allegations sent"],
        "appeal": sample(filed_by=complainant, filed_on=today, get_basis_display="Procedural irregularity",
                         basis_labels=["Procedural irregularity"], of_label="the determination",
                         get_decision_display="Upheld", rationale="Sample rationale",
                         result_after_appeal="", changes_result=False, decided_on=today),
        "statement_days": 7,
        "finality": sample(final_on=today, because="the written decision on the appeal was given to both parties"),
        "final_now": True,
        "remanded": False,
    }
