"""Who holds which role on a case, and which assignments the regulation forbids.

34 CFR 106.45(b)(7)(i): the decision-maker(s) cannot be the same person as the Title IX
coordinator or the investigator. 106.45(b)(8)(iii)(C): the appeal decision-maker is not
the decision-maker, the investigator or the coordinator. 106.45(b)(9)(iii) with
(b)(1)(iii): the informal-resolution facilitator is free of conflicts; the office's policy
keeps them apart from the investigator and the decision-maker.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from idhr_portal.roles import user_is_coordinator, user_may_see_identities

from ..models import Case, CaseAssignment, CaseRole, ConflictAttestation


def case_role_user_ids(case: Case, role: str) -> set[int]:
    """The people currently holding `role` on the case."""
    if role == CaseRole.INVESTIGATOR:
        return {case.investigator_id} if case.investigator_id else set()
    return set(
        CaseAssignment.objects.filter(case=case, role=role, ended_at__isnull=True).values_list("user_id", flat=True)
    )


def case_role_attested(case: Case, user, role: str) -> bool:
    return ConflictAttestation.objects.filter(case=case, user=user, role=role).exists()


def case_assignment_visibility_q(user) -> Q:
    """The cases a user sees because they hold a role assignment on them."""
    return Q(pk__in=CaseAssignment.objects.filter(user=user, ended_at__isnull=True).values("case_id"))


def case_role_refusal(case: Case, role: str, user, *, investigator_id=None) -> str | None:
    """Why `user` may not be assigned `role` on the case, or None.

    `investigator_id` is the investigator to check against (the case's unless given:
    a change of investigator is checked before it is saved).
    """
    investigator_id = case.investigator_id if investigator_id is None else investigator_id
    is_investigator = user.pk == investigator_id
    deciders = case_role_user_ids(case, CaseRole.DECISION_MAKER)
    appeal = case_role_user_ids(case, CaseRole.APPEAL_DECISION_MAKER)
    facilitator = case_role_user_ids(case, CaseRole.FACILITATOR)
    if role != CaseRole.INVESTIGATOR and not user_may_see_identities(user):
        return _(
            "%(role)s is a role of the office's case staff: the Bias Response Team does not decide, "
            "facilitate or hear cases (34 CFR 106.45(b)(1)(iii): trained decision-makers)."
        ) % {"role": CaseRole(role).label}
    if role == CaseRole.DECISION_MAKER:
        if user_is_coordinator(user):
            return _("The decision-maker cannot be the Title IX coordinator.")
        if is_investigator:
            return _("The decision-maker cannot be the investigator of the case.")
        if user.pk in appeal:
            return _("The decision-maker cannot be the appeal decision-maker of the case.")
        if user.pk in facilitator:
            return _("The decision-maker cannot be the informal-resolution facilitator of the case.")
    elif role == CaseRole.APPEAL_DECISION_MAKER:
        if user_is_coordinator(user):
            return _("The appeal decision-maker cannot be the Title IX coordinator.")
        if is_investigator:
            return _("The appeal decision-maker cannot be the investigator of the case.")
        if user.pk in deciders:
            return _("The appeal decision-maker cannot be a decision-maker of the case.")
    elif role == CaseRole.FACILITATOR:
        if is_investigator:
            return _("The informal-resolution facilitator cannot be the investigator of the case.")
        if user.pk in deciders:
            return _("The informal-resolution facilitator cannot be a decision-maker of the case.")
    elif role == CaseRole.INVESTIGATOR:
        if user.pk in deciders:
            return _("The investigator cannot be a decision-maker of the case.")
        if user.pk in appeal:
            return _("The investigator cannot be the appeal decision-maker of the case.")
        if user.pk in facilitator:
            return _("The investigator cannot be the informal-resolution facilitator of the case.")
    return None


def case_role_action_refusal(case: Case, role: str, user) -> str | None:
    """Why `user` may not act in `role` on the case now (not assigned, or no attestation), or None."""
    holders = case_role_user_ids(case, role)
    if user.pk not in holders:
        if role == CaseRole.DECISION_MAKER:
            if user_is_coordinator(user):
                return _(
                    "The Title IX coordinator may not record the determination: "
                    "only a decision-maker of the case does."
                )
            if user.pk == case.investigator_id:
                return _("The investigator may not record the determination: only a decision-maker of the case does.")
            return _("Only a decision-maker of the case records the determination.")
        if role == CaseRole.APPEAL_DECISION_MAKER:
            if user.pk in case_role_user_ids(case, CaseRole.DECISION_MAKER):
                return _("A decision-maker of the case may not decide the appeal: only the appeal decision-maker does.")
            return _("Only the appeal decision-maker of the case decides the appeal.")
        return _("Only the %(role)s of the case may do this.") % {"role": CaseRole(role).label.lower()}
    if not case_role_attested(case, user, role):
        return _(
            "Record your conflict-of-interest attestation as %(role)s of this case before acting in that role."
        ) % {"role": CaseRole(role).label.lower()}
    return None


def investigation_step_refusal(case: Case) -> str | None:
    """Why an investigation step (interview, evidence, evidence review, report) may not be
    recorded now, or None.

    34 CFR 106.45(b)(1)(iii): the investigator has no conflict of interest or bias; as for the
    decision-makers, the office records the investigator's attestation before they act.
    """
    if not case.investigator_id:
        return _("Assign the investigator of the case before recording investigation steps.")
    if not ConflictAttestation.objects.filter(
        case=case, user_id=case.investigator_id, role=CaseRole.INVESTIGATOR
    ).exists():
        return _(
            "The investigator has not recorded their conflict-of-interest attestation for this case: "
            "investigation steps wait until they do."
        )
    return None

