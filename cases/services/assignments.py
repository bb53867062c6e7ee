"""Who may do what on a case: assignments, conflict-of-interest attestations, objections.

34 CFR 106.45(b)(1)(iii): coordinator, investigator, decision-maker and facilitator
have no conflict of interest or bias; (b)(7)(i): the decision-maker is not the
coordinator or the investigator; (b)(8)(iii)(C): the appeal decision-maker is none of
them. The refusals are worded in cases.selectors.assignments.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from cases.selectors.access import user_is_coordinator, user_is_staff_member
from cases.selectors.assignments import (
    case_role_action_refusal,
    case_role_refusal,
    case_role_user_ids,
    investigation_step_refusal,
)

from ..models import AssigneeObjection, Case, CaseAssignment, CaseRole, ConflictAttestation, Party, TimelineEvent
from ..models.assignments import SINGLE_HOLDER_ROLES
from .audit import audited, ensure_editable, timeline_event

# The statement an assignee makes, unless they write their own.
DEFAULT_ATTESTATION = (
    "I have no conflict of interest or bias for or against complainants or respondents generally "
    "or the parties of this case, and I will disclose any that arises."
)


def _ensure_coordinator(actor):
    if not user_is_coordinator(actor):
        raise PermissionDenied(_("Only the Title IX coordinator assigns cases or shares them."))


def case_role_ensure_may_act(*, case: Case, role: str, user) -> None:
    """Refuse unless `user` holds `role` on the case and has attested to no conflict of interest."""
    refusal = case_role_action_refusal(case, role, user)
    if refusal:
        raise ValidationError(refusal)


def investigation_ensure_may_proceed(*, case: Case) -> None:
    """Refuse an investigation step until the case's investigator has attested (106.45(b)(1)(iii))."""
    refusal = investigation_step_refusal(case)
    if refusal:
        raise ValidationError(refusal)


@audited
def case_role_assign(*, case: Case, role: str, user, actor) -> CaseAssignment | None:
    """Assign `user` to `role`; the appeal decision-maker and the facilitator replace the current one.

    Assigning the investigator sets the case's investigator (returns None).
    """
    _ensure_coordinator(actor)
    if not user_is_staff_member(user):
        raise ValidationError({"user": _("Assign an active staff member.")})
    refusal = case_role_refusal(case, role, user)
    if refusal:
        raise ValidationError({"user": refusal})
    label = CaseRole(role).label
    if role == CaseRole.INVESTIGATOR:
        from ..models import Investigation

        case.investigator = user
        case.save(update_fields=["investigator"])
        Investigation.objects.filter(case=case).update(investigator=user)
        timeline_event(case, TimelineEvent.Kind.ASSIGNMENT, _("Assigned staff changed"), actor)
        return None
    current = CaseAssignment.objects.filter(case=case, role=role, ended_at__isnull=True)
    if current.filter(user=user).exists():
        raise ValidationError({"user": _("%(user)s already holds this role.") % {"user": user}})
    if role in SINGLE_HOLDER_ROLES:
        current.update(ended_at=timezone.now(), end_reason=_("Replaced"))
    assignment = CaseAssignment.objects.create(case=case, role=role, user=user, assigned_by=actor)
    timeline_event(
        case, TimelineEvent.Kind.ASSIGNMENT, _("%(role)s assigned") % {"role": label}, actor
    )
    return assignment


@audited
def case_role_unassign(*, assignment: CaseAssignment, reason: str, actor) -> CaseAssignment:
    _ensure_coordinator(actor)
    if not reason.strip():
        raise ValidationError({"end_reason": _("Give the reason the assignment ends.")})
    assignment.ended_at = timezone.now()
    assignment.end_reason = reason
    assignment.save(update_fields=["ended_at", "end_reason"])
    timeline_event(
        assignment.case,
        TimelineEvent.Kind.ASSIGNMENT,
        _("%(role)s assignment ended") % {"role": assignment.get_role_display()},
        actor,
    )
    return assignment


@audited
def conflict_attestation_record(
    *, case: Case, role: str, actor, statement: str = DEFAULT_ATTESTATION
) -> ConflictAttestation:
    """The assignee's own attestation, made before acting in the role."""
    if actor.pk not in case_role_user_ids(case, role):
        raise ValidationError(
            _("Only the %(role)s of the case attests for that role.") % {"role": CaseRole(role).label.lower()}
        )
    if not statement.strip():
        raise ValidationError({"statement": _("Write the attestation.")})
    attestation = ConflictAttestation.objects.create(case=case, user=actor, role=role, statement=statement)
    timeline_event(
        case,
        TimelineEvent.Kind.ASSIGNMENT,
        _("Conflict-of-interest attestation by the %(role)s") % {"role": CaseRole(role).label.lower()},
        actor,
    )
    return attestation


@audited
def assignee_objection_file(
    *, case: Case, party: Party, role: str, assignee, grounds: str, filed_on=None, actor
) -> AssigneeObjection:
    """A party objects to a person assigned to the case (conflict of interest or bias)."""
    ensure_editable(actor, case)
    if party.case_id != case.pk or party.role not in (Party.Role.COMPLAINANT, Party.Role.RESPONDENT):
        raise ValidationError({"party": _("An objection is made by the complainant or the respondent.")})
    if assignee.pk not in case_role_user_ids(case, role):
        raise ValidationError(
            {"assignee": _("%(user)s is not the %(role)s of the case.")
             % {"user": assignee, "role": CaseRole(role).label.lower()}}
        )
    if not grounds.strip():
        raise ValidationError({"grounds": _("Record the grounds of the objection.")})
    objection = AssigneeObjection.objects.create(
        case=case,
        party=party,
        role=role,
        assignee=assignee,
        grounds=grounds,
        filed_on=filed_on or timezone.localdate(),
    )
    timeline_event(
        case,
        TimelineEvent.Kind.ASSIGNMENT,
        _("Objection by the %(party)s to the %(role)s")
        % {"party": party.get_role_display().lower(), "role": CaseRole(role).label.lower()},
        actor,
    )
    return objection


@audited
def assignee_objection_resolve(
    *, objection: AssigneeObjection, upheld: bool, reason: str = "", replacement=None, actor
) -> AssigneeObjection:
    """Upheld: the assignee is replaced by `replacement`. Rejected: with the reason why."""
    _ensure_coordinator(actor)
    if objection.resolution != AssigneeObjection.Resolution.PENDING:
        raise ValidationError(_("This objection has already been resolved."))
    case = objection.case
    if upheld:
        if replacement is None or replacement.pk == objection.assignee_id:
            raise ValidationError({"replacement": _("An upheld objection names someone else to replace the assignee.")})
        if objection.role != CaseRole.INVESTIGATOR:
            for assignment in CaseAssignment.objects.filter(
                case=case, role=objection.role, user=objection.assignee, ended_at__isnull=True
            ):
                case_role_unassign(assignment=assignment, reason=_("Objection upheld"), actor=actor)
        case_role_assign(case=case, role=objection.role, user=replacement, actor=actor)
        objection.resolution = AssigneeObjection.Resolution.UPHELD
        objection.replacement = replacement
    else:
        if not reason.strip():
            raise ValidationError({"resolution_reason": _("A rejected objection records the reason.")})
        objection.resolution = AssigneeObjection.Resolution.REJECTED
    objection.resolution_reason = reason
    objection.resolved_by = actor
    objection.resolved_at = timezone.now()
    objection.save()
    timeline_event(
        case,
        TimelineEvent.Kind.ASSIGNMENT,
        _("Objection to the %(role)s: %(resolution)s")
        % {"role": CaseRole(objection.role).label.lower(), "resolution": objection.get_resolution_display()},
        actor,
    )
    return objection
