"""The written determination (34 CFR 106.45(b)(7)): findings, sanctions, release, finality.

The decision-maker (assigned, attested: never the coordinator or the investigator) records
the determination, a finding per allegation and the sanctions. The office then releases it:
one action preparing the outcome letters to both parties in one batch (simultaneous,
(b)(7)(iv)), which starts the appeal window. It becomes final on the date the written
decision on an appeal is given to both parties or, without an appeal, on the day an appeal
would no longer be timely (the day after the window's last day) (b)(7)(iii).
Appeals: cases.services.appeals; dismissal: cases.services.dismissal.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import case_user_may_edit
from cases.selectors.assignments import case_role_user_ids
from cases.selectors.deadlines import add_business_days

from ..models import (
    Allegation,
    Case,
    CaseRole,
    Determination,
    Finding,
    LetterKind,
    Party,
    Sanction,
    SanctionOption,
    TimelineEvent,
)
from ..selectors.appeals import Finality, determination_finality  # noqa: F401  (re-exported)
from ..selectors.guards import guard_refusal
from ..workflow import S
from .appeal_window import appeal_window_days, appeal_window_open
from .appeals import appeal_decide, appeal_file, appeal_release, appeal_save, appeal_statement_add  # noqa: F401
from .assignments import case_role_ensure_may_act
from .audit import audited, ensure_editable, timeline_event
from .tracks import track_respondent_kind


def case_parties(case: Case) -> list[Party]:
    """Both parties: every complainant and respondent of the case."""
    return list(
        Party.objects.filter(case=case, role__in=[Party.Role.COMPLAINANT, Party.Role.RESPONDENT]).order_by(
            "role", "pk"
        )
    )


def _ensure_not_released(determination: Determination) -> None:
    if determination.released_at:
        raise ValidationError(
            _("The determination was released to the parties on %(date)s: it is no longer changed here.")
            % {"date": timezone.localtime(determination.released_at).date().isoformat()}
        )


@audited
def determination_record(
    *,
    case: Case,
    outcome: str,
    standard_of_evidence: str,
    rationale: str = "",
    decided_on=None,
    remedies_provided: bool = False,
    remedies_description: str = "",
    findings: list[dict] | None = None,
    actor,
) -> Determination:
    """Record the determination; only a decision-maker of the case who has attested to no
    conflict of interest: never the coordinator or the investigator (106.45(b)(7)(i)).

    Nothing is assumed: the outcome is chosen and the overall rationale written. `findings`
    (the determination form's: one dict per allegation with result, findings_of_fact,
    rationale, policy_provision) must answer every allegation, each with its result and
    rationale ((b)(7)(ii)(E)); they are saved with it, in one transaction.

    Every guard of entering the determination stage must still hold (the investigator's
    report, the hearing record...): workflow.GUARDS[S.DETERMINATION].
    """
    if not case_user_may_edit(actor, case) and actor.pk not in case_role_user_ids(
        case, CaseRole.DECISION_MAKER
    ):
        ensure_editable(actor, case)
    if case.status != S.DETERMINATION:
        raise ValidationError(_("A determination is recorded when the case is at the determination stage."))
    refusal = guard_refusal(case, S.DETERMINATION)
    if refusal:
        raise ValidationError(refusal)
    case_role_ensure_may_act(case=case, role=CaseRole.DECISION_MAKER, user=actor)
    existing = Determination.objects.filter(case=case).first()
    if existing:
        _ensure_not_released(existing)
    if remedies_provided and not (remedies_description or "").strip():
        raise ValidationError({"remedies_description": _("Describe the remedies provided to the complainant.")})
    _ensure_decided(case=case, outcome=outcome, rationale=rationale, findings=findings)
    decided_on = decided_on or timezone.localdate()
    deadline = add_business_days(decided_on, appeal_window_days())
    determination, _created = Determination.objects.update_or_create(
        case=case,
        defaults={
            "outcome": outcome,
            "standard_of_evidence": standard_of_evidence,
            "rationale": rationale,
            "remedies_provided": remedies_provided,
            "remedies_description": remedies_description if remedies_provided else "",
            "decided_on": decided_on,
            "appeal_deadline": deadline,
            "decided_by": actor,
        },
    )
    timeline_event(
        case,
        TimelineEvent.Kind.DETERMINATION,
        _("Determination: %(outcome)s; appeal deadline %(date)s")
        % {"outcome": determination.get_outcome_display(), "date": deadline},
        actor,
    )
    for finding in findings or ():
        finding_save(determination=determination, actor=actor, **finding)
    return determination


def _ensure_decided(*, case: Case, outcome: str, rationale: str, findings: list[dict] | None) -> None:
    """106.45(b)(7)(ii)(E): a result and a rationale on each allegation, and the outcome chosen, not assumed."""
    errors = {}
    if outcome not in Determination.Outcome.values:
        errors["outcome"] = _("Choose the outcome.")
    if not (rationale or "").strip():
        errors["rationale"] = _("Write the rationale for the determination.")
    if findings is not None:
        given = {finding["allegation"].pk: finding for finding in findings}
        for allegation in Allegation.objects.filter(case=case).order_by("number"):
            finding = given.get(allegation.pk, {})
            prefix = f"finding_{allegation.pk}"
            if finding.get("result") not in Finding.Result.values:
                errors[f"{prefix}_result"] = _("Choose the result on allegation %(n)s.") % {"n": allegation.number}
            if not (finding.get("rationale") or "").strip():
                errors[f"{prefix}_rationale"] = _("Write the rationale for the result on allegation %(n)s.") % {
                    "n": allegation.number
                }
        responsible = any(f.get("result") == Finding.Result.RESPONSIBLE for f in findings)
        expected = Determination.Outcome.RESPONSIBLE if responsible else Determination.Outcome.NOT_RESPONSIBLE
        if findings and not errors and outcome != expected:
            errors["outcome"] = _(
                "The outcome does not match the results on the allegations: it is “%(expected)s”."
            ) % {"expected": Determination.Outcome(expected).label}
    if errors:
        raise ValidationError(errors)


@audited
def finding_save(
    *,
    determination: Determination,
    allegation: Allegation,
    findings_of_fact: str,
    policy_provision: str,
    result: str,
    rationale: str,
    actor,
) -> Finding:
    """The decision-maker's finding on one allegation (one per allegation; saved again replaces it)."""
    case = determination.case
    case_role_ensure_may_act(case=case, role=CaseRole.DECISION_MAKER, user=actor)
    _ensure_not_released(determination)
    if allegation.case_id != case.pk:
        raise ValidationError({"allegation": _("Choose an allegation of this case.")})
    errors = {}
    if not (findings_of_fact or "").strip():
        errors["findings_of_fact"] = _("Write the findings of fact.")
    if not (policy_provision or "").strip():
        errors["policy_provision"] = _("Name the policy provision applied.")
    if not (rationale or "").strip():
        errors["rationale"] = _("Write the rationale for the result.")
    if result not in Finding.Result.values:
        errors["result"] = _("Choose the result.")
    if errors:
        raise ValidationError(errors)
    finding, _created = Finding.objects.update_or_create(
        determination=determination,
        allegation=allegation,
        defaults={
            "findings_of_fact": findings_of_fact,
            "policy_provision": policy_provision.strip(),
            "result": result,
            "rationale": rationale,
        },
    )
    timeline_event(
        case,
        TimelineEvent.Kind.DETERMINATION,
        _("Finding on allegation %(n)s: %(result)s") % {"n": allegation.number, "result": finding.get_result_display()},
        actor,
    )
    return finding


def sanction_options_for(*, case: Case, party: Party | None = None):
    """The sanctions the decision-maker may choose: by the track's kind of respondent
    (the respondent's affiliation when the track is not determined)."""
    kind = track_respondent_kind(case.process_track) or (party.affiliation if party else "")
    options = SanctionOption.objects.filter(active=True)
    if kind in SanctionOption.Respondent.values:
        options = options.filter(respondent=kind)
    return options.order_by("respondent", "order", "pk")


@audited
def sanction_add(
    *, determination: Determination, party: Party, kind: str, details: str = "", effective_on=None, actor
) -> Sanction:
    """Sanctions are part of the determination: the decision-maker's, after "responsible",
    on a respondent of the case, from the list of the respondent's track."""
    if determination.outcome != Determination.Outcome.RESPONSIBLE:
        raise ValidationError(_("Sanctions can only follow a “responsible” determination."))
    if party.case_id != determination.case_id or party.role != Party.Role.RESPONDENT:
        raise ValidationError({"party": _("Sanctions apply to a respondent of this case.")})
    case_role_ensure_may_act(case=determination.case, role=CaseRole.DECISION_MAKER, user=actor)
    _ensure_not_released(determination)
    options = sanction_options_for(case=determination.case, party=party)
    if not options.filter(code=kind).exists():
        raise ValidationError(
            {"kind": _("Choose a sanction of the list for this respondent: %(list)s.")
             % {"list": ", ".join(options.values_list("label", flat=True))}}
        )
    same = Sanction.objects.filter(determination=determination, party=party, kind=kind, effective_on=effective_on)
    if any(other.details == details for other in same):  # the same form sent again ("Back", then the button)
        raise ValidationError(_("This sanction is recorded already for this respondent."))
    sanction = Sanction.objects.create(
        determination=determination, party=party, kind=kind, details=details, effective_on=effective_on
    )
    timeline_event(
        determination.case,
        TimelineEvent.Kind.SANCTION,
        _("Sanction: %(kind)s") % {"kind": sanction.get_kind_display()},
        actor,
    )
    return sanction


def determination_release_refusal(determination: Determination) -> str | None:
    """Why the determination cannot be released now, or None."""
    if determination.released_at:
        return _("The determination was already released to both parties.")
    case = determination.case
    allegations = list(Allegation.objects.filter(case=case).order_by("number"))
    if not allegations:
        return _("Record the allegations of the formal complaint: the determination answers each of them.")
    found = set(determination.finding_rows.values_list("allegation_id", flat=True))
    missing = [str(a.number) for a in allegations if a.pk not in found]
    if missing:
        return _("Record a finding on each allegation first (missing: %(numbers)s).") % {"numbers": ", ".join(missing)}
    responsible = determination.finding_rows.filter(result=Finding.Result.RESPONSIBLE).exists()
    expected = Determination.Outcome.RESPONSIBLE if responsible else Determination.Outcome.NOT_RESPONSIBLE
    if determination.outcome != expected:
        return _("The outcome (%(outcome)s) does not match the findings: record the determination again.") % {
            "outcome": determination.get_outcome_display()
        }
    roles = {p.role for p in case_parties(case)}
    if roles != {Party.Role.COMPLAINANT, Party.Role.RESPONDENT}:
        return _("The determination goes to both parties: record the complainant and the respondent.")
    return None


@audited
def determination_release(*, determination: Determination, actor) -> Determination:
    """Release to both parties at the same moment: the outcome letters, one per party, in
    one batch (sent only all together), and the appeal window opens (106.45(b)(7)(iv), (b)(8))."""
    from .letters import letter_prepare
    from .workflow import TransitionRefused, case_transition

    case = Case.objects.select_for_update().get(pk=determination.case_id)
    ensure_editable(actor, case)
    determination = Determination.objects.select_for_update().get(pk=determination.pk)
    refusal = determination_release_refusal(determination)
    if refusal:
        raise ValidationError(refusal)
    now = timezone.now()
    today = timezone.localdate(now)
    determination.appeal_deadline = add_business_days(today, appeal_window_days())
    determination.released_at, determination.released_by = now, actor
    determination.save(update_fields=["appeal_deadline", "released_at", "released_by"])
    letter_prepare(
        case=case,
        kind=LetterKind.OUTCOME,
        recipients=case_parties(case),
        actor=actor,
        extra={"determination": determination},
        regarding=f"cases.determination:{determination.pk}",
        batch=True,
    )
    appeal_window_open(
        case=case, of="determination", regarding=f"cases.determination:{determination.pk}", starts_on=today,
        actor=actor,
    )
    timeline_event(
        case,
        TimelineEvent.Kind.DETERMINATION,
        _("Determination released to both parties; appeal deadline %(date)s")
        % {"date": determination.appeal_deadline.isoformat()},
        actor,
    )
    if case.status == S.DETERMINATION:
        try:
            case_transition(case=case, to=S.APPEAL_WINDOW, actor=actor)
        except TransitionRefused as refused:
            raise ValidationError(str(refused)) from refused
    determination.case.refresh_from_db()
    return determination
