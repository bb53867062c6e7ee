"""Who may do what on a case (34 CFR 106.45(b)(1)(iii), (b)(7)(i), (b)(8)(iii)(C)).

The case manager and the investigator are columns of Case; the decision-maker(s) (a
panel of one or more), the appeal decision-maker and the informal-resolution
facilitator are assignments here. Every assignee attests to having no conflict of
interest before acting, and a party may object to an assignee. The rules are in
cases.services.assignments.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from idhr_portal.constraints import ConstraintFieldsMixin
from idhr_portal.crypto import EncryptedTextField

from .case import Case
from .parties import Party


class CaseRole(models.TextChoices):
    INVESTIGATOR = "investigator", _("Investigator")
    DECISION_MAKER = "decision_maker", _("Decision-maker")
    APPEAL_DECISION_MAKER = "appeal_decision_maker", _("Appeal decision-maker")
    FACILITATOR = "facilitator", _("Informal-resolution facilitator")


# Roles held by one person at a time (the decision-maker may be a panel).
SINGLE_HOLDER_ROLES = (CaseRole.APPEAL_DECISION_MAKER, CaseRole.FACILITATOR)


@pghistory.track()
class CaseAssignment(ConstraintFieldsMixin, models.Model):
    # Each constraint's message beside the field it is about (idhr_portal/constraints.py).
    constraint_fields = {
        "assignment_once_per_person": "user",
        "assignment_single_holder": "role",
    }

    """A staff member assigned to a case as decision-maker, appeal decision-maker or facilitator."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("case")
    )
    role = models.CharField(_("role"), max_length=24, choices=CaseRole.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="case_assignments", verbose_name=_("assignee")
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assigned by")
    )
    assigned_at = models.DateTimeField(_("assigned"), auto_now_add=True)
    ended_at = models.DateTimeField(_("ended"), null=True, blank=True)
    end_reason = models.TextField(_("reason the assignment ended"), blank=True)

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["case", "role", "assigned_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "role", "user"],
                condition=models.Q(ended_at__isnull=True),
                name="assignment_once_per_person",
                violation_error_code="assignment_once_per_person",
                violation_error_message=_("This person already holds this role on the case."),
            ),
            models.UniqueConstraint(
                fields=["case", "role"],
                condition=models.Q(ended_at__isnull=True, role__in=[r.value for r in SINGLE_HOLDER_ROLES]),
                name="assignment_single_holder",
                violation_error_code="assignment_single_holder",
                violation_error_message=_("This role has one holder at a time: end the current assignment first."),
            ),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.user}"


@pghistory.track()
class ConflictAttestation(models.Model):
    """An assignee's statement that they have no conflict of interest or bias (106.45(b)(1)(iii))."""

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="conflict_attestations", verbose_name=_("case")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("attested by")
    )
    role = models.CharField(_("role"), max_length=24, choices=CaseRole.choices)
    statement = models.TextField(_("statement"))
    attested_at = models.DateTimeField(_("attested"), auto_now_add=True)

    class Meta:
        verbose_name = _("conflict-of-interest attestation")
        verbose_name_plural = _("conflict-of-interest attestations")
        ordering = ["case", "attested_at", "pk"]
        indexes = [models.Index(fields=["case", "user", "role"], name="attestation_lookup")]

    def __str__(self):
        return f"{self.get_role_display()}: {self.user}"


@pghistory.track()
class AssigneeObjection(models.Model):
    """A party's objection to a person assigned to the case, and how it was resolved."""

    class Resolution(models.TextChoices):
        PENDING = "pending", _("Pending")
        UPHELD = "upheld", _("Upheld: assignee replaced")
        REJECTED = "rejected", _("Rejected")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assignee_objections", verbose_name=_("case")
    )
    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="+", verbose_name=_("objecting party"))
    role = models.CharField(_("role"), max_length=24, choices=CaseRole.choices)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assignee")
    )
    grounds = EncryptedTextField(_("grounds"))
    filed_on = models.DateField(_("filed"))
    resolution = models.CharField(
        _("resolution"), max_length=12, choices=Resolution.choices, default=Resolution.PENDING
    )
    resolution_reason = EncryptedTextField(_("reason for the resolution"), blank=True)
    replacement = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("replacement"),
    )
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("resolved by"),
    )
    resolved_at = models.DateTimeField(_("resolved"), null=True, blank=True)

    class Meta:
        verbose_name = _("objection to an assignee")
        verbose_name_plural = _("objections to assignees")
        ordering = ["case", "filed_on", "pk"]

    def __str__(self):
        return f"{self.get_role_display()}: {self.get_resolution_display()}"
