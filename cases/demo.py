"""Demo cases in every workflow state, built through the services (`make run`).

Idempotent: each demo case has a fixed reference (C-DEMO-<NN>) and is created only
when missing, so running it again changes nothing. Uses fixed demo values and the
models directly (never the test factories: production installs no factory_boy).
"""

import datetime
import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from cases.services.assignments import case_role_assign, conflict_attestation_record
from cases.services.documents import case_document_add, case_note_add
from cases.services.informal import consent_record_save, informal_resolution_save
from cases.services.measures import supportive_measure_save
from cases.services.outcomes import determination_record, sanction_add, sanction_options_for
from cases.services.triage import case_open_from_report, case_update
from cases.services.workflow import case_transition
from idhr_portal import roles
from idhr_portal.crypto import blind_index
from reports.models import FormalComplaint, Report, ReportParty

from .demo_formal import demo_formal_cases_create
from .demo_hearing import demo_hearing_held
from .models import (
    Case,
    CaseDocument,
    CaseRole,
    ConsentRecord,
    Determination,
    InformalResolution,
    Party,
    SupportiveMeasure,
)

S = Case.Status

# Each demo case: (state, categories, respondent affiliation, how far it goes).
DEMO = [
    (S.NEW, ["bias_incident"], "student"),
    (S.OUTREACH, ["sexual_harassment"], "student"),
    (S.ASSESSMENT, ["discriminatory_harassment", "racist_conduct"], "employee"),
    (S.CLOSED_NO_ACTION, ["bias_incident"], "unknown"),
    (S.CLOSED_INFORMATION, ["discrimination"], "employee"),
    (S.SUPPORTIVE_MEASURES, ["stalking"], "student"),
    (S.INFORMAL_RESOLUTION, ["gender_based_harassment"], "student"),
    (S.INVESTIGATION, ["sexual_misconduct"], "student"),
    (S.DETERMINATION, ["sexual_harassment"], "employee"),
    (S.APPEAL_WINDOW, ["intimate_partner_violence"], "student"),
    (S.CLOSED, ["retaliation"], "employee"),
]
# What staff type with the moves that need it (cases.services.workflow).
DEMO_REASONS = {
    S.CLOSED_NO_ACTION: "The complainant asked for no action after discussing the options.",
    S.CLOSED_INFORMATION: "The reporter wanted information only; resources given.",
    S.INVESTIGATION: "Signed formal complaint received; the complainant asked for an investigation.",
}
DEMO_RESPONSE_BASIS = (
    "The complainant was contacted promptly, offered supportive measures and told how to file a "
    "formal complaint; the response follows their stated wishes."
)
DEMO_NO_MEASURES_REASON = "The complainant declined supportive measures after they were offered."

REPEAT_RESPONDENT = ("Jordan Example", "jordan.example@mit.invalid")



def demo_cases_create() -> int:
    """Create the demo cases that are missing (and two reports in the intake queue)."""
    staff = {
        "coordinator": _user("coordinator", roles.TITLE_IX_COORDINATOR),
        "manager": _user("casemanager", roles.CASE_MANAGER),
        "investigator": _user("investigator", roles.INVESTIGATOR),
        "decisionmaker": _user("decisionmaker", roles.INVESTIGATOR),
    }
    from cases.outcome_seeds import outcome_lists_ensure

    outcome_lists_ensure()  # sanction options and appeal bases (seeded by migration; a flush empties them)
    created = 0
    for index, (state, categories, affiliation) in enumerate(DEMO):
        reference = f"C-DEMO-{index:02d}"
        if Case.objects.filter(reference=reference).exists():
            continue
        with transaction.atomic():
            _demo_case_build(staff, reference, state, categories, affiliation, repeat=index in (2, 8))
        created += 1
    created += demo_formal_cases_create(  # one Title IX case at each stage of the formal process
        staff, lambda ref, cats: _demo_case_build(staff, ref, S.INVESTIGATION, cats, "student", repeat=False)
    )
    for n in range(2):  # reports still waiting in the intake queue
        ref = f"R-DEMOQ{n}"
        if not Report.objects.filter(reference=ref).exists():
            report = _report(reference=ref, kind=Report.Kind.INCIDENT, categories=["bias_incident"], anonymous=n == 0)
            _report_party(report=report, affiliation="student")
    return created


def _user(username, group_name):
    user = get_user_model().objects.filter(username=username).first()
    if user is None:
        user = get_user_model()(username=username, email=f"{username}@idhr.invalid", is_staff=True)
        user.set_unusable_password()  # create_demo_staff gives the demo accounts their passwords
        user.save()
        user.groups.add(Group.objects.get_or_create(name=group_name)[0])
    return user


def _report(*, reference, kind, categories, anonymous=False) -> Report:
    named = {} if anonymous else {"reporter_name": "Alex Demo", "reporter_email": "alex.demo@mit.invalid"}
    return Report.objects.create(
        kind=kind,
        reference=reference,
        categories=categories,
        is_title_ix=bool(set(categories) & Report.TITLE_IX_CATEGORIES),
        relationship=Report.Relationship.ON_BEHALF if anonymous else Report.Relationship.HARMED,
        narrative="Demo narrative: what happened, where and when (made up for local use).",
        is_anonymous=anonymous,
        reporter_affiliation="student",
        wants_follow_up=not anonymous,
        receipt_code_hash=hashlib.sha256(secrets.token_bytes(16)).hexdigest(),
        **named,
    )


def _report_party(*, report, affiliation, name=None, email=None) -> ReportParty:
    name = name or f"Respondent of {report.reference}"
    email = email or f"respondent.{report.reference.lower()}@mit.invalid"
    return ReportParty.objects.create(
        report=report,
        role=ReportParty.Role.RESPONDENT,
        name=name,
        email=email,
        affiliation=affiliation,
        name_index=blind_index(name, kind="name"),
        email_index=blind_index(email, kind="email"),
    )


def _formal_complaint(report, *, respondent_type) -> FormalComplaint:
    return FormalComplaint.objects.create(
        report=report,
        respondent_type=respondent_type,
        in_education_program="yes",
        occurred_in_mit_program="yes",
        occurred_in_us="yes",
        signature_name=report.reporter_name or "Complainant",
        attested=True,
        signed_on=timezone.localdate(),
        signed_at=timezone.now(),
        snapshot="{}",
        snapshot_sha256=hashlib.sha256(b"{}").hexdigest(),
    )


def _demo_case_build(staff, reference, state, categories, affiliation, *, repeat):
    coordinator, manager, investigator = (
        staff[k] for k in ("coordinator", "manager", "investigator")
    )
    kind = (
        "complaint"
        if state in (S.INVESTIGATION, S.DETERMINATION, S.APPEAL_WINDOW, S.CLOSED)
        else "incident"
    )
    report = _report(reference=reference.replace("C-DEMO-", "R-DEMO"), kind=kind, categories=categories)
    name, email = REPEAT_RESPONDENT if repeat else (None, None)
    party_kwargs = {"name": name, "email": email} if repeat else {}
    _report_party(report=report, affiliation=affiliation, **party_kwargs)
    if kind == "complaint":
        _formal_complaint(report, respondent_type="employee" if affiliation == "employee" else "student")
    case = case_open_from_report(report=report, actor=manager)
    Case.objects.filter(pk=case.pk).update(reference=reference)
    case.refresh_from_db()
    case_update(
        case=_with(case, investigator=investigator), actor=coordinator, changed=["investigator"]
    )
    if state == S.NEW:
        return

    def move(to, reason=""):
        # Closing, reopening and the formal investigation take a reason; leaving assessment
        # records the basis of the response; closing with no measure says why (34 CFR 106.45(b)(10)).
        case_transition(
            case=case,
            to=to,
            actor=manager,
            reason=reason or DEMO_REASONS.get(to, ""),
            response_basis=DEMO_RESPONSE_BASIS,
            no_measures_reason=DEMO_NO_MEASURES_REASON,
        )

    move(S.OUTREACH)
    if state == S.OUTREACH:
        return
    move(S.ASSESSMENT)
    case_note_add(
        case=case, author=manager, body="Met the complainant; discussed options and resources."
    )
    complainant = case.parties.filter(role=Party.Role.COMPLAINANT).first()
    if state in (S.CLOSED_NO_ACTION, S.CLOSED_INFORMATION):
        move(state)
        return
    if state == S.ASSESSMENT:
        return
    today = timezone.localdate()
    supportive_measure_save(
        measure=SupportiveMeasure(
            case=case,
            party=complainant,
            kind="academic_support",
            requested_on=today,
            effective_on=today,
            details="Extensions on two problem sets.",
        ),
        actor=manager,
    )
    if state == S.SUPPORTIVE_MEASURES:
        move(S.SUPPORTIVE_MEASURES)
        return
    if state == S.INFORMAL_RESOLUTION:
        informal = informal_resolution_save(
            informal=InformalResolution(case=case, kind="facilitated_dialogue", started_on=today),
            actor=manager,
        )
        for party in case.parties.filter(role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]):
            consent_record_save(
                consent=ConsentRecord(
                    informal_resolution=informal,
                    party=party,
                    consented_on=today,
                    in_writing=True,
                    voluntary=True,
                ),
                actor=manager,
            )
        move(S.INFORMAL_RESOLUTION)
        return
    move(S.INVESTIGATION)
    if state == S.INVESTIGATION:
        return
    case_document_add(
        case=case,
        kind=CaseDocument.Kind.INVESTIGATOR_REPORT,
        filename="final-report.txt",
        content_type="text/plain",
        data=b"Investigator's final report (demo).",
        actor=investigator,
    )
    # The determination is the decision-maker's (never the coordinator or the investigator),
    # who attests to no conflict of interest first.
    decider = staff["decisionmaker"]
    case_role_assign(case=case, role=CaseRole.DECISION_MAKER, user=decider, actor=coordinator)
    conflict_attestation_record(case=case, role=CaseRole.DECISION_MAKER, actor=decider)
    if case.is_title_ix:  # evidence review, report and a live hearing first (cases/demo_hearing.py)
        demo_hearing_held(case=case, manager=manager, investigator=investigator, decider=decider)
    case_transition(
        case=case, to=S.DETERMINATION, actor=investigator, reason="Investigation complete; report uploaded."
    )
    if state == S.DETERMINATION:
        return
    determination = determination_record(
        case=case,
        outcome=Determination.Outcome.RESPONSIBLE,
        standard_of_evidence=Determination.Standard.PREPONDERANCE,
        rationale="The messages and the witness statements corroborate the complainant's account (demo).",
        actor=decider,
    )
    respondent = case.parties.filter(role=Party.Role.RESPONDENT).first()
    sanction_add(
        determination=determination,
        party=respondent,
        kind=sanction_options_for(case=case, party=respondent).first().code,
        actor=decider,
    )
    case_transition(case=case, to=S.APPEAL_WINDOW, actor=investigator)
    if state == S.APPEAL_WINDOW:
        return
    Determination.objects.filter(pk=determination.pk).update(
        appeal_deadline=today - datetime.timedelta(days=1)
    )  # the window has passed
    case_transition(
        case=case, to=S.CLOSED, actor=coordinator, reason="Appeal window ended with no appeal filed."
    )


def _with(case, **changes):
    for key, value in changes.items():
        setattr(case, key, value)
    return case
