"""Outcomes of a formal investigation: the determination, sanctions, appeals."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from .. import selectors, workflow
from ..models import Appeal, Case, CaseRole, Determination, Party, Sanction, TimelineEvent
from ..workflow import S
from .assignments import case_role_ensure_may_act
from .audit import audited, ensure_editable, timeline_event


@audited
def determination_record(
    *, case: Case, outcome: str, standard_of_evidence: str, rationale: str = "", decided_on=None, actor
) -> Determination:
    """Record the determination; the appeal deadline follows from the appeal-window target.

    Only a decision-maker of the case who has attested to no conflict of interest records it:
    never the coordinator or the investigator (34 CFR 106.45(b)(7)(i)).
    """
    if not selectors.case_user_may_edit(actor, case) and actor.pk not in selectors.case_role_user_ids(
        case, CaseRole.DECISION_MAKER
    ):
        ensure_editable(actor, case)
    if case.status != S.DETERMINATION:
        raise ValidationError(_("A determination is recorded when the case is at the determination stage."))
    refusal = workflow.guard_investigator_report(case)
    if refusal:
        raise ValidationError(refusal)
    case_role_ensure_may_act(case=case, role=CaseRole.DECISION_MAKER, user=actor)
    decided_on = decided_on or timezone.localdate()
    deadline = selectors.add_business_days(decided_on, selectors.stage_target_days(S.APPEAL_WINDOW) or 5)
    determination, _created = Determination.objects.update_or_create(
        case=case,
        defaults={
            "outcome": outcome,
            "standard_of_evidence": standard_of_evidence,
            "rationale": rationale,
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
    return determination


@audited
def sanction_add(
    *, determination: Determination, party: Party, kind: str, details: str = "", effective_on=None, actor
) -> Sanction:
    """Sanctions only after a "responsible" determination, and only on a respondent of the case."""
    ensure_editable(actor, determination.case)
    if determination.outcome != Determination.Outcome.RESPONSIBLE:
        raise ValidationError(_("Sanctions can only follow a “responsible” determination."))
    if party.case_id != determination.case_id or party.role != Party.Role.RESPONDENT:
        raise ValidationError({"party": _("Sanctions apply to a respondent of this case.")})
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


@audited
def appeal_file(*, case: Case, party: Party, filed_on=None, grounds: str = "", actor) -> Appeal:
    ensure_editable(actor, case)
    filed_on = filed_on or timezone.localdate()
    if case.status != S.APPEAL_WINDOW:
        raise ValidationError(_("An appeal is filed during the appeal window."))
    determination = Determination.objects.get(case=case)
    if filed_on > determination.appeal_deadline:
        raise ValidationError(
            _("The appeal window closed on %(date)s.") % {"date": determination.appeal_deadline}
        )
    if party.case_id != case.pk or party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"filed_by": _("An appeal is filed by the complainant or the respondent.")})
    appeal = Appeal.objects.create(case=case, filed_by=party, filed_on=filed_on, grounds=grounds)
    timeline_event(
        case,
        TimelineEvent.Kind.APPEAL,
        _("Appeal filed by the %(role)s") % {"role": party.get_role_display().lower()},
        actor,
    )
    return appeal


@audited
def appeal_decide(*, appeal: Appeal, decision: str, actor) -> Appeal:
    """Only the appeal decision-maker, having attested, decides (34 CFR 106.45(b)(8)(iii)(C))."""
    case_role_ensure_may_act(case=appeal.case, role=CaseRole.APPEAL_DECISION_MAKER, user=actor)
    appeal.decision = decision
    appeal.decided_on = timezone.localdate()
    appeal.save(update_fields=["decision", "decided_on"])
    timeline_event(
        appeal.case,
        TimelineEvent.Kind.APPEAL,
        _("Appeal decided: %(d)s") % {"d": appeal.get_decision_display()},
        actor,
    )
    return appeal


@audited
def appeal_save(*, appeal: Appeal, actor) -> Appeal:
    """Admin inline edits of an appeal record (filing rules checked on creation)."""
    if appeal.pk is None:
        return appeal_file(
            case=appeal.case,
            party=appeal.filed_by,
            filed_on=appeal.filed_on,
            grounds=appeal.grounds,
            actor=actor,
        )
    old = Appeal.objects.get(pk=appeal.pk)
    if old.decision != appeal.decision:
        return appeal_decide(appeal=appeal, decision=appeal.decision, actor=actor)
    ensure_editable(actor, appeal.case)
    appeal.save()
    return appeal
